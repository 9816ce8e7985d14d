"""`kind: vendor`: what a vendor claims, indicator path -> value (short form) or an entry with its source."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, field_validator

from livescore.model.common import KebabId, ShortText, Strict
from livescore.records.vendor import NOT_ISO_4217, finer_than_cents

Value = (
    bool
    | int
    | float
    | Annotated[str, Field(max_length=200)]
    | Annotated[list[Annotated[str, Field(max_length=200)]], Field(max_length=200)]
    | None
)


class EvidenceEntry(Strict):
    value: Value  # required in the long form: `value: null` says "no evidence" explicitly
    source: ShortText | None = None
    date: Annotated[str, Field(max_length=40)] | None = None
    note: ShortText | None = None


def _short_form(value: Any) -> Any:
    return value if isinstance(value, dict) else {"value": value}


Evidence = Annotated[EvidenceEntry, BeforeValidator(_short_form)]


class Price(Strict):
    amount: Annotated[float, Field(gt=0, le=1e15)]
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    period: ShortText | None = None
    note: ShortText | None = None

    @field_validator("amount")
    @classmethod
    def _cents(cls, value: float) -> float:
        if finer_than_cents(value):
            raise ValueError(f"{value!r} has more than 2 decimal places: write the bid to the cent (分)")
        return value

    @field_validator("currency")
    @classmethod
    def _iso_code(cls, value: str) -> str:
        if value in NOT_ISO_4217:
            raise ValueError(
                f"{value!r} is not an ISO 4217 code: write {NOT_ISO_4217[value]!r} (bids in other codes do not compare)"
            )
        return value


EnterpriseSize = Literal["large", "medium", "small", "micro"]


class Vendor(Strict):
    kind: Literal["vendor"]
    id: KebabId
    name: Annotated[str, Field(min_length=1, max_length=200)]
    indicator_set: KebabId
    price: Price | None = None
    enterprise_size: EnterpriseSize | None = None  # the bidder's 中小企业声明函
    evidence: dict[Annotated[str, Field(max_length=200)], Evidence] = {}
