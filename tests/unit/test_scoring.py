"""Scoring (docs/contracts.md, the kinds table of "Indicator set (`kind: indicator-set`)", and "Scoring"): each
kind's score, the hierarchical weighted mean and its flat equivalent, missing-evidence policies, coverage, ties.
The same through the command line, with requirements: tests/cli/test_scoring_cli.py."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from livescore.model import indicator_set as model
from livescore.records.indicators import AnyIndicator, NumericIndicator, indicator_from_data
from livescore.records.profile import Profile
from livescore.records.ranking import Ranked
from livescore.records.tree import Tree, Weights
from livescore.records.vendor import VendorRecord
from livescore.score.aggregate import aggregate_scores as aggregate
from livescore.score.evidence import check_value, numeric_score, score_value
from livescore.score.rank import order_and_rank, rank_vendors

NAME = {"en": "x"}


def spec(validated: Any) -> AnyIndicator:
    """The scoring form of an indicator that the pydantic model validated."""
    return indicator_from_data(validated.model_dump())


def numeric(**kw: Any) -> NumericIndicator:
    result = spec(model.NumericIndicator.model_validate({"id": "n", "name": NAME, "kind": "numeric", **kw}))
    assert isinstance(result, NumericIndicator)
    return result


BOOLEAN = spec(model.BooleanIndicator.model_validate({"id": "b", "name": NAME, "kind": "boolean"}))
ORDINAL = spec(
    model.OrdinalIndicator.model_validate(
        {"id": "o", "name": NAME, "kind": "ordinal", "levels": {0: "none", 1: "a", 2: "b", 3: "c", 4: "d"}}
    )
)
CHOICE = spec(
    model.ChoiceIndicator.model_validate(
        {"id": "c", "name": NAME, "kind": "choice", "options": {"none": 0, "business_hours": 0.5, "round_the_clock": 1}}
    )
)
SET = spec(model.SetIndicator.model_validate({"id": "s", "name": NAME, "kind": "set", "options": ["web", "app", "mini", "tv"]}))
LINEAR = numeric(floor=480, target=2160, bounds=[0, 10000])
LOWER = numeric(direction="lower", floor=3000, target=1000, bounds=[0, None])
LOG = numeric(floor=1000, target=1000000, scale="log", bounds=[0, None])


# ---------------------------------------------------------------- one value, one indicator


def test_boolean_scores() -> None:
    assert score_value(BOOLEAN, True) == 1.0
    assert score_value(BOOLEAN, False) == 0.0
    assert check_value(BOOLEAN, True) is None
    assert check_value(BOOLEAN, False) is None


@pytest.mark.parametrize("value", ["true", 1, 0, None, [True], 1.0])
def test_boolean_rejects_non_booleans(value: Any) -> None:
    problem = check_value(BOOLEAN, value)
    assert problem is not None and problem[0] == "type"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(480, 0.0), (2160, 1.0), (1320, 0.5), (100, 0.0), (0, 0.0), (5000, 1.0), (900, 0.25), (1080.0, 600 / 1680)],
)
def test_numeric_linear_higher(value: float, expected: float) -> None:
    assert numeric_score(LINEAR, value) == pytest.approx(expected, abs=1e-12)
    assert score_value(LINEAR, value) == pytest.approx(expected, abs=1e-12)


def test_numeric_linear_boundaries_are_exact() -> None:
    assert numeric_score(LINEAR, 480) == 0.0
    assert numeric_score(LINEAR, 2160) == 1.0
    assert numeric_score(LINEAR, -1e9) == 0.0
    assert numeric_score(LINEAR, 1e9) == 1.0


@pytest.mark.parametrize(
    ("value", "expected"),
    [(3000, 0.0), (1000, 1.0), (2000, 0.5), (500, 1.0), (0, 1.0), (4000, 0.0), (2500, 0.25)],
)
def test_numeric_direction_lower(value: float, expected: float) -> None:
    assert numeric_score(LOWER, value) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1000, 0.0), (1000000, 1.0), (31622.776601683792, 0.5), (0, 0.0), (10, 0.0), (1e9, 1.0), (10000, 1 / 3), (100000, 2 / 3)],
)
def test_numeric_log_scale(value: float, expected: float) -> None:
    assert abs(numeric_score(LOG, value) - expected) <= 1e-9


def test_numeric_log_scale_direction_lower() -> None:
    ind = numeric(direction="lower", floor=1000000, target=1000, scale="log")
    assert abs(numeric_score(ind, 31622.776601683792) - 0.5) <= 1e-9
    assert numeric_score(ind, 10) == 1.0
    assert numeric_score(ind, 1e7) == 0.0


def test_numeric_score_is_monotone_in_direction() -> None:
    values = np.linspace(0, 12000, 97)
    for ind, sign in ((LINEAR, 1), (LOG, 1), (LOWER, -1)):
        scores = [numeric_score(ind, float(v)) for v in values]
        diffs = np.diff(scores) * sign
        assert (diffs >= -1e-15).all()
        assert all(0.0 <= s <= 1.0 for s in scores)


@pytest.mark.parametrize(
    ("ind", "value"),
    [(LINEAR, -1), (LINEAR, 10000.5), (LINEAR, 20000), (LOWER, -0.001), (LOG, -5)],
)
def test_numeric_bounds_violations_are_rejected(ind: NumericIndicator, value: float) -> None:
    problem = check_value(ind, value)
    assert problem is not None
    assert problem[0] == "out-of-bounds"
    assert "outside the valid range" in problem[1]


@pytest.mark.parametrize(("ind", "value"), [(LINEAR, 0), (LINEAR, 10000), (LOWER, 0), (LOG, 0), (LOG, 5e14)])
def test_numeric_bounds_are_inclusive(ind: NumericIndicator, value: float) -> None:
    assert check_value(ind, value) is None


def test_numeric_without_bounds_still_rejects_implausible_magnitudes() -> None:
    ind = numeric(floor=0, target=10)
    assert check_value(ind, -1e6) is None
    problem = check_value(ind, 1e16)
    assert problem is not None and problem[0] == "out-of-bounds"


@pytest.mark.parametrize("value", [True, False, "100", None, [1]])
def test_numeric_rejects_non_numbers(value: Any) -> None:
    problem = check_value(LINEAR, value)
    assert problem is not None and problem[0] == "type"


@pytest.mark.parametrize(("level", "expected"), [(0, 0.0), (1, 0.25), (2, 0.5), (3, 0.75), (4, 1.0)])
def test_ordinal_scores_level_over_n(level: int, expected: float) -> None:
    assert check_value(ORDINAL, level) is None
    assert score_value(ORDINAL, level) == expected


@pytest.mark.parametrize(
    ("value", "code"), [(5, "ordinal-level"), (-1, "ordinal-level"), (True, "type"), (2.0, "type"), ("2", "type")]
)
def test_ordinal_rejects(value: Any, code: str) -> None:
    problem = check_value(ORDINAL, value)
    assert problem is not None and problem[0] == code


def test_ordinal_level_message_names_the_range() -> None:
    problem = check_value(ORDINAL, 5)
    assert problem is not None and "0..4" in problem[1]


@pytest.mark.parametrize(("value", "expected"), [("none", 0.0), ("business_hours", 0.5), ("round_the_clock", 1.0)])
def test_choice_scores_the_option(value: str, expected: float) -> None:
    assert check_value(CHOICE, value) is None
    assert score_value(CHOICE, value) == expected


def test_choice_unknown_option_suggests() -> None:
    problem = check_value(CHOICE, "round_the_clok")
    assert problem is not None
    assert problem[0] == "unknown-option"
    assert "did you mean 'round_the_clock'" in problem[1]


@pytest.mark.parametrize("value", [["none"], True, 1, None])
def test_choice_rejects_non_strings(value: Any) -> None:
    problem = check_value(CHOICE, value)
    assert problem is not None and problem[0] == "type"


@pytest.mark.parametrize(
    ("value", "expected"),
    [([], 0.0), (["web"], 0.25), (["web", "app"], 0.5), (["tv", "mini", "app"], 0.75), (["web", "app", "mini", "tv"], 1.0)],
)
def test_set_scores_share_of_options(value: list[str], expected: float) -> None:
    assert check_value(SET, value) is None
    assert score_value(SET, value) == expected


def test_set_duplicate_option_is_rejected() -> None:
    problem = check_value(SET, ["web", "app", "web"])
    assert problem is not None and problem[0] == "duplicate-option"


def test_set_unknown_option_is_rejected_with_did_you_mean() -> None:
    problem = check_value(SET, ["web", "mobil_app", "ap"])
    assert problem is not None
    assert problem[0] == "unknown-option"
    assert "'mobil_app'" in problem[1]
    problem = check_value(SET, ["wbe"])
    assert problem is not None and "did you mean 'web'" in problem[1]


@pytest.mark.parametrize("value", ["web", [1], [True], None, {"web": 1}])
def test_set_rejects_non_lists(value: Any) -> None:
    problem = check_value(SET, value)
    assert problem is not None and problem[0] == "type"


# ---------------------------------------------------------------- reference implementation


def _wmean(pairs: list[tuple[float, float]]) -> float | None:
    total = sum(w for w, _ in pairs)
    if not pairs or total <= 0:
        return None
    return sum(w * v for w, v in pairs) / total


def reference(tree: Tree, weights: Weights, row: np.ndarray, policy: str) -> tuple[float, list[float | None]]:
    """Hierarchical weighted means, written as loops over the model (independent of score/aggregate)."""
    i = g = 0
    dims: list[float | None] = []
    for dim in tree.spec.dimensions:
        groups: list[tuple[float, float]] = []
        for group in dim.groups:
            pairs = []
            for _ in group.indicators:
                score = row[i]
                if math.isnan(score):
                    if policy == "exclude":
                        i += 1
                        continue
                    score = 0.0
                pairs.append((weights.indicator[i], score))
                i += 1
            mean = _wmean(pairs)
            if mean is not None:
                groups.append((weights.group[g], mean))
            g += 1
        dims.append(_wmean(groups))
    total = _wmean([(weights.dimension[k], d) for k, d in enumerate(dims) if d is not None])
    return (0.0 if total is None else total), dims


def random_weights(tree: Tree, rng: np.random.Generator, zeros: bool = False) -> Weights:
    def draw(n: int, parent: np.ndarray) -> np.ndarray:
        w = rng.uniform(0.05, 20.0, n)
        if zeros:
            w[rng.random(n) < 0.25] = 0.0
            for p in np.unique(parent):  # keep one positive sibling per parent
                members = np.flatnonzero(parent == p)
                if not (w[members] > 0).any():
                    w[members[0]] = 1.0
        return w

    return Weights(
        draw(len(tree.dimension_ids), np.zeros(len(tree.dimension_ids), dtype=int)),
        draw(len(tree.group_paths), tree.group_dimension),
        draw(len(tree.paths), tree.indicator_group),
    )


@pytest.fixture(params=["tiny", "default"])
def any_tree(request: pytest.FixtureRequest, tiny_tree: Tree, default_tree: Tree) -> Tree:
    return tiny_tree if request.param == "tiny" else default_tree


def test_default_set_global_weights_sum_to_one(default_tree: Tree) -> None:
    gw = default_tree.global_weights(default_tree.weights)
    assert gw.shape == (95,)
    assert gw.sum() == pytest.approx(1.0, abs=1e-12)
    assert (gw > 0).all()
    # five dimensions of 20 each: every dimension holds a fifth
    for k in range(5):
        assert gw[_dim_mask(default_tree, k)].sum() == pytest.approx(0.2)


def _dim_mask(tree: Tree, k: int) -> np.ndarray:
    return tree.group_dimension[tree.indicator_group] == k


def test_tiny_set_global_weights(tiny_tree: Tree) -> None:
    gw = tiny_tree.global_weights(tiny_tree.weights)
    # prod 0.6 (core 2/3: flag 1/4, viewers 1/4, ease 2/4; extra 1/3: 1/2 each); tech 0.4 (three thirds)
    expected = [0.1, 0.1, 0.2, 0.1, 0.1, 0.4 / 3, 0.4 / 3, 0.4 / 3]
    assert gw == pytest.approx(expected, abs=1e-12)


def test_flat_weights_identity_under_zero(any_tree: Tree) -> None:
    rng = np.random.default_rng(20220501)
    for trial in range(25):
        weights = any_tree.weights if trial == 0 else random_weights(any_tree, rng, zeros=trial % 2 == 0)
        gw = any_tree.global_weights(weights)
        assert gw.sum() == pytest.approx(1.0, abs=1e-12)
        scores = rng.random((7, len(any_tree.paths)))
        agg = aggregate(any_tree, weights, scores, "zero")
        np.testing.assert_allclose(agg.total, scores @ gw, rtol=0, atol=1e-12)
        for row in range(scores.shape[0]):
            total, dims = reference(any_tree, weights, scores[row], "zero")
            assert agg.total[row] == pytest.approx(total, abs=1e-12)
            np.testing.assert_allclose(agg.dimensions[row], dims, rtol=0, atol=1e-12)
        # the total is also the weighted mean of the dimension scores
        local = any_tree.local_weights(weights)
        np.testing.assert_allclose(agg.dimensions @ local.dimension, agg.total, rtol=0, atol=1e-12)


def test_zero_policy_counts_missing_as_zero(any_tree: Tree) -> None:
    rng = np.random.default_rng(7)
    weights = random_weights(any_tree, rng)
    scores = rng.random((6, len(any_tree.paths)))
    scores[rng.random(scores.shape) < 0.3] = np.nan
    agg = aggregate(any_tree, weights, scores, "zero")
    filled = np.nan_to_num(scores, nan=0.0)
    np.testing.assert_allclose(agg.total, filled @ any_tree.global_weights(weights), atol=1e-12)
    assert not np.isnan(agg.dimensions).any()


def test_exclude_matches_reference(any_tree: Tree) -> None:
    rng = np.random.default_rng(99)
    for trial in range(20):
        weights = random_weights(any_tree, rng, zeros=trial % 2 == 1)
        scores = rng.random((6, len(any_tree.paths)))
        scores[rng.random(scores.shape) < (0.2 + 0.035 * trial)] = np.nan
        scores[0] = np.nan  # a vendor with no evidence at all
        agg = aggregate(any_tree, weights, scores, "exclude")
        for row in range(scores.shape[0]):
            total, dims = reference(any_tree, weights, scores[row], "exclude")
            assert agg.total[row] == pytest.approx(total, abs=1e-12)
            expected = np.array([np.nan if d is None else d for d in dims])
            np.testing.assert_allclose(agg.dimensions[row], expected, rtol=0, atol=1e-12)


def _row(tree: Tree, values: dict[str, float]) -> np.ndarray:
    row = np.full(len(tree.paths), np.nan)
    for path, score in values.items():
        row[tree.index[path]] = score
    return row


def test_exclude_renormalises_among_siblings(tiny_tree: Tree) -> None:
    # core: flag (w1) = 1 and ease (w2) = 0.5, viewers missing -> (1 + 1) / 3
    row = _row(tiny_tree, {"prod.core.flag": 1.0, "prod.core.ease": 0.5, "prod.extra.support": 0.0, "tech.perf.resolution": 1.0})
    agg = aggregate(tiny_tree, tiny_tree.weights, row[None, :], "exclude")
    core = tiny_tree.group_paths.index("prod.core")
    assert agg.groups[0, core] == pytest.approx(2 / 3)
    assert agg.dimensions[0, 0] == pytest.approx((2 * (2 / 3) + 1 * 0.0) / 3)
    assert agg.dimensions[0, 1] == pytest.approx(1.0)
    assert agg.total[0] == pytest.approx(0.6 * (4 / 9) + 0.4 * 1.0)


def test_exclude_empty_group_leaves_its_dimension(tiny_tree: Tree) -> None:
    row = _row(tiny_tree, {"prod.core.flag": 1.0, "prod.core.viewers": 0.0, "prod.core.ease": 0.5, "tech.perf.deployment": 0.5})
    agg = aggregate(tiny_tree, tiny_tree.weights, row[None, :], "exclude")
    extra = tiny_tree.group_paths.index("prod.extra")
    assert np.isnan(agg.groups[0, extra])
    assert agg.dimensions[0, 0] == pytest.approx(0.5)  # core alone: (1 + 0 + 2 * 0.5) / 4
    zero = aggregate(tiny_tree, tiny_tree.weights, row[None, :], "zero")
    assert zero.dimensions[0, 0] == pytest.approx(2 / 3 * 0.5)


def test_exclude_empty_dimension_is_null_and_leaves_the_total(tiny_tree: Tree) -> None:
    row = _row(tiny_tree, {"prod.core.flag": 1.0})
    agg = aggregate(tiny_tree, tiny_tree.weights, row[None, :], "exclude")
    assert agg.dimensions[0, 0] == pytest.approx(1.0)
    assert np.isnan(agg.dimensions[0, 1])
    assert agg.total[0] == pytest.approx(1.0)
    zero = aggregate(tiny_tree, tiny_tree.weights, row[None, :], "zero")
    assert zero.total[0] == pytest.approx(0.1)
    assert zero.dimensions[0, 1] == 0.0


def test_exclude_vendor_without_evidence_scores_zero(tiny_tree: Tree) -> None:
    row = np.full(len(tiny_tree.paths), np.nan)
    agg = aggregate(tiny_tree, tiny_tree.weights, row[None, :], "exclude")
    assert agg.total[0] == 0.0
    assert np.isnan(agg.dimensions[0]).all()
    assert agg.coverage[0] == 0.0


# ---------------------------------------------------------------- coverage


def test_coverage_is_share_of_global_weight_with_evidence(tiny_tree: Tree) -> None:
    row = _row(tiny_tree, {"prod.core.flag": 0.0, "tech.perf.resolution": 0.3})
    for policy in ("zero", "exclude", "fail"):
        agg = aggregate(tiny_tree, tiny_tree.weights, row[None, :], policy)  # type: ignore[arg-type]
        assert agg.coverage[0] == pytest.approx(0.1 + 0.4 / 3)
    full = np.zeros((1, len(tiny_tree.paths)))
    assert aggregate(tiny_tree, tiny_tree.weights, full, "zero").coverage[0] == pytest.approx(1.0)


def test_coverage_ignores_zero_weight_indicators(tiny_tree: Tree) -> None:
    weights = Weights(tiny_tree.weights.dimension, tiny_tree.weights.group, tiny_tree.weights.indicator.copy())
    weights.indicator[tiny_tree.index["prod.core.ease"]] = 0.0
    # core now: flag 1/2, viewers 1/2 of 0.4 -> 0.2 each
    only_zero_weight = _row(tiny_tree, {"prod.core.ease": 1.0})
    assert aggregate(tiny_tree, weights, only_zero_weight[None, :], "zero").coverage[0] == 0.0
    with_flag = _row(tiny_tree, {"prod.core.ease": 1.0, "prod.core.flag": 1.0})
    assert aggregate(tiny_tree, weights, with_flag[None, :], "zero").coverage[0] == pytest.approx(0.2)
    everything_else = np.ones(len(tiny_tree.paths))
    everything_else[tiny_tree.index["prod.core.ease"]] = np.nan
    assert aggregate(tiny_tree, weights, everything_else[None, :], "exclude").coverage[0] == pytest.approx(1.0)


# ---------------------------------------------------------------- ties


def record(vendor_id: str, scores: np.ndarray) -> VendorRecord:
    return VendorRecord(vendor_id, vendor_id, f"{vendor_id}.yaml", None, scores, {}, None)


def profile(weights: Weights) -> Profile:
    return Profile("p", {"en": "p", "zh": None}, None, weights)


@settings(max_examples=40, deadline=None, database=None)
@given(score=st.floats(0.0, 1.0), ids=st.lists(st.from_regex(r"[a-z]{1,6}", fullmatch=True), min_size=2, max_size=6, unique=True))
def test_ties_break_by_id_every_time(tiny_tree: Tree, score: float, ids: list[str]) -> None:
    row = np.full(len(tiny_tree.paths), score)
    records = [record(i, row.copy()) for i in ids]
    for order in (records, records[::-1]):
        ranking = rank_vendors(tiny_tree, profile(tiny_tree.weights), order, "zero")
        assert [v.id for v in ranking.vendors] == sorted(ids)
        assert {v.rank for v in ranking.vendors} == {1}


def ranked(vendor_id: str, score: float, qualified: bool = True) -> Ranked:
    return Ranked(vendor_id, vendor_id, "", qualified, score, score, {}, 1.0, [], None)


def test_ties_share_a_rank_1_2_2_4() -> None:
    vendors = [ranked("d", 70.0), ranked("zeta", 80.0), ranked("top", 90.0), ranked("alpha", 80.0 + 5e-10)]
    order_and_rank(vendors)
    assert [(v.id, v.rank) for v in vendors] == [("top", 1), ("alpha", 2), ("zeta", 2), ("d", 4)]


def test_tie_is_measured_from_the_first_of_the_group() -> None:
    vendors = [ranked("a", 80.0), ranked("b", 80.0 - 0.8e-9), ranked("c", 80.0 - 1.6e-9)]
    order_and_rank(vendors)
    assert [(v.id, v.rank) for v in vendors] == [("a", 1), ("b", 1), ("c", 3)]


def test_scores_further_apart_than_1e9_do_not_tie() -> None:
    vendors = [ranked("b", 80.0), ranked("a", 80.0 - 2e-9)]
    order_and_rank(vendors)
    assert [(v.id, v.rank) for v in vendors] == [("b", 1), ("a", 2)]


def test_disqualified_listed_after_qualified_by_score_then_id() -> None:
    vendors = [
        ranked("q-low", 10.0),
        ranked("x-high", 99.0, qualified=False),
        ranked("q-high", 50.0),
        ranked("b-mid", 60.0, qualified=False),
        ranked("a-mid", 60.0, qualified=False),
    ]
    order_and_rank(vendors)
    assert [(v.id, v.rank) for v in vendors] == [
        ("q-high", 1),
        ("q-low", 2),
        ("x-high", None),
        ("a-mid", None),
        ("b-mid", None),
    ]
