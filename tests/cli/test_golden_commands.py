"""Golden output of every command on the shipped files (vendors/, examples/, indicators/) and of every
command's `--help`: what a user sees, byte for byte, stdout and stderr and the exit code, at 100 columns
(and the ranking at 80) with NO_COLOR=1, in English and in Chinese. A refactor must leave these
unchanged; an intended change regenerates them and the diff is reviewed:

    UPDATE_GOLDEN=1 python -m pytest tests/cli/test_golden_commands.py

Help output is part of the contract: options and arguments carry explicit metavars, and the supported
typer range renders them identically (the lowest-direct CI run checks the floor against these files).
Numbers printed with more than 10 significant digits (JSON, CSV) are compared at 10: their last bits
follow the numpy version and the CPU's BLAS kernels (summation order), not livescore. Tables print one
decimal and are compared as printed.

HTML and XLSX reports are checked structurally in the report tests (they embed a plotly bundle and zip
timestamps), not here.
"""

from __future__ import annotations

import os
import re
import shlex

import pytest

from helpers import REPO, invoke

GOLDEN = REPO / "tests" / "golden" / "commands"
VENDORS = sorted(str(p.relative_to(REPO)) for p in (REPO / "vendors").glob("*.yaml"))
EVALUATIONS = ["-e", "examples/evaluations/"]

COMMANDS = ["rank", "validate", "tree", "explain", "schema", "sensitivity", "compare", "profiles", "template", "import"]

CASES: dict[str, tuple[list[str], int]] = {
    "help": (["--help"], 100),
    **{f"help-{c}": ([c, "--help"], 100) for c in COMMANDS},
    "help-weights-ahp": (["weights", "ahp", "--help"], 100),
    "rank-80": (["rank", *VENDORS], 80),
    "rank-zh-80": (["rank", *VENDORS, "--lang", "zh"], 80),
    "rank-zh-120": (["rank", *VENDORS, "--lang", "zh"], 120),
    "rank-json": (["rank", "-f", "json", *VENDORS], 100),
    "rank-csv": (["rank", "-f", "csv", *VENDORS], 100),
    "rank-markdown": (["rank", "-f", "markdown", *VENDORS], 100),
    "rank-topsis": (["rank", "--method", "topsis", *VENDORS], 100),
    "rank-securities-firm": (["rank", *VENDORS, "-w", "examples/securities-firm.yaml"], 100),
    "rank-sme-marketing-zh": (["rank", "vendors/", "-w", "examples/sme-marketing.yaml", "--lang", "zh"], 100),
    "rank-gp-services": (["rank", "vendors/", *EVALUATIONS, "-w", "examples/gp-services.yaml"], 100),
    "rank-gp-services-json": (["rank", "vendors/", *EVALUATIONS, "-w", "examples/gp-services.yaml", "-f", "json"], 100),
    "validate": (["validate", "indicators/", "vendors/", "examples/"], 100),
    "validate-json": (["validate", "indicators/", "vendors/", "examples/", "-f", "json"], 100),
    "tree": (["tree"], 100),
    "tree-zh-securities-firm": (["tree", "-w", "examples/securities-firm.yaml", "--lang", "zh"], 100),
    "explain": (["explain", "vendors/aurora-live.yaml", *EVALUATIONS, "-w", "examples/gp-services.yaml"], 100),
    "explain-json": (["explain", "vendors/lumen-rtc.yaml", "-f", "json"], 100),
    "compare": (["compare", "vendors/aurora-live.yaml", "vendors/lumen-rtc.yaml", "vendors/panshi-securecast.yaml"], 100),
    "compare-detail-json": (["compare", "vendors/aurora-live.yaml", "vendors/lumen-rtc.yaml", "--detail", "-f", "json"], 100),
    "sensitivity": (["sensitivity", *VENDORS, "--samples", "2000", "--seed", "7"], 100),
    "sensitivity-dimension-uniform-json": (
        ["sensitivity", *VENDORS, "--level", "dimension", "--uniform", "--samples", "2000", "-f", "json"],
        100,
    ),
    "weights-ahp": (["weights", "ahp", "examples/ahp-dimensions.yaml"], 100),
    "profiles": (["profiles"], 100),
    "schema-vendor": (["schema", "vendor"], 100),
}


LONG_NUMBER = re.compile(r"(?<![\w.])-?\d+\.\d{9,}(?:e[-+]?\d+)?")


def canonical(text: str) -> str:
    """Long floats at 10 significant digits (see the module docstring). One that rounds to a whole
    number keeps its ".0": 41.99999999999999 on one numpy is the 42.0 another prints exactly."""

    def ten(m: re.Match[str]) -> str:
        short = f"{float(m.group()):.10g}"
        return short if "." in short or "e" in short else f"{short}.0"

    return LONG_NUMBER.sub(ten, text)


def transcript(argv: list[str], columns: int) -> str:
    code, out, err = invoke(*argv, env={"COLUMNS": str(columns), "NO_COLOR": "1"})
    return canonical(f"$ COLUMNS={columns} livescore {shlex.join(argv)}\n[exit {code}]\n--- stdout\n{out}--- stderr\n{err}")


@pytest.mark.parametrize("name", sorted(CASES))
def test_command_output_is_golden(name: str) -> None:
    argv, columns = CASES[name]
    got = transcript(argv, columns)
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8", newline="")
    assert got == path.read_text(encoding="utf-8"), f"{name}: output differs from {path.relative_to(REPO)}"


def test_canonical_rounds_only_long_numbers() -> None:
    assert canonical('"score": 81.28530398424499, "w": 0.25, "n": 12') == '"score": 81.28530398, "w": 0.25, "n": 12'
    assert canonical("a1.123456789012 -0.9616666666666669") == "a1.123456789012 -0.9616666667"
    assert canonical('"g": 41.99999999999999, "h": 42.0') == '"g": 42.0, "h": 42.0'


def test_every_golden_file_has_a_case() -> None:
    """A renamed case leaves no stale golden file behind that nothing compares."""
    assert sorted(p.stem for p in GOLDEN.glob("*.txt")) == sorted(CASES)


def test_every_command_has_a_help_golden() -> None:
    from typer.main import get_command

    from livescore.cli import app

    group = get_command(app)
    listed = set(group.commands)  # type: ignore[attr-defined]
    assert listed == {*COMMANDS, "weights"}
