"""Properties of scoring and ranking over random indicator trees, profiles and vendors.

Hypothesis draws a small three-level tree (1-3 dimensions x 1-3 groups x 1-4 indicators of every kind
with valid parameters), non-negative weights with a positive sibling everywhere, and 1-6 vendors with
random valid evidence (some of it missing). Everything is written as YAML files and goes through the
real loaders (`load_inputs`) and scorer (`rank_vendors`), or through the CLI for the JSON properties.
Expected totals are computed here from the values with an independent implementation of
docs/contracts.md's "Scoring" (never by calling the package's scoring functions).
"""

from __future__ import annotations

import contextlib
import itertools
import math
import random
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

SET_ID = "prop-set"
SETTINGS = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
POLICIES = ("zero", "exclude")
TOL = 1e-9

# ---------------------------------------------------------------- strategies

weights_st = st.one_of(
    st.sampled_from([0, 0, 1, 1, 2, 3, 5, 10, 20]),
    st.floats(min_value=0, max_value=1000, allow_nan=False, allow_infinity=False, allow_subnormal=False),
)


@st.composite
def sibling_weights(draw: st.DrawFn, n: int) -> list[float]:
    """n non-negative weights, at least one positive."""
    ws = [draw(weights_st) for _ in range(n)]
    if not any(w > 0 for w in ws):
        ws[draw(st.integers(0, n - 1))] = draw(st.sampled_from([1, 2.5, 7]))
    return ws


@st.composite
def indicator_st(draw: st.DrawFn, ident: str) -> dict[str, Any]:
    kind = draw(st.sampled_from(["boolean", "numeric", "ordinal", "choice", "set"]))
    ind: dict[str, Any] = {"id": ident, "name": {"en": ident.upper()}, "provenance": "property test", "kind": kind}
    if kind == "numeric":
        low = draw(st.integers(1, 1000))
        high = low + draw(st.integers(1, 5000))
        direction = draw(st.sampled_from(["higher", "lower"]))
        ind.update(
            direction=direction,
            floor=low if direction == "higher" else high,
            target=high if direction == "higher" else low,
            scale=draw(st.sampled_from(["linear", "log"])),
            bounds=[0, None],
        )
    elif kind == "ordinal":
        top = draw(st.integers(1, 5))
        ind["levels"] = {level: f"level {level}" for level in range(top + 1)}
    elif kind == "choice":
        n = draw(st.integers(1, 4))
        scores = [
            draw(st.one_of(st.sampled_from([0, 0.5, 1]), st.floats(0, 1, allow_nan=False, allow_subnormal=False)))
            for _ in range(n)
        ]
        ind["options"] = {f"opt_{k}": s for k, s in enumerate(scores)}
    elif kind == "set":
        ind["options"] = [f"opt_{k}" for k in range(draw(st.integers(1, 4)))]
    return ind


@st.composite
def tree_st(draw: st.DrawFn) -> dict[str, Any]:
    dims = []
    n_dims = draw(st.integers(1, 3))
    for d, dw in enumerate(draw(sibling_weights(n_dims))):
        groups = []
        n_groups = draw(st.integers(1, 3))
        for g, gw in enumerate(draw(sibling_weights(n_groups))):
            n_inds = draw(st.integers(1, 4))
            inds = []
            for i, iw in enumerate(draw(sibling_weights(n_inds))):
                ind = draw(indicator_st(f"i{i}"))
                ind["weight"] = iw
                inds.append(ind)
            groups.append({"id": f"g{g}", "name": {"en": f"Group {g}"}, "weight": gw, "indicators": inds})
        dims.append({"id": f"d{d}", "name": {"en": f"Dimension {d}"}, "weight": dw, "groups": groups})
    return {"kind": "indicator-set", "id": SET_ID, "version": "1.0", "title": {"en": "Property set"}, "dimensions": dims}


