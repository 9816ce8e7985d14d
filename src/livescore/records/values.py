"""Raw values as a person reads them: in tables, requirement sentences and error messages."""

from __future__ import annotations

from typing import Any


def render_value(value: Any) -> str:
    """A raw value as a person reads it (and as requirements print it)."""
    match value:
        case bool():
            return "true" if value else "false"
        case float() if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        case int() | float():
            # 12 significant digits (`:g` keeps 6: 500000.01 would print as 500000, 1234567.5 as 1.23457e+06).
            return f"{value:.12g}" if isinstance(value, float) else str(value)
        case list():
            return "[" + ", ".join(render_value(v) for v in value) + "]"
        case None:
            return "—"
        case _:
            return str(value)


def type_name(value: Any, *, integers: bool = True) -> str:
    """What kind of YAML value this is, for "expected X, got Y" messages. ``integers=False`` calls every
    number "a number" (where an integer and a fraction are the same mistake)."""
    match value:
        case bool():
            return "a boolean"
        case int():
            return "an integer" if integers else "a number"
        case float():
            return "a number"
        case str():
            return "a string"
        case list():
            return "a list"
        case dict():
            return "a mapping"
        case None:
            return "null"
        case _:
            return "something else"


def tally(values: list[Any]) -> str:
    """Several evaluators' differing values as one cell, most frequent first: `excellent ×3, good ×2`."""
    from collections import Counter

    counts = Counter(render_value(v) for v in values)
    return ", ".join(f"{text} ×{n}" for text, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])))
