"""Smoke test of the benchmark runner: tiny sizes, it runs and writes well-formed tables.

No timing assertions: the numbers of a --quick run mean nothing. The peers (pymcdm, scikit-criteria)
are skipped here to keep the test fast and independent of the optional `bench` extra; the runner must
then say so in their columns. The committed benchmarks/RESULTS.md is never touched (--out goes to tmp).

The runner is run once per module, under an audit hook that records the command line of every process
it spawns, so that a second test can check that no script in benchmarks/scripts/ is left unused.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import REPO

BENCHMARKS = REPO / "benchmarks"
RUNNER = BENCHMARKS / "run.py"
SCRIPTS = BENCHMARKS / "scripts"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not RUNNER.is_file(), reason="benchmarks/ not present (e.g. an sdist without it)"),
    pytest.mark.skipif(not hasattr(os, "wait4"), reason="the runner measures child processes with os.wait4 (POSIX)"),
]

# Runs benchmarks/run.py as __main__ with the given arguments, appending the argv of every process it
# starts (audit event subprocess.Popen) to a JSON-lines file.
_TRACED = """
import json, runpy, sys
log_path, runner, *args = sys.argv[1:]
def hook(event, payload):
    if event == "subprocess.Popen":
        with open(log_path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps([str(a) for a in payload[1]]) + "\\n")
sys.addaudithook(hook)
sys.argv = [runner, *args]
runpy.run_path(runner, run_name="__main__")
"""


@dataclass
class QuickRun:
    proc: subprocess.CompletedProcess[str]
    out: Path
    committed_before: bytes | None
    spawned: list[list[str]]


def _committed() -> bytes | None:
    committed = BENCHMARKS / "RESULTS.md"
    return committed.read_bytes() if committed.is_file() else None


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> QuickRun:
    tmp_path = tmp_path_factory.mktemp("bench")
    out = tmp_path / "RESULTS.md"
    spawned_log = tmp_path / "spawned.jsonl"
    before = _committed()
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            _TRACED,
            str(spawned_log),
            str(RUNNER),
            "--quick",
            "--out",
            str(out),
            "--data-dir",
            str(tmp_path / "data"),
            "--skip-peer",
            "pymcdm",
            "--skip-peer",
            "skcriteria",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
    )
    lines = spawned_log.read_text(encoding="utf-8").splitlines() if spawned_log.is_file() else []
    return QuickRun(proc, out, before, [json.loads(line) for line in lines])


def _tables(text: str) -> list[list[list[str]]]:
    """Every markdown table in ``text``, as rows of cells (pipes escaped as \\| stay inside a cell)."""
    tables: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            assert line.rstrip().endswith("|"), line
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
            current.append(cells)
        elif current:
            tables.append(current)
            current = []
    return tables


def test_quick_run_writes_well_formed_tables(quick_run: QuickRun) -> None:
    proc, out = quick_run.proc, quick_run.out
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert out.is_file()
    assert _committed() == quick_run.committed_before

    text = out.read_text(encoding="utf-8")
    assert text.startswith("# livescore benchmarks")
    assert "quick run" in text
    for heading in ("## Machine", "## Targets", "## 1. Everyday commands", "## 2. Market scale", "## 3. Sensitivity"):
        assert heading in text, heading

    tables = _tables(text)
    assert len(tables) >= 4  # targets + one per workload
    for rows in tables:
        header, separator, *body = rows
        assert all(header), header
        assert all(re.fullmatch(r":?-{3,}:?", c) for c in separator), separator
        assert len(separator) == len(header)
        assert body, header
        for row in body:
            assert len(row) == len(header), (header, row)

    labels = {row[0] for rows in tables for row in rows[2:]} | {row[1] for rows in tables for row in rows[2:] if len(row) > 1}
    for name in (
        "`livescore rank vendors/*.yaml`",
        "floor: PyYAML C loader + numpy weighted sum",
        "`livescore validate indicators/ vendors/ examples/`",
        "`livescore --help`",
        "`livescore rank DIR -f json`",
        "floor: PyYAML C loader only",
        "livescore `smaa`",
        "floor: bare numpy",
    ):
        assert name in labels, name
    assert "not installed" in text  # the skipped peers are reported, their columns skipped
    assert "FAILED" not in text
    everyday = next(rows for rows in tables if rows[0][0] == "command")
    assert everyday[0][:5] == ["command", "median ms", "min", "max", "runs"]


def _script_references() -> set[str]:
    """The names the runner's modules pass to ``script(...)``, the one way they name a script to run."""
    names = set()
    for module in BENCHMARKS.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "script":
                assert len(node.args) == 1 and isinstance(node.args[0], ast.Constant), (module.name, ast.dump(node))
                names.add(str(node.args[0].value))
    return names


def _local_imports(script: Path, candidates: set[str]) -> set[str]:
    """The files among ``candidates`` (names in benchmarks/scripts/) that ``script`` imports."""
    found = set()
    for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
        modules = [a.name for a in node.names] if isinstance(node, ast.Import) else []
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules = [node.module]
        found |= {f"{m}.py" for m in modules if f"{m}.py" in candidates}
    return found


def test_every_script_is_run_or_referenced(quick_run: QuickRun) -> None:
    assert quick_run.proc.returncode == 0, quick_run.proc.stderr[-3000:]
    scripts = {p.name for p in SCRIPTS.glob("*.py")}
    assert scripts, SCRIPTS
    run = {Path(arg).name for argv in quick_run.spawned for arg in argv[1:2] if Path(arg).parent == SCRIPTS}
    referenced = _script_references()
    assert referenced <= scripts, f"the runner names scripts that do not exist: {sorted(referenced - scripts)}"
    assert run <= referenced, f"run but not named through script(): {sorted(run - referenced)}"
    assert run, "the quick run started no script of benchmarks/scripts/"
    # Helper modules count when a covered script imports them.
    covered, todo = set(), run | referenced
    while todo:
        name = todo.pop()
        covered.add(name)
        todo |= _local_imports(SCRIPTS / name, scripts) - covered
    assert scripts <= covered, f"scripts neither run in --quick nor referenced by the runner: {sorted(scripts - covered)}"
