"""Analyst toolkit against published numbers and identities: AHP (Saaty), TOPSIS (Hwang & Yoon;
Tzeng & Huang), SMAA-2 acceptability identities, break-even intervals checked by re-ranking."""

from __future__ import annotations

import tracemalloc
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from helpers import REPO, VENDORS, build_tree
from livescore.analysis.ahp import check_judgements, pairwise_matrix, solve
from livescore.analysis.sensitivity import PRICE, levers, sample_block, smaa
from livescore.model.ahp import AhpJudgements
from livescore.records.ranking import Ranking
from livescore.records.tree import Weights
from livescore.request import Request, load_inputs
from livescore.score.rank import rank_vendors
from livescore.score.topsis import closeness

# ------------------------------------------------------------------ AHP


DRINKS = ["coffee", "wine", "tea", "beer", "soda", "milk", "water"]
DRINKS_MATRIX = [
    [1, 9, 5, 2, 1, 1, 1 / 2],
    [1 / 9, 1, 1 / 3, 1 / 9, 1 / 9, 1 / 9, 1 / 9],
    [1 / 5, 3, 1, 1 / 3, 1 / 4, 1 / 3, 1 / 9],
    [1 / 2, 9, 3, 1, 1 / 2, 1, 1 / 3],
    [1, 9, 4, 2, 1, 2, 1 / 2],
    [1, 9, 3, 1, 1 / 2, 1, 1 / 3],
    [2, 9, 9, 3, 2, 3, 1],
]


def test_ahp_saaty_drinks() -> None:
    """Saaty (2008), relative consumption of drinks: priorities, lambda max, CI, CR with RI7 = 1.32."""
    result = solve(np.array(DRINKS_MATRIX), DRINKS)
    expected = [0.1775, 0.0191, 0.0418, 0.1164, 0.1896, 0.1288, 0.3268]
    assert np.allclose(result.weights, expected, atol=5e-5)
    assert result.lambda_max == pytest.approx(7.1766, abs=5e-5)
    assert result.ci == pytest.approx(0.0294, abs=5e-5)
    assert result.cr == pytest.approx(0.0223, abs=5e-4)
    assert result.random_index == 1.32


def test_ahp_saaty_cities_criteria_from_judgements() -> None:
    """Saaty (2005) best city: criteria weights from the ten judgements (a over b)."""
    names = ["culture", "family", "housing", "jobs", "transportation"]
    judgements = [
        ["culture", "housing", 3], ["culture", "transportation", 5], ["family", "culture", 5],
        ["family", "housing", 7], ["family", "transportation", 7], ["housing", "transportation", 3],
        ["jobs", "culture", 2], ["jobs", "housing", 4], ["jobs", "transportation", 7], ["family", "jobs", 1],
    ]  # fmt: skip
    result = solve(pairwise_matrix(names, judgements), names)
    assert np.round(result.weights, 3).tolist() == [0.152, 0.433, 0.072, 0.305, 0.038]


def test_ahp_geometric_mean_differs_but_lambda_is_principal() -> None:
    eigen = solve(np.array(DRINKS_MATRIX), DRINKS)
    geo = solve(np.array(DRINKS_MATRIX), DRINKS, method="geometric-mean")
    assert geo.lambda_max == eigen.lambda_max
    assert not np.allclose(geo.weights, eigen.weights, atol=1e-4)
    assert geo.weights.sum() == pytest.approx(1.0)


def test_ahp_consistent_matrix_has_zero_cr_and_inconsistent_names_pair() -> None:
    w = np.array([0.5, 0.3, 0.2])
    consistent = solve(w[:, None] / w[None, :], ["a", "b", "c"])
    assert consistent.cr == pytest.approx(0.0, abs=1e-9)
    assert np.allclose(consistent.weights, w)
    broken = np.array([[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]])
    result = solve(broken, ["a", "b", "c"])
    assert result.cr is not None and result.cr > 0.10
    assert result.most_inconsistent is not None


def _wide_tree(n: int) -> Any:
    """A set whose one group has ``n`` boolean indicators i0 .. i{n-1}."""
    indicators = "".join(f"          - {{id: i{k}, name: {{en: I{k}}}, provenance: test, kind: boolean}}\n" for k in range(n))
    return build_tree(
        "kind: indicator-set\nid: wide\nversion: '1'\ntitle: {en: Wide}\ndimensions:\n"
        "  - id: d\n    name: {en: D}\n    groups:\n      - id: g\n        name: {en: G}\n        indicators:\n" + indicators
    )