def indicators(tree: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for dim in tree["dimensions"]:
        for group in dim["groups"]:
            for ind in group["indicators"]:
                yield f"{dim['id']}.{group['id']}.{ind['id']}", ind


def value_st(ind: dict[str, Any]) -> st.SearchStrategy[Any]:
    kind = ind["kind"]
    if kind == "boolean":
        return st.booleans()
    if kind == "numeric":
        top = max(ind["floor"], ind["target"])
        return st.one_of(st.integers(0, 2 * top), st.floats(0, 2 * top, allow_nan=False, allow_subnormal=False))
    if kind == "ordinal":
        return st.integers(0, max(ind["levels"]))
    if kind == "choice":
        return st.sampled_from(sorted(ind["options"]))
    return st.lists(st.sampled_from(ind["options"]), unique=True, max_size=len(ind["options"]))


@st.composite
def evidence_st(draw: st.DrawFn, tree: dict[str, Any], *, complete: bool = False) -> dict[str, Any]:
    evidence: dict[str, Any] = {}
    for path, ind in indicators(tree):
        if complete or draw(st.booleans()):
            value = draw(value_st(ind))
            evidence[path] = value if draw(st.booleans()) else {"value": value, "source": "questionnaire"}
    return evidence


@st.composite
def scenario_st(draw: st.DrawFn, *, complete: bool = False) -> Scenario:
    tree = draw(tree_st())
    n = draw(st.integers(1, 6))
    ids = draw(st.permutations([f"vendor-{chr(97 + k)}" for k in range(n)]))
    vendors = [
        {
            "kind": "vendor",
            "id": vid,
            "name": f"Vendor {vid}",
            "indicator_set": SET_ID,
            "evidence": draw(evidence_st(tree, complete=complete)),
        }
        for vid in ids
    ]
    return Scenario(tree, vendors)


@dataclass
class Scenario:
    tree: dict[str, Any]
    vendors: list[dict[str, Any]]


# ---------------------------------------------------------------- files and the real pipeline


def dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)


@contextlib.contextmanager
def written(scenario: Scenario, profile: dict[str, Any] | None = None) -> Iterator[tuple[Path, Path | None, list[Path]]]:
    """The scenario as files in a fresh folder: (set, profile or None, vendor files in scenario order)."""
    with tempfile.TemporaryDirectory(prefix="livescore-prop-") as name:
        folder = Path(name)
        set_path = folder / "set.yaml"
        set_path.write_text(dump(scenario.tree), encoding="utf-8")
        profile_path = None
        if profile is not None:
            profile_path = folder / "profile.yaml"
            profile_path.write_text(dump(profile), encoding="utf-8")
        (folder / "vendors").mkdir()
        paths = []
        for k, vendor in enumerate(scenario.vendors):
            # file names deliberately not in id order
            path = folder / "vendors" / f"{(k * 7) % 11:02d}-{vendor['id']}.yaml"
            path.write_text(dump(vendor), encoding="utf-8")
            paths.append(path)
        yield set_path, profile_path, paths


def rank(set_path: Path, profile_path: Path | None, paths: list[Path], policy: str) -> Any:
    from livescore.request import Request, load_inputs
    from livescore.score.rank import rank_vendors

    profile_ref = str(profile_path) if profile_path else None
    inputs = load_inputs(Request([str(p) for p in paths], str(set_path), profile_ref, policy))  # type: ignore[arg-type]
    assert inputs.ok, [d.text() for d in inputs.diagnostics]
    assert inputs.tree is not None and inputs.profile is not None
    return rank_vendors(inputs.tree, inputs.profile, inputs.records, policy)  # type: ignore[arg-type]


def summary(ranking: Any) -> list[tuple[str, int | None, float]]:
    return [(v.id, v.rank, v.score) for v in ranking.vendors]


def same_ranking(a: Any, b: Any) -> bool:
    return [(v.id, v.rank) for v in a.vendors] == [(v.id, v.rank) for v in b.vendors] and all(
        math.isclose(x.score, y.score, rel_tol=1e-9, abs_tol=1e-9) for x, y in zip(a.vendors, b.vendors, strict=True)
    )


def _ties_are_clear(ranking: Any) -> bool:
    """No two scores so close that float noise could move them across the 1e-9 tie threshold."""
    scores = sorted(v.score for v in ranking.vendors)
    return all(abs(b - a) < 1e-10 or abs(b - a) > 1e-7 for a, b in itertools.pairwise(scores))


# ---------------------------------------------------------------- the independent reference


def ref_indicator_score(ind: dict[str, Any], value: Any) -> float:
    kind = ind["kind"]
    if kind == "boolean":
        return 1.0 if value else 0.0
    if kind == "numeric":
        floor, target = float(ind["floor"]), float(ind["target"])
        v = min(max(float(value), min(floor, target)), max(floor, target))
        f = math.log if ind.get("scale") == "log" else (lambda x: x)
        return (f(v) - f(floor)) / (f(target) - f(floor))
    if kind == "ordinal":
        return value / max(ind["levels"])
    if kind == "choice":
        return float(ind["options"][value])
    return len(value) / len(ind["options"])


