"""The command line's vocabulary: output formats, policies and levels as enums, and the options
several commands share. Help strings and metavars live here, so every command says the same."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, TypeVar

import typer

from livescore.records.kinds import FILE_KINDS


class RankFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    html = "html"
    xlsx = "xlsx"


class ValidateFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


class ViewFormat(StrEnum):
    table = "table"
    json = "json"


class Missing(StrEnum):
    zero = "zero"
    exclude = "exclude"
    fail = "fail"


class Method(StrEnum):
    wsum = "wsum"
    topsis = "topsis"


class Level(StrEnum):
    dimension = "dimension"
    group = "group"
    indicator = "indicator"


class Lang(StrEnum):
    en = "en"
    zh = "zh"


N = TypeVar("N", int, float)


def within(low: N, high: N | None = None) -> Callable[[N | None], N | None]:
    """An option callback refusing a number outside [low, high] in words (click's own range check
    would add `1<=x<=10000000` to the help); the help text states the range itself."""

    def check(value: N | None) -> N | None:
        if value is not None and (value < low or (high is not None and value > high)):
            limit = f"from {_number(low)} to {_number(high)}" if high is not None else f"at least {_number(low)}"
            raise typer.BadParameter(f"{_number(value)} is not allowed: the value must be {limit}")
        return value

    return check


def _number(value: float) -> str:
    if isinstance(value, int) or (value.is_integer() and abs(value) < 1e15):
        return f"{int(value):,}"
    return f"{value:g}"


def choices(values: type[StrEnum]) -> str:
    """A choice option's metavar, written out so every typer version prints the same help."""
    return "[" + "|".join(values) + "]"


FILE = "FILE"  # the metavar of every file-valued option
ViewFormatOption = Annotated[ViewFormat, typer.Option("--format", "-f", metavar=choices(ViewFormat), help="Output format.")]

SetOption = Annotated[
    str | None,
    typer.Option("--indicators", "-i", metavar="SET", help="Indicator set file (default: the embedded enterprise-live-2022)."),
]
ProfileOption = Annotated[
    str | None,
    typer.Option(
        "--weights",
        "-w",
        metavar="PROFILE",
        help="Weight profile: a built-in name (see `livescore profiles`) or a YAML file.",
    ),
]
EvaluationsOption = Annotated[
    list[str] | None,
    typer.Option(
        "--evaluations",
        "-e",
        metavar="PATH",
        help="The buyer's evaluation files, or folders of them (repeatable); never mixed into the vendor paths.",
    ),
]
LangOption = Annotated[Lang, typer.Option("--lang", metavar=choices(Lang), help="Language of names in tables.")]
DebugOption = Annotated[bool, typer.Option("--debug", help="Show a Python traceback on internal errors.", hidden=True)]


SchemaKind = StrEnum("SchemaKind", [(kind, kind) for kind in FILE_KINDS])  # type: ignore[misc]


class TemplateFormat(StrEnum):
    yaml = "yaml"
    xlsx = "xlsx"


def examples(*commands: str) -> str:
    """A command's help epilog: worked examples, kept as written (``\\b`` stops click rewrapping them)."""
    return "Examples:\n\n\b\n" + "\n".join(f"  {command}" for command in commands)
