"""Cells, headers and print setup shared by the XLSX report's sheets (render/xlsx.py, render/xlsx_bid.py)."""

from __future__ import annotations

from typing import Any

from livescore.sanitize import clean_line, xml_safe

try:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet
except ImportError as exc:  # pragma: no cover - render/xlsx.py says how to install it
    raise ImportError(str(exc)) from exc

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")


def put(ws: Worksheet, row: int, col: int, value: Any, *, bold: bool = False, number_format: str | None = None) -> None:
    """One cell: numbers as numbers, text always as a string cell (never a formula), only characters XML allows."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, bool):
        cell.value = value  # a real boolean cell (TRUE/FALSE), which filters and formulas understand
    elif isinstance(value, (int, float)):
        cell.value = value
        if number_format:
            cell.number_format = number_format
    elif value is None:
        cell.value = None
    else:
        cell.value = xml_safe(clean_line(str(value)))  # U+FFFE, U+FFFF or a lone surrogate corrupts the file
        cell.data_type = "s"  # openpyxl would otherwise take "=..." for a formula
    if bold:
        cell.font = HEADER_FONT


def header(ws: Worksheet, row: int, names: list[str]) -> None:
    for col, name in enumerate(names, start=1):
        put(ws, row, col, name, bold=True)
        ws.cell(row=row, column=col).fill = HEADER_FILL
        ws.cell(row=row, column=col).alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = ws.cell(row=row + 1, column=1)


def table_setup(ws: Worksheet, header_row: int, columns: int, last_row: int) -> None:
    """Autofilter on the table, and a print setup: landscape, fit to one page wide, header row repeated."""
    if last_row > header_row:
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(columns)}{last_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"


def fit_columns(ws: Worksheet, *, cap: int = 60, from_row: int = 1) -> None:
    from rich.cells import cell_len

    widths: dict[int, int] = {}
    for row in ws.iter_rows(min_row=from_row):  # a title above the table does not widen its columns
        for cell in row:
            if cell.value is not None:
                text = f"{cell.value:.2f}" if isinstance(cell.value, float) else str(cell.value)
                widths[cell.column] = max(widths.get(cell.column, 0), cell_len(text))
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = min(cap, max(8, width + 2))