def raw_value(entry: Any) -> Any:
    return entry["value"] if isinstance(entry, dict) else entry


def ref_scores(tree: dict[str, Any], vendor: dict[str, Any]) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for path, ind in indicators(tree):
        entry = vendor["evidence"].get(path)
        out[path] = None if entry is None else ref_indicator_score(ind, raw_value(entry))
    return out


def _w(node: dict[str, Any]) -> float:
    return float(node.get("weight", 1))  # docs/contracts.md, "Indicator set": weight defaults to 1


def ref_global_weights(tree: dict[str, Any]) -> dict[str, float]:
    """Product of each node's share among its siblings along the path (docs/contracts.md, "Scoring")."""
    out = {}
    dim_total = sum(_w(d) for d in tree["dimensions"])
    for dim in tree["dimensions"]:
        group_total = sum(_w(g) for g in dim["groups"])
        for group in dim["groups"]:
            ind_total = sum(_w(i) for i in group["indicators"])
            for ind in group["indicators"]:
                share = (_w(dim) / dim_total) * (_w(group) / group_total) * (_w(ind) / ind_total)
                out[f"{dim['id']}.{group['id']}.{ind['id']}"] = share
    return out


def ref_total_zero(tree: dict[str, Any], vendor: dict[str, Any]) -> float:
    """Flat weighted sum S @ w: missing scores 0."""
    scores = ref_scores(tree, vendor)
    return 100 * math.fsum(w * (scores[p] or 0.0) for p, w in ref_global_weights(tree).items())


def ref_total_exclude(tree: dict[str, Any], vendor: dict[str, Any]) -> tuple[float, dict[str, float | None]]:
    """Missing evidence leaves its group, renormalising recursively; an empty node leaves its parent.
    A node whose remaining siblings all weigh 0 has nothing to average: it counts as empty."""
    scores = ref_scores(tree, vendor)

    def mean(children: list[tuple[float, float | None]]) -> float | None:
        present = [(w, s) for w, s in children if s is not None]
        total = sum(w for w, _ in present)
        return None if total <= 0 else math.fsum(w * s for w, s in present) / total

    dims: dict[str, float | None] = {}
    for dim in tree["dimensions"]:
        groups = []
        for group in dim["groups"]:
            inds = [(_w(i), scores[f"{dim['id']}.{group['id']}.{i['id']}"]) for i in group["indicators"]]
            groups.append((_w(group), mean(inds)))
        dims[dim["id"]] = mean(groups)
    total = mean([(_w(d), dims[d["id"]]) for d in tree["dimensions"]])
    return 100 * (total or 0.0), {k: None if v is None else 100 * v for k, v in dims.items()}


# ---------------------------------------------------------------- properties


@SETTINGS
@given(scenario_st())
def test_totals_are_within_0_and_100_under_every_policy(scenario: Scenario) -> None:
    with written(scenario) as (set_path, _, paths):
        for policy in POLICIES:
            ranking = rank(set_path, None, paths, policy)
            for v in ranking.vendors:
                assert 0.0 <= v.score <= 100.0 and v.score == v.quality, (policy, v)
                assert 0.0 <= v.coverage <= 1.0 + 1e-12
                for d in v.dimensions.values():
                    assert d is None or -1e-9 <= d <= 100.0 + 1e-9
                if policy == "zero":
                    assert all(d is not None for d in v.dimensions.values())
        # fail: an error for each vendor lacking a positive-weight indicator, else scores equal `zero`
        from livescore.request import Request, load_inputs

        inputs = load_inputs(Request([str(p) for p in paths], str(set_path), None, "fail"))
        weights = ref_global_weights(scenario.tree)
        lacking = {v["id"] for v in scenario.vendors if any(w > 0 and p not in v["evidence"] for p, w in weights.items())}
        failing = {
            r.id for r in inputs.records if any(d.code == "missing-evidence" and d.path == r.path for d in inputs.diagnostics)
        }
        assert failing == lacking
        assert inputs.ok == (not lacking)
        if not lacking:
            from livescore.score.rank import rank_vendors

            assert inputs.tree is not None and inputs.profile is not None
            failed = rank_vendors(inputs.tree, inputs.profile, inputs.records, "fail")
            assert summary(failed) == summary(rank(set_path, None, paths, "zero"))


