"""`kind: indicator-set`: the three-level tree (dimensions -> groups -> indicators).

The models check shape and types; :func:`check_indicator_set` checks what spans fields
(unique ids, positive siblings, numeric anchors, ordinal levels), each problem at its own key.
"""

from __future__ import annotations

import itertools
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from livescore.model.common import KebabId, LocalText, NodeId, Quantity, ShortText, Strict, Weight

Stage = Annotated[str, Field(pattern=r"^[MT][1-5]$")]
Problem = tuple[tuple[Any, ...], str, str]  # (loc, code, message)


class Stages(Strict):
    marketing: Annotated[str, Field(pattern=r"^M[1-5]$")] | None = None
    training: Annotated[str, Field(pattern=r"^T[1-5]$")] | None = None


class _IndicatorBase(Strict):
    id: NodeId
    name: LocalText
    weight: Weight = 1.0
    provenance: ShortText | None = None
    stages: Stages | None = None
    objective: bool = False  # a checkable fact: every evaluator must give the same value (87号令 Art. 64)
    gp_forbidden: bool = False  # a factor public procurement may not score (bidder size, market share)
    # Where the indicator comes from: the report names it, our reading of a passage, or procurement practice.
    basis: Literal["report", "inferred", "practice"] | None = None


class BooleanIndicator(_IndicatorBase):
    kind: Literal["boolean"]


Band = Annotated[list[Quantity], Field(min_length=2, max_length=2)]  # [threshold, score in 0-1]


class NumericIndicator(_IndicatorBase):
    kind: Literal["numeric"]
    unit: ShortText | None = None
    direction: Literal["higher", "lower"] = "higher"
    floor: Quantity | None = None
    target: Quantity | None = None
    scale: Literal["linear", "log"] = "linear"
    bounds: Annotated[list[Quantity | None], Field(min_length=2, max_length=2)] | None = None
    # A tender's interval table: [threshold, score] pairs, best first; replaces floor, target and scale.
    bands: Annotated[list[Band], Field(min_length=1, max_length=100)] | None = None

    @model_validator(mode="after")
    def _anchors_or_bands(self) -> NumericIndicator:
        if self.bands is None and (self.floor is None or self.target is None):
            raise ValueError("needs `floor` and `target`, or `bands`")
        if self.bands is not None and (self.floor is not None or self.target is not None or "scale" in self.model_fields_set):
            raise ValueError("`bands` replace `floor`, `target` and `scale`: give one or the other")
        return self


class OrdinalIndicator(_IndicatorBase):
    kind: Literal["ordinal"]
    levels: dict[int, LocalText | ShortText]


class ChoiceIndicator(_IndicatorBase):
    kind: Literal["choice"]
    options: dict[NodeId, Annotated[float, Field(ge=0, le=1)]]
    labels: dict[NodeId, LocalText] | None = None


class SetIndicator(_IndicatorBase):
    kind: Literal["set"]
    options: Annotated[list[NodeId], Field(min_length=1)]
    labels: dict[NodeId, LocalText] | None = None


Indicator = Annotated[
    BooleanIndicator | NumericIndicator | OrdinalIndicator | ChoiceIndicator | SetIndicator,
    Field(discriminator="kind"),
]


class Group(Strict):
    id: NodeId
    name: LocalText
    weight: Weight = 1.0
    provenance: ShortText | None = None
    indicators: Annotated[list[Indicator], Field(min_length=1)]


class Dimension(Strict):
    id: NodeId
    name: LocalText
    weight: Weight = 1.0
    provenance: ShortText | None = None
    groups: Annotated[list[Group], Field(min_length=1)]


class IndicatorSet(Strict):
    kind: Literal["indicator-set"]
    id: KebabId
    version: ShortText
    title: LocalText
    description: ShortText | None = None
    dimensions: Annotated[list[Dimension], Field(min_length=1)]


def check_indicator_set(tree: IndicatorSet) -> list[Problem]:
    problems: list[Problem] = []
    _check_siblings(tree.dimensions, ("dimensions",), "dimension", problems)
    for d, dim in enumerate(tree.dimensions):
        _check_siblings(dim.groups, ("dimensions", d, "groups"), "group", problems)
        for g, group in enumerate(dim.groups):
            loc = ("dimensions", d, "groups", g, "indicators")
            _check_siblings(group.indicators, loc, "indicator", problems)
            for i, indicator in enumerate(group.indicators):
                problems.extend(((*loc, i, *sub), code, msg) for sub, code, msg in check_indicator(indicator))
    return problems


def _check_siblings(nodes: Any, loc: tuple[Any, ...], what: str, problems: list[Problem]) -> None:
    seen: set[str] = set()
    for n, node in enumerate(nodes):
        if node.id in seen:
            problems.append(((*loc, n, "id"), "duplicate-id", f"{what} id {node.id!r} appears twice among siblings"))
        seen.add(node.id)
    if nodes and not any(node.weight > 0 for node in nodes):
        problems.append(((*loc, 0, "weight"), "no-positive-weight", f"every sibling {what} has weight 0"))


def check_indicator(
    ind: BooleanIndicator | NumericIndicator | OrdinalIndicator | ChoiceIndicator | SetIndicator,
) -> list[Problem]:
    problems: list[Problem] = []
    if isinstance(ind, NumericIndicator) and ind.bands is not None:
        thresholds = [band[0] for band in ind.bands]
        falling = ind.direction == "higher"  # best band first: the highest threshold (the lowest for `lower`)
        if any((b >= a) if falling else (b <= a) for a, b in itertools.pairwise(thresholds)):
            order = "decrease" if falling else "increase"
            problems.append((("bands",), "bands", f"with direction {ind.direction} band thresholds must strictly {order}"))
        for n, band in enumerate(ind.bands):
            if not 0 <= band[1] <= 1:
                problems.append((("bands", n, 1), "bands", f"a band's score is in [0, 1], got {band[1]:g}"))
    elif isinstance(ind, NumericIndicator) and ind.floor is not None and ind.target is not None:
        if ind.floor == ind.target:
            problems.append((("target",), "floor-equals-target", "`floor` and `target` are equal: no score can be computed"))
        elif (ind.direction == "higher") != (ind.floor < ind.target):
            need = "floor < target" if ind.direction == "higher" else "floor > target"
            problems.append((("direction",), "direction-mismatch", f"direction {ind.direction} needs {need}"))
        if ind.scale == "log" and (ind.floor <= 0 or ind.target <= 0):
            problems.append((("scale",), "log-scale", "log scale needs a positive floor and target"))
        if ind.bounds is not None:
            lo, hi = ind.bounds
            if lo is not None and hi is not None and lo > hi:
                problems.append((("bounds",), "bounds", "bounds must be [low, high] with low <= high"))
    elif isinstance(ind, OrdinalIndicator):
        keys = sorted(ind.levels)
        if keys != list(range(len(keys))) or len(keys) < 2:
            problems.append((("levels",), "ordinal-levels", "levels must be the integers 0..n (n >= 1) without gaps"))
    elif isinstance(ind, (ChoiceIndicator, SetIndicator)):
        options = list(ind.options)
        if isinstance(ind, SetIndicator) and len(set(options)) != len(options):
            problems.append((("options",), "duplicate-option", "an option is listed twice"))
        if isinstance(ind, ChoiceIndicator) and not options:
            problems.append((("options",), "no-options", "a choice needs at least one option"))
        for label in ind.labels or {}:
            if label not in options:
                problems.append((("labels", label), "unknown-option", f"label for {label!r}, which is not an option"))
    return problems
