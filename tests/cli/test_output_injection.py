"""Output injection (docs/contracts.md, "Hostile input"): vendor files and file names cannot make a
text diagnostic or a table a GitHub workflow command, a Markdown report a link or a mention, a CSV
cell a formula, or a workbook corrupt."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import FULL_EVIDENCE, RunFn
from livescore.diagnostics import error
from livescore.sanitize import clean_terminal, neutralise_formula, no_workflow_command, xml_safe


def vendor(folder: Path, vendor_id: str, name: str, **extra: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    data = {"kind": "vendor", "id": vendor_id, "name": name, "indicator_set": "tiny-set", "evidence": dict(FULL_EVIDENCE)}
    data.update(extra)
    path = folder / f"{vendor_id}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# 1. GitHub workflow commands ------------------------------------------------------------------


def test_text_diagnostic_never_starts_with_a_workflow_command(run: RunFn, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "::error file=README.md::x.yaml").write_text("kind: vendor\nid: [\n", encoding="utf-8")
    code, _, err = run("validate", folder, cwd=folder)
    assert code == 1
    lines = err.splitlines()
    assert lines and not any(line.lstrip().startswith("::") for line in lines), err
    assert any("::error file=README.md::x.yaml:" in line and "error[yaml-syntax]" in line for line in lines)


@pytest.mark.parametrize("path", ["::warning::x.yaml", "  ::add-mask::x.yaml", "\n::error::x.yaml"])
def test_diagnostic_text_escapes_a_command_path(path: str) -> None:
    line = error(path, 1, 1, "yaml-syntax", "bad").text()
    assert not line.lstrip().startswith("::")
    assert "\n" not in line


def test_no_workflow_command_leaves_ordinary_lines() -> None:
    assert no_workflow_command("vendors/a.yaml:1:1: error[x]: m") == "vendors/a.yaml:1:1: error[x]: m"
    assert no_workflow_command("::error::x") == "./::error::x"


def test_table_cells_cannot_hold_a_workflow_command_or_escapes(run: RunFn, tiny_set: Callable[..., Path], tmp_path: Path) -> None:
    name = "::error file=README.md::owned \x1b[31mred\x1b]8;;http://evil\x07 \u202eevil"
    vendor(tmp_path / "v", "evil", name)
    code, out, err = run("rank", "-i", tiny_set(), tmp_path / "v", env={"COLUMNS": "40"})
    assert code == 0, err
    assert "::" not in out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out


def test_clean_terminal_breaks_double_colons_and_controls() -> None:
    assert "::" not in clean_terminal("a ::error:: b")
    assert clean_terminal("\x1b[2J") == "\ufffd[2J"


# 2. Markdown autolinks, mentions, metacharacters ----------------------------------------------------

MD_HOSTILE = [
    "https://evil.example/login",
    "see www.evil.example now",
    "HTTP://EVIL.EXAMPLE",
    "ping @octo-org/everyone",
    "a|b [c] <d> *e* _f_ `g` &amp;",
]


def test_markdown_names_do_not_autolink(run: RunFn, tiny_set: Callable[..., Path], tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    for n, name in enumerate(MD_HOSTILE):
        vendor(tmp_path / "v", f"v{n}", name)
    code, out, err = run("rank", "-i", tiny_set(), "-f", "markdown", tmp_path / "v")
    assert code == 0, err
    assert not re.search(r"[a-z]://|\bwww\.", out, re.IGNORECASE)  # no scheme or www. GitHub would autolink
    assert "@o" not in out
    rendered = MarkdownIt("commonmark", {"linkify": False}).enable("table").render(out)
    assert "<a " not in rendered and "<d>" not in rendered and "<em>" not in rendered and "<code>g" not in rendered
    assert "&amp;amp;" in rendered  # the entity is shown, not decoded
    body = rendered.split("<tbody>")[1].split("</tbody>")[0]
    assert all(tr.count("<td") == 6 for tr in body.split("<tr>")[1:])
    shown = body.replace("\u200b", "")
    for name in MD_HOSTILE[:4]:
        assert name.replace("&", "&amp;") in shown


# 4. CSV formulas behind newlines, full-width signs and invisible characters -----------------------

FORMULA_STARTS = [
    "\n=1+1",
    "\uff1d1+1",
    "\uff0b1",
    "\uff0d1",
    "\uff20SUM(A1)",
    *[ch + "=1+1" for ch in "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u202a\u202b\u202c\u202d\u202e"],
    "\u200b\u200b\u202e@SUM(A1)",
]


@pytest.mark.parametrize("value", FORMULA_STARTS, ids=[f"{ord(v[0]):04x}" for v in FORMULA_STARTS])
def test_neutralise_formula_sees_hidden_starts(value: str) -> None:
    assert neutralise_formula(value) == "'" + value


@pytest.mark.parametrize("value", ["Alpha", "1+1", "\u200bAlpha", "name = x", ""])
def test_neutralise_formula_leaves_plain_text(value: str) -> None:
    assert neutralise_formula(value) == value


def test_csv_cells_hidden_formulas(run: RunFn, tiny_set: Callable[..., Path], tmp_path: Path) -> None:
    for n, name in enumerate(FORMULA_STARTS):
        vendor(tmp_path / "v", f"v{n}", name)
    code, out, err = run("rank", "-i", tiny_set(), "-f", "csv", tmp_path / "v")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == len(FORMULA_STARTS)
    assert all(r["name"].startswith("'") for r in rows), [r["name"] for r in rows]


# 6. XML-illegal characters in workbooks ---------------------------------------------------------


def test_xml_safe_replaces_noncharacters() -> None:
    assert xml_safe("a\ufffeb\uffffc\x01d\ud800") == "a\ufffdb\ufffdc\ufffdd\ufffd"
    assert xml_safe("tab\tnl\ncr\r ok 中文") == "tab\tnl\ncr\r ok 中文"


def test_xlsx_report_with_noncharacters_is_a_valid_workbook(run: RunFn, tiny_set: Callable[..., Path], tmp_path: Path) -> None:
    from openpyxl import load_workbook

    evidence: dict[str, Any] = dict(FULL_EVIDENCE)
    evidence["prod.core.flag"] = {"value": True, "source": "BADSOURCE", "note": "BADNOTE"}
    path = vendor(tmp_path / "v", "nonchar", "BADNAME", evidence=evidence)
    text = path.read_text(encoding="utf-8")
    for token, escaped in [("BADNAME", "Bad \\uFFFE\\uFFFF name"), ("BADSOURCE", "s\\uFFFE"), ("BADNOTE", "n\\uFFFF")]:
        text = text.replace(token, f'"{escaped}"')
    path.write_text(text, encoding="utf-8")
    folder = path.parent
    target = tmp_path / "out.xlsx"
    code, _, err = run("rank", "-i", tiny_set(), "-f", "xlsx", "-o", target, folder)
    assert code == 0, err
    with zipfile.ZipFile(target) as z:
        for name in z.namelist():
            data = z.read(name).decode("utf-8")
            assert "\ufffe" not in data and "\uffff" not in data, name
    wb = load_workbook(target)  # a parseable workbook
    names = {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert "Bad \ufffd\ufffd name" in names


def test_tree_table_cleans_dimension_and_group_names(run: RunFn, tiny_set: Callable[..., Path]) -> None:
    from helpers import TINY_SET_YAML

    text = TINY_SET_YAML.replace("name: {en: Product, zh: 产品}", 'name: {en: "::error::P \\e[2J\\e]0;t\\a", zh: 产品}')
    text = text.replace("name: {en: Core}", 'name: {en: "C \\e[31m"}')
    assert text != TINY_SET_YAML
    code, out, err = run("tree", "-i", tiny_set(text), "--lang", "en")
    assert code == 0, err
    assert "\x1b" not in out and "\x07" not in out and "::" not in out, out
    assert "error" in out and "\ufffd[2J" in out
