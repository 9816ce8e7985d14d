"""A weight profile once resolved: effective weights, knock-out gates, the missing-evidence policy,
the price rule and the evaluator aggregation. Loading builds it (load/profiles.py); scoring, analysis
and rendering read it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, assert_never

from livescore.records.tree import Tree, Weights
from livescore.records.values import render_value

Policy = Literal["zero", "exclude", "fail"]  # missing evidence
Method = Literal["wsum", "topsis"]
Aggregation = Literal["mean", "median", "trimmed-mean"]  # how several evaluators' scores combine
DEFAULT = "default"  # the profile that is the set's own weights


GateOp = Literal["min", "max", "equals", "includes"]
GATE_OPS: tuple[GateOp, ...] = ("min", "max", "equals", "includes")


@dataclass(frozen=True, slots=True)
class Gate:
    """One operator of one requirement, on one indicator."""

    path: str
    index: int
    op: GateOp
    operand: Any

    def text(self) -> str:
        return f"{self.op} {render_value(self.operand)}"

    def passes(self, value: Any) -> bool:
        if value is None:
            return False
        match self.op:
            case "min":
                return bool(value >= self.operand)
            case "max":
                return bool(value <= self.operand)
            case "equals":
                return type(value) is type(self.operand) and bool(value == self.operand)
            case "includes":
                if isinstance(value, list):
                    return all(option in value for option in self.operand)
                return value in self.operand
            case _ as unreachable:
                assert_never(unreachable)


@dataclass(frozen=True, slots=True)
class PriceRule:
    """Price weight in percent (0-100), the formula that scores bids and the tender's price rules."""

    weight: float
    formula: str = "lowest-bid"  # lowest-bid | linear
    fixed_weight: bool = False  # fixed by the published tender: sensitivity does not sample it
    sme_deduction: float = 0.0  # 小微企业: evaluated price = bid x (1 - d)
    ceiling: float | None = None  # 最高限价: a bid above it is invalid
    abnormal_low: float | None = None  # share of the others' mean evaluated price below which a bid is flagged (Art. 60)


@dataclass(frozen=True, slots=True)
class Points:
    """Tender points: factors and totals in points of ``total``, rounded half-up to ``decimals``."""

    total: float
    decimals: int = 2


@dataclass(frozen=True)
class Profile:
    id: str
    title: dict[str, str | None]
    rationale: str | None
    weights: Weights
    gates: list[Gate] = field(default_factory=list)
    missing: Policy = "zero"
    source: str = "(built-in)"
    stage_features: list[str] = field(default_factory=list)  # indicator paths the stage's feature list names
    description: str | None = None
    price: PriceRule | None = None
    procurement: str | None = None
    aggregate: Aggregation = "mean"
    overrides: dict[str, float] = field(default_factory=dict)  # path -> raw weight, after `extends`
    points: Points | None = None
    fixed_price: bool = False  # 固定价格采购: price is not a factor

    @property
    def china(self) -> bool:
        """Under a Chinese public procurement rule (cn-*): the 87号令's rules apply."""
        return self.procurement is not None and self.procurement.startswith("cn-")

    @property
    def gated(self) -> list[int]:
        return sorted({g.index for g in self.gates})


def default_profile(tree: Tree) -> Profile:
    """The set's own weights, no requirements."""
    title = {"en": tree.spec.title.en, "zh": tree.spec.title.zh}
    return Profile(DEFAULT, title, "The indicator set's own weights.", tree.weights)


def weights_with(tree: Tree, overrides: dict[str, float]) -> Weights:
    """The set's own weights with the overrides applied (paths checked beforehand)."""
    arrays = {
        "dimension": tree.weights.dimension.copy(),
        "group": tree.weights.group.copy(),
        "indicator": tree.weights.indicator.copy(),
    }
    for key, value in overrides.items():
        node = tree.node(key)
        assert node is not None
        arrays[node[0]][node[1]] = value
    return Weights(arrays["dimension"], arrays["group"], arrays["indicator"])
