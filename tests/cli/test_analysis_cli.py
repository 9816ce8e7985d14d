"""The analyst commands through the command line: `weights ahp` writes a profile that `rank` accepts and
reports incomplete, inconsistent or misplaced judgements; `rank --method topsis`; the `sensitivity -f json`
contract; `compare` and `profiles`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import REPO, VENDORS, RunFn

# ------------------------------------------------------------------ AHP


def _ahp_file(tmp_path: Path, judgements: str, parent: str = '""') -> str:
    path = tmp_path / "judgements.yaml"
    path.write_text(
        f"kind: ahp\nindicator_set: enterprise-live-2022\nparent: {parent}\njudgements:\n{judgements}", encoding="utf-8"
    )
    return str(path)


def test_ahp_cli_writes_profile_that_rank_accepts(run: RunFn, tmp_path: Path) -> None:
    out = tmp_path / "committee-weights.yaml"
    code, stdout, stderr = run("weights", "ahp", str(REPO / "examples" / "ahp-dimensions.yaml"), "-o", str(out), "-f", "json")
    assert code == 0, stderr
    data = json.loads(stdout)
    assert set(data) >= {"parent", "method", "weights", "lambda_max", "ci", "cr", "random_index", "most_inconsistent"}
    assert sum(data["weights"].values()) == pytest.approx(1.0)
    assert max(data["weights"], key=data["weights"].get) == "security"
    code, stdout, stderr = run("rank", *VENDORS, "-w", str(out), "-f", "json")
    assert code == 0, stderr
    assert json.loads(stdout)["profile"] == "committee-weights"


def test_ahp_incomplete_judgements_name_missing_pairs(run: RunFn, tmp_path: Path) -> None:
    path = _ahp_file(tmp_path, "  - [security, product, 3]\n  - [security, technology, 2]\n")
    code, _, stderr = run("weights", "ahp", path)
    assert code == 1
    assert "error[incomplete-judgements]" in stderr
    assert "product/technology" in stderr or "technology/product" in stderr


def test_ahp_inconsistent_judgements_warn(run: RunFn, tmp_path: Path) -> None:
    # The groups of `technology` (av_quality, realtime, scale, openness), judged in a circle.
    lines = (
        "  - [av_quality, realtime, 9]\n  - [realtime, scale, 9]\n  - [scale, av_quality, 9]\n"
        "  - [openness, av_quality, 1]\n  - [openness, realtime, 1]\n  - [openness, scale, 1]\n"
    )
    path = _ahp_file(tmp_path, lines, parent="technology")
    code, _, stderr = run("weights", "ahp", path)
    assert code == 0
    assert "warning[inconsistent]" in stderr and "consistency ratio" in stderr


def test_ahp_unknown_child_and_bad_ratio_are_located(run: RunFn, tmp_path: Path) -> None:
    path = _ahp_file(tmp_path, "  - [securty, product, 3]\n")
    code, _, stderr = run("validate", path)
    assert code == 1 and "error[unknown-child]" in stderr and ":5:" in stderr
    path = _ahp_file(tmp_path, "  - [security, product, 10]\n")
    code, _, stderr = run("validate", path)
    assert code == 1 and "1/9, 9" in stderr


# ------------------------------------------------------------------ TOPSIS


def test_rank_topsis_method_cli(run: RunFn) -> None:
    code, stdout, stderr = run("rank", *VENDORS, "--method", "topsis", "-f", "json")
    assert code == 0, stderr
    data = json.loads(stdout)
    assert data["method"] == "topsis"
    scores = [v["score"] for v in data["vendors"]]
    assert all(0 <= s <= 100 for s in scores) and scores == sorted(scores, reverse=True)
    code, _, stderr = run("rank", *VENDORS, "--method", "topsis", "--missing", "exclude")
    assert code == 2 and "topsis" in stderr


def test_topsis_disqualified_get_no_score(run: RunFn) -> None:
    code, stdout, _ = run(
        "rank", *VENDORS, "--method", "topsis", "-w", str(REPO / "examples" / "securities-firm.yaml"), "-f", "json"
    )
    assert code == 0
    for v in json.loads(stdout)["vendors"]:
        assert (v["score"] is None) == (not v["qualified"])


# ------------------------------------------------------------------ SMAA, break-even


def test_sensitivity_cli_json_contract(run: RunFn) -> None:
    code, stdout, stderr = run("sensitivity", *VENDORS, "--samples", "2000", "--seed", "5", "-f", "json")
    assert code == 0, stderr
    data = json.loads(stdout)
    assert {"samples", "seed", "level", "mode", "concentration", "vendors", "break_even"} <= set(data)
    assert data["samples"] == 2000 and data["seed"] == 5 and data["level"] == "group" and data["mode"] == "dirichlet"
    for v in data["vendors"]:
        assert {"id", "p_first", "mean_rank", "rank_interval", "rank_acceptability", "central_weights"} <= set(v)
    for b in data["break_even"]:
        assert 0 <= b["holds_from"] <= b["weight"] <= b["holds_to"] <= 1
    code, _, stderr = run("sensitivity", *VENDORS, "--uniform", "--concentration", "5")
    assert code == 2
    code, stdout, _ = run("sensitivity", *VENDORS, "--samples", "500", "--level", "dimension")
    assert code == 0 and "Break-even" in stdout and "P(first)" in stdout


# ------------------------------------------------------------------ compare, profiles


def test_compare_orders_by_spread_and_reports_every_vendor(run: RunFn) -> None:
    code, stdout, stderr = run("compare", VENDORS[0], VENDORS[1], "--detail", "-f", "json")
    assert code == 0, stderr
    data = json.loads(stdout)
    assert len(data["vendors"]) == 2
    for level in ("dimension", "group", "indicator"):
        spreads = [r["spread"] for r in data["rows"] if r["level"] == level]
        assert spreads == sorted(spreads, reverse=True) and spreads
    code, _, _ = run("compare", VENDORS[0])
    assert code == 2


def test_profiles_lists_default(run: RunFn) -> None:
    code, stdout, _ = run("profiles", "-f", "json")
    assert code == 0
    names = [p["name"] for p in json.loads(stdout)]
    assert names[0] == "default"
