"""Smoke test of the benchmark runner: tiny sizes, it runs and writes well-formed tables.

No timing assertions: the numbers of a --quick run mean nothing. The peers (pymcdm, scikit-criteria)
are skipped here to keep the test fast and independent of the optional `bench` extra; the runner must
then say so in their columns. The committed benchmarks/RESULTS.md is never touched (--out goes to tmp).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUNNER = ROOT / "benchmarks" / "run.py"

pytestmark = [
    pytest.mark.skipif(not RUNNER.is_file(), reason="benchmarks/ not present (e.g. an sdist without it)"),
    pytest.mark.skipif(not hasattr(os, "wait4"), reason="the runner measures child processes with os.wait4 (POSIX)"),
]


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


def test_quick_run_writes_well_formed_tables(tmp_path: Path) -> None:
    out = tmp_path / "RESULTS.md"
    committed = ROOT / "benchmarks" / "RESULTS.md"
    before = committed.read_bytes() if committed.is_file() else None
    proc = subprocess.run(
        [
            sys.executable,
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
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert out.is_file()
    assert (committed.read_bytes() if committed.is_file() else None) == before

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
