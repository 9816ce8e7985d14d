"""Neutralise untrusted strings (vendor names, notes, sources) before they reach any output."""

from __future__ import annotations

import re

# C0 controls except tab/newline, DEL, C1 controls (incl. CSI 0x9b), and bidi overrides/isolates
# that can make a terminal or a report show text in another order than it is stored.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def clean_text(value: str) -> str:
    """Replace control characters (ESC, CR, OSC, C1, bidi overrides) by U+FFFD; keep tab and newline."""
    return _CONTROL.sub("\ufffd", value)


def clean_line(value: str) -> str:
    """Like :func:`clean_text`, and newlines and tabs become spaces: for table cells and one-line fields."""
    return _CONTROL_ONE_LINE.sub(lambda m: " " if m.group() in "\t\n" else "\ufffd", value)


def neutralise_formula(value: str) -> str:
    """OWASP CSV-injection advice: a text cell beginning = + - @ tab or CR gets a leading quote."""
    if value.startswith(_FORMULA_START):
        return "'" + value
    return value
