"""Price against quality (docs/contracts.md, "Price and procurement floors", "Scoring" ranking, "`rank -f json`"
top-level `price`): lowest-bid and linear price scores, the mixed final score, vendors without a price,
mismatched bids, tie-breaking by the lower bid (87号令 Art. 57), procurement floors and the price-weight
warning."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from helpers import FULL_EVIDENCE, RunFn, by_id, evidence, rank_json

PRICE_KEYS = {"formula", "weight", "benchmark", "currency", "period", "sme_deduction", "ceiling", "abnormal_low"}


def bid(amount: float, currency: str = "CNY", period: str | None = "3 years") -> dict[str, Any]:
    out: dict[str, Any] = {"amount": amount, "currency": currency}
    if period is not None:
        out["period"] = period
    return out


@pytest.fixture
def priced_profile(write_yaml: Callable[[str, str], Path]) -> Callable[..., Path]:
    """Factory: a tiny-set profile with `price: {weight, formula}` and optional extras."""

    def make(
        weight: float = 30,
        formula: str = "lowest-bid",
        *,
        requirements: str = "",
        extra: str = "",
        name: str = "profile-priced.yaml",
    ) -> Path:
        text = (
            f"kind: weight-profile\nid: priced\nindicator_set: tiny-set\nprice: {{weight: {weight}, formula: {formula}}}\n{extra}"
        )
        if requirements:
            text += "requirements:\n" + requirements
        return write_yaml(name, text)

    return make


FLAG_GATE = "  - indicator: prod.core.flag\n    equals: true\n"


# ---------------------------------------------------------------- formulas


def test_lowest_bid_benchmark_ignores_a_cheaper_disqualified_vendor(
    run: RunFn, tiny_set: Callable[..., Path], write_vendor: Callable[..., Path], priced_profile: Callable[..., Path]
) -> None:
    p = priced_profile(30, "lowest-bid", requirements=FLAG_GATE)
    files = [
        write_vendor("cheap-but-out", evidence(flag=False), price=bid(50_000)),  # cheapest, fails the gate
        write_vendor("low", FULL_EVIDENCE, price=bid(100_000)),
        write_vendor("mid", FULL_EVIDENCE, price=bid(160_000)),
        write_vendor("high", FULL_EVIDENCE, price=bid(400_000)),
    ]
    data = rank_json(run, tiny_set(), "-w", p, *files)
    assert data["price"]["benchmark"] == pytest.approx(100_000)
    v = by_id(data)
    assert v["cheap-but-out"]["qualified"] is False
    assert v["low"]["price_score"] == pytest.approx(100.0)  # the benchmark vendor scores 100
    assert v["mid"]["price_score"] == pytest.approx(100_000 / 160_000 * 100)
    assert v["high"]["price_score"] == pytest.approx(25.0)
    assert [x["id"] for x in data["vendors"]] == ["low", "mid", "high", "cheap-but-out"]
    assert [x["rank"] for x in data["vendors"]] == [1, 2, 3, None]


def test_example_gp_services_benchmark_is_the_lowest_qualified_bid(run: RunFn) -> None:
    code, out, err = run("rank", "vendors", "-w", "examples/gp-services.yaml", "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    qualified = [v for v in data["vendors"] if v["qualified"]]
    out_of_it = [v for v in data["vendors"] if not v["qualified"]]
    assert len(out_of_it) == 3  # securities-firm.yaml disqualifies three vendors
    lowest_qualified = min(v["price"]["amount"] for v in qualified)
    assert min(v["price"]["amount"] for v in out_of_it) < lowest_qualified  # a cheaper bid is disqualified
    assert data["price"]["benchmark"] == pytest.approx(lowest_qualified)
    for v in qualified:
        assert v["price_score"] == pytest.approx(lowest_qualified / v["price"]["amount"] * 100)
    assert max(v["price_score"] for v in qualified) == pytest.approx(100.0)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (100_000, 100.0),
        (120_000, 80.0),
        (150_000, 50.0),
        (199_999, pytest.approx(0.001, abs=1e-9)),
        (200_000, 0.0),
        (250_000, 0.0),  # 2.5x the lowest: 1 - 1.5 < 0, floored at 0
        (1_000_000, 0.0),
    ],
)
def test_linear_formula(
    run: RunFn,
    tiny_set: Callable[..., Path],
    write_vendor: Callable[..., Path],
    priced_profile: Callable[..., Path],
    amount: float,
    expected: float,
) -> None:
    p = priced_profile(40, "linear")
    low = write_vendor("low", FULL_EVIDENCE, price=bid(100_000))
    other = write_vendor("other", FULL_EVIDENCE, price=bid(amount))
    data = rank_json(run, tiny_set(), "-w", p, low, other)
    v = by_id(data)
    assert data["price"]["formula"] == "linear"
    assert data["price"]["benchmark"] == pytest.approx(100_000)
    assert v["low"]["price_score"] == pytest.approx(100.0)
    assert v["other"]["price_score"] == pytest.approx(expected)
    assert v["other"]["price_score"] >= 0


@pytest.mark.parametrize("formula", ["lowest-bid", "linear"])
@pytest.mark.parametrize("weight", [0, 10, 30, 55.5, 100])
def test_final_score_mixes_quality_and_price(
    run: RunFn,
    tiny_set: Callable[..., Path],
    write_vendor: Callable[..., Path],
    priced_profile: Callable[..., Path],
    formula: str,
    weight: float,
) -> None:
    p = priced_profile(weight, formula)
    files = [
        write_vendor("strong-dear", evidence(ease=4, support="round_the_clock", resolution=2160), price=bid(300_000)),
        write_vendor("full", FULL_EVIDENCE, price=bid(200_000)),
        write_vendor("weak-cheap", evidence(flag=False, ease=0, channels=[]), price=bid(120_000)),
    ]
    data = rank_json(run, tiny_set(), "-w", p, *files)
    assert data["price"]["weight"] == pytest.approx(weight)
    w = weight / 100
    for v in data["vendors"]:
        assert v["quality"] is not None and v["price_score"] is not None
        assert v["score"] == pytest.approx((1 - w) * v["quality"] + w * v["price_score"], abs=1e-9)
    # quality is the price-free weighted sum: it does not depend on the price weight
    unpriced = by_id(rank_json(run, tiny_set(), *files))
    for v in data["vendors"]:
        assert v["quality"] == pytest.approx(unpriced[v["id"]]["quality"], abs=1e-9)
    scores = [v["score"] for v in data["vendors"]]
    assert scores == sorted(scores, reverse=True)


# ---------------------------------------------------------------- vendors without a price, mismatched bids


def test_vendor_without_price_is_disqualified_under_a_priced_profile(
    run: RunFn, tiny_set: Callable[..., Path], write_vendor: Callable[..., Path], priced_profile: Callable[..., Path]
) -> None:
    p = priced_profile(30)
    best = evidence(ease=4, support="round_the_clock", resolution=2160, latency_ms=1000)
    files = [write_vendor("no-price", best), write_vendor("has-price", FULL_EVIDENCE, price=bid(100_000))]
    data = rank_json(run, tiny_set(), "-w", p, *files)
    v = by_id(data)
    assert v["no-price"]["qualified"] is False
    assert v["no-price"]["rank"] is None
    assert v["no-price"]["price"] is None and v["no-price"]["price_score"] is None
    failed = v["no-price"]["failed_requirements"]
    assert [f["requirement"] for f in failed] == ["price missing"]
    assert v["has-price"]["rank"] == 1 and v["has-price"]["price_score"] == pytest.approx(100.0)
    assert [x["id"] for x in data["vendors"]] == ["has-price", "no-price"]
    # without a priced profile the same vendor is ranked normally
    unpriced = rank_json(run, tiny_set(), *files)
    assert [(x["id"], x["rank"]) for x in unpriced["vendors"]] == [("no-price", 1), ("has-price", 2)]
    assert unpriced["price"] is None


@pytest.mark.parametrize(
    ("second", "text"),
    [
        (bid(200_000, currency="USD"), "USD"),
        (bid(200_000, period="1 year"), "1 year"),
        (bid(200_000, period=None), "no period"),
    ],
    ids=["currency", "period", "no-period"],
)
def test_mixed_currencies_or_periods_are_errors(
    run: RunFn,
    tiny_set: Callable[..., Path],
    write_vendor: Callable[..., Path],
    priced_profile: Callable[..., Path],
    second: dict[str, Any],
    text: str,
) -> None:
    p = priced_profile(30)
    first = write_vendor("alpha", FULL_EVIDENCE, price=bid(100_000))
    other = write_vendor("beta", FULL_EVIDENCE, price=second)
    code, out, err = run("rank", "-i", tiny_set(), "-w", p, "-f", "json", first, other)
    assert code == 1
    assert out == ""
    assert "Traceback" not in err
    # write_vendor puts `price:` on line 5, column 1 (kind, id, name, indicator_set come first)
    lines = [ln for ln in err.splitlines() if "error[price-mismatch]" in ln]
    assert len(lines) == 1, err
    assert lines[0].startswith(f"{other}:5:1: error[price-mismatch]")
    assert text in lines[0]
    assert other.read_text(encoding="utf-8").splitlines()[4].startswith("price:")


def test_mixed_currencies_do_not_matter_without_a_priced_profile(
    run: RunFn, tiny_set: Callable[..., Path], write_vendor: Callable[..., Path]
) -> None:
    files = [
        write_vendor("alpha", FULL_EVIDENCE, price=bid(100_000)),
        write_vendor("beta", FULL_EVIDENCE, price=bid(9_000, currency="USD", period="1 year")),
    ]
    data = rank_json(run, tiny_set(), *files)
    assert data["price"] is None
    assert all(v["price_score"] is None for v in data["vendors"])
    assert by_id(data)["beta"]["price"]["currency"] == "USD"  # the bid is still reported


# ---------------------------------------------------------------- ties (87号令 Art. 57)


def test_equal_scores_lower_bid_ranks_first(
    run: RunFn, tiny_set: Callable[..., Path], write_vendor: Callable[..., Path], priced_profile: Callable[..., Path]
) -> None:
    """Same evidence and price weight 0: the final scores tie exactly, the lower bid still wins."""
    p = priced_profile(0)
    files = [
        write_vendor("aaa-dear", FULL_EVIDENCE, price=bid(300_000)),
        write_vendor("zzz-cheap", FULL_EVIDENCE, price=bid(100_000)),
        write_vendor("mmm-middle", FULL_EVIDENCE, price=bid(200_000)),
    ]
    data = rank_json(run, tiny_set(), "-w", p, *files)
    scores = [v["score"] for v in data["vendors"]]
    assert max(scores) - min(scores) <= 1e-9  # a tie (docs/contracts.md, "Scoring": within 1e-9)
    assert [(v["id"], v["rank"]) for v in data["vendors"]] == [("zzz-cheap", 1), ("mmm-middle", 2), ("aaa-dear", 3)]


def test_equal_final_scores_from_different_quality_and_price(
    run: RunFn, tiny_set: Callable[..., Path], write_vendor: Callable[..., Path], priced_profile: Callable[..., Path]
) -> None:
    """W = 50: quality 0 with price score 100 ties quality 50 with price score 50; the lower bid wins."""
    p = priced_profile(50)
    fifty = {  # flag 10 + viewers 10 + ease 20 + support 10 points of the tiny set = 50
        "prod.core.flag": True,
        "prod.core.viewers": 1_000_000,
        "prod.core.ease": 4,
        "prod.extra.support": "round_the_clock",
    }
    files = [
        write_vendor("aaa-good-dear", fifty, price=bid(200_000)),
        write_vendor("zzz-poor-cheap", {}, price=bid(100_000)),
    ]
    data = rank_json(run, tiny_set(), "-w", p, *files)
    v = by_id(data)
    assert v["aaa-good-dear"]["quality"] == pytest.approx(50.0)
    assert v["zzz-poor-cheap"]["quality"] == pytest.approx(0.0)
    assert v["aaa-good-dear"]["score"] == pytest.approx(v["zzz-poor-cheap"]["score"], abs=1e-9)
    assert [(x["id"], x["rank"]) for x in data["vendors"]] == [("zzz-poor-cheap", 1), ("aaa-good-dear", 2)]


def test_equal_scores_and_equal_bids_share_a_rank(
    run: RunFn, tiny_set: Callable[..., Path], write_vendor: Callable[..., Path], priced_profile: Callable[..., Path]
) -> None:
    p = priced_profile(30)
    files = [
        write_vendor("zeta", FULL_EVIDENCE, price=bid(100_000)),
        write_vendor("alpha", FULL_EVIDENCE, price=bid(100_000)),
        write_vendor("dear", FULL_EVIDENCE, price=bid(150_000)),
        write_vendor("top", evidence(ease=4, support="round_the_clock"), price=bid(100_000)),
    ]
    data = rank_json(run, tiny_set(), "-w", p, *files)
    assert [(v["id"], v["rank"]) for v in data["vendors"]] == [("top", 1), ("alpha", 2), ("zeta", 2), ("dear", 4)]


# ---------------------------------------------------------------- validation: procurement floor, price weight


def default_set_profile(write_yaml: Callable[[str, str], Path], body: str, name: str = "proc.yaml") -> Path:
    return write_yaml(name, "kind: weight-profile\nid: proc\nindicator_set: enterprise-live-2022\n" + body)


@pytest.mark.parametrize(
    ("procurement", "weight", "ok"),
    [
        ("cn-gp-goods", 20, False),
        ("cn-gp-goods", 29.9, False),
        ("cn-gp-goods", 30, True),
        ("cn-gp-services", 10, True),
        ("cn-gp-services", 5, False),
        ("cn-gp-services", 30, True),
    ],
)
def test_procurement_floor(run: RunFn, write_yaml: Callable[[str, str], Path], procurement: str, weight: float, ok: bool) -> None:
    p = default_set_profile(write_yaml, f"price:\n  weight: {weight}\n  formula: lowest-bid\nprocurement: {procurement}\n")
    code, _, err = run("validate", p)
    if ok:
        assert code == 0, err
        assert "procurement-floor" not in err
    else:
        assert code == 1
        # at the price weight's value: line 5 `  weight: W`, column 11
        assert f"{p}:5:11: error[procurement-floor]" in err, err
        assert ("30 %" if procurement == "cn-gp-goods" else "10 %") in err


def test_procurement_without_price_is_below_the_floor(run: RunFn, write_yaml: Callable[[str, str], Path]) -> None:
    p = default_set_profile(write_yaml, "procurement: cn-gp-services\n")
    code, _, err = run("validate", p)
    assert code == 1
    assert f"{p}:4:" in err and "error[procurement-floor]" in err


def test_procurement_floor_uses_the_inherited_price_weight(run: RunFn, write_yaml: Callable[[str, str], Path]) -> None:
    default_set_profile(write_yaml, "price: {weight: 40, formula: lowest-bid}\n", name="base-priced.yaml")
    child = write_yaml(
        "child.yaml",
        "kind: weight-profile\nid: child\nindicator_set: enterprise-live-2022\n"
        "extends: [base-priced.yaml]\nprocurement: cn-gp-goods\n",
    )
    code, _, err = run("validate", child)
    assert code == 0, err
    code, out, err = run("rank", "vendors", "-w", child, "-f", "json")
    assert code == 0, err
    assert json.loads(out)["price"]["weight"] == pytest.approx(40)


def test_procurement_floor_applies_to_an_inherited_procurement(run: RunFn, write_yaml: Callable[[str, str], Path]) -> None:
    default_set_profile(write_yaml, "price: {weight: 30, formula: lowest-bid}\nprocurement: cn-gp-goods\n", name="goods.yaml")
    child = write_yaml(
        "child.yaml",
        "kind: weight-profile\nid: child\nindicator_set: enterprise-live-2022\n"
        "extends: [goods.yaml]\nprice: {weight: 20, formula: lowest-bid}\n",
    )
    code, _, err = run("validate", child)
    assert code == 1
    assert "error[procurement-floor]" in err


@pytest.mark.parametrize(("weight", "meant"), [(0.3, "30 %"), (1, "100 %"), (0.05, "5 %")])
def test_fractional_price_weight_warns(run: RunFn, write_yaml: Callable[[str, str], Path], weight: float, meant: str) -> None:
    p = default_set_profile(write_yaml, f"price:\n  weight: {weight}\n")
    code, _, err = run("validate", p)
    assert code == 0, err
    (line,) = [ln for ln in err.splitlines() if "warning[price-weight]" in ln]
    assert line.startswith(f"{p}:5:11: warning[price-weight]")
    assert f"did you mean {meant}?" in line
    code, _, err = run("validate", "--strict", p)
    assert code == 1
    assert "warning[price-weight]" in err


@pytest.mark.parametrize("weight", [0, 1.5, 30, 100])
def test_percentage_price_weight_does_not_warn(run: RunFn, write_yaml: Callable[[str, str], Path], weight: float) -> None:
    p = default_set_profile(write_yaml, f"price:\n  weight: {weight}\n")
    code, _, err = run("validate", "--strict", p)
    assert code == 0, err
    assert "price-weight" not in err


def test_fractional_price_weight_warns_but_ranks(
    run: RunFn, tiny_set: Callable[..., Path], write_vendor: Callable[..., Path], priced_profile: Callable[..., Path]
) -> None:
    p = priced_profile(0.3)
    v = write_vendor("alpha", FULL_EVIDENCE, price=bid(100_000))
    code, out, err = run("rank", "-i", tiny_set(), "-w", p, "-f", "json", v)
    assert code == 0
    assert "warning[price-weight]" in err and "did you mean 30 %?" in err
    assert json.loads(out)["price"]["weight"] == pytest.approx(0.3)


# ---------------------------------------------------------------- JSON contract


def test_top_level_price_object(
    run: RunFn, tiny_set: Callable[..., Path], write_vendor: Callable[..., Path], priced_profile: Callable[..., Path]
) -> None:
    p = priced_profile(25, "linear")
    files = [
        write_vendor("alpha", FULL_EVIDENCE, price=bid(120_000, "EUR", "2 years")),
        write_vendor("beta", FULL_EVIDENCE, price=bid(90_000, "EUR", "2 years")),
    ]
    data = rank_json(run, tiny_set(), "-w", p, *files)
    assert set(data["price"]) == PRICE_KEYS
    assert data["price"] == {
        "formula": "linear",
        "weight": pytest.approx(25),
        "benchmark": pytest.approx(90_000),
        "currency": "EUR",
        "period": "2 years",
        "sme_deduction": 0.0,  # no deduction, no ceiling, no Art. 60 threshold unless the profile sets them
        "ceiling": None,
        "abnormal_low": None,
    }
    keys = [set(v) for v in data["vendors"]]
    assert all(k == keys[0] for k in keys)
    assert {"price", "price_score", "quality", "score"} <= keys[0]
    assert by_id(data)["alpha"]["price"]["amount"] == pytest.approx(120_000)


def test_unpriced_profile_has_null_price(run: RunFn, tiny_set: Callable[..., Path], write_vendor: Callable[..., Path]) -> None:
    data = rank_json(run, tiny_set(), write_vendor("alpha", FULL_EVIDENCE, price=bid(1)))
    assert data["price"] is None
    (v,) = data["vendors"]
    assert v["price_score"] is None and v["score"] == v["quality"]


def test_gp_services_example_json(run: RunFn) -> None:
    code, out, err = run("rank", "vendors", "-w", "examples/gp-services.yaml", "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data["price"]) == PRICE_KEYS
    assert data["price"]["formula"] == "lowest-bid"
    assert data["price"]["weight"] == pytest.approx(30)
    assert (data["price"]["currency"], data["price"]["period"]) == ("CNY", "3 years")
    for v in data["vendors"]:
        assert v["score"] == pytest.approx(0.7 * v["quality"] + 0.3 * v["price_score"], abs=1e-9)


def test_a_sham_bid_is_flagged_loudly(run: RunFn, tmp_path: Path, repo: Path) -> None:
    """A bid of one fen would set the benchmark and zero every other price score without a word (a bid
    finer than a fen, 1e-9, is refused outright: bids are written to the cent)."""
    import shutil

    folder = tmp_path / "vendors"
    shutil.copytree(repo / "vendors", folder)
    target = folder / "qixue-academy.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("amount: 360000", "amount: 0.01"), encoding="utf-8")
    code, _, err = run("rank", folder, "-e", "examples/evaluations", "-w", "examples/gp-services.yaml")
    assert code == 0
    lines = [line for line in err.splitlines() if "abnormally-low-bid" in line]
    assert len(lines) == 1 and lines[0].startswith(f"{target}:7:1: warning[abnormally-low-bid]: bid 0.01 is 0.0%")
    assert "财政部令第87号 Art. 60" in lines[0]
    _, _, plain = run("rank", "vendors", "-e", "examples/evaluations", "-w", "examples/gp-services.yaml")
    assert "abnormally-low-bid" not in plain  # disqualified cheap bids set no benchmark: no warning
