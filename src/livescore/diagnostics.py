"""The one problem record every command reports, and its text, JSON and GitHub forms."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from livescore.sanitize import clean_line, clean_text, cut, no_workflow_command

# Messages quote input through sanitize.quote; this cap is the backstop for any that does not.
MAX_MESSAGE = 1000
MAX_PER_FILE = 100  # diagnostics of one file; the rest are counted in one more-problems line


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """One problem at one place: ``PATH:LINE:COL: error[CODE]: message`` (1-based positions)."""

    path: str
    line: int
    col: int
    severity: Severity
    code: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def text(self) -> str:
        """The text form; a path that would start the line with ``::`` (a GitHub workflow command,
        e.g. a file named ``::error file=README.md::x.yaml``) is shown as ``./::...``."""
        message = clean_line(cut(self.message, MAX_MESSAGE))
        return no_workflow_command(f"{clean_line(self.path)}:{self.line}:{self.col}: {self.severity}[{self.code}]: {message}")

    def github(self) -> str:
        kind = "error" if self.is_error else "warning"
        message = _gh_escape(f"[{self.code}] {clean_line(cut(self.message, MAX_MESSAGE))}")
        path = _gh_escape(clean_line(self.path), prop=True)
        return f"::{kind} file={path},line={self.line},col={self.col}::{message}"

    def as_dict(self) -> dict[str, Any]:
        record = asdict(self)
        record["severity"] = str(self.severity)
        record["message"] = clean_text(cut(self.message, MAX_MESSAGE))
        return record


def error(path: str, line: int, col: int, code: str, message: str) -> Diagnostic:
    return Diagnostic(path, line, col, Severity.ERROR, code, message)


def warning(path: str, line: int, col: int, code: str, message: str) -> Diagnostic:
    return Diagnostic(path, line, col, Severity.WARNING, code, message)


def _gh_escape(value: str, *, prop: bool = False) -> str:
    # GitHub workflow-command escaping: % CR LF always, and , : in properties.
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def report_json(files: int, diagnostics: list[Diagnostic]) -> str:
    errors = sum(1 for d in diagnostics if d.is_error)
    return json.dumps(
        {
            "files": files,
            "errors": errors,
            "warnings": len(diagnostics) - errors,
            "diagnostics": [d.as_dict() for d in diagnostics],
        },
        ensure_ascii=False,
        indent=2,
    )


def more_problems(path: str, line: int, col: int, hidden: int) -> Diagnostic:
    """The line that stands for the problems past MAX_PER_FILE, which are counted, not described."""
    return error(
        path, line, col, "more-problems", f"{hidden:,} more problems in this file not shown (at most {MAX_PER_FILE} per file)"
    )
