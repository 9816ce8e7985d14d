"""The indicator set as plain frozen dataclasses: what scoring, analysis and rendering read.

The pydantic models (livescore.model) validate files; once a set is valid it becomes this spec,
which imports nothing heavy and round-trips through JSON, so a set validated once can be cached
(load/sets.py) and everyday commands never pay for building the validators.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, assert_never


@dataclass(frozen=True, slots=True)
class Text:
    """A name or title in Chinese and/or English; ``get`` falls back to the other language."""

    zh: str | None = None
    en: str | None = None

    def get(self, lang: str) -> str:
        first, second = (self.zh, self.en) if lang == "zh" else (self.en, self.zh)
        return first or second or ""

    def as_dict(self) -> dict[str, str | None]:
        return {"zh": self.zh, "en": self.en}


@dataclass(frozen=True, slots=True)
class _Node:
    id: str
    name: Text
    weight: float
    provenance: str | None
    stages: dict[str, str] | None


@dataclass(frozen=True, slots=True)
class _Indicator(_Node):
    objective: bool = False  # a checkable fact: every evaluator must give the same value
    gp_forbidden: bool = False  # a factor public procurement may not score
    basis: str | None = None  # report | inferred | practice: where the indicator comes from


@dataclass(frozen=True, slots=True)
class BooleanIndicator(_Indicator):
    kind: str = "boolean"


@dataclass(frozen=True, slots=True)
class NumericIndicator(_Indicator):
    unit: str | None = None
    direction: str = "higher"
    floor: float = 0.0
    target: float = 1.0
    scale: str = "linear"
    bounds: tuple[float | None, float | None] | None = None
    bands: tuple[tuple[float, float], ...] | None = None  # [threshold, score], best first: replaces floor/target
    kind: str = "numeric"


@dataclass(frozen=True, slots=True)
class OrdinalIndicator(_Indicator):
    levels: dict[int, Text | str] = field(default_factory=dict)
    kind: str = "ordinal"


@dataclass(frozen=True, slots=True)
class ChoiceIndicator(_Indicator):
    options: dict[str, float] = field(default_factory=dict)
    labels: dict[str, Text] | None = None
    kind: str = "choice"


@dataclass(frozen=True, slots=True)
class SetIndicator(_Indicator):
    options: tuple[str, ...] = ()
    labels: dict[str, Text] | None = None
    kind: str = "set"


AnyIndicator = BooleanIndicator | NumericIndicator | OrdinalIndicator | ChoiceIndicator | SetIndicator


@dataclass(frozen=True, slots=True)
class Group(_Node):
    indicators: tuple[AnyIndicator, ...] = ()


@dataclass(frozen=True, slots=True)
class Dimension(_Node):
    groups: tuple[Group, ...] = ()


@dataclass(frozen=True, slots=True)
class IndicatorSetSpec:
    id: str
    version: str
    title: Text
    description: str | None
    dimensions: tuple[Dimension, ...]


# ------------------------------------------------------------------ from validated data


def _text(data: Any) -> Text:
    return Text(data.get("zh"), data.get("en"))


def _level(value: Any) -> Text | str:
    return value if isinstance(value, str) else _text(value)


def _labels(data: Any) -> dict[str, Text] | None:
    return None if data is None else {k: _text(v) for k, v in data.items()}


def _node(data: dict[str, Any]) -> dict[str, Any]:
    stages = data.get("stages")
    if stages is not None:
        stages = {k: v for k, v in stages.items() if v is not None} or None
    return {
        "id": data["id"],
        "name": _text(data["name"]),
        "weight": float(data.get("weight", 1.0)),
        "provenance": data.get("provenance"),
        "stages": stages,
    }


def indicator_from_data(data: dict[str, Any]) -> AnyIndicator:
    """One indicator from validated plain data (``model.model_dump()``)."""
    flags = {
        "objective": bool(data.get("objective", False)),
        "gp_forbidden": bool(data.get("gp_forbidden", False)),
        "basis": data.get("basis"),
    }
    common = {**_node(data), **flags}
    match data["kind"]:
        case "boolean":
            return BooleanIndicator(**common)
        case "numeric":
            bounds, bands = data.get("bounds"), data.get("bands")
            if bands is not None:  # a banded indicator's floor and target are its worst and best thresholds
                floor, target = float(bands[-1][0]), float(bands[0][0])
            else:
                floor, target = float(data["floor"]), float(data["target"])
            return NumericIndicator(
                **common,
                unit=data.get("unit"),
                direction=data.get("direction", "higher"),
                floor=floor,
                target=target,
                scale=data.get("scale", "linear"),
                bounds=None if bounds is None else (bounds[0], bounds[1]),
                bands=None if bands is None else tuple((float(t), float(s)) for t, s in bands),
            )
        case "ordinal":
            return OrdinalIndicator(**common, levels={int(k): _level(v) for k, v in data["levels"].items()})
        case "choice":
            options = {k: float(v) for k, v in data["options"].items()}
            return ChoiceIndicator(**common, options=options, labels=_labels(data.get("labels")))
        case "set":
            return SetIndicator(**common, options=tuple(data["options"]), labels=_labels(data.get("labels")))
        case _ as unreachable:
            assert_never(unreachable)
    raise ValueError(f"unknown indicator kind {data['kind']!r}")


def from_data(data: dict[str, Any]) -> IndicatorSetSpec:
    """A spec from validated plain data: ``model.model_dump()`` or a cached JSON document."""
    dimensions = tuple(
        Dimension(
            **_node(d),
            groups=tuple(
                Group(**_node(g), indicators=tuple(indicator_from_data(i) for i in g["indicators"])) for g in d["groups"]
            ),
        )
        for d in data["dimensions"]
    )
    return IndicatorSetSpec(data["id"], data["version"], _text(data["title"]), data.get("description"), dimensions)