@SETTINGS
@given(scenario_st(), st.randoms(use_true_random=False))
def test_vendor_file_order_does_not_change_the_ranking(scenario: Scenario, rnd: random.Random) -> None:
    with written(scenario) as (set_path, _, paths):
        shuffled = paths[:]
        rnd.shuffle(shuffled)
        for policy in POLICIES:
            assert summary(rank(set_path, None, paths, policy)) == summary(rank(set_path, None, shuffled, policy))
            assert summary(rank(set_path, None, paths[::-1], policy)) == summary(rank(set_path, None, paths, policy))


@st.composite
def scaled_profile_st(draw: st.DrawFn, tree: dict[str, Any]) -> dict[str, Any]:
    """A profile that multiplies every sibling at one place of the tree (or every weight) by the same positive factor."""
    factor = draw(st.one_of(st.sampled_from([0.001, 0.5, 3.0, 7.25, 1000.0]), st.floats(0.01, 100.0)))
    places: list[list[tuple[str, float]]] = [[(d["id"], d["weight"]) for d in tree["dimensions"]]]
    for dim in tree["dimensions"]:
        places.append([(f"{dim['id']}.{g['id']}", g["weight"]) for g in dim["groups"]])
        for group in dim["groups"]:
            places.append([(f"{dim['id']}.{group['id']}.{i['id']}", i["weight"]) for i in group["indicators"]])
    places.append([weight for place in places for weight in place])  # every weight of the tree at once
    siblings = draw(st.sampled_from(places))
    return {
        "kind": "weight-profile",
        "id": "scaled",
        "indicator_set": SET_ID,
        "weights": {path: w * factor for path, w in siblings},
    }


@SETTINGS
@given(st.data())
def test_scaling_sibling_weights_does_not_change_the_ranking(data: st.DataObject) -> None:
    scenario = data.draw(scenario_st())
    profile = data.draw(scaled_profile_st(scenario.tree))
    with written(scenario, profile) as (set_path, profile_path, paths):
        for policy in POLICIES:
            base = rank(set_path, None, paths, policy)
            scaled = rank(set_path, profile_path, paths, policy)
            scores = {v.id: v.score for v in scaled.vendors}
            for v in base.vendors:
                assert math.isclose(v.score, scores[v.id], rel_tol=1e-9, abs_tol=1e-9), (policy, profile["weights"], v.id)
            if _ties_are_clear(base):  # else float noise may move a score across the 1e-9 tie threshold
                assert same_ranking(base, scaled), (policy, profile["weights"], summary(base), summary(scaled))


def _better(ind: dict[str, Any], value: Any, rnd: random.Random) -> Any:
    """A value scoring at least as high as ``value`` for ``ind`` (None: missing)."""
    kind = ind["kind"]
    if kind == "boolean":
        return True
    if kind == "numeric":
        top = max(ind["floor"], ind["target"])
        if value is None:
            return rnd.uniform(0, 2 * top)
        step = rnd.uniform(0, top)
        return value + step if ind["direction"] == "higher" else max(0.0, value - step)
    if kind == "ordinal":
        top = max(ind["levels"])
        return top if value is None else min(top, value + rnd.randint(0, 2))
    if kind == "choice":
        floor = -1.0 if value is None else ind["options"][value]
        return rnd.choice(sorted(o for o, s in ind["options"].items() if s >= floor))
    present = [] if value is None else list(value)
    absent = [o for o in ind["options"] if o not in present]
    return present + rnd.sample(absent, rnd.randint(0, len(absent)))


@SETTINGS
@given(scenario_st(), st.randoms(use_true_random=False))
def test_a_better_value_never_lowers_the_total(scenario: Scenario, rnd: random.Random) -> None:
    vendor = rnd.choice(scenario.vendors)
    path, ind = rnd.choice(list(indicators(scenario.tree)))
    old = vendor["evidence"].get(path)
    improved = {**vendor, "evidence": {**vendor["evidence"], path: _better(ind, None if old is None else raw_value(old), rnd)}}
    assert ref_indicator_score(ind, raw_value(improved["evidence"][path])) >= (
        -1.0 if old is None else ref_indicator_score(ind, raw_value(old)) - 1e-12
    )
    after = Scenario(scenario.tree, [improved if v is vendor else v for v in scenario.vendors])
    # adding missing evidence may lower a total under `exclude` (renormalisation): only `zero` then
    policies = POLICIES if old is not None else ("zero",)
    with written(scenario) as (set_before, _, before_paths), written(after) as (set_after, _, after_paths):
        for policy in policies:
            before = {v.id: v.score for v in rank(set_before, None, before_paths, policy).vendors}
            now = {v.id: v.score for v in rank(set_after, None, after_paths, policy).vendors}
            assert now[vendor["id"]] >= before[vendor["id"]] - 1e-9, (policy, path, old, improved["evidence"][path])


