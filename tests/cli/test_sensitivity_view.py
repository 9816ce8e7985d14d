"""`sensitivity` stays readable at 80 and 120 columns (docs/contracts.md, "livescore sensitivity"):
a node path too wide for its column breaks after a dot, never inside a name, and every break-even
number is shown whole."""

from __future__ import annotations

import json
import re

import pytest

from helpers import REPO, VENDORS, RunFn

GP = str(REPO / "examples" / "gp-services.yaml")


@pytest.mark.parametrize("level", ["group", "indicator"])
@pytest.mark.parametrize("width", [80, 120])
def test_break_even_paths_break_only_at_dots(run: RunFn, width: int, level: str) -> None:
    args = (*VENDORS, "-w", GP, "--level", level, "--samples", "500")
    code, out, _ = run("sensitivity", *args, "-f", "json")
    assert code == 0
    rows = json.loads(out)["break_even"]
    code, text, _ = run("sensitivity", *args, env={"COLUMNS": str(width)})
    assert code == 0
    grid = text.split("Past the end, first", 1)[1].split("\nprice: the change", 1)[0]
    first_cells = [line.split("  ")[0].strip() for line in grid.splitlines()[2:]]
    node_text = "".join(cell for cell in first_cells if cell)  # the node column's lines, in order
    for row in rows:
        assert row["node"] in node_text, (width, row["node"])  # each path whole, its lines ending at dots
        assert f"{100 * row['weight']:.1f}%" in text
    for cell in first_cells:
        assert not cell or re.fullmatch(r"[a-z0-9_.]+", cell), cell
        assert not cell or cell.endswith(".") or any(cell.endswith(r["node"].rsplit(".", 1)[-1]) for r in rows), cell
