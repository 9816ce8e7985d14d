"""Docs that cannot drift: every command has help and appears in the README; the README's
quickstart commands are the ones CI runs."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from helpers import REPO
from livescore.cli import app

README = (REPO / "README.md").read_text(encoding="utf-8")
COMMANDS = [
    "rank",
    "validate",
    "tree",
    "explain",
    "compare",
    "sensitivity",
    "weights ahp",
    "profiles",
    "template",
    "import",
    "schema",
]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_is_in_the_readme(command: str) -> None:
    result = CliRunner().invoke(app, [*command.split(), "--help"], env={"NO_COLOR": "1", "COLUMNS": "100"})
    assert result.exit_code == 0
    assert "Usage:" in result.stdout and len(result.stdout.splitlines()) > 4
    assert f"`livescore {command}" in README


def test_top_level_help_lists_every_command() -> None:
    result = CliRunner().invoke(app, ["--help"], env={"NO_COLOR": "1", "COLUMNS": "120"})
    for command in COMMANDS:
        assert command.split()[0] in result.stdout


def test_ci_runs_the_readme_test_command() -> None:
    command = 'python -m pip install ".[test]" && python -m pytest'
    assert command in README
    assert command in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_links_work_on_the_package_index() -> None:
    """PyPI shows the README without the repository around it: a link is absolute or an in-page #anchor."""
    targets = re.findall(r"\]\(([^)\s]+)", README) + re.findall(r"""(?:src|href)=["']([^"']+)""", README)
    assert targets
    relative = [t for t in targets if not t.startswith(("#", "https://"))]
    assert not relative, f"relative links in README.md: {relative}"