@SETTINGS
@given(scenario_st())
def test_zero_policy_total_is_the_flat_weighted_sum(scenario: Scenario) -> None:
    with written(scenario) as (set_path, _, paths):
        ranking = rank(set_path, None, paths, "zero")
    by_id = {v["id"]: v for v in scenario.vendors}
    weights = ref_global_weights(scenario.tree)
    assert math.isclose(math.fsum(weights.values()), 1.0, rel_tol=1e-12)
    for v in ranking.vendors:
        expected = ref_total_zero(scenario.tree, by_id[v.id])
        assert math.isclose(v.score, expected, rel_tol=1e-9, abs_tol=1e-9), (v.id, v.score, expected)
        covered = math.fsum(w for p, w in weights.items() if p in by_id[v.id]["evidence"])
        assert math.isclose(v.coverage, covered, rel_tol=1e-9, abs_tol=1e-12)


@SETTINGS
@given(scenario_st())
def test_exclude_policy_renormalises_recursively(scenario: Scenario) -> None:
    with written(scenario) as (set_path, _, paths):
        ranking = rank(set_path, None, paths, "exclude")
    by_id = {v["id"]: v for v in scenario.vendors}
    for v in ranking.vendors:
        expected, dims = ref_total_exclude(scenario.tree, by_id[v.id])
        assert math.isclose(v.score, expected, rel_tol=1e-9, abs_tol=1e-9), (v.id, v.score, expected)
        for d, value in dims.items():
            got = v.dimensions[d]
            assert (got is None) == (value is None), (d, got, value)
            assert got is None or math.isclose(got, value, rel_tol=1e-9, abs_tol=1e-9)  # type: ignore[arg-type]


def _order_is_by_score_then_id(ranking: Any) -> None:
    qualified = [v for v in ranking.vendors if v.qualified]
    for a, b in itertools.pairwise(qualified):
        assert a.score >= b.score - 1e-9
        if abs(a.score - b.score) <= 1e-9 and a.rank == b.rank:
            assert a.id < b.id
    ranks = [v.rank for v in qualified]
    assert ranks == sorted(ranks) and (not ranks or ranks[0] == 1)


@SETTINGS
@given(scenario_st())
def test_ranks_are_competition_ranks(scenario: Scenario) -> None:
    """Competition ranks ("1, 2, 2, 4"): a vendor shares the rank of its tie group; the next rank skips."""
    with written(scenario) as (set_path, _, paths):
        ranking = rank(set_path, None, paths, "zero")
    _order_is_by_score_then_id(ranking)
    for position, v in enumerate(ranking.vendors, start=1):
        assert v.rank is not None and v.rank <= position
        if v.rank != position:
            head = ranking.vendors[v.rank - 1]
            assert abs(head.score - v.score) <= 1e-9


@SETTINGS
@given(scenario_st(), st.sampled_from(POLICIES))
def test_explain_agrees_with_rank(scenario: Scenario, policy: str) -> None:
    """`explain` shows the quality `rank` computes, and its points add up to it."""
    from livescore.analysis.explain import explain
    from livescore.request import Request, load_inputs
    from livescore.score.rank import rank_vendors

    with written(scenario) as (set_path, _, paths):
        request = Request([str(p) for p in paths], str(set_path), None, policy, detail=True)  # type: ignore[arg-type]
        inputs = load_inputs(request)
    assert inputs.ok and inputs.tree is not None and inputs.profile is not None
    ranking = rank_vendors(inputs.tree, inputs.profile, inputs.records, policy)  # type: ignore[arg-type]
    scores = {v.id: v.score for v in ranking.vendors}
    for record in inputs.records:
        result = explain(inputs.tree, inputs.profile, record, policy)  # type: ignore[arg-type]
        assert math.isclose(result.quality, scores[record.id], rel_tol=1e-9, abs_tol=1e-9)
        assert math.isclose(math.fsum(ln.points for ln in result.lines), result.quality, rel_tol=1e-9, abs_tol=1e-9)
        assert all(ln.lost >= -1e-12 and ln.weight >= 0 for ln in result.lines)
        weights = math.fsum(ln.weight for ln in result.lines)
        assert math.isclose(weights, 1.0, rel_tol=1e-9) or (policy == "exclude" and weights == 0)
        if policy == "zero" or weights > 0:  # under `exclude` a vendor may have no weighted evidence
            lost = math.fsum(ln.lost for ln in result.lines)
            assert math.isclose(result.quality + lost, 100.0, rel_tol=1e-9), (policy, result.quality, lost)


