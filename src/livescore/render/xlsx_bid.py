"""The 评标报告 sheets of the XLSX report under a cn-* profile (see analysis/bid_report.py): 评标报告 (the
rules, the committee, the bids, invalid bids, abnormally low bids, corrections, the result and a
signature line per member), 得分汇总表 (each factor's points per bidder) and 成员评分 (each member's
points for the subjective factors). Printed portrait on A4, one page wide."""

from __future__ import annotations

from typing import Any

from livescore.analysis.bid_report import CN_NUMBERS, DECISIONS, SIZES, BidReport, label, rules
from livescore.records.values import render_value
from livescore.render.xlsx_cells import HEADER_FILL, put

try:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet
except ImportError as exc:  # pragma: no cover - the caller imported render.xlsx first
    raise ImportError(str(exc)) from exc

REPORT_SHEET, SUMMARY_SHEET, MEMBER_SHEET = "评标报告", "得分汇总表", "成员评分"
WRAP = Alignment(wrap_text=True, vertical="top")
LINE = Border(bottom=Side(style="thin", color="444444"))


def add_sheets(wb: Workbook, report: BidReport, lang: str) -> None:
    """The three sheets, first in the workbook (the committee signs them)."""
    _scores(wb.create_sheet(SUMMARY_SHEET, 0), report, lang)
    if report.member_points:
        _members(wb.create_sheet(MEMBER_SHEET, 1), report, lang)
    _report(wb.create_sheet(REPORT_SHEET, 0), report, lang)
    wb.active = 0


def _portrait(ws: Worksheet, title_rows: str | None = None) -> None:
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows


