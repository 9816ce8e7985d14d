"""Scoring through the command line (docs/contracts.md, "Scoring"): hand-computed totals, the missing-evidence
policies, coverage, requirements (gates) and ties as `rank -f json` and the table report them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from helpers import FULL_EVIDENCE, RunFn, by_id, evidence, rank_json

# ---------------------------------------------------------------- policies, coverage


def test_cli_scores_match_hand_computation(run: RunFn, tiny_set: Callable[..., Path], write_vendor: Callable[..., Path]) -> None:
    v = write_vendor("full", FULL_EVIDENCE)
    data = rank_json(run, tiny_set(), v)
    (vendor,) = data["vendors"]
    core = (1 * 1 + 1 * (2 / 3) + 2 * 0.75) / 4  # flag, viewers 1e5 on log 1e3..1e6, ease 3/4
    extra = (2 / 3 + 0.5) / 2  # channels 2 of 3, support business_hours
    prod = (2 * core + extra) / 3
    tech = ((600 / 1680) + 0.5 + 1 / 3) / 3  # resolution 1080, latency 2000, deployment 1 of 3
    assert vendor["dimensions"]["prod"] == pytest.approx(prod * 100)
    assert vendor["dimensions"]["tech"] == pytest.approx(tech * 100)
    assert vendor["score"] == pytest.approx((0.6 * prod + 0.4 * tech) * 100)
    assert vendor["quality"] == vendor["score"]
    assert vendor["coverage"] == pytest.approx(1.0)
    assert data["missing"] == "zero"


def test_cli_exclude_gives_null_dimension(run: RunFn, tiny_set: Callable[..., Path], write_vendor: Callable[..., Path]) -> None:
    v = write_vendor("half", {"prod.core.flag": True, "prod.extra.support": "round_the_clock"})
    data = rank_json(run, tiny_set(), "--missing", "exclude", v)
    (vendor,) = data["vendors"]
    assert data["missing"] == "exclude"
    assert vendor["dimensions"] == {"prod": pytest.approx(100.0), "tech": None}
    assert vendor["score"] == pytest.approx(100.0)
    assert vendor["coverage"] == pytest.approx(0.2)
    code, out, err = run("rank", "-i", tiny_set(), "--missing", "exclude", v)
    assert code == 0 and err == ""
    assert "—" in out


def test_cli_exclude_vendor_without_evidence_scores_zero_with_a_warning(
    run: RunFn, tiny_set: Callable[..., Path], write_vendor: Callable[..., Path]
) -> None:
    empty = write_vendor("empty", {})
    full = write_vendor("full", FULL_EVIDENCE)
    code, out, err = run("rank", "-i", tiny_set(), "-f", "json", "--missing", "exclude", empty, full)
    assert code == 0
    vendors = by_id(json.loads(out))
    assert vendors["empty"]["score"] == 0.0
    assert vendors["empty"]["dimensions"] == {"prod": None, "tech": None}
    assert vendors["empty"]["rank"] == 2
    assert f"{empty}:" in err and "warning[no-evidence]" in err
    assert "full.yaml" not in err


def test_cli_missing_fail_reports_each_missing_indicator(
    run: RunFn, tiny_set: Callable[..., Path], write_vendor: Callable[..., Path], write_profile: Callable[..., Path]
) -> None:
    v = write_vendor("gappy", evidence(viewers=None, support=None, latency_ms=None))
    code, out, err = run("rank", "-i", tiny_set(), "--missing", "fail", v)
    assert code == 1
    assert out == ""
    lines = [ln for ln in err.splitlines() if "error[missing-evidence]" in ln]
    assert len(lines) == 3
    assert all(ln.startswith(f"{v}:") for ln in lines)
    for path in ("prod.core.viewers", "prod.extra.support", "tech.perf.latency_ms"):
        assert any(path in ln for ln in lines)
    # a zero-weight indicator may be missing; the profile's `missing: fail` applies without --missing
    p = write_profile(weights={"prod.core.viewers": 0}, missing="fail")
    code, _, err = run("rank", "-i", tiny_set(), "-w", p, v)
    assert code == 1
    assert err.count("error[missing-evidence]") == 2
    assert "prod.core.viewers" not in err
    # with every weighted indicator present the run succeeds
    p2 = write_profile(
        "ok-profile", weights={"prod.core.viewers": 0, "prod.extra.support": 0, "tech.perf.latency_ms": 0}, missing="fail"
    )
    code, out, err = run("rank", "-i", tiny_set(), "-w", p2, "-f", "json", v)
    assert code == 0, err
    assert json.loads(out)["missing"] == "fail"


def test_cli_missing_option_overrides_profile(
    run: RunFn, tiny_set: Callable[..., Path], write_vendor: Callable[..., Path], write_profile: Callable[..., Path]
) -> None:
    v = write_vendor("gappy", evidence(viewers=None))
    p = write_profile(missing="fail")
    data = rank_json(run, tiny_set(), "-w", p, "--missing", "zero", v)
    assert data["missing"] == "zero"
    assert data["profile"] == "test-profile"


def test_cli_coverage_ignores_zero_weight_indicators(
    run: RunFn, tiny_set: Callable[..., Path], write_vendor: Callable[..., Path], write_profile: Callable[..., Path]
) -> None:
    v = write_vendor("some", {"prod.core.ease": 4, "prod.core.flag": True})
    p = write_profile(weights={"prod.core.ease": 0})
    (vendor,) = rank_json(run, tiny_set(), "-w", p, v)["vendors"]
    assert vendor["coverage"] == pytest.approx(0.2)
    (vendor,) = rank_json(run, tiny_set(), v)["vendors"]
    assert vendor["coverage"] == pytest.approx(0.3)


REQUIREMENT_CASES = [
    ({"indicator": "prod.core.viewers", "min": 100000}, {"viewers": 100000}, {"viewers": 99999}, "min 100000", 99999),
    ({"indicator": "tech.perf.resolution", "min": 1080.5}, {"resolution": 1081}, {"resolution": 1080}, "min 1080.5", 1080),
    ({"indicator": "tech.perf.latency_ms", "max": 2000}, {"latency_ms": 2000}, {"latency_ms": 2500}, "max 2000", 2500),
    ({"indicator": "prod.core.ease", "min": 3}, {"ease": 3}, {"ease": 2}, "min 3", 2),
    ({"indicator": "prod.core.ease", "max": 1}, {"ease": 0}, {"ease": 4}, "max 1", 4),
    ({"indicator": "prod.core.flag", "equals": True}, {"flag": True}, {"flag": False}, "equals true", False),
    ({"indicator": "prod.core.flag", "equals": False}, {"flag": False}, {"flag": True}, "equals false", True),
    ({"indicator": "prod.core.ease", "equals": 2}, {"ease": 2}, {"ease": 3}, "equals 2", 3),
    (
        {"indicator": "prod.extra.support", "equals": "round_the_clock"},
        {"support": "round_the_clock"},
        {"support": "business_hours"},
        "equals round_the_clock",
        "business_hours",
    ),
    (
        {"indicator": "tech.perf.deployment", "includes": ["private"]},
        {"deployment": ["public_saas", "private"]},
        {"deployment": ["public_saas"]},
        "includes [private]",
        ["public_saas"],
    ),
    (
        {"indicator": "tech.perf.deployment", "includes": ["private", "hybrid"]},
        {"deployment": ["hybrid", "private"]},
        {"deployment": ["private"]},
        "includes [private, hybrid]",
        ["private"],
    ),
    (
        {"indicator": "prod.extra.support", "includes": ["business_hours", "round_the_clock"]},
        {"support": "business_hours"},
        {"support": "none"},
        "includes [business_hours, round_the_clock]",
        "none",
    ),
]


@pytest.mark.parametrize(
    ("requirement", "passing", "failing", "text", "failed_value"),
    REQUIREMENT_CASES,
    ids=[f"{c[0]['indicator']}-{c[3]}" for c in REQUIREMENT_CASES],
)
def test_requirement_operators(
    run: RunFn,
    tiny_set: Callable[..., Path],
    write_vendor: Callable[..., Path],
    write_profile: Callable[..., Path],
    requirement: dict[str, Any],
    passing: dict[str, Any],
    failing: dict[str, Any],
    text: str,
    failed_value: Any,
) -> None:
    p = write_profile(requirements=[requirement])
    ok = write_vendor("passes", evidence(**passing))
    bad = write_vendor("fails", evidence(**failing))
    data = rank_json(run, tiny_set(), "-w", p, bad, ok)
    assert [v["id"] for v in data["vendors"]] == ["passes", "fails"]
    good, failed = data["vendors"]
    assert (good["rank"], good["qualified"], good["failed_requirements"]) == (1, True, [])
    assert (failed["rank"], failed["qualified"]) == (None, False)
    assert failed["failed_requirements"] == [{"indicator": requirement["indicator"], "requirement": text, "value": failed_value}]
    assert failed["score"] is not None  # disqualified vendors are still scored


@pytest.mark.parametrize("policy", ["zero", "exclude"])
def test_missing_evidence_fails_a_gate(
    run: RunFn,
    tiny_set: Callable[..., Path],
    write_vendor: Callable[..., Path],
    write_profile: Callable[..., Path],
    policy: str,
) -> None:
    p = write_profile(
        requirements=[{"indicator": "prod.core.viewers", "min": 1}, {"indicator": "prod.core.flag", "equals": True}]
    )
    v = write_vendor("no-viewers", evidence(viewers=None, flag=None))
    (vendor,) = rank_json(run, tiny_set(), "-w", p, "--missing", policy, v)["vendors"]
    assert vendor["rank"] is None and vendor["qualified"] is False
    assert vendor["failed_requirements"] == [
        {"indicator": "prod.core.viewers", "requirement": "min 1", "value": None},
        {"indicator": "prod.core.flag", "requirement": "equals true", "value": None},
    ]


def test_gates_apply_to_zero_weight_indicators(
    run: RunFn, tiny_set: Callable[..., Path], write_vendor: Callable[..., Path], write_profile: Callable[..., Path]
) -> None:
    p = write_profile(weights={"prod.core.flag": 0}, requirements=[{"indicator": "prod.core.flag", "equals": True}])
    v = write_vendor("flagless", evidence(flag=False))
    (vendor,) = rank_json(run, tiny_set(), "-w", p, v)["vendors"]
    assert vendor["qualified"] is False
    assert vendor["failed_requirements"][0]["requirement"] == "equals true"


def test_failed_vendors_follow_qualified_ones_with_every_failure(
    run: RunFn, tiny_set: Callable[..., Path], write_vendor: Callable[..., Path], write_profile: Callable[..., Path]
) -> None:
    p = write_profile(
        requirements=[
            {"indicator": "tech.perf.deployment", "includes": ["private"]},
            {"indicator": "prod.core.viewers", "min": 100000},
            {"indicator": "prod.core.flag", "equals": True},
        ]
    )
    best = evidence(viewers=1000000, ease=4, channels=["web", "app", "mini"], support="round_the_clock", resolution=2160,
                    latency_ms=1000, deployment=["public_saas", "hybrid"])  # fmt: skip
    vendors = [
        write_vendor("star-but-public", best),  # the highest score, fails one gate
        write_vendor("weak-but-ok", evidence(ease=0, channels=[], support="none")),
        write_vendor("ok", FULL_EVIDENCE),
        write_vendor("fails-all", evidence(deployment=["hybrid"], viewers=5000, flag=False)),
    ]
    data = rank_json(run, tiny_set(), "-w", p, *vendors)
    rows = [(v["id"], v["rank"], v["qualified"]) for v in data["vendors"]]
    assert rows == [
        ("ok", 1, True),
        ("weak-but-ok", 2, True),
        ("star-but-public", None, False),
        ("fails-all", None, False),
    ]
    scores = by_id(data)
    assert scores["star-but-public"]["score"] > scores["ok"]["score"]
    assert [f["requirement"] for f in scores["fails-all"]["failed_requirements"]] == [
        "includes [private]",
        "min 100000",
        "equals true",
    ]
    assert [f["value"] for f in scores["fails-all"]["failed_requirements"]] == [["hybrid"], 5000, False]
    assert scores["star-but-public"]["failed_requirements"] == [
        {"indicator": "tech.perf.deployment", "requirement": "includes [private]", "value": ["public_saas", "hybrid"]}
    ]


def test_cli_ties_share_a_rank_and_list_by_id(
    run: RunFn, tiny_set: Callable[..., Path], write_vendor: Callable[..., Path]
) -> None:
    files = [
        write_vendor("zeta", FULL_EVIDENCE),
        write_vendor("low", evidence(flag=False)),
        write_vendor("alpha", FULL_EVIDENCE),
        write_vendor("top", evidence(ease=4)),
    ]
    data = rank_json(run, tiny_set(), *files)
    assert [(v["id"], v["rank"]) for v in data["vendors"]] == [("top", 1), ("alpha", 2), ("zeta", 2), ("low", 4)]
    code, out, _ = run("rank", "-i", tiny_set(), *files)
    assert code == 0
    ranks = [line.split()[0] for line in out.splitlines() if "Vendor " in line and line.split()[0].isdigit()]
    assert ranks == ["1", "2", "2", "4"]


def test_duplicate_vendor_id_is_an_error(run: RunFn, tiny_set: Callable[..., Path], write_vendor: Callable[..., Path]) -> None:
    first = write_vendor("same", FULL_EVIDENCE, filename="a.yaml")
    second = write_vendor("same", evidence(flag=False), filename="b.yaml")
    other = write_vendor("other", FULL_EVIDENCE)
    code, out, err = run("rank", "-i", tiny_set(), first, other, second)
    assert code == 1
    assert out == ""
    assert f"{second}:2:5: error[duplicate-vendor]" in err
    assert str(first) in err.split("duplicate-vendor")[1]
