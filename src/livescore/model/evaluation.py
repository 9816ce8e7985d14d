"""`kind: evaluation`: one evaluator's (or the committee's consensus) judgement of vendors' indicators."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from livescore.model.common import KebabId, ShortText, Strict
from livescore.model.vendor import Value


class Judged(Strict):
    value: Value  # required: an entry that forgets it must not read as "no judgement"
    verified: bool = False
    source: ShortText | None = None
    date: Annotated[str, Field(max_length=40)] | None = None
    note: ShortText | None = None
    reason: ShortText | None = None  # required in a consensus file


def _short_form(value: Any) -> Any:
    return value if isinstance(value, dict) else {"value": value}


Entry = Annotated[Judged, BeforeValidator(_short_form)]


class Evaluation(Strict):
    kind: Literal["evaluation"]
    indicator_set: KebabId
    evaluator: KebabId
    scores: dict[KebabId, dict[Annotated[str, Field(max_length=200)], Entry]]
