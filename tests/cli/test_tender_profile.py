"""Profiles of a Chinese public tender (docs/contracts.md, "China public procurement (综合评分法)"):
the procurement kinds and their price-weight ranges, the price formula, fixed-price procurement and
the SME deduction's range; each rule names the article it implements."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import RunFn

Write = Callable[[str, str], Path]


def profile(write_yaml: Write, body: str, name: str = "tender.yaml") -> Path:
    return write_yaml(name, "kind: weight-profile\nid: tender\nindicator_set: enterprise-live-2022\n" + body)


@pytest.mark.parametrize(
    ("procurement", "weight", "code"),
    [
        ("cn-tos-goods", 29, "procurement-floor"),
        ("cn-tos-goods", 30, None),
        ("cn-tos-goods", 60, None),
        ("cn-tos-goods", 61, "procurement-range"),
        ("cn-tos-services", 9.5, "procurement-floor"),
        ("cn-tos-services", 10, None),
        ("cn-tos-services", 30, None),
        ("cn-tos-services", 31, "procurement-range"),
        ("cn-gp-services", 90, None),
    ],
)  # fmt: skip
def test_competitive_negotiation_price_weight_range_art_24(
    run: RunFn, write_yaml: Write, procurement: str, weight: float, code: str | None
) -> None:
    """竞争性磋商采购方式管理暂行办法 Art. 24: goods 30-60 %, services 10-30 %; 87号令 Art. 55 sets only floors."""
    p = profile(write_yaml, f"procurement: {procurement}\nprice:\n  weight: {weight}\n")
    status, _, err = run("validate", p)
    if code is None:
        assert status == 0, err
    else:
        assert status == 1
        assert f"{p}:6:11: error[{code}]" in err, err
        assert ("Art. 24" if procurement.startswith("cn-tos") else "Art. 55") in err


@pytest.mark.parametrize("procurement", ["cn-gp-goods", "cn-gp-services", "cn-tos-goods", "cn-tos-services"])
def test_linear_formula_is_refused_under_every_cn_procurement_art_55(run: RunFn, write_yaml: Write, procurement: str) -> None:
    p = profile(write_yaml, f"procurement: {procurement}\nprice:\n  weight: 30\n  formula: linear\n")
    status, _, err = run("validate", p)
    assert status == 1
    assert f"{p}:7:12: error[procurement-formula]" in err, err
    assert "Art. 55" in err


def test_linear_formula_stays_allowed_outside_public_procurement(run: RunFn, write_yaml: Write) -> None:
    status, _, err = run("validate", profile(write_yaml, "price:\n  weight: 30\n  formula: linear\n"))
    assert status == 0, err


def test_an_inherited_linear_formula_is_refused_at_the_procurement(run: RunFn, write_yaml: Write) -> None:
    profile(write_yaml, "price: {weight: 30, formula: linear}\n", name="base.yaml")
    child = profile(write_yaml, "extends: [base.yaml]\nprocurement: cn-gp-services\n")
    status, _, err = run("validate", child)
    assert status == 1
    assert f"{child}:5:14: error[procurement-formula]" in err, err


def test_fixed_price_procurement_has_no_price_factor_art_55(run: RunFn, write_yaml: Write) -> None:
    """87号令 Art. 55: 采用固定价格采购的项目，价格不列为评审因素 — no weight, no floor, no bids needed."""
    p = profile(write_yaml, "procurement: cn-gp-services\nprice: {fixed: true}\n")
    status, _, err = run("validate", p)
    assert status == 0, err
    status, out, err = run("rank", "vendors", "-w", p, "-f", "json")
    assert status == 0, err
    data = json.loads(out)
    assert data["price"] is None
    assert all(v["price_score"] is None for v in data["vendors"])
    assert all(v["score"] == pytest.approx(v["quality"]) for v in data["vendors"])


def test_fixed_price_with_a_weight_is_an_error(run: RunFn, write_yaml: Write) -> None:
    p = profile(write_yaml, "procurement: cn-gp-services\nprice:\n  fixed: true\n  weight: 30\n")
    status, _, err = run("validate", p)
    assert status == 1
    assert f"{p}:7:11: error[fixed-price]" in err, err


def test_a_price_rule_needs_a_weight_unless_fixed(run: RunFn, write_yaml: Write) -> None:
    status, _, err = run("validate", profile(write_yaml, "price: {formula: lowest-bid}\n"))
    assert status == 1
    assert "needs `weight`" in err, err


@pytest.mark.parametrize(("deduction", "ok"), [(0.05, False), (0.10, True), (0.2, True), (0.25, False), (0, True)])
def test_sme_deduction_between_10_and_20_percent_art_9(run: RunFn, write_yaml: Write, deduction: float, ok: bool) -> None:
    """政府采购促进中小企业发展管理办法 Art. 9 with 财库〔2022〕19号: 小微企业 price deduction 10-20 %."""
    p = profile(write_yaml, f"procurement: cn-gp-services\nprice:\n  weight: 30\n  sme_deduction: {deduction}\n")
    status, _, err = run("validate", p)
    if ok:
        assert status == 0, err
    else:
        assert status == 1
        assert f"{p}:7:18: error[sme-deduction]" in err, err


def test_points_must_be_positive(run: RunFn, write_yaml: Write) -> None:
    status, _, err = run("validate", profile(write_yaml, "points: {total: 0, decimals: 2}\n"))
    assert status == 1
    assert "error[" in err and ":4:" in err