# ---------------------------------------------------------------- JSON through the CLI


def cli_json(cwd: Path, *args: str) -> bytes:
    from livescore.cli import app

    runner = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "100", "GITHUB_ACTIONS": None})
    with contextlib.chdir(cwd):
        result = runner.invoke(app, ["rank", "-f", "json", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


@settings(SETTINGS, max_examples=10)
@given(scenario_st(), st.randoms(use_true_random=False), st.sampled_from(POLICIES))
def test_rank_json_is_byte_identical_across_runs_and_orders(scenario: Scenario, rnd: random.Random, policy: str) -> None:
    with written(scenario) as (set_path, _, paths):
        folder = set_path.parent
        names = [str(p.relative_to(folder)) for p in paths]
        common = ["-i", "set.yaml", "--missing", policy]
        first = cli_json(folder, *common, *names)
        assert cli_json(folder, *common, *names) == first
        shuffled = names[:]
        rnd.shuffle(shuffled)
        assert cli_json(folder, *common, *shuffled) == first
        assert cli_json(folder, *common, "vendors") == first
        assert cli_json(folder, "vendors", *common) == first


@pytest.mark.parametrize("policy", POLICIES)
def test_reference_agrees_on_a_hand_computed_case(tmp_path: Path, policy: str) -> None:
    """The reference itself, checked by hand: 2 dimensions 3:1; d0 has two groups 1:1."""
    tree = {
        "kind": "indicator-set", "id": SET_ID, "version": "1", "title": {"en": "t"},
        "dimensions": [
            {"id": "d0", "name": {"en": "a"}, "weight": 3, "groups": [
                {"id": "g0", "name": {"en": "a"}, "weight": 1, "indicators": [
                    {"id": "i0", "name": {"en": "a"}, "weight": 1, "kind": "boolean"},
                    {"id": "i1", "name": {"en": "a"}, "weight": 3, "kind": "ordinal",
                     "levels": {0: "a", 1: "b", 2: "c", 3: "d", 4: "e"}},
                ]},
                {"id": "g1", "name": {"en": "a"}, "weight": 1, "indicators": [
                    {"id": "i0", "name": {"en": "a"}, "kind": "numeric", "floor": 100, "target": 10, "direction": "lower"},
                ]},
            ]},
            {"id": "d1", "name": {"en": "a"}, "weight": 1, "groups": [
                {"id": "g0", "name": {"en": "a"}, "indicators": [
                    {"id": "i0", "name": {"en": "a"}, "kind": "set", "options": ["a", "b", "c", "d"]},
                ]},
            ]},
        ],
    }  # fmt: skip
    vendor = {"kind": "vendor", "id": "v", "name": "V", "indicator_set": SET_ID,
              "evidence": {"d0.g0.i1": 2, "d0.g1.i0": 55, "d1.g0.i0": ["a", "c", "d"]}}  # fmt: skip
    # zero:    d0.g0 = (0*1 + 0.5*3)/4 = 0.375; d0.g1 = 0.5; d0 = 0.4375; d1 = 0.75
    #          total = (3*0.4375 + 0.75)/4 = 0.515625
    # exclude: d0.g0 = 0.5 (only i1); d0 = 0.5; total = (3*0.5 + 0.75)/4 = 0.5625
    expected = {"zero": 51.5625, "exclude": 56.25}[policy]
    if policy == "zero":
        assert math.isclose(ref_total_zero(tree, vendor), expected)
    else:
        assert math.isclose(ref_total_exclude(tree, vendor)[0], expected)
    with written(Scenario(tree, [vendor])) as (set_path, _, paths):
        assert math.isclose(rank(set_path, None, paths, policy).vendors[0].score, expected, rel_tol=1e-12)
