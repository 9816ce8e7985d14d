"""Questionnaires for vendors, built from the indicator tree: a commented YAML file that is a valid
vendor file once filled in, or an XLSX workbook with one row per indicator, dropdowns and protected
question columns. `livescore import` reads the workbook back (load/questionnaire.py)."""

from __future__ import annotations

import io
from typing import Any, assert_never

import yaml

from livescore.load.strict_yaml import plain_is_string
from livescore.records.indicators import (
    AnyIndicator,
    BooleanIndicator,
    ChoiceIndicator,
    NumericIndicator,
    OrdinalIndicator,
    SetIndicator,
)
from livescore.records.tree import Tree
from livescore.records.values import render_value
from livescore.records.workbook import ANSWER_COL, COLUMNS, FIRST_ROW, ID_CELL, LABEL_COL, NAME_CELL, NOTE_COL, SHEET, SOURCE_COL


def allowed(ind: AnyIndicator, *, yaml: bool = False) -> str:
    """What a vendor may answer, in words (both languages where the set has them); ``yaml``: as
    written in a vendor file (a set is a YAML list there, comma-separated in a workbook cell)."""
    match ind:
        case BooleanIndicator():
            return "true / false"
        case NumericIndicator():
            better = "higher is better" if ind.direction == "higher" else "lower is better"
            lo, hi = ind.bounds or (None, None)
            valid = f"; valid {render_value(lo) if lo is not None else '-∞'}..{render_value(hi) if hi is not None else '∞'}"
            anchors = f"{render_value(ind.floor)} scores 0, {render_value(ind.target)} full"
            if ind.bands is not None:
                sign = ">=" if ind.direction == "higher" else "<="
                anchors = ", ".join(f"{sign} {render_value(t)} scores {render_value(v)}" for t, v in ind.bands) + ", else 0"
            return f"a number ({ind.unit or 'no unit'}), {better}: {anchors}{valid if ind.bounds else ''}"
        case OrdinalIndicator():
            levels = []
            for level, text in sorted(ind.levels.items()):
                words = text if isinstance(text, str) else " / ".join(t for t in (text.zh, text.en) if t)
                levels.append(f"{level} = {words}")
            return "one level: " + "; ".join(levels)
        case ChoiceIndicator():
            return "one of: " + ", ".join(_option_text(ind, o) for o in ind.options)
        case SetIndicator():
            options = ", ".join(_option_text(ind, o) for o in ind.options)
            if yaml:
                return f"a list of any of: {options}; e.g. value: [{', '.join(ind.options[:2])}]"
            return "any of (comma-separated): " + options
        case _ as unreachable:
            assert_never(unreachable)
    raise AssertionError(ind)


def _option_text(ind: ChoiceIndicator | SetIndicator, option: str) -> str:
    label = (ind.labels or {}).get(option)
    if label is None:
        return option
    words = " / ".join(t for t in (label.zh, label.en) if t)
    return f"{option} ({words})"


def template_yaml(tree: Tree, paths: list[str]) -> str:
    """A vendor file to fill in: every question as comments above its evidence entry."""
    lines = [
        f"# Vendor questionnaire · {tree.spec.title.zh or ''} {tree.spec.title.en or ''}".rstrip(),
        f"# Indicator set {tree.id} {tree.spec.version}. Fill in `value` for every question you can evidence and",
        "# say where the claim comes from in `source` (document, page, date). Leave `value: null` when you have no",
        "# evidence: that is scored as missing, never as a guess. Check your file with: livescore validate FILE",
        "# 请填写每项的 value（可证明的能力）与 source（资料名称、页码、日期）；无法证明的请保留 null。",
        "kind: vendor",
        "id: your-company            # lowercase letters, digits and hyphens / 英文小写短横线标识",
        'name: "公司名称 Company name"',
        f"indicator_set: {tree.id}",
        '# price: {amount: 480000, currency: CNY, period: "3 years", note: "what the price includes"}',
        "evidence:",
    ]
    wanted = set(paths)
    index = 0
    for dim in tree.spec.dimensions:
        dim_lines = [f"  # ── {dim.name.zh or ''} {dim.name.en or ''} ──".replace("  ──", " ──")]
        for group in dim.groups:
            for ind in group.indicators:
                path = tree.paths[index]
                index += 1
                if path not in wanted:
                    continue
                dim_lines.append(f"  # {ind.name.zh or ''} / {ind.name.en or ''}".replace("  / ", " / "))
                if isinstance(ind, OrdinalIndicator):
                    dim_lines.append(f"  #   {ind.kind}: one level:")
                    dim_lines += [f"  #     {part}" for part in allowed(ind).removeprefix("one level: ").split("; ")]
                else:
                    dim_lines.append(f"  #   {ind.kind}: {allowed(ind, yaml=True)}")
                dim_lines.append(f"  {path}: {{value: null, source: null}}")
        if len(dim_lines) > 1:
            lines += dim_lines
    return "\n".join(lines) + "\n"


