"""The ranking as an Excel workbook (openpyxl): Summary, Scores, Evidence, Weights, Disagreements.

Numbers are written as numbers; every text cell is written as a string cell, never a formula, so
nothing a vendor wrote can run in the buyer's spreadsheet. Header rows are frozen and columns sized.
"""

from __future__ import annotations

import io
from typing import Any

from livescore import pip_install
from livescore.analysis.explain import Explanation
from livescore.records.ranking import Ranking
from livescore.records.values import render_value

try:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(f"XLSX needs openpyxl: {pip_install('xlsx')}") from exc

from livescore.render.xlsx_cells import fit_columns, header, put, table_setup


def workbook(result: Ranking, explanations: dict[str, Explanation], lang: str = "en") -> bytes:
    from livescore.analysis.bid_report import bid_report

    wb = Workbook()
    summary = wb.active
    assert summary is not None
    summary.title = "Summary"
    _summary(summary, result)
    _scores(wb.create_sheet("Scores"), result, explanations)
    _evidence(wb.create_sheet("Evidence"), result, explanations)
    _weights(wb.create_sheet("Weights"), result)
    _disagreements(wb.create_sheet("Disagreements"), result)
    bids = bid_report(result, explanations, lang)
    if bids is not None:  # under a cn-* profile the sheets the committee signs come first
        from livescore.render.xlsx_bid import add_sheets

        add_sheets(wb, bids, lang)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _summary(ws: Worksheet, result: Ranking) -> None:
    tree = result.tree
    put(ws, 1, 1, f"Vendor ranking: {result.profile.title.get('en') or result.profile.id}", bold=True)
    put(
        ws,
        2,
        1,
        f"set {tree.id} {tree.spec.version} · profile {result.profile.id} · missing {result.policy} · method {result.method}",
    )
    names = ["Rank", "Vendor id", "Vendor", "Qualified", "Points" if result.in_points else "Score", "Quality"]
    if result.price:
        names += ["Price points" if result.in_points else "Price score", "Bid", "Currency"]
        if result.price.sme_deduction:
            names.append("Evaluated price")
    names += [d.name.get("en") for d in tree.spec.dimensions] + ["Coverage", "Failed requirements"]
    header(ws, 4, names)
    for r, v in enumerate(result.vendors, start=5):
        shown = result.shown(v)
        cells: list[Any] = [v.rank, v.id, v.name, v.qualified, shown.score, shown.quality]
        if result.price:
            cells += [shown.price, v.price.amount if v.price else None, v.price.currency if v.price else None]
            if result.price.sme_deduction:
                cells.append(v.evaluated_price)
        cells += [shown.dimensions[d] for d in tree.dimension_ids]
        cells += [v.coverage, "; ".join(f.text() for f in v.failed)]
        for c, value in enumerate(cells, start=1):
            fmt = "0.0%" if names[c - 1] == "Coverage" else ("0.00" if isinstance(value, float) else None)
            put(ws, r, c, value, number_format=fmt)
    fit_columns(ws, from_row=4)
    table_setup(ws, 4, len(names), 4 + len(result.vendors))


def _scores(ws: Worksheet, result: Ranking, explanations: dict[str, Explanation]) -> None:
    tree = result.tree
    ids = [v.id for v in result.vendors]
    names = ["Indicator", "Name", "Kind", "Weight"]
    for vid in ids:
        names += [f"{vid} value", f"{vid} score"]
    header(ws, 1, names)
    weights = result.global_weights
    for i, (path, ind) in enumerate(zip(tree.paths, tree.indicators, strict=True), start=2):
        put(ws, i, 1, path)
        put(ws, i, 2, ind.name.get("en"))
        put(ws, i, 3, ind.kind)
        put(ws, i, 4, float(weights[i - 2]), number_format="0.00%")
        for k, vid in enumerate(ids):
            line = explanations[vid].lines[i - 2] if vid in explanations else None
            value = None if line is None or line.value is None else line.value
            put(ws, i, 5 + 2 * k, value if isinstance(value, (int, float)) else _text(value))  # yes/no: a boolean cell
            put(ws, i, 6 + 2 * k, None if line is None else line.score, number_format="0.00")
    fit_columns(ws)
    table_setup(ws, 1, ws.max_column, ws.max_row)


def _evidence(ws: Worksheet, result: Ranking, explanations: dict[str, Explanation]) -> None:
    header(ws, 1, ["Vendor id", "Indicator", "Value", "Status", "Source", "Date", "Note"])
    r = 2
    for v in result.vendors:
        ex = explanations.get(v.id)
        if ex is None:
            continue
        for line in ex.lines:
            if line.value is None:
                continue
            value = line.value if isinstance(line.value, (int, float)) else _text(line.value)  # bool included
            for c, cell in enumerate([v.id, line.path, value, line.status, line.source, line.date, line.note], start=1):
                put(ws, r, c, cell)
            r += 1
    fit_columns(ws)
    table_setup(ws, 1, ws.max_column, ws.max_row)


def _weights(ws: Worksheet, result: Ranking) -> None:
    tree = result.tree
    header(ws, 1, ["Node", "Level", "Name", "Raw weight", "Global weight"])
    node_w = result.node_weights
    raw = result.profile.weights
    rows: list[tuple[str, str, str, float, float]] = []
    g = i = 0
    for d, dim in enumerate(tree.spec.dimensions):
        rows.append((dim.id, "dimension", dim.name.get("en"), float(raw.dimension[d]), float(node_w["dimension"][d])))
        for group in dim.groups:
            rows.append((tree.group_paths[g], "group", group.name.get("en"), float(raw.group[g]), float(node_w["group"][g])))
            g += 1
            for ind in group.indicators:
                rows.append(
                    (tree.paths[i], "indicator", ind.name.get("en"), float(raw.indicator[i]), float(node_w["indicator"][i]))
                )
                i += 1
    for r, (path, level, name, weight, share) in enumerate(rows, start=2):
        put(ws, r, 1, path)
        put(ws, r, 2, level)
        put(ws, r, 3, name)
        put(ws, r, 4, weight)
        put(ws, r, 5, share, number_format="0.00%")
    fit_columns(ws)
    table_setup(ws, 1, ws.max_column, ws.max_row)


def _disagreements(ws: Worksheet, result: Ranking) -> None:
    header(ws, 1, ["Vendor id", "Indicator", "Evaluator", "Value", "Score", "Spread", "Resolved"])
    r = 2
    for v in result.vendors:
        for d in v.disagreements:
            for name, score in d.scores.items():
                for c, cell in enumerate(
                    [v.id, d.indicator, name, _text(d.values.get(name)), score, d.spread, d.resolved], start=1
                ):
                    put(ws, r, c, cell, number_format="0.00" if isinstance(cell, float) else None)
                r += 1
    fit_columns(ws)
    table_setup(ws, 1, ws.max_column, ws.max_row)


def _text(value: Any) -> str | None:
    return None if value is None else render_value(value)
