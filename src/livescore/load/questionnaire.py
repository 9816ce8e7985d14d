"""A filled questionnaire workbook -> vendor evidence, every bad answer reported at its cell.

The workbook is untrusted: formulas are refused (only typed values count), answers are checked
against their indicator exactly like a vendor file, and a problem is reported as
``FILE:ROW:COL: error[CODE]: Questionnaire!I14: message``.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any, assert_never

from livescore.diagnostics import Diagnostic, error
from livescore.load.discover import display_path, read_bytes
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
from livescore.sanitize import cut, quote
from livescore.score.evidence import check_value

TRUE = {"true", "yes", "y", "是", "有", "支持"}
FALSE = {"false", "no", "n", "否", "无", "不支持"}
MAX_TEXT = 2000
# Bounds on what a workbook may unpack to, checked on the zip before openpyxl reads a byte of XML: a
# template unpacks to about 80 KB; a 775 KB file can otherwise inflate to 3 million rows, or one string to 800 MB.
MAX_WORKBOOK_BYTES = 10 * 1024 * 1024  # the file itself (a filled template is about 30 KB)
MAX_PART_BYTES = 10 * 1024 * 1024
MAX_STYLES_BYTES = 2 * 1024 * 1024  # openpyxl builds an object per style record: 20 MB of styles take 12 s
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_PARTS = 1000
MAX_ROWS = 10_000  # rows of the Questionnaire sheet read (at least the set's indicators)
_LEVEL = re.compile(r"[0-9]{1,6}", re.ASCII)  # str.isdigit() takes "²" and "٣"; int() refuses the first
_PLAIN_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]{1,3})?", re.ASCII)
_GROUPED_NUMBER = re.compile(r"[-+]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?", re.ASCII)  # 1,000,000.5; not 1,5
MAX_NUMBER_TEXT = 64


@dataclass
class Imported:
    vendor_id: str | None = None
    name: str | None = None
    evidence: dict[str, dict[str, Any]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    questions: int = 0  # indicator rows in the sheet, answered or not


def read_workbook(real: str, tree: Tree) -> Imported:
    from openpyxl import load_workbook

    result = Imported()
    path = display_path(real)  # what messages name; the bytes come from the real path
    raw, result.diagnostics = read_bytes(real, path, limit=MAX_WORKBOOK_BYTES)  # one bounded read, regular files only
    if raw is None:
        return result
    too_large = _check_archive(raw)
    if too_large is not None:
        result.diagnostics.append(error(path, 1, 1, "workbook-too-large", too_large))
        return result
    try:
        wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except Exception as exc:
        result.diagnostics.append(error(path, 1, 1, "not-a-workbook", f"cannot read the workbook: {type(exc).__name__}"))
        return result
    try:
        _read_sheet(path, wb, tree, result)
    finally:
        wb.close()
    return result


def _release_sheet_file() -> None:
    """openpyxl 3.1.0 (our floor) can leave the sheet's zip member open when its row parser raises; the
    exception (and its frames) is gone by now, so collect that file here, quietly, not at a random
    later moment."""
    import gc
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


def _check_archive(raw: bytes) -> str | None:
    """Why the workbook would unpack to too much (each part and all of them, as the zip declares:
    zipfile never inflates a part past its declared size), or None; checked before openpyxl reads it."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            parts = archive.infolist()
    except Exception:  # not a zip: openpyxl says so (not-a-workbook)
        return None
    if len(parts) > MAX_PARTS:
        return f"the workbook holds {len(parts):,} parts; the limit is {MAX_PARTS:,}"
    for part in parts:
        limit = MAX_STYLES_BYTES if part.filename == "xl/styles.xml" else MAX_PART_BYTES
        if part.file_size > limit:
            return f"part {quote(part.filename)} unpacks to {part.file_size:,} bytes; the limit is {limit:,}"
    total = sum(part.file_size for part in parts)
    if total > MAX_UNPACKED_BYTES:
        return f"the workbook unpacks to {total:,} bytes; the limit is {MAX_UNPACKED_BYTES:,}"
    return None


