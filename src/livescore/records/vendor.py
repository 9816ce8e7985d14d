"""A vendor as the core sees it: its claims (entries, price), then its row of the score matrix with
what rankings, gates and reports need, and what the buyer's evaluators made of it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from livescore.records.tree import FloatArray

NOT_ISO_4217 = {"RMB": "CNY"}  # what bids are often written in, and the ISO 4217 code to write instead
CONSENSUS = "consensus"  # the evaluator name of the committee's agreed values


@dataclass(frozen=True, slots=True)
class Entry:
    """One evidence claim: the value and where it comes from."""

    value: Any
    source: str | None = None
    date: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class PriceInfo:
    amount: float
    currency: str
    period: str | None = None
    note: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class VendorData:
    """A vendor file's content once it has the shape of the `vendor` model."""

    id: str
    name: str
    indicator_set: str
    price: PriceInfo | None
    evidence: dict[str, Entry]
    enterprise_size: str | None = None  # large | medium | small | micro (the bidder's 中小企业声明函)


@dataclass(frozen=True, slots=True)
class Judgement:
    """One evaluator's entry for one vendor and indicator (an evaluation file's value)."""

    value: Any
    verified: bool = False
    source: str | None = None
    date: str | None = None
    note: str | None = None
    reason: str | None = None


@dataclass(slots=True)
class Judgements:
    """All evaluators' entries for one vendor: indicator index -> evaluator -> entry."""

    by_indicator: dict[int, dict[str, Judgement]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Disagreement:
    indicator: str
    scores: dict[str, float]  # evaluator -> score in [0, 1]
    values: dict[str, Any]  # evaluator -> raw value
    spread: float
    resolved: bool


@dataclass(slots=True)
class VendorRecord:
    id: str
    name: str
    path: str
    price: PriceInfo | None
    scores: FloatArray  # one score in [0, 1] per indicator, NaN where there is no evidence
    values: dict[int, Any]  # raw values of the indicators the request keeps (gates; every one to explain)
    entries: dict[str, Entry] | None  # the full evidence, when the request explains vendors
    id_pos: tuple[int, int] = (1, 1)
    evidence_pos: tuple[int, int] = (1, 1)
    price_pos: tuple[int, int] = (1, 1)
    evaluated: set[str] = field(default_factory=set)  # indicator paths scored by evaluators
    evaluation_sources: dict[str, str] = field(default_factory=dict)  # path -> who scored it, on what
    evaluation_notes: dict[str, str] = field(default_factory=dict)  # path -> the evaluators' notes
    verified: set[str] = field(default_factory=set)  # indicator paths the buyer checked (evaluations)
    disagreements: list[Disagreement] = field(default_factory=list)
    # path -> evaluator -> (raw value, score in [0, 1]): each member's own judgement (the 评标报告 lists them)
    judgements: dict[str, dict[str, tuple[Any, float]]] = field(default_factory=dict)
    corrections: dict[str, tuple[Any, str]] = field(default_factory=dict)  # path -> the consensus value, its reason
    enterprise_size: str | None = None  # large | medium | small | micro
    size_pos: tuple[int, int] | None = None  # where the file says it (None: it does not)


def finer_than_cents(amount: float) -> bool:
    """A bid is written in the currency's unit and its hundredths (元 and 分): a finer amount cannot be
    told apart from a rounded one in any report (500,000.004 would print as 500,000.00)."""
    from decimal import Decimal

    exponent = Decimal(repr(float(amount))).as_tuple().exponent
    return isinstance(exponent, int) and exponent < -2


_INVISIBLE = dict.fromkeys(
    map(ord, "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff")
)


# Unicode's confusables (UTS #39, confusables.txt, "MA" entries) for the letters of other scripts that
# are drawn like a Latin letter or digit, and the ASCII ones among themselves (1 and I as l, m as rn).
_CONFUSABLE_PAIRS = (
    "ΑA ΒB ΕE ΖZ ΗH Ιl ΚK ΜM ΝN ΟO ΡP ΤT ΥY ΧX αa γy ιi νv οo ρp σo υu ϲc ϳj ϹC ϺM ϒY ϜF ϱp "  # Greek
    "ЅS Іl ЈJ АA ВB ЕE З3 КK МM НH ОO РP СC ТT УY ХX Ьb аa б6 гr еe оo рp сc уy хx ѕs іi јj ѡw "
    "ѴV ѵv ҮY үy һh ҽe Ӏl ӏi "  # Cyrillic
    "ıi ɑa ɡg ɩi ɪi ʋu ʏy ǀl ƽs 0O 1l Il |l mrn"  # Latin and ASCII
)
_CONFUSABLE = str.maketrans({pair[0]: pair[1:] for pair in _CONFUSABLE_PAIRS.split()})
_ID_CONFUSABLE = str.maketrans({"0": "o", "1": "l", "m": "rn"})  # ids are lowercase: 0 is read as o


def name_key(name: str) -> str:
    """What a reader sees, ignoring case: NFKC (full-width, compatibility forms), case folded,
    invisible characters dropped and whitespace runs folded to one space."""
    import unicodedata

    folded = unicodedata.normalize("NFKC", name).translate(_INVISIBLE).casefold()
    return " ".join(folded.split())


def glyph_key(name: str) -> str:
    """What a reader sees, glyph by glyph: NFKC, invisible characters dropped, whitespace folded, and
    letters that are drawn alike made one (Cyrillic а and Latin a, 1 and l, rn and m)."""
    import unicodedata

    mapped = unicodedata.normalize("NFKC", name).translate(_INVISIBLE).translate(_CONFUSABLE)
    return " ".join(mapped.split())


def id_key(vendor_id: str) -> str:
    """Ids a reader cannot tell apart share this key: ``aurora-1ive``, ``aurora-live``."""
    return vendor_id.translate(_ID_CONFUSABLE)


def _folded_glyph_key(name: str) -> str:
    return glyph_key(name_key(name)).casefold()


def lookalike_groups(names: dict[str, str]) -> dict[str, list[str]]:
    """For each id (of ``id -> name``) whose name a reader cannot tell from another vendor's, those
    other ids. Two names look alike when they agree glyph by glyph, or so once case is ignored
    (glyphs alike only in one case, I and l, count only in that case)."""
    return _groups(names, (glyph_key, _folded_glyph_key))


def lookalike_ids(ids: list[str]) -> dict[str, list[str]]:
    """For each id a reader cannot tell from another one, those other ids."""
    return _groups({v: v for v in ids}, (id_key,))


def _groups(texts: dict[str, str], keys: tuple[Callable[[str], str], ...]) -> dict[str, list[str]]:
    alike: dict[str, list[str]] = {}
    for key in keys:
        seen: dict[str, list[str]] = {}
        for vid, text in texts.items():
            seen.setdefault(key(text), []).append(vid)
        for group in seen.values():
            for vid in group if len(group) > 1 else ():
                others = alike.setdefault(vid, [])
                others.extend(o for o in group if o != vid and o not in others)
    return alike


def lookalikes(names: dict[str, str]) -> set[str]:
    """The ids (of ``id -> name``) whose name a reader cannot tell from another vendor's."""
    return set(lookalike_groups(names))
