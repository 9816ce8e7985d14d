"""Questionnaires out and back: template (YAML, XLSX) -> filled -> import -> rank."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from helpers import VENDORS, RunFn
from livescore.load.sets import load_tree
from livescore.load.vendors import load_vendor_file, vendor_from


def test_yaml_template_is_a_valid_vendor_file_with_every_question(run: RunFn, tmp_path: Path) -> None:
    out = tmp_path / "q.yaml"
    code, _, stderr = run("template", "-f", "yaml", "-o", str(out))
    assert code == 0, stderr
    text = out.read_text(encoding="utf-8")
    tree, _ = load_tree(None)
    assert tree is not None
    for path in tree.paths:
        assert f"  {path}: {{value: null, source: null}}" in text
    assert "品牌视觉呈现" in text and "Fully bespoke room" in text  # names and ordinal anchors guide the vendor
    code, _, stderr = run("validate", str(out))
    assert code == 0, stderr


def test_template_under_profile_lists_only_weighted_indicators(run: RunFn, tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(
        "kind: weight-profile\nid: p\nindicator_set: enterprise-live-2022\nweights:\n  ecosystem: 0\n  product.fit: 0\n",
        encoding="utf-8",
    )
    out = tmp_path / "q.yaml"
    code, _, stderr = run("template", "-f", "yaml", "-w", str(profile), "-o", str(out))
    assert code == 0, stderr
    text = out.read_text(encoding="utf-8")
    assert "ecosystem." not in text and "product.fit." not in text
    assert "security.data_security.deployment_mode" in text


def _xlsx_template(run: RunFn, tmp_path: Path) -> Path:
    out = tmp_path / "q.xlsx"
    code, _, stderr = run("template", "-f", "xlsx", "-o", str(out))
    assert code == 0, stderr
    return out


def test_xlsx_template_rows_dropdowns_and_protection(run: RunFn, tmp_path: Path) -> None:
    wb = load_workbook(_xlsx_template(run, tmp_path))
    ws = wb["Questionnaire"]
    assert ws.protection.sheet is True
    paths = [ws.cell(row=r, column=1).value for r in range(6, ws.max_row + 1)]
    tree, _ = load_tree(None)
    assert tree is not None
    assert paths == tree.paths  # one row per indicator, stable paths in tree order
    row = 6 + tree.paths.index("product.pre_live.viral_referral")
    assert ws.cell(row=row, column=1).protection.locked is True  # the question is locked
    assert ws.cell(row=row, column=9).protection.locked is False  # the answer is not
    assert ws["B2"].protection.locked is False
    formulas = {dv.formula1 for dv in ws.data_validations.dataValidation}
    assert '"true,false"' in formulas  # boolean dropdown
    assert '"0,1,2,3,4,5"' in formulas  # ordinal levels
    assert '"business_hours,extended,round_the_clock"' in formulas  # choice options
    covered = " ".join(str(dv.sqref) for dv in ws.data_validations.dataValidation)
    assert f"I{row}" in covered


def _fill(
    template: Path, target: Path, answers: dict[str, object], vendor_id: str = "filled-vendor", name: str = "填好的 Vendor"
) -> Path:
    wb = load_workbook(template)
    ws = wb["Questionnaire"]
    ws["B2"] = vendor_id
    ws["B3"] = name
    for r in range(6, ws.max_row + 1):
        path = ws.cell(row=r, column=1).value
        if path in answers:
            ws.cell(row=r, column=9).value = answers[path]  # type: ignore[assignment]
            ws.cell(row=r, column=10).value = "1e6"  # a source that looks like a number must stay text
    wb.save(target)
    return target


ANSWERS: dict[str, object] = {
    "product.pre_live.viral_referral": "true",
    "product.pre_live.brand_customization": 4,
    "technology.scale.max_concurrent_viewers": 500000,
    "technology.realtime.low_latency_ms": "650",
    "security.data_security.deployment_mode": "public_saas, private",
    "service.operations.support_hours": "round_the_clock",
    "security.content_compliance.sensitive_word_filter": "是",
}


def test_round_trip_template_fill_import_rank(run: RunFn, tmp_path: Path) -> None:
    filled = _fill(_xlsx_template(run, tmp_path), tmp_path / "filled.xlsx", ANSWERS)
    vendor = tmp_path / "filled-vendor.yaml"
    code, _, stderr = run("import", str(filled), "-o", str(vendor))
    assert code == 0, stderr
    tree, _ = load_tree(None)
    assert tree is not None
    record, diagnostics = vendor_from(load_vendor_file(str(vendor)), tree, detail=True)
    assert record is not None, diagnostics
    assert record.entries is not None
    values = {p: e.value for p, e in record.entries.items()}
    assert values == {
        "product.pre_live.viral_referral": True,
        "product.pre_live.brand_customization": 4,
        "technology.scale.max_concurrent_viewers": 500000,
        "technology.realtime.low_latency_ms": 650.0,
        "security.data_security.deployment_mode": ["public_saas", "private"],
        "service.operations.support_hours": "round_the_clock",
        "security.content_compliance.sensitive_word_filter": True,
    }
    assert {e.source for e in record.entries.values()} == {"1e6"}
    code, stdout, stderr = run("rank", *VENDORS, str(vendor), "-f", "json")
    assert code == 0, stderr
    ranked = {v["id"]: v for v in json.loads(stdout)["vendors"]}
    assert ranked["filled-vendor"]["name"] == "填好的 Vendor"
    assert 0 < ranked["filled-vendor"]["score"] < 100


@pytest.mark.parametrize(
    ("path", "answer", "code"),
    [
        ("technology.realtime.low_latency_ms", -5, "out-of-bounds"),
        ("technology.realtime.low_latency_ms", "fast", "type"),
        ("product.pre_live.brand_customization", 9, "ordinal-level"),
        ("security.data_security.deployment_mode", "private, moon_base", "unknown-option"),
        ("product.pre_live.viral_referral", "maybe", "type"),
        ("product.pre_live.viral_referral", "=1+1", "formula"),
    ],
)
def test_bad_answer_is_reported_at_its_cell(run: RunFn, tmp_path: Path, path: str, answer: object, code: str) -> None:
    filled = _fill(_xlsx_template(run, tmp_path), tmp_path / "filled.xlsx", {path: answer})
    tree, _ = load_tree(None)
    assert tree is not None
    row = 6 + tree.paths.index(path)
    out = tmp_path / "v.yaml"
    exit_code, _, stderr = run("import", str(filled), "-o", str(out))
    assert exit_code == 1
    assert f"{filled}:{row}:9: error[{code}]: Questionnaire!I{row}:" in stderr
    assert "Traceback" not in stderr
    assert not out.exists()


def test_bad_vendor_id_and_not_a_workbook(run: RunFn, tmp_path: Path) -> None:
    filled = _fill(_xlsx_template(run, tmp_path), tmp_path / "filled.xlsx", {}, vendor_id="Not An Id")
    code, _, stderr = run("import", str(filled), "-o", str(tmp_path / "v.yaml"))
    assert code == 1 and "Questionnaire!B2" in stderr and "error[invalid-id]" in stderr
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a zip")
    code, _, stderr = run("import", str(junk), "-o", str(tmp_path / "v.yaml"))
    assert code == 1 and "error[not-a-workbook]" in stderr
    code, _, _ = run("import", str(tmp_path / "missing.xlsx"), "-o", str(tmp_path / "v.yaml"))
    assert code == 2
