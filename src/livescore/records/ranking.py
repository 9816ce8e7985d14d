"""What scoring produces: per-vendor results, the ranking that holds them in output order, and the
aggregates and price summary behind it. Analysis and every renderer read these; none recomputes them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from livescore.records.committee import CommitteeRecord
from livescore.records.profile import Method, Policy, Profile
from livescore.records.tree import FloatArray, Level, Tree
from livescore.records.vendor import Disagreement, PriceInfo


@dataclass(frozen=True, slots=True)
class Aggregates:
    total: FloatArray  # (vendors,) in [0, 1]
    dimensions: FloatArray  # (vendors, dimensions) in [0, 1], NaN when excluded
    groups: FloatArray  # (vendors, groups)
    coverage: FloatArray  # (vendors,) share of global weight with evidence


@dataclass(frozen=True, slots=True)
class FailedRequirement:
    indicator: str
    requirement: str
    value: Any
    disputed: dict[str, Any] | None = None  # evaluator -> value, when they disagree and no common value is left

    def what(self) -> str:
        """The requirement as words: ``min 100000`` on its indicator, ``price missing`` said once."""
        return self.requirement if self.requirement.startswith(self.indicator + " ") else f"{self.indicator} {self.requirement}"

    def shown_value(self) -> str:
        """The value compared, or, when the evaluators disagree, each one's value."""
        from livescore.records.values import render_value

        if self.disputed:
            values = ", ".join(f"{name} {render_value(v)}" for name, v in self.disputed.items())
            return f"evaluators disagree: {values}; no common value"
        return render_value(self.value)

    def text(self) -> str:
        return f"{self.what()} ({'' if self.disputed else 'value: '}{self.shown_value()})"


@dataclass(frozen=True, slots=True)
class StageCoverage:
    covered: int
    total: int
    missing: list[str]


@dataclass(frozen=True, slots=True)
class PriceSummary:
    formula: str
    weight: float  # percent, 0-100
    benchmark: float | None  # the lowest evaluated price among the qualified vendors
    currency: str | None
    period: str | None
    sme_deduction: float = 0.0
    ceiling: float | None = None
    abnormal_low: float | None = None


@dataclass(slots=True)
class Ranked:
    id: str
    name: str
    path: str
    qualified: bool
    score: float | None  # 0-100
    quality: float | None
    dimensions: dict[str, float | None]  # 0-100, None when excluded
    coverage: float
    failed: list[FailedRequirement]
    price: PriceInfo | None
    rank: int | None = None
    price_score: float | None = None
    stage_coverage: StageCoverage | None = None
    disagreements: list[Disagreement] = field(default_factory=list)
    verified: set[str] = field(default_factory=set)
    row: int = 0  # the vendor's row in the score matrix
    enterprise_size: str | None = None  # large | medium | small | micro
    evaluated_price: float | None = None  # the bid after the SME deduction (87号令 Art. 55: it sets the benchmark)
    abnormal_low: str | None = None  # flagged | accepted | rejected (Art. 60), None when not abnormally low
    abnormal_mean: float | None = None  # when flagged: the mean evaluated price of the others it was measured against
    points: Points | None = None  # tender points, rounded half-up (under a profile with `points`)


@dataclass(frozen=True, slots=True)
class Points:
    """A vendor's tender points: each factor's (indicator path -> points), price's, and the total, each
    rounded half-up to the profile's decimals; the total is the sum of the rounded factors."""

    factors: dict[str, float]
    price: float | None
    total: float


@dataclass
class Ranking:
    tree: Tree
    profile: Profile
    policy: Policy
    method: Method
    vendors: list[Ranked]  # in output order: qualified by rank, then disqualified
    scores: np.ndarray  # vendors x indicators, rows in id order (see Ranked.row)
    aggregates: Aggregates
    node_weights: dict[Level, FloatArray]  # the profile's global weight of every node, by level
    price: PriceSummary | None = None
    committee: CommitteeRecord | None = None

    @property
    def global_weights(self) -> FloatArray:
        """Each indicator's global weight under the profile (sums to 1)."""
        return self.node_weights["indicator"]

    @property
    def in_points(self) -> bool:
        """Whether the numbers shown are tender points (a profile with `points`) rather than 0-100."""
        return any(v.points is not None for v in self.vendors)

    def shown(self, v: Ranked) -> Shown:
        """The numbers a table shows for a vendor: tender points under a profile with `points` (the
        rounded factors summed per dimension, quality and price), else the 0-100 scores."""
        if v.points is None:
            return Shown(v.score, v.quality, v.price_score, dict(v.dimensions))
        places = self.profile.points.decimals if self.profile.points else 6  # sums of rounded values: no float noise
        dims: dict[str, float | None] = {}
        for d in self.tree.dimension_ids:
            dims[d] = round(sum(p for path, p in v.points.factors.items() if path.split(".", 1)[0] == d), places)
        quality = round(sum(v.points.factors.values()), places)
        return Shown(v.points.total, quality, v.points.price, dims)


@dataclass(frozen=True, slots=True)
class Shown:
    score: float | None
    quality: float | None
    price: float | None
    dimensions: dict[str, float | None]
