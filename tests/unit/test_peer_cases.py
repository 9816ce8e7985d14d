"""Peers' published cases (tests/cases/peers/README.md), each turned into livescore's own files and
checked through the public interfaces only: `weights ahp -f json`, `weights ahp -o`, `livescore.rank`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

import livescore
from helpers import REPO, invoke

PEERS = REPO / "tests" / "cases" / "peers"
CASES = sorted(PEERS.glob("*.yaml"))


def _case(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def _indicator(node: str, target: float) -> dict[str, Any]:
    return {"id": node, "name": {"en": node}, "provenance": "peer case", "kind": "numeric", "floor": 0, "target": target}


def _write_set(tmp: Path, dimensions: list[dict[str, Any]]) -> Path:
    tree = {"kind": "indicator-set", "id": "peer-case", "version": "1.0", "title": {"en": "Peer case"}, "dimensions": dimensions}
    path = tmp / "set.yaml"
    path.write_text(yaml.safe_dump(tree, sort_keys=False), encoding="utf-8")
    return path


def _items_set(tmp: Path, items: list[str]) -> Path:
    """One dimension per compared item (each with one group and one indicator scored 0-1)."""
    return _write_set(
        tmp,
        [
            {"id": item, "name": {"en": item}, "groups": [{"id": "g", "name": {"en": "g"}, "indicators": [_indicator("v", 1)]}]}
            for item in items
        ],
    )


def _ahp(tmp: Path, set_path: Path, judgements: list[list[Any]], *args: str) -> dict[str, Any]:
    ahp = {"kind": "ahp", "indicator_set": "peer-case", "parent": "", "method": "eigenvector", "judgements": judgements}
    path = tmp / "judgements.yaml"
    path.write_text(yaml.safe_dump(ahp, sort_keys=False), encoding="utf-8")
    code, out, err = invoke("weights", "ahp", path, "-i", set_path, "-f", "json", *args)
    assert code == 0, err
    result: dict[str, Any] = json.loads(out)
    return result


def _vendor(tmp: Path, vendor_id: str, evidence: dict[str, float]) -> Path:
    kebab = vendor_id.replace("_", "-")
    data = {"kind": "vendor", "id": kebab, "name": vendor_id, "indicator_set": "peer-case", "evidence": evidence}
    path = tmp / f"{vendor_id}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_the_corpus_has_every_kind() -> None:
    kinds = {_case(path)["kind"] for path in CASES}
    assert kinds == {"ahp", "topsis", "hierarchy"}
    assert all(_case(path).get("source") and _case(path).get("peer") for path in CASES)


@pytest.mark.parametrize("path", [p for p in CASES if _case(p)["kind"] == "ahp"], ids=lambda p: p.stem)
def test_ahp_case(path: Path, tmp_path: Path) -> None:
    case = _case(path)
    expected, tolerance = case["expected"], case["tolerance"]
    result = _ahp(tmp_path, _items_set(tmp_path, case["items"]), case["judgements"])
    assert result["weights"] == pytest.approx(expected["weights"], abs=tolerance)
    for key in ("lambda_max", "ci", "cr"):
        if key in expected:
            assert result[key] == (None if expected[key] is None else pytest.approx(expected[key], abs=tolerance)), key


@pytest.mark.parametrize("path", [p for p in CASES if _case(p)["kind"] == "topsis"], ids=lambda p: p.stem)
def test_topsis_case(path: Path, tmp_path: Path) -> None:
    case = _case(path)
    criteria: dict[str, float] = case["criteria"]
    alternatives: dict[str, list[float]] = case["alternatives"]
    column_max = {c: max(row[j] for row in alternatives.values()) for j, c in enumerate(criteria)}
    indicators = [{**_indicator(c, column_max[c]), "weight": w} for c, w in criteria.items()]
    group = {"id": "g", "name": {"en": "g"}, "indicators": indicators}
    set_path = _write_set(tmp_path, [{"id": "d", "name": {"en": "d"}, "groups": [group]}])
    vendors = [_vendor(tmp_path, a, {f"d.g.{c}": row[j] for j, c in enumerate(criteria)}) for a, row in alternatives.items()]
    ranked = livescore.rank([str(v) for v in vendors], indicators=str(set_path), method="topsis").to_dict()["vendors"]
    closeness = {v["name"]: v["score"] / 100 for v in ranked}
    assert closeness == pytest.approx(case["expected"]["closeness"], abs=case["tolerance"])
    assert [v["name"] for v in ranked] == case["expected"]["ranking"]


@pytest.mark.parametrize("path", [p for p in CASES if _case(p)["kind"] == "hierarchy"], ids=lambda p: p.stem)
def test_hierarchy_case(path: Path, tmp_path: Path) -> None:
    """Criteria weights by `weights ahp -o` into a profile, each criterion's priorities of the alternatives
    by `weights ahp -f json`, the alternatives ranked by `livescore.rank`: scores = global priorities x 100."""
    case = _case(path)
    criteria = _case(PEERS / case["criteria"])
    alternatives: list[str] = case["alternatives"]
    local: dict[str, dict[str, float]] = {}
    for criterion, judgements in case["ratings"].items():
        folder = tmp_path / criterion
        folder.mkdir()
        local[criterion] = _ahp(folder, _items_set(folder, alternatives), judgements)["weights"]
    set_path = _items_set(tmp_path, criteria["items"])
    profile = tmp_path / "profile.yaml"
    _ahp(tmp_path, set_path, criteria["judgements"], "-o", str(profile))
    vendors = [_vendor(tmp_path, a, {f"{c}.g.v": local[c][a] for c in criteria["items"]}) for a in alternatives]
    ranked = livescore.rank([str(v) for v in vendors], indicators=str(set_path), weights=str(profile)).to_dict()["vendors"]
    scores = {v["name"]: v["score"] / 100 for v in ranked}
    assert scores == pytest.approx(case["expected"]["global"], abs=case["tolerance"])
    assert [v["name"] for v in ranked] == sorted(alternatives, key=lambda a: -case["expected"]["global"][a])
