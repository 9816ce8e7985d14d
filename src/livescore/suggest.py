"""The one "did you mean" helper every message uses: the closest candidate by difflib's ratio."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(value: str, candidates: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    found = difflib.get_close_matches(value, list(candidates), n=1, cutoff=cutoff)
    return found[0] if found else None


def did_you_mean(value: str, candidates: Iterable[str], *, cutoff: float = 0.6) -> str:
    """``"; did you mean 'x'?"`` to end a message, or "" when nothing is close."""
    near = closest(value, candidates, cutoff=cutoff)
    return f"; did you mean {near!r}?" if near else ""


def did_you_mean_aside(value: str, candidates: Iterable[str], *, cutoff: float = 0.6) -> str:
    """``" (did you mean 'x'?)"`` to follow a word, or "" when nothing is close."""
    near = closest(value, candidates, cutoff=cutoff)
    return f" (did you mean {near!r}?)" if near else ""
