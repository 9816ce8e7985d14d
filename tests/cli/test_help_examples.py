"""Every command's help shows examples of itself and no type notation; `rank` and `validate` name
every file kind they read."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from livescore.cli import app

COMMANDS = ["rank", "validate", "tree", "explain", "compare", "sensitivity", "weights ahp", "profiles", "template",
            "import", "schema"]  # fmt: skip


def help_text(command: str) -> str:
    result = CliRunner().invoke(app, [*command.split(), "--help"], env={"NO_COLOR": "1", "COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_an_example_of_the_command(command: str) -> None:
    text = help_text(command)
    examples = text.split("Examples:", 1)
    assert len(examples) == 2, f"`livescore {command} --help` shows no example"
    lines = [line.strip() for line in examples[1].splitlines() if line.strip()]
    assert lines and all(line.startswith(f"livescore {command}") for line in lines), lines


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_has_no_type_notation(command: str) -> None:
    text = help_text(command)
    assert not re.search(r"<\s*\w+(\[[^\]]*\])?\s*>", text), text  # <list[str]>, <PATH>
    assert not re.search(r"\b(TEXT|INTEGER|FLOAT|BOOLEAN)\b|list\[|:str\b", text), text
    assert not re.search(r"x\s*[<>]=|<=\s*x", text), text  # click's range notation: 1<=x<=10000000


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sensitivity", "vendors/", "--samples", "0"], "0 is not allowed: the value must be from 1 to 10,000,000"),
        (["sensitivity", "vendors/", "--seed", "-1"], "-1 is not allowed: the value must be at least 0"),
        (["sensitivity", "vendors/", "--concentration", "0"], "0 is not allowed: the value must be at least 0.001"),
        (["template", "-w", "marketing-m3", "--min-share", "100.5"], "100.5 is not allowed: the value must be from 0 to 100"),
    ],
)  # fmt: skip
def test_a_number_out_of_range_is_refused_in_words(args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, args, env={"NO_COLOR": "1", "COLUMNS": "200"})
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split())


@pytest.mark.parametrize(
    ("command", "kinds"),
    [
        ("rank", ["vendor files", "evaluation files", "indicator set", "weight profile"]),
        ("validate", ["indicator sets", "weight profiles", "vendors", "evaluations", "AHP judgements"]),
    ],
)
def test_rank_and_validate_name_every_file_kind(command: str, kinds: list[str]) -> None:
    text = " ".join(help_text(command).split())
    for kind in kinds:
        assert kind in text, f"`livescore {command} --help` does not name {kind}"
