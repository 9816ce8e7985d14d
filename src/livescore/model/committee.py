"""`kind: committee`: the evaluation committee (财政部令第87号 Art. 58 lists it in the report) and its
decisions on abnormally low bids (Art. 60), each with its reason. The buyer's file: read only from -e."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from livescore.model.common import KebabId, ShortText, Strict


class Member(Strict):
    id: KebabId  # the `evaluator` of the member's evaluation file
    name: Annotated[str, Field(min_length=1, max_length=200)]
    role: Annotated[str, Field(max_length=200)] | None = None


class Decision(Strict):
    abnormal_low: Literal["accepted", "rejected"]  # the written explanation of an abnormally low bid
    reason: Annotated[str, Field(min_length=1, max_length=2000)]


class Committee(Strict):
    kind: Literal["committee"]
    indicator_set: KebabId
    members: Annotated[list[Member], Field(min_length=1, max_length=100)]
    decisions: dict[KebabId, Decision] = {}
    note: ShortText | None = None