def test_ahp_messages_on_a_wide_group_are_bounded() -> None:
    """A group of 5,000 children (about the most a set within the node bound can hold) has 12,497,500
    pairs: the message counts them and names twelve, and an unknown child's message names twelve
    children, not all of them (0.3 built every pair: 3.6 GB for 10,000 children)."""
    tree = _wide_tree(5_000)
    model = AhpJudgements(kind="ahp", indicator_set="wide", parent="d.g", judgements=[["i0", "i1", 3], ["i2", "i3", 2]])
    tracemalloc.start()
    [(where, code, message)] = check_judgements(model, tree)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert (where, code) == (("judgements",), "incomplete-judgements")
    assert message.startswith("12497498 pairs are not judged: i0/i2, i0/i3, ")
    assert message.endswith(" and 12497486 more") and message.count("/") == 12
    assert peak < 20_000_000
    model = AhpJudgements(kind="ahp", indicator_set="wide", parent="d.g", judgements=[["i0", "nope", 3]])
    [(where, code, message)] = check_judgements(model, tree)
    assert (where, code) == (("judgements", 0, 1), "unknown-child")
    assert message == "'nope' is not a child of d.g: " + ", ".join(f"i{k}" for k in range(12)) + " and 4988 more"


# ------------------------------------------------------------------ TOPSIS


def test_topsis_hwang_yoon_fighter_aircraft() -> None:
    x = np.array(
        [
            [2.0, 1500, 20000, 5.5, 5, 9],
            [2.5, 2700, 18000, 6.5, 3, 5],
            [1.8, 2000, 21000, 4.5, 7, 7],
            [2.2, 1800, 20000, 5.0, 5, 5],
        ]
    )
    w = np.array([0.2, 0.1, 0.1, 0.1, 0.2, 0.3])
    benefit = np.array([True, True, True, False, True, True])
    assert np.round(closeness(x, w, benefit), 4).tolist() == [0.6433, 0.2684, 0.6135, 0.3123]


def test_topsis_tzeng_huang() -> None:
    x = np.array([[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]], dtype=float)
    assert np.round(closeness(x, np.array([0.3, 0.4, 0.3])), 4).tolist() == [0.5037, 0.6581, 0.7482, 0.3340]


def test_topsis_edge_cases() -> None:
    assert closeness(np.zeros((3, 2)), np.array([0.5, 0.5])).tolist() == [1.0, 1.0, 1.0]  # both distances 0
    result = closeness(np.array([[1.0, 0.0], [0.5, 0.0]]), np.array([0.5, 0.5]))  # zero-norm column
    assert result.tolist() == [1.0, 0.0]


# ------------------------------------------------------------------ SMAA


def _ranking(profile_ref: str | None = None) -> Ranking:
    inputs = load_inputs(Request(VENDORS, None, profile_ref))
    assert inputs.tree is not None and inputs.profile is not None
    return rank_vendors(inputs.tree, inputs.profile, inputs.records, "zero")


def test_sampling_does_not_depend_on_block_size() -> None:
    alpha = np.array([2.0, 0.0, 5.0, 1.0])
    one = sample_block(np.random.default_rng(7), alpha, 10)
    rng = np.random.default_rng(7)
    two = np.vstack([sample_block(rng, alpha, 4), sample_block(rng, alpha, 6)])
    assert np.array_equal(one, two)
    assert np.allclose(one.sum(axis=1), 1.0) and np.all(one[:, 1] == 0)


@pytest.mark.parametrize("level", ["dimension", "group", "indicator"])
@pytest.mark.parametrize("uniform", [True, False])
def test_acceptability_rows_and_columns_sum_to_one(level: str, uniform: bool) -> None:
    result = smaa(_ranking(), level=level, samples=3000, seed=1, uniform=uniform)  # type: ignore[arg-type]
    matrix = np.array([v.rank_acceptability for v in result.vendors])
    assert np.allclose(matrix.sum(axis=1), 1.0)
    assert np.allclose(matrix.sum(axis=0), 1.0)
    for v in result.vendors:
        lo, hi = v.rank_interval
        assert 1 <= lo <= hi <= len(result.vendors)
        assert v.p_first == v.rank_acceptability[0]
        assert (v.central_weights is None) == (v.p_first == 0)


def test_smaa_is_deterministic_and_block_independent() -> None:
    ranking = _ranking()
    a = smaa(ranking, samples=5000, seed=3, block=1000)
    b = smaa(ranking, samples=5000, seed=3, block=4096)
    assert [v.rank_acceptability for v in a.vendors] == [v.rank_acceptability for v in b.vendors]
    c = smaa(ranking, samples=5000, seed=4)
    assert [v.rank_acceptability for v in a.vendors] != [v.rank_acceptability for v in c.vendors]


