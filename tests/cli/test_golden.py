"""Golden output: the ranked table of the six sample vendors, as `livescore rank vendors/*.yaml` prints it
with COLUMNS=100 and NO_COLOR=1, compared byte for byte with tests/golden/rank-default-100.txt.

After an intended change to the table (or to the sample data), regenerate the file and review the diff:

    UPDATE_GOLDEN=1 python -m pytest tests/cli/test_golden.py

With UPDATE_GOLDEN=1 the test rewrites the golden file instead of comparing (and still checks the run).
"""

from __future__ import annotations

import os

from helpers import REPO, RunFn

GOLDEN = REPO / "tests" / "golden" / "rank-default-100.txt"
VENDOR_FILES = sorted(str(p.relative_to(REPO)) for p in (REPO / "vendors").glob("*.yaml"))


def test_rank_default_table_golden(run: RunFn) -> None:
    code, out, err = run("rank", *VENDOR_FILES, env={"COLUMNS": "100", "NO_COLOR": "1"})
    assert code == 0
    assert err == ""
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(out, encoding="utf-8", newline="")
    expected = GOLDEN.read_text(encoding="utf-8")
    assert out == expected


def test_golden_is_independent_of_file_order(run: RunFn) -> None:
    code, out, _ = run("rank", *reversed(VENDOR_FILES))
    assert code == 0
    assert out == GOLDEN.read_text(encoding="utf-8")


def test_golden_rows_agree_with_json(run: RunFn) -> None:
    """The golden table's numbers are the JSON scores rounded: a regenerated golden cannot hide a wrong table."""
    import json

    vendors = json.loads(run("rank", "-f", "json", *VENDOR_FILES)[1])["vendors"]
    rows = [line.split() for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line[:3].strip().isdigit()]
    assert len(rows) == len(vendors) == 6
    for row, v in zip(rows, vendors, strict=True):
        numbers = [v["score"], *v["dimensions"].values()]
        assert row[0] == str(v["rank"])
        assert " ".join(row[1:-7]) == v["name"]
        assert row[-7:] == [f"{x:.1f}" for x in numbers] + [f"{v['coverage'] * 100:.0f}%"]