def _widths(ws: Worksheet, widths: list[int], from_row: int) -> None:
    """Fixed column widths (characters) so that a sheet prints on A4 portrait without shrinking to
    nothing, and each table row as tall as its wrapped text (spreadsheets do not grow a row written
    without a height when they print)."""
    from rich.cells import cell_len

    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    for row in ws.iter_rows(min_row=from_row):
        lines = 1
        for cell in row:
            if isinstance(cell.value, str) and cell.alignment.wrap_text and cell.column <= len(widths):
                lines = max(lines, -(-cell_len(cell.value) // max(1, widths[cell.column - 1] - 1)))
        if lines > 1 and ws.row_dimensions[row[0].row].height is None:
            ws.row_dimensions[row[0].row].height = 15 * lines


def _head(ws: Worksheet, row: int, names: list[str]) -> None:
    for col, name in enumerate(names, start=1):
        put(ws, row, col, name, bold=True)
        ws.cell(row=row, column=col).fill = HEADER_FILL
        ws.cell(row=row, column=col).alignment = Alignment(wrap_text=True, vertical="top")


def _rows(ws: Worksheet, row: int, rows: list[list[Any]], money: set[int] | None = None) -> int:
    """Write rows from ``row``; returns the next free row. Points at the tender's decimals are numbers."""
    for values in rows:
        for col, value in enumerate(values, start=1):
            fmt = "#,##0.00" if money and col - 1 in money and isinstance(value, float) else None
            put(ws, row, col, value, number_format=fmt)
            ws.cell(row=row, column=col).alignment = WRAP
        row += 1
    return row


def _report(ws: Worksheet, report: BidReport, lang: str) -> None:
    def w(key: str) -> str:
        return report.say(key, lang)

    put(ws, 1, 1, w("report"), bold=True)
    put(ws, 2, 1, f"{report.title} · {report.method}")
    row = 3
    if report.pending:
        put(ws, row, 1, f"{w('provisional')} {'、'.join(b.name for b in report.pending)}", bold=True)
        row += 1
    for line in [*rules(report, lang), w("notice")]:
        put(ws, row, 1, line)
        row += 1
    row += 1
    numbers = iter(CN_NUMBERS)

    def section(key: str, head: list[str] | None = None) -> None:
        nonlocal row
        put(ws, row, 1, f"{next(numbers)}、{w(key)}", bold=True)
        row += 1
        if head:
            _head(ws, row, [w(h) for h in head])
            row += 1

    section("members", ["n", "name", "role"])
    ws.cell(row=row - 1, column=4).value = "id"
    row = _rows(ws, row, [[n, m.name, m.role or "", m.id] for n, m in enumerate(report.members, 1)]) + 1

    section("bids", ["bidder", "size", "bid", "evaluated", "status"])
    bids = []
    for b in report.bidders:
        size = label(*SIZES[b.enterprise_size], lang) if b.enterprise_size in SIZES else w("undeclared")
        status = w("valid") if b.valid else (w("pending") if b.pending else w("invalid_bid"))
        bids.append([b.name, size, b.bid, b.evaluated_price, status])
    row = _rows(ws, row, bids, money={2, 3}) + 1

    invalid = [[b.name, "; ".join(b.reasons)] for b in report.bidders if not b.valid and not b.pending]
    section("invalid", ["bidder", "reasons"] if invalid else None)
    row = _rows(ws, row, invalid or [[w("none")]]) + 1

    flagged = [b for b in report.bidders if b.abnormal_low is not None]
    section("abnormal", ["bidder", "evaluated", "mean_others", "share", "decision", "reason"] if flagged else None)
    rows: list[list[Any]] = []
    for b in flagged:
        decided = report.decisions.get(b.id)
        share = b.evaluated_price / b.abnormal_mean if b.abnormal_mean and b.evaluated_price is not None else None
        decision = label(*DECISIONS[b.abnormal_low or "flagged"], lang)
        rows.append([b.name, b.evaluated_price, b.abnormal_mean, share, decision, decided.reason if decided else ""])
    if not rows:
        rows = [[w("none") if report.abnormal_low is not None else w("no_threshold")]]
    row = _rows(ws, row, rows, money={1, 2})
    for r in range(row - len(flagged), row):
        ws.cell(row=r, column=4).number_format = "0.0%"
    row += 1

    section("summary")
    put(ws, row, 1, label(f"见工作表「{SUMMARY_SHEET}」", f"see the sheet {SUMMARY_SHEET}", lang))
    row += 2
    if report.member_points:
        section("by_member")
        put(ws, row, 1, label(f"见工作表「{MEMBER_SHEET}」", f"see the sheet {MEMBER_SHEET}", lang))
        row += 2

    if report.corrections:
        section("corrections", ["bidder", "factor", "before", "corrected", "reason"])
        names = {b.id: b.name for b in report.bidders}
        factors = {f.path: f.name for f in report.factors}
        rows = []
        for c in report.corrections:
            before = ", ".join(f"{m}: {render_value(v)}" for m, v in c.before.items()) or render_value(c.claimed)
            rows.append([names.get(c.vendor, c.vendor), factors.get(c.path, c.path), before, render_value(c.value), c.reason])
        row = _rows(ws, row, rows) + 1

    ranked = [[b.rank, b.name, b.total] for b in report.bidders if b.rank is not None]
    section("result", ["rank", "bidder", "total"] if ranked else None)
    row = _rows(ws, row, ranked or [[w("no_valid")]])
    for r in range(row - len(ranked), row):
        ws.cell(row=r, column=3).number_format = _points_format(report)
    row += 1

    section("signatures")
    put(ws, row, 1, w("dissent"))
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
    ws.cell(row=row, column=1).alignment = WRAP
    ws.row_dimensions[row].height = 30
    row += 1
    _head(ws, row, [w("name"), w("role"), w("signature"), w("date")])
    row += 1
    for m in report.members:
        put(ws, row, 1, m.name)
        put(ws, row, 2, m.role or "")
        for col in (3, 4):
            ws.cell(row=row, column=col).border = LINE
        ws.row_dimensions[row].height = 30
        row += 1
    _widths(ws, [24, 20, 15, 15, 18, 30], 1)  # A4 portrait at a readable size; long cells wrap
    _portrait(ws)


def _scores(ws: Worksheet, report: BidReport, lang: str) -> None:
    def w(key: str) -> str:
        return report.say(key, lang)

    put(ws, 1, 1, w("summary"), bold=True)
    put(ws, 2, 1, f"{report.title} · {report.method}")
    head = [w("factor"), w("max"), w("kind")] + [b.name for b in report.bidders] + ["path"]  # the path for machines, last
    _head(ws, 4, head)
    fmt = _points_format(report)
    row = 5
    for f in report.factors:
        values: list[Any] = [f.name, f.max_points, w("objective") if f.objective else w("subjective")]
        values += [b.factors.get(f.path) for b in report.bidders] + [f.path]
        for col, value in enumerate(values, start=1):
            put(ws, row, col, value, number_format=fmt if isinstance(value, float) else None)
            if col < len(values):
                ws.cell(row=row, column=col).alignment = WRAP
        row += 1
    extra: list[list[Any]] = []
    if report.price_weight is not None:
        extra.append(
            [w("price"), report.total_points * report.price_weight / 100, ""] + [b.price for b in report.bidders] + ["price"]
        )
    extra.append([w("total"), report.total_points, ""] + [b.total if b.valid else None for b in report.bidders] + ["total"])
    extra.append([w("rank"), None, ""] + [b.rank for b in report.bidders] + ["rank"])
    for values in extra:
        for col, value in enumerate(values, start=1):
            put(ws, row, col, value, bold=values is extra[-2], number_format=fmt if isinstance(value, float) else None)
        row += 1
    ws.freeze_panes = "B5"
    ws.print_area = f"A1:{get_column_letter(3 + len(report.bidders))}{row - 1}"  # the path column is not printed
    _widths(ws, [30, 8, 9] + [14] * len(report.bidders) + [40], 4)
    _portrait(ws, "4:4")


def _members(ws: Worksheet, report: BidReport, lang: str) -> None:
    def w(key: str) -> str:
        return report.say(key, lang)

    put(ws, 1, 1, w("by_member"), bold=True)
    members = [m.id for m in report.members]
    shown = {m.id: m.name for m in report.members}
    names = {b.id: b.name for b in report.bidders}
    factors = {f.path: f.name for f in report.factors}
    order = {b.id: n for n, b in enumerate(report.bidders)}
    _head(ws, 3, [w("factor"), w("bidder")] + [shown.get(m, m) for m in members] + [w("mean")])
    fmt = _points_format(report)
    row = 4
    for mp in sorted(report.member_points, key=lambda mp: (list(factors).index(mp.path), order.get(mp.vendor, 0))):
        values: list[Any] = [factors.get(mp.path, mp.path), names.get(mp.vendor, mp.vendor)]
        values += [mp.by_member.get(m) for m in members] + [mp.mean]
        for col, value in enumerate(values, start=1):
            put(ws, row, col, value, number_format=fmt if isinstance(value, float) else None)
            ws.cell(row=row, column=col).alignment = WRAP
        row += 1
    put(ws, row + 1, 1, w("mean_note"))
    ws.freeze_panes = "C4"
    _widths(ws, [26, 18] + [9] * len(members) + [9], 3)
    _portrait(ws, "3:3")


def _points_format(report: BidReport) -> str:
    """Points as the tender writes them: ``0.00`` at 2 decimals."""
    return "0." + "0" * report.decimals if report.decimals else "0"
