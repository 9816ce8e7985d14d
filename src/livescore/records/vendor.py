"""A vendor as the core sees it: its claims (entries, price), then its row of the score matrix with
what rankings, gates and reports need, and what the buyer's evaluators made of it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from livescore.records.tree import FloatArray

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
    verified: set[str] = field(default_factory=set)  # indicator paths the buyer checked (evaluations)
    disagreements: list[Disagreement] = field(default_factory=list)


_INVISIBLE = dict.fromkeys(
    map(ord, "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff")
)


def name_key(name: str) -> str:
    """What a reader sees: NFKC (full-width, compatibility forms), case folded, invisible characters
    dropped and whitespace runs folded to one space. Two vendors with one key are lookalikes."""
    import unicodedata

    folded = unicodedata.normalize("NFKC", name).translate(_INVISIBLE).casefold()
    return " ".join(folded.split())


def lookalikes(names: dict[str, str]) -> set[str]:
    """The ids (of ``id -> name``) whose name a reader cannot tell from another vendor's."""
    seen: dict[str, list[str]] = {}
    for vid, name in names.items():
        seen.setdefault(name_key(name), []).append(vid)
    return {v for group in seen.values() if len(group) > 1 for v in group}
