"""Neutralise untrusted strings (vendor names, notes, sources) before they reach any output."""

from __future__ import annotations

import re
from typing import Any

# C0 controls except tab/newline, DEL, C1 controls (incl. CSI 0x9b), and bidi overrides/isolates
# that can make a terminal or a report show text in another order than it is stored.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# What a spreadsheet may take for the start of a formula, ASCII and full-width (Excel folds ＝ to =).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# Invisible characters a formula start can hide behind: zero-width, word joiner, BOM, bidi marks and
# overrides/isolates.
_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Characters XML 1.0 does not allow (a workbook holding one is corrupt): C0 controls except tab, LF
# and CR, lone surrogates, and the noncharacters U+FFFE and U+FFFF (openpyxl checks only the C0 ones).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# A GitHub Actions runner reads a stdout/stderr line that starts with `::` as a workflow command.
_WORKFLOW_COMMAND = re.compile(r"^\s*::")

QUOTE_LIMIT = 80


def clean_text(value: str) -> str:
    """Replace control characters (ESC, CR, OSC, C1, bidi overrides) by U+FFFD; keep tab and newline."""
    return _CONTROL.sub("\ufffd", value)


def clean_line(value: str) -> str:
    """Like :func:`clean_text`, and newlines and tabs become spaces: for table cells and one-line fields."""
    return _CONTROL_ONE_LINE.sub(lambda m: " " if m.group() in "\t\n" else "\ufffd", value)


def clean_terminal(value: str) -> str:
    """Like :func:`clean_line`, and ``::`` is broken by U+200B so that no line a table wraps can be read
    as a GitHub workflow command (``::error ...``, ``::add-mask::``)."""
    return clean_line(value).replace("::", ":\u200b:")


def no_workflow_command(line: str) -> str:
    """A line that would start with ``::`` (a GitHub workflow command) gets ``./`` in front."""
    return "./" + line if _WORKFLOW_COMMAND.match(line) else line


def neutralise_formula(value: str) -> str:
    """OWASP CSV-injection advice: a text cell beginning = + - @ tab CR or LF (or their full-width
    forms, or any of them behind zero-width or bidi characters) gets a leading quote."""
    if value.lstrip(_INVISIBLE).startswith(_FORMULA_START):
        return "'" + value
    return value


def xml_safe(value: str) -> str:
    """Replace the characters an XLSX part cannot hold (XML 1.0) by U+FFFD."""
    return _XML_ILLEGAL.sub("\ufffd", value)


def cut(text: str, limit: int = QUOTE_LIMIT) -> str:
    """At most ``limit`` characters of ``text``, ending in ``…`` when it was cut."""
    return text if len(text) <= limit else text[:limit] + "…"


def quote(value: Any, limit: int = QUOTE_LIMIT) -> str:
    """The one way a message quotes input: ``repr`` of at most ``limit`` characters, ``…`` when cut.

    The cut is made before ``repr``, so escapes cannot make the quote grow past a few times the limit."""
    if not isinstance(value, str):  # a number, boolean or null key: its repr, cut the same way
        return cut(repr(value), limit)
    return repr(value[:limit]) + ("…" if len(value) > limit else "")
