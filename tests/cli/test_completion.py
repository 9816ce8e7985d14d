"""Shell completion (README, "Shell completion"): `--install-completion` / `--show-completion` exist,
and the completion protocol offers the commands, the subcommands of `weights` and each choice
option's values, taken from the same enums the commands parse."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from livescore.cli import app
from livescore.cli.options import Lang, Missing, RankFormat, ValidateFormat


def complete(words: str) -> list[str]:
    cword = len(words.split()) - (0 if words.endswith(" ") else 1)
    env = {"_LIVESCORE_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    result = CliRunner().invoke(app, [], env=env, prog_name="livescore")
    assert result.exit_code == 0, result.output
    return result.stdout.split()


def test_commands_complete() -> None:
    assert complete("livescore ra") == ["rank"]
    assert {"rank", "validate", "explain", "sensitivity", "weights", "import"} <= set(complete("livescore "))
    assert complete("livescore weights ") == ["ahp"]


@pytest.mark.parametrize(
    ("words", "values"),
    [
        ("livescore rank -f ", RankFormat),
        ("livescore rank --missing ", Missing),
        ("livescore tree --lang ", Lang),
        ("livescore validate -f ", ValidateFormat),
    ],
)
def test_choice_values_complete(words: str, values: type) -> None:
    assert complete(words) == [v.value for v in values]


def test_completion_options_are_offered() -> None:
    result = CliRunner().invoke(app, ["--help"], env={"NO_COLOR": "1", "COLUMNS": "100"})
    assert "--install-completion" in result.stdout and "--show-completion" in result.stdout
