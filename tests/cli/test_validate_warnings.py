"""`validate`'s set warnings (docs/contracts.md, "Diagnostic codes": `weight-sum`): sibling weights that
sum to nearly, but not exactly, a round total are flagged at every level of the tree, at the start of the list
that holds them (its first item); exact sums, far-off sums and single children are not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from livescore.cli import app

SET = """\
kind: indicator-set
id: sums
version: "1"
title: {{en: Sums}}
dimensions:
  - id: a
    name: {{en: A}}
    weight: {dim_a}
    groups:
      - id: g1
        name: {{en: G1}}
        weight: {group_1}
        indicators:
          - {{id: x, name: {{en: X}}, provenance: test, kind: boolean, weight: {ind_x}}}
          - {{id: y, name: {{en: Y}}, provenance: test, kind: boolean, weight: 50}}
      - id: g2
        name: {{en: G2}}
        weight: 50
        indicators:
          - {{id: z, name: {{en: Z}}, provenance: test, kind: boolean}}
  - id: b
    name: {{en: B}}
    weight: 50
    groups:
      - id: g1
        name: {{en: G1}}
        indicators:
          - {{id: w, name: {{en: W}}, provenance: test, kind: boolean}}
"""


def weight_sums(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **weights: int) -> list[tuple[int, str]]:
    monkeypatch.setenv("LIVESCORE_NO_CACHE", "1")
    values = {"dim_a": 50, "group_1": 50, "ind_x": 50} | weights
    path = tmp_path / "sums.yaml"
    path.write_text(SET.format(**values), encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(path), "-f", "json"])
    assert result.exit_code == 0, result.stdout
    found = json.loads(result.stdout)["diagnostics"]
    assert all(d["severity"] == "warning" for d in found)
    return [(d["line"], d["message"]) for d in found if d["code"] == "weight-sum"]


def test_exact_sums_warn_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert weight_sums(tmp_path, monkeypatch) == []


def test_dimensions_summing_to_99(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert weight_sums(tmp_path, monkeypatch, dim_a=49) == [(6, "dimension weights sum to 99; did you mean 100?")]


def test_groups_summing_to_99(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert weight_sums(tmp_path, monkeypatch, group_1=49) == [(10, "a: group weights sum to 99; did you mean 100?")]


def test_indicators_summing_to_101(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    found = weight_sums(tmp_path, monkeypatch, ind_x=51)
    assert found == [(14, "a.g1: indicator weights sum to 101; did you mean 100?")]


def test_far_off_sums_are_a_choice_not_a_slip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert weight_sums(tmp_path, monkeypatch, dim_a=30, group_1=20, ind_x=10) == []
