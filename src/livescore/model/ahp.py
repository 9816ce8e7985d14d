"""`kind: ahp`: pairwise judgements (Saaty's 1-9 scale) among the children of one node of the tree."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import Field

from livescore.model.common import KebabId, Strict

RATIO = re.compile(r"^\s*([1-9])\s*/\s*([1-9])\s*$")

Judgement = Annotated[list[Any], Field(min_length=3, max_length=3)]


class AhpJudgements(Strict):
    kind: Literal["ahp"]
    indicator_set: KebabId
    parent: Annotated[str, Field(pattern=r"^([a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?)?$")] = ""
    method: Literal["eigenvector", "geometric-mean"] = "eigenvector"
    judgements: Annotated[list[Judgement], Field(min_length=1)]
    title: Annotated[str, Field(max_length=200)] | None = None


def judgement_value(x: Any) -> float | None:
    """The ratio a judgement states, or None when it is not a valid Saaty ratio."""
    if isinstance(x, bool):
        return None
    if isinstance(x, (int, float)):
        value = float(x)
    elif isinstance(x, str) and (match := RATIO.match(x)):
        value = int(match.group(1)) / int(match.group(2))
    else:
        return None
    return value if 1 / 9 - 1e-12 <= value <= 9 + 1e-12 else None
