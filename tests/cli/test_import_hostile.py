"""`import` of hostile workbooks (docs/contracts.md, "Hostile input"): every case exits 1 with a
located diagnostic, never a traceback, and the bounds (parts, unpacked bytes, rows) are applied
before openpyxl builds anything large."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook, load_workbook

from helpers import TINY_SET_YAML, RunFn
from livescore.load import questionnaire
from livescore.load.questionnaire import MAX_PART_BYTES, MAX_ROWS, MAX_STYLES_BYTES, MAX_UNPACKED_BYTES

FIRST = 6  # the first indicator row of the tiny set's template: flag, viewers, ease, channels, support
ROW = {"flag": 6, "viewers": 7, "ease": 8, "channels": 9, "support": 10}
LOCATED = re.compile(r"^\S.*:\d+:\d+: error\[[a-z-]+\]: ", re.MULTILINE)


@pytest.fixture
def template(run: RunFn, tiny_set: Callable[..., Path], tmp_path: Path) -> Callable[..., Path]:
    set_path = tiny_set()

    def make(name: str = "filled.xlsx", answers: dict[str, object] | None = None, **cells: object) -> Path:
        blank = tmp_path / "blank.xlsx"
        if not blank.exists():
            code, _, err = run("template", "-i", set_path, "-f", "xlsx", "-o", blank)
            assert code == 0, err
        wb = load_workbook(blank)
        ws = wb["Questionnaire"]
        ws["B2"], ws["B3"] = "hostile-vendor", "Hostile Vendor"
        for key, value in {**(answers or {}), **cells}.items():
            if key in ROW:
                ws.cell(row=ROW[key], column=9).value = value  # type: ignore[assignment]
            else:
                ws[key] = value  # type: ignore[assignment]
        target = tmp_path / name
        wb.save(target)
        return target

    return make


def import_(run: RunFn, tiny_set: Callable[..., Path], workbook: Path) -> tuple[int, str, str]:
    return run("import", "-i", tiny_set(), workbook, "-o", workbook.with_suffix(".yaml"))


def refused(result: tuple[int, str, str], code: str, where: str | None = None) -> str:
    status, _, err = result
    assert status == 1, err
    assert "Traceback" not in err
    assert LOCATED.search(err), err
    assert f"error[{code}]" in err, err
    if where is not None:
        assert where in err, err
    return err


def rewrite_part(path: Path, part: str, change: Callable[[str], str]) -> Path:
    """The workbook with one XML part changed (what openpyxl would refuse to write)."""
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    parts[part] = change(parts[part].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


SHEET_XML = "xl/worksheets/sheet1.xml"


# answers -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "answer", ["²", "٣", "9" * 5000, "3.5", "-1"], ids=["superscript", "arabic", "5000-digits", "fraction", "negative"]
)
def test_ordinal_answer_that_is_not_a_level(
    run: RunFn, tiny_set: Callable[..., Path], template: Callable[..., Path], answer: str
) -> None:
    refused(import_(run, tiny_set, template(ease=answer)), "type", "Questionnaire!I8:")


def test_ordinal_level_text_still_reads(run: RunFn, tiny_set: Callable[..., Path], template: Callable[..., Path]) -> None:
    workbook = template(ease="3 = good")
    code, _, err = import_(run, tiny_set, workbook)
    assert code == 0, err
    assert yaml.safe_load(workbook.with_suffix(".yaml").read_text(encoding="utf-8"))["evidence"]["prod.core.ease"]["value"] == 3


def test_number_cell_of_5000_digits(run: RunFn, tiny_set: Callable[..., Path], template: Callable[..., Path]) -> None:
    workbook = rewrite_part(template(viewers=123457), SHEET_XML, lambda xml: xml.replace("<v>123457</v>", f"<v>{'9' * 5000}</v>"))
    refused(import_(run, tiny_set, workbook), "not-a-workbook", ":7:1:")


@pytest.mark.parametrize("answer", ["1,5", "1,50,0", ",5", "1_000", "nan", "inf", "1e999999", "１２"])
def test_numeric_answer_that_is_not_a_number(
    run: RunFn, tiny_set: Callable[..., Path], template: Callable[..., Path], answer: str
) -> None:
    refused(import_(run, tiny_set, template(viewers=answer)), "type", "Questionnaire!I7:")


@pytest.mark.parametrize(
    ("answer", "value"), [("1,000,000", 1_000_000), ("12,345.5", 12345.5), ("-2,000", -2000), ("5e5", 500_000)]
)
def test_numeric_answer_with_thousands_separators(
    run: RunFn, tiny_set: Callable[..., Path], template: Callable[..., Path], answer: str, value: float
) -> None:
    workbook = template(viewers=answer)
    code, _, err = import_(run, tiny_set, workbook)
    if value < 0:  # bounds [0, null]: read as a number, then refused as out of bounds
        refused((code, "", err), "out-of-bounds", "Questionnaire!I7:")
        return
    assert code == 0, err
    assert (
        yaml.safe_load(workbook.with_suffix(".yaml").read_text(encoding="utf-8"))["evidence"]["prod.core.viewers"]["value"]
        == value
    )


def test_vendor_name_over_the_model_limit(run: RunFn, tiny_set: Callable[..., Path], template: Callable[..., Path]) -> None:
    err = refused(import_(run, tiny_set, template(B3="N" * 1500)), "invalid-length", "Questionnaire!B3:")
    assert "200" in err
    assert "missing-key" not in err


def test_choice_answer_over_the_model_limit(run: RunFn, tiny_set: Callable[..., Path], template: Callable[..., Path]) -> None:
    refused(import_(run, tiny_set, template(support="x" * 500)), "unknown-option", "Questionnaire!I10:")


def test_import_writes_what_validate_accepts(run: RunFn, tiny_set: Callable[..., Path], template: Callable[..., Path]) -> None:
    workbook = template(B3="N" * 200, viewers="1,000", J7="s" * 2000, K7="n" * 2000)
    code, _, err = import_(run, tiny_set, workbook)
    assert code == 0, err
    code, _, err = run("validate", "-i", tiny_set(), workbook.with_suffix(".yaml"))
    assert code == 0, err


def test_unknown_indicator_is_quoted_short(run: RunFn, tiny_set: Callable[..., Path], template: Callable[..., Path]) -> None:
    err = refused(import_(run, tiny_set, template(A12="p" * 1500)), "unknown-indicator", "Questionnaire!A12:")
    assert "p" * 80 in err and "p" * 81 not in err


# sheets ------------------------------------------------------------------------------------------


def test_chart_sheet_named_questionnaire(run: RunFn, tiny_set: Callable[..., Path], tmp_path: Path) -> None:
    from openpyxl.chart import BarChart, Reference

    wb = Workbook()
    data = wb.active
    assert data is not None
    data.append([1])
    sheet = wb.create_chartsheet("Questionnaire")
    chart = BarChart()
    chart.add_data(Reference(data, min_col=1, min_row=1, max_row=1))
    sheet.add_chart(chart)
    path = tmp_path / "chart.xlsx"
    wb.save(path)
    refused(import_(run, tiny_set, path), "not-a-questionnaire", "chart sheet")


def test_chart_sheet_openpyxl_cannot_read(run: RunFn, tiny_set: Callable[..., Path], tmp_path: Path) -> None:
    """A chart sheet without a chart (no rels part) makes openpyxl itself fail: still one located error."""
    wb = Workbook()
    wb.create_chartsheet("Questionnaire")
    path = tmp_path / "chart.xlsx"
    wb.save(path)
    refused(import_(run, tiny_set, path), "not-a-workbook", ":1:1:")


def test_cell_on_row_20_million(run: RunFn, tiny_set: Callable[..., Path], template: Callable[..., Path]) -> None:
    workbook = rewrite_part(
        template(),
        SHEET_XML,
        lambda xml: xml.replace(
            "</sheetData>", '<row r="20000000"><c r="A20000000" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
        ),
    )
    workbook = rewrite_part(
        workbook, SHEET_XML, lambda xml: re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:K20000000"/>', xml)
    )
    refused(import_(run, tiny_set, workbook), "too-many-rows", f"{MAX_ROWS:,}")


@pytest.mark.parametrize("row", [MAX_ROWS + 1, 1_048_576])
def test_rows_past_the_limit_behind_a_small_dimension(
    run: RunFn, tiny_set: Callable[..., Path], template: Callable[..., Path], row: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A dimension that lies: the rows read stop at the limit (the next one is an error; later ones are never parsed)."""
    workbook = rewrite_part(
        template(),
        SHEET_XML,
        lambda xml: xml.replace(
            "</sheetData>", f'<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
        ),
    )
    visited: list[int] = []
    original = questionnaire._read_sheet

    def spy(path: str, wb: object, tree: object, result: object) -> None:
        ws = wb["Questionnaire"]  # type: ignore[index]
        iter_rows = ws.iter_rows

        def counting(*args: object, **kwargs: object) -> object:
            visited.append(int(kwargs["max_row"]))  # type: ignore[call-overload]
            return iter_rows(*args, **kwargs)

        ws.iter_rows = counting
        original(path, wb, tree, result)  # type: ignore[arg-type]

    monkeypatch.setattr(questionnaire, "_read_sheet", spy)
    from livescore.load.sets import load_tree

    tree, _ = load_tree(str(tiny_set()))
    assert tree is not None
    result = questionnaire.read_workbook(str(workbook), tree)
    assert visited == [MAX_ROWS + 1]
    codes = [d.code for d in result.diagnostics]
    if row == MAX_ROWS + 1:
        assert codes == ["too-many-rows"]
        assert result.diagnostics[0].line == MAX_ROWS + 1
    else:
        assert codes == []  # never parsed: the answers above still import
        assert result.vendor_id == "hostile-vendor"


