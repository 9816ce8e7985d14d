"""The checked-in JSON Schemas are generated from the models and the default set, and accept the shipped files."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from helpers import REPO
from livescore.cli import app
from livescore.load.strict_yaml import parse_bytes
from livescore.records.kinds import FILE_KINDS

SCHEMAS = REPO / "src" / "livescore" / "data" / "schemas"
KINDS = list(FILE_KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_checked_in_schema_matches_generated(kind: str) -> None:
    result = CliRunner().invoke(app, ["schema", kind])
    assert result.exit_code == 0, result.stderr
    checked_in = (SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert result.stdout == checked_in, (
        f"regenerate: livescore schema {kind} > src/livescore/data/schemas/{kind}.schema.json && python tools/sync_data.py"
    )


def _data(path: Path) -> object:
    doc, diagnostics = parse_bytes(path.read_bytes(), str(path))
    assert doc is not None, diagnostics
    return doc.data


@pytest.mark.parametrize(
    ("kind", "paths"),
    [
        ("vendor", sorted((REPO / "vendors").glob("*.yaml"))),
        ("weight-profile", sorted((REPO / "examples").glob("*.yaml"))),
        ("indicator-set", [REPO / "indicators" / "enterprise-live-2022.yaml"]),
        ("evaluation", sorted((REPO / "examples" / "evaluations").glob("*.yaml"))),
    ],
)
def test_shipped_files_satisfy_schema(kind: str, paths: list[Path]) -> None:
    schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    checked = 0
    for path in paths:
        data = _data(path)
        if not isinstance(data, dict) or data.get("kind") != kind:
            continue
        errors = sorted(validator.iter_errors(data), key=str)
        assert not errors, f"{path}: {errors[0].message}"
        checked += 1
    assert checked >= 1


def test_vendor_schema_flags_typo_and_wrong_type() -> None:
    schema = json.loads((SCHEMAS / "vendor.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    base = {"kind": "vendor", "id": "x", "name": "X", "indicator_set": "enterprise-live-2022"}
    typo = {**base, "evidence": {"technology.scale.max_concurent_viewers": 1000}}
    wrong = {**base, "evidence": {"product.pre_live.viral_referral": "true"}}
    good = {**base, "evidence": {"product.pre_live.viral_referral": {"value": True, "source": "demo"}}}
    assert list(validator.iter_errors(typo))
    assert list(validator.iter_errors(wrong))
    assert not list(validator.iter_errors(good))


def test_tender_committee_and_evaluations_satisfy_their_set_schema() -> None:
    """Committee and evaluation schemas name the set in use: the tender's files satisfy the tender set's."""
    tender = REPO / "examples" / "tender"
    for kind in ("committee", "evaluation"):
        result = CliRunner().invoke(app, ["schema", kind, "-i", str(tender / "tender-set.yaml")])
        assert result.exit_code == 0, result.stderr
        validator = jsonschema.Draft202012Validator(json.loads(result.stdout))
        files = [p for p in sorted((tender / "committee").glob("*.yaml")) if _data(p).get("kind") == kind]  # type: ignore[attr-defined]
        assert files
        for path in files:
            errors = sorted(validator.iter_errors(_data(path)), key=str)
            assert not errors, f"{path}: {errors[0].message}"
        wrong = {**_data(files[0]), "indicator_set": "enterprise-live-2022"}  # type: ignore[dict-item]
        assert list(validator.iter_errors(wrong))


def test_evaluation_schema_flags_typo_and_wrong_type() -> None:
    validator = jsonschema.Draft202012Validator(json.loads((SCHEMAS / "evaluation.schema.json").read_text(encoding="utf-8")))
    base = {"kind": "evaluation", "indicator_set": "enterprise-live-2022", "evaluator": "ann"}
    good = {**base, "scores": {"acme": {"product.pre_live.viral_referral": True, "product.fit.ease_of_use": {"value": 3}}}}
    typo = {**base, "scores": {"acme": {"product.pre_live.viral_referal": True}}}
    wrong = {**base, "scores": {"acme": {"product.pre_live.viral_referral": "yes"}}}
    no_value = {**base, "scores": {"acme": {"product.pre_live.viral_referral": {"verified": True}}}}
    assert not list(validator.iter_errors(good))
    for bad in (typo, wrong, no_value):
        assert list(validator.iter_errors(bad)), bad
