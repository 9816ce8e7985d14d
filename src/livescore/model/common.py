"""Pieces every file kind shares: strict base model, ids, bilingual names."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

NODE_ID = r"^[a-z][a-z0-9_]*$"
KEBAB_ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"

NodeId = Annotated[str, Field(pattern=NODE_ID, max_length=64)]
KebabId = Annotated[str, Field(pattern=KEBAB_ID, max_length=64)]
Weight = Annotated[float, Field(ge=0, le=1e6)]
Quantity = Annotated[float, Field(ge=-1e15, le=1e15)]  # a finite, plausible magnitude
ShortText = Annotated[str, Field(max_length=2000)]


class Strict(BaseModel):
    """Every model: unknown keys are errors, no coercion ("10" is not 10, true is not 1), frozen."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class LocalText(Strict):
    """A name or title in Chinese and/or English; ``--lang`` falls back to the other."""

    zh: ShortText | None = None
    en: ShortText | None = None

    @model_validator(mode="after")
    def _one_of_two(self) -> LocalText:
        if not (self.zh or self.en):
            raise ValueError("needs `zh` or `en`")
        return self

    def get(self, lang: str) -> str:
        first, second = (self.zh, self.en) if lang == "zh" else (self.en, self.zh)
        return first or second or ""