# inflation ---------------------------------------------------------------------------------------


def add_parts(path: Path, sizes: list[int]) -> Path:
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        for n, size in enumerate(sizes):
            z.writestr(f"xl/media/filler{n}.bin", b"\0" * size)
    return path


def test_part_that_inflates_past_the_limit(run: RunFn, tiny_set: Callable[..., Path], template: Callable[..., Path]) -> None:
    workbook = add_parts(template(), [MAX_PART_BYTES + 1])
    assert workbook.stat().st_size < MAX_PART_BYTES // 100  # a small file that would inflate
    refused(import_(run, tiny_set, workbook), "workbook-too-large", "filler0.bin")


def test_parts_that_inflate_past_the_total(run: RunFn, tiny_set: Callable[..., Path], template: Callable[..., Path]) -> None:
    count = MAX_UNPACKED_BYTES // MAX_PART_BYTES + 1
    workbook = add_parts(template(), [MAX_PART_BYTES] * count)
    refused(import_(run, tiny_set, workbook), "workbook-too-large", f"{MAX_UNPACKED_BYTES:,}")


def test_large_shared_string_part(run: RunFn, tiny_set: Callable[..., Path], template: Callable[..., Path]) -> None:
    workbook = template()
    with zipfile.ZipFile(workbook) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    big = b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
    parts["xl/sharedStrings.xml"] = big + b"A" * (MAX_PART_BYTES + 1) + b"</t></si></sst>"
    with zipfile.ZipFile(workbook, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    refused(import_(run, tiny_set, workbook), "workbook-too-large", "sharedStrings.xml")


def test_large_styles_part(run: RunFn, tiny_set: Callable[..., Path], template: Callable[..., Path]) -> None:
    workbook = rewrite_part(template(), "xl/styles.xml", lambda xml: xml + " " * MAX_STYLES_BYTES)
    refused(import_(run, tiny_set, workbook), "workbook-too-large", "styles.xml")


def test_not_a_zip(run: RunFn, tiny_set: Callable[..., Path], tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"PK\x03\x04 not really")
    refused(import_(run, tiny_set, path), "not-a-workbook")


# XML-illegal characters in questionnaire workbooks -----------------------------------------------


def test_template_from_names_with_noncharacters_is_a_valid_workbook(
    run: RunFn, tiny_set: Callable[..., Path], tmp_path: Path
) -> None:
    text = TINY_SET_YAML.replace("name: {en: A flag}", 'name: {en: "A \\uFFFE flag \\uFFFF"}')
    assert text != TINY_SET_YAML
    out = tmp_path / "q.xlsx"
    code, _, err = run("template", "-i", tiny_set(text), "-f", "xlsx", "-o", out)
    assert code == 0, err
    with zipfile.ZipFile(out) as z:
        assert all("\ufffe" not in z.read(n).decode("utf-8") and "\uffff" not in z.read(n).decode("utf-8") for n in z.namelist())
    ws = load_workbook(out)["Questionnaire"]
    assert any(c.value == "A \ufffd flag \ufffd" for row in ws.iter_rows() for c in row)


def test_import_says_how_many_questions_were_left_unanswered(
    run: RunFn, tiny_set: Callable[..., Path], template: Callable[..., Path]
) -> None:
    """The tiny set's template asks 8 questions; two answered leave six unanswered (scored as missing)."""
    workbook = template(flag="yes", viewers=5000)
    code, _, err = import_(run, tiny_set, workbook)
    assert code == 0, err
    assert f"wrote {workbook.with_suffix('.yaml')}: 2 of 8 questions answered, 6 unanswered (scored as missing evidence)" in err
