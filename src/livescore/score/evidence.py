"""One evidence value against one indicator: is it valid for the indicator's kind, and what it scores.

Scores are in [0, 1]: boolean 1/0; numeric clamped between floor and target, then linear or log
interpolation; ordinal level / n; choice the option's score; set the share of options present.
"""

from __future__ import annotations

import math
from typing import Any, assert_never

from livescore.records.indicators import (
    AnyIndicator,
    BooleanIndicator,
    ChoiceIndicator,
    NumericIndicator,
    OrdinalIndicator,
    SetIndicator,
)
from livescore.records.values import render_value, type_name
from livescore.suggest import did_you_mean_aside

MAX_MAGNITUDE = 1e15


def check_value(ind: AnyIndicator, value: Any) -> tuple[str, str] | None:
    """Why ``value`` is not valid evidence for ``ind``, as (code, message); None when it is."""
    match ind:
        case BooleanIndicator():
            if not isinstance(value, bool):
                return "type", f"expected true or false, got {type_name(value, integers=False)}"
        case NumericIndicator():
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return "type", f"expected a number{_unit(ind)}, got {type_name(value, integers=False)}"
            if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
                return "out-of-bounds", f"{value:g} is not a plausible value{_unit(ind)}"
            if ind.bounds is not None:
                lo, hi = ind.bounds
                if (lo is not None and value < lo) or (hi is not None and value > hi):
                    shown = f"[{_num(lo)}, {_num(hi)}]"
                    return "out-of-bounds", f"{value:g} is outside the valid range {shown}{_unit(ind)}"
        case OrdinalIndicator():
            top = len(ind.levels) - 1
            if isinstance(value, bool) or not isinstance(value, int):
                return "type", f"expected an integer level 0..{top}, got {type_name(value, integers=False)}"
            if not 0 <= value <= top:
                return "ordinal-level", f"level {value} does not exist (levels are 0..{top})"
        case ChoiceIndicator():
            if not isinstance(value, str):
                return "type", f"expected one of {_options(ind.options)}, got {type_name(value, integers=False)}"
            if value not in ind.options:
                return (
                    "unknown-option",
                    f"{value[:40]!r} is not an option{did_you_mean_aside(value, ind.options)}; options: {_options(ind.options)}",
                )
        case SetIndicator():
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                return "type", f"expected a list of options from {_options(ind.options)}, got {type_name(value, integers=False)}"
            unknown = [v for v in value if v not in ind.options]
            if unknown:
                item = unknown[0][:40]
                return (
                    "unknown-option",
                    f"{item!r} is not an option{did_you_mean_aside(item, ind.options)}; options: {_options(ind.options)}",
                )
            if len(set(value)) != len(value):
                return "duplicate-option", "an option is listed twice"
        case _ as unreachable:
            assert_never(unreachable)
    return None


def score_value(ind: AnyIndicator, value: Any) -> float:
    """The score in [0, 1] of a value that :func:`check_value` accepted."""
    match ind:
        case BooleanIndicator():
            return 1.0 if value else 0.0
        case NumericIndicator():
            return numeric_score(ind, float(value))
        case OrdinalIndicator():
            return float(value) / (len(ind.levels) - 1)
        case ChoiceIndicator():
            return float(ind.options[value])
        case SetIndicator():
            return len(set(value)) / len(ind.options)
        case _ as unreachable:
            assert_never(unreachable)
    raise AssertionError(ind)


def numeric_score(ind: NumericIndicator, value: float) -> float:
    if ind.bands is not None:  # the first band whose threshold the value meets, else 0
        higher = ind.direction == "higher"
        return next((score for threshold, score in ind.bands if (value >= threshold if higher else value <= threshold)), 0.0)
    floor, target = ind.floor, ind.target
    v = min(max(value, min(floor, target)), max(floor, target))
    if ind.scale == "log":
        return (math.log(v) - math.log(floor)) / (math.log(target) - math.log(floor))
    return (v - floor) / (target - floor)


def _num(value: float | None) -> str:
    return "∞" if value is None else render_value(value)


def _unit(ind: NumericIndicator) -> str:
    return f" ({ind.unit})" if ind.unit else ""


def _options(options: Any) -> str:
    names = list(options)
    shown = ", ".join(names[:12])
    return shown + (", ..." if len(names) > 12 else "")
