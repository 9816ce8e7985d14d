"""A filled questionnaire workbook -> vendor evidence, every bad answer reported at its cell.

The workbook is untrusted: formulas are refused (only typed values count), answers are checked
against their indicator exactly like a vendor file, and a problem is reported as
``FILE:ROW:COL: error[CODE]: Questionnaire!I14: message``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, assert_never

from livescore.diagnostics import Diagnostic, error
from livescore.model.common import KEBAB_ID
from livescore.records.indicators import (
    AnyIndicator,
    BooleanIndicator,
    ChoiceIndicator,
    NumericIndicator,
    OrdinalIndicator,
    SetIndicator,
)
from livescore.records.tree import Tree
from livescore.records.workbook import ANSWER_COL, FIRST_ROW, ID_CELL, NAME_CELL, NOTE_COL, SHEET, SOURCE_COL
from livescore.score.evidence import check_value

TRUE = {"true", "yes", "y", "是", "有", "支持"}
FALSE = {"false", "no", "n", "否", "无", "不支持"}
MAX_TEXT = 2000


@dataclass
class Imported:
    vendor_id: str | None = None
    name: str | None = None
    evidence: dict[str, dict[str, Any]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def read_workbook(path: str, tree: Tree) -> Imported:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    result = Imported()

    def problem(row: int, col: int, code: str, message: str) -> None:
        cell = f"{SHEET}!{get_column_letter(col)}{row}"
        result.diagnostics.append(error(path, row, col, code, f"{cell}: {message}"))

    try:
        wb = load_workbook(path, data_only=False)
    except Exception as exc:
        result.diagnostics.append(error(path, 1, 1, "not-a-workbook", f"cannot read the workbook: {type(exc).__name__}"))
        return result
    if SHEET not in wb.sheetnames:
        result.diagnostics.append(
            error(path, 1, 1, "not-a-questionnaire", f"no sheet named {SHEET!r}: not a livescore questionnaire")
        )
        return result
    ws = wb[SHEET]

    def text(row: int, col: int) -> str | None:
        cell = ws.cell(row=row, column=col)
        if cell.data_type == "f":
            problem(row, col, "formula", "formulas are not accepted: type the value")
            return None
        if cell.value is None:
            return None
        value = str(cell.value).strip()
        if len(value) > MAX_TEXT:
            problem(row, col, "invalid-length", f"text longer than {MAX_TEXT} characters")
            return None
        return value or None

    vendor_id = text(*ID_CELL)
    if vendor_id is None or not re.fullmatch(KEBAB_ID, vendor_id) or len(vendor_id) > 64:
        problem(*ID_CELL, "invalid-id", "vendor id must be lowercase letters, digits and hyphens (e.g. aurora-live)")
    result.vendor_id = vendor_id
    result.name = text(*NAME_CELL)
    if not result.name:
        problem(*NAME_CELL, "missing-key", "the vendor name is empty")
    seen: set[str] = set()
    for row in range(FIRST_ROW, ws.max_row + 1):
        indicator = ws.cell(row=row, column=1).value
        if indicator is None:
            continue
        if not isinstance(indicator, str) or indicator not in tree.index:
            problem(
                row,
                1,
                "unknown-indicator",
                f"{str(indicator)[:80]!r} is not an indicator of {tree.id} (was the path column edited?)",
            )
            continue
        if indicator in seen:
            problem(row, 1, "duplicate-key", f"{indicator} appears twice")
            continue
        seen.add(indicator)
        cell = ws.cell(row=row, column=ANSWER_COL)
        if cell.data_type == "f":
            problem(row, ANSWER_COL, "formula", "formulas are not accepted: type the value")
            continue
        if cell.value is None or (isinstance(cell.value, str) and not cell.value.strip()):
            continue
        ind = tree.indicators[tree.index[indicator]]
        value, why = parse_answer(ind, cell.value)
        checked = ("type", why) if why is not None else check_value(ind, value)
        if checked is not None:
            problem(row, ANSWER_COL, checked[0], f"{indicator}: {checked[1]}")
            continue
        entry: dict[str, Any] = {"value": value}
        source, note = text(row, SOURCE_COL), text(row, NOTE_COL)
        if source:
            entry["source"] = source
        if note:
            entry["note"] = note
        result.evidence[indicator] = entry
    return result


def parse_answer(ind: AnyIndicator, raw: Any) -> tuple[Any, str | None]:
    """The typed value of a cell for this indicator, or (None, why)."""
    text = raw.strip() if isinstance(raw, str) else raw
    match ind:
        case BooleanIndicator():
            if isinstance(text, bool):
                return text, None
            word = str(text).lower()
            if word in TRUE or word in FALSE:
                return word in TRUE, None
            return None, "answer true or false"
        case NumericIndicator():
            if isinstance(text, (int, float)) and not isinstance(text, bool):
                return text, None
            try:
                return float(str(text).replace(",", "")), None
            except ValueError:
                return None, f"expected a number ({ind.unit or 'no unit'})"
        case OrdinalIndicator():
            if isinstance(text, float) and text.is_integer():
                return int(text), None
            if isinstance(text, int) and not isinstance(text, bool):
                return text, None
            head = str(text).split("=")[0].strip()
            if head.isdigit():
                return int(head), None
            return None, f"expected a level 0..{len(ind.levels) - 1}"
        case ChoiceIndicator():
            return str(text), None
        case SetIndicator():
            items = [s.strip() for s in re.split(r"[,，、;；\s]+", str(text)) if s.strip()]
            return items, None
        case _ as unreachable:
            assert_never(unreachable)
    raise AssertionError(ind)