def test_dominant_vendor_always_first_and_dominated_never() -> None:
    ranking = _ranking()
    dims = ranking.aggregates.dimensions
    ids = [v.id for v in ranking.vendors]
    rows = {v.id: v.row for v in ranking.vendors}
    # Make aurora dominate everyone on every dimension and sprout be dominated on every dimension.
    dims[rows["aurora-live"]] = dims.max(axis=0) + 0.01
    dims[rows["sprout-live"]] = dims.min(axis=0) - 0.01
    result = smaa(ranking, level="dimension", samples=4000, seed=0, uniform=True)
    by_id = {v.id: v for v in result.vendors}
    assert by_id["aurora-live"].p_first == 1.0
    assert by_id["sprout-live"].p_first == 0.0
    assert by_id["sprout-live"].rank_acceptability[len(ids) - 1] == 1.0


def test_disqualified_vendors_stay_out() -> None:
    ranking = _ranking(str(REPO / "examples" / "securities-firm.yaml"))
    result = smaa(ranking, samples=500)
    qualified = {v.id for v in ranking.vendors if v.qualified}
    assert {v.id for v in result.vendors} == qualified
    assert all(len(v.rank_acceptability) == len(qualified) for v in result.vendors)


def _winner_at(ranking: Ranking, level: str, node: str, share: float) -> str:
    """Re-rank from the files with one lever's share set to `share` and the other levers rescaled in
    proportion (the price weight among them when it is sampled, else fixed): who is first?"""
    tree = ranking.tree
    lev = levers(ranking, level)  # type: ignore[arg-type]
    price = ranking.price.weight / 100 if ranking.price else 0.0
    if node == PRICE and PRICE not in lev.nodes:  # a fixed price weight: only it moves
        quality, price = lev.weights, share
    else:
        k = lev.nodes.index(node)
        scaled = lev.weights * (1 - share) / (1 - lev.weights[k])
        scaled[k] = share
        if PRICE in lev.nodes:
            price, quality = scaled[-1], scaled[:-1] / (1 - scaled[-1])
        else:
            quality = scaled
    if level == "dimension":
        weights = Weights(quality, ranking.profile.weights.group, ranking.profile.weights.indicator)
    else:
        # group level: set each group's weight within its dimension so that the global shares match
        dim_w = np.bincount(tree.group_dimension, weights=quality, minlength=len(tree.dimension_ids))
        group_local = quality / dim_w[tree.group_dimension]
        weights = Weights(dim_w, group_local, ranking.profile.weights.indicator)
    profile = replace(ranking.profile, weights=weights)
    if profile.price is not None:
        profile = replace(profile, price=replace(profile.price, weight=price * 100))
    inputs = load_inputs(Request(VENDORS, None, ranking.profile.source if ranking.profile.id != "default" else None))
    assert inputs.tree is not None
    return rank_vendors(inputs.tree, profile, inputs.records, "zero").vendors[0].id


def _fixed_price_profile(tmp_path: Path) -> str:
    path = tmp_path / "fixed.yaml"
    path.write_text(
        "kind: weight-profile\nid: fixed\nindicator_set: enterprise-live-2022\n"
        f"extends: [{REPO / 'examples' / 'gp-services.yaml'}]\n"
        "price: {weight: 30, formula: lowest-bid, fixed_weight: true}\n",
        encoding="utf-8",
    )
    return str(path)


@pytest.mark.parametrize("profile", [None, "gp-services", "fixed-price"])
@pytest.mark.parametrize("level", ["dimension", "group"])
def test_break_even_intervals_hold_inside_and_break_outside(level: str, profile: str | None, tmp_path: Path) -> None:
    """Also under a priced profile, its price weight sampled or fixed (gates applied): re-ranking from
    the files at each end of every interval, the price weight's included, agrees."""
    ref = {None: None, "gp-services": str(REPO / "examples" / "gp-services.yaml"), "fixed-price": _fixed_price_profile(tmp_path)}
    ranking = _ranking(ref[profile])
    result = smaa(ranking, level=level, samples=100)  # type: ignore[arg-type]
    winner = ranking.vendors[0].id
    checked = 0
    for b in result.break_even:
        eps = 1e-4
        assert _winner_at(ranking, level, b.node, b.weight) == winner
        if b.holds_to < 1:
            assert _winner_at(ranking, level, b.node, b.holds_to - eps) == winner
            assert _winner_at(ranking, level, b.node, b.holds_to + eps) == b.above
            checked += 1
        else:
            assert b.above is None
        if b.holds_from > 0:
            assert _winner_at(ranking, level, b.node, b.holds_from + eps) == winner
            assert _winner_at(ranking, level, b.node, b.holds_from - eps) == b.below
            checked += 1
        else:
            assert b.below is None
    assert (PRICE in {b.node for b in result.break_even}) == (profile is not None)
    distances = [b.distance for b in result.break_even]
    assert distances == sorted(distances)  # the closest change of winner first
    assert checked >= 2  # the shipped vendors do have break-even points
