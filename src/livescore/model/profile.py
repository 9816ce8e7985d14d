"""`kind: weight-profile`: weight overrides, knock-out requirements and the missing-evidence policy."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from livescore.model.common import KebabId, LocalText, Quantity, ShortText, Strict, Weight
from livescore.records.profile import GATE_OPS, GateOp

MissingPolicy = Literal["zero", "exclude", "fail"]
Scalar = bool | int | float | str
PATH = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*){0,2}$"


class Requirement(Strict):
    """A knock-out gate on one indicator's raw value."""

    indicator: Annotated[str, Field(max_length=200)]
    min: Quantity | None = None
    max: Quantity | None = None
    equals: Scalar | None = None
    includes: Annotated[list[Annotated[str, Field(max_length=64)]], Field(min_length=1)] | None = None

    @model_validator(mode="after")
    def _one_operator(self) -> Requirement:
        if self.operators() == []:
            raise ValueError("needs one of `min`, `max`, `equals`, `includes`")
        return self

    def operators(self) -> list[GateOp]:
        return [op for op in GATE_OPS if getattr(self, op) is not None]


class PriceRule(Strict):
    """Price weight in percent (0-100), the formula that scores bids, and the tender's price rules:
    the SME deduction, the budget ceiling, the abnormally-low threshold (87号令 Arts. 55, 60)."""

    weight: Annotated[float, Field(ge=0, le=100)] | None = None
    formula: Literal["lowest-bid", "linear"] = "lowest-bid"
    fixed_weight: bool = False
    fixed: bool = False  # 固定价格采购: price is not a factor (87号令 Art. 55)
    sme_deduction: Annotated[float, Field(ge=0, lt=1)] = 0.0
    ceiling: Annotated[float, Field(gt=0, le=1e15)] | None = None
    abnormal_low: Annotated[float, Field(gt=0, le=1)] | None = None

    @model_validator(mode="after")
    def _weight_or_fixed(self) -> PriceRule:
        if self.weight is None and not self.fixed:
            raise ValueError("needs `weight` (percent), or `fixed: true` when price is not a factor")
        return self


class Points(Strict):
    """Tender points: every factor and the total in points of ``total``, rounded half-up to ``decimals``."""

    total: Annotated[float, Field(gt=0, le=1e6)]
    decimals: Annotated[int, Field(ge=0, le=6)] = 2


Procurement = Literal["cn-gp-goods", "cn-gp-services", "cn-tos-goods", "cn-tos-services"]


class WeightProfile(Strict):
    kind: Literal["weight-profile"]
    id: KebabId
    indicator_set: KebabId
    title: LocalText | None = None
    rationale: Annotated[str, Field(max_length=20000)] | None = None
    extends: list[Annotated[str, Field(max_length=500)]] = []
    weights: dict[Annotated[str, Field(pattern=PATH)], Weight] = {}
    requirements: list[Requirement] = []
    missing: MissingPolicy | None = None
    stage_features: list[Annotated[str, Field(max_length=200)]] = []
    price: PriceRule | None = None
    procurement: Procurement | None = None
    points: Points | None = None
    aggregate: Literal["mean", "median", "trimmed-mean"] | None = None
    description: ShortText | None = None