def _read_sheet(path: str, wb: Any, tree: Tree, result: Imported) -> None:
    from openpyxl.utils import get_column_letter

    def problem(row: int, col: int, code: str, message: str) -> None:
        cell = f"{SHEET}!{get_column_letter(col)}{row}"
        result.diagnostics.append(error(path, row, col, code, f"{cell}: {message}"))

    if SHEET not in wb.sheetnames:
        result.diagnostics.append(
            error(path, 1, 1, "not-a-questionnaire", f"no sheet named {SHEET!r}: not a livescore questionnaire")
        )
        return
    ws = wb[SHEET]
    if not hasattr(ws, "iter_rows"):  # a chart sheet
        result.diagnostics.append(
            error(
                path,
                1,
                1,
                "not-a-questionnaire",
                f"sheet {SHEET!r} is a chart sheet, not a worksheet: not a livescore questionnaire",
            )
        )
        return
    limit = max(MAX_ROWS, FIRST_ROW + len(tree.paths))
    declared = ws.max_row  # the sheet's <dimension ref>, when it has one
    if declared is not None and declared > limit:
        result.diagnostics.append(
            error(
                path, 1, 1, "too-many-rows", f"sheet {SHEET!r} declares {declared:,} rows; a questionnaire has at most {limit:,}"
            )
        )
        return
    grid: dict[int, tuple[Any, ...]] = {}
    row_number = 0
    failure = ""
    try:  # rows past the limit are never parsed, whatever the dimension says
        for row_number, cells in enumerate(ws.iter_rows(min_row=1, max_row=limit + 1, max_col=NOTE_COL), start=1):
            if any(c.value is not None for c in cells):
                grid[row_number] = cells
    except Exception as exc:  # openpyxl's parser: malformed XML, a number past int's digit limit...
        failure = type(exc).__name__
    if failure:
        _release_sheet_file()
        message = f"cannot read row {row_number + 1} of sheet {SHEET!r}: {failure}"
        result.diagnostics.append(error(path, row_number + 1, 1, "not-a-workbook", message))
        return
    if limit + 1 in grid:
        problem(limit + 1, 1, "too-many-rows", f"a questionnaire has at most {limit:,} rows")
        return

    def cell(row: int, col: int) -> Any:
        cells = grid.get(row)
        return cells[col - 1] if cells is not None and col <= len(cells) else None

    def text(row: int, col: int) -> str | None:
        found = cell(row, col)
        if found is None or found.value is None:
            return None
        if found.data_type == "f":
            problem(row, col, "formula", "formulas are not accepted: type the value")
            return None
        value = str(found.value).strip()
        if len(value) > MAX_TEXT:
            problem(row, col, "invalid-length", f"text longer than {MAX_TEXT} characters")
            return None
        return value or None

    reported = len(result.diagnostics)
    vendor_id = text(*ID_CELL)
    if len(result.diagnostics) == reported and (
        vendor_id is None or not re.fullmatch(KEBAB_ID, vendor_id) or len(vendor_id) > 64
    ):
        problem(*ID_CELL, "invalid-id", "vendor id must be lowercase letters, digits and hyphens (e.g. aurora-live)")
    result.vendor_id = vendor_id
    reported = len(result.diagnostics)
    result.name = text(*NAME_CELL)
    if not result.name and len(result.diagnostics) == reported:
        problem(*NAME_CELL, "missing-key", "the vendor name is empty")
    rows: dict[str, int] = {}
    for row in sorted(r for r in grid if r >= FIRST_ROW):
        indicator = cell(row, 1).value
        if indicator is None:
            continue
        if not isinstance(indicator, str) or indicator not in tree.index:
            problem(
                row, 1, "unknown-indicator", f"{quote(indicator)} is not an indicator of {tree.id} (was the path column edited?)"
            )
            continue
        if indicator in rows:
            problem(row, 1, "duplicate-key", f"{indicator} appears twice (first on row {rows[indicator]})")
            continue
        rows[indicator] = row
        result.questions += 1
        answer = cell(row, ANSWER_COL)
        if answer is None or answer.value is None or (isinstance(answer.value, str) and not answer.value.strip()):
            continue
        if answer.data_type == "f":
            problem(row, ANSWER_COL, "formula", "formulas are not accepted: type the value")
            continue
        ind = tree.indicators[tree.index[indicator]]
        value, why = parse_answer(ind, answer.value)
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
    for row, col, code, message in _model_problems(result, tree, rows):
        problem(row, col, code, message)


def _model_problems(result: Imported, tree: Tree, rows: dict[str, int]) -> list[tuple[int, int, str, str]]:
    """What the vendor model (model/vendor.py) would refuse in the file `import` writes, at its cell:
    the same limits `validate` applies (name length, answer and list lengths), one record per cell."""
    from pydantic import ValidationError

    from livescore.model.vendor import Vendor

    data = {"kind": "vendor", "id": "x", "name": result.name or "x", "indicator_set": tree.id, "evidence": result.evidence}
    try:
        Vendor.model_validate(data)
        return []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    columns = {"value": ANSWER_COL, "source": SOURCE_COL, "note": NOTE_COL}
    found: dict[tuple[int, int], tuple[str, str]] = {}
    for err in errors:
        loc = err["loc"]
        if loc[:1] == ("name",):
            place, label = NAME_CELL, "the vendor name"
        elif loc[:1] == ("evidence",) and len(loc) >= 3 and loc[1] in rows and loc[2] in columns:
            place, label = (rows[str(loc[1])], columns[str(loc[2])]), f"{loc[1]}: {loc[2]}"
        else:
            place, label = NAME_CELL, "the vendor file"
        ctx = err.get("ctx") or {}
        if err["type"] == "string_too_long":
            record = ("invalid-length", f"{label} is longer than {ctx.get('max_length')} characters")
        elif err["type"] == "too_long":
            record = ("invalid-length", f"{label} has more than {ctx.get('max_length')} items")
        else:
            record = ("invalid-value", f"{label}: {cut(str(err['msg']))}")
        if place not in found or record[0] == "invalid-length":
            found[place] = record
    return [(row, col, code, message) for (row, col), (code, message) in found.items()]


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
            number = str(text)
            if len(number) <= MAX_NUMBER_TEXT and (_PLAIN_NUMBER.fullmatch(number) or _GROUPED_NUMBER.fullmatch(number)):
                return float(number.replace(",", "")), None
            return None, f"expected a number ({ind.unit or 'no unit'}); a comma only groups thousands (1,000,000)"
        case OrdinalIndicator():
            if isinstance(text, float) and text.is_integer():
                return int(text), None
            if isinstance(text, int) and not isinstance(text, bool):
                return text, None
            head = str(text).split("=")[0].strip()
            if _LEVEL.fullmatch(head):
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