def template_xlsx(tree: Tree, paths: list[str]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    from livescore.render.xlsx_cells import fit_columns, put

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    put(
        ws,
        1,
        1,
        f"Vendor questionnaire · {tree.id} {tree.spec.version} · 请在黄色单元格作答 (answer in the yellow cells)",
        bold=True,
    )
    put(ws, ID_CELL[0], LABEL_COL, "Vendor id (a-z, 0-9, -)", bold=True)
    put(ws, NAME_CELL[0], LABEL_COL, "Vendor name 公司名称", bold=True)
    answer_fill = PatternFill("solid", fgColor="FFF4C2")
    for row, col in (ID_CELL, NAME_CELL):
        ws.cell(row=row, column=col).protection = Protection(locked=False)
        ws.cell(row=row, column=col).fill = answer_fill
    for col, name in enumerate(COLUMNS, start=1):
        put(ws, FIRST_ROW - 1, col, name, bold=True)
        ws.cell(row=FIRST_ROW - 1, column=col).fill = PatternFill("solid", fgColor="DDE7F0")
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=2)
    validations: dict[str, DataValidation] = {}
    by_path = dict(zip(tree.paths, tree.indicators, strict=True))
    dims = {d.id: d for d in tree.spec.dimensions}
    groups = {f"{d.id}.{g.id}": g for d in tree.spec.dimensions for g in d.groups}
    for row, path in enumerate(paths, start=FIRST_ROW):
        ind = by_path[path]
        dim = dims[path.split(".")[0]]
        group = groups[path.rpartition(".")[0]]
        cells = [path, dim.name.get("zh"), group.name.get("zh"), ind.name.zh, ind.name.en, ind.kind,
                 getattr(ind, "unit", None), allowed(ind)]  # fmt: skip
        for col, value in enumerate(cells, start=1):
            put(ws, row, col, value)
        ws.cell(row=row, column=8).alignment = Alignment(wrap_text=True, vertical="top")
        for col in (ANSWER_COL, SOURCE_COL, NOTE_COL):
            ws.cell(row=row, column=col).protection = Protection(locked=False)
            ws.cell(row=row, column=col).fill = answer_fill
        rule = _validation(ind)
        if rule is not None:
            key = repr(rule)
            if key not in validations:
                validations[key] = DataValidation(**rule, allow_blank=True, showErrorMessage=True)
                ws.add_data_validation(validations[key])
            validations[key].add(ws.cell(row=row, column=ANSWER_COL))
    fit_columns(ws, cap=48)
    ws.column_dimensions["H"].width = 60
    ws.protection.sheet = True  # question columns are locked; answers, sources and notes are not
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _validation(ind: AnyIndicator) -> dict[str, Any] | None:
    match ind:
        case BooleanIndicator():
            return {"type": "list", "formula1": '"true,false"'}
        case OrdinalIndicator():
            return {"type": "list", "formula1": '"' + ",".join(str(k) for k in sorted(ind.levels)) + '"'}
        case ChoiceIndicator():
            joined = ",".join(ind.options)
            return {"type": "list", "formula1": f'"{joined}"'} if len(joined) < 250 else None
        case NumericIndicator():
            lo, hi = ind.bounds or (None, None)
            if lo is not None and hi is not None:
                return {"type": "decimal", "operator": "between", "formula1": render_value(lo), "formula2": render_value(hi)}
            if lo is not None:
                return {"type": "decimal", "operator": "greaterThanOrEqual", "formula1": render_value(lo)}
            return {"type": "decimal"}
        case SetIndicator():
            return None  # several options per answer: a single-choice dropdown would refuse them
        case _ as unreachable:
            assert_never(unreachable)


class _Dumper(yaml.SafeDumper):
    """Quotes every string that livescore's YAML 1.2 reader would take for a number, bool or null."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = None if plain_is_string(value) else "'"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def vendor_yaml(vendor_id: str, name: str, indicator_set: str, evidence: dict[str, dict[str, Any]]) -> str:
    """An imported vendor file; PyYAML quotes any string that a YAML reader could take for another type."""
    data = {"kind": "vendor", "id": vendor_id, "name": name, "indicator_set": indicator_set, "evidence": evidence}
    header = "# Imported from a filled questionnaire by `livescore import`; check it with `livescore validate`.\n"
    return header + yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)
