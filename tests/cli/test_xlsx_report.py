"""The XLSX report works as a spreadsheet (docs/contracts.md, "rank"): booleans are boolean cells, a
title does not widen the Rank column, every table has an autofilter and prints landscape, one page
wide, its header repeated; evaluators' notes are in the Note column, not in Source."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from helpers import REPO, RunFn


def test_the_workbook_is_a_usable_spreadsheet(run: RunFn, tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    code, _, err = run("rank", REPO / "vendors", "-e", REPO / "examples" / "evaluations", "-o", out)
    assert code == 0, err
    wb = load_workbook(out)
    summary = wb["Summary"]
    header = [c.value for c in summary[4]]
    qualified = header.index("Qualified") + 1
    assert {type(summary.cell(row=r, column=qualified).value) for r in range(5, summary.max_row + 1)} == {bool}
    assert summary.column_dimensions["A"].width < 12  # "Rank": the title in A1 no longer sets the width
    for ws in wb.worksheets:
        first = 4 if ws.title == "Summary" else 1
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith(f"A{first}:"), ws.title
        assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == f"${first}:${first}"
    resolved = [c.value for c in wb["Disagreements"]["G"]][1:]
    assert resolved and {type(x) for x in resolved} == {bool}
    evidence = wb["Evidence"]
    names = [c.value for c in evidence[1]]
    rows = [dict(zip(names, (c.value for c in row), strict=True)) for row in evidence.iter_rows(min_row=2)]
    ease = next(r for r in rows if r["Vendor id"] == "aurora-live" and r["Indicator"] == "product.fit.ease_of_use")
    assert ease["Note"] == "ann: guided setup, first event live in 40 minutes"
    assert "guided setup" not in (ease["Source"] or "")
