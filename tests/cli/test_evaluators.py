"""Several evaluators (docs/contracts.md, "Evaluation (`kind: evaluation`)" and "Evaluators: aggregation,
consensus, disagreement"): their scores replace the vendor's claim, aggregated by the profile's
`aggregate`; a consensus value with its reason overrides; disagreements are flagged and marked resolved;
gates on evaluated indicators; `verified`; errors at the offending key or value; file order and folders
do not change the output."""

from __future__ import annotations

import json
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import FULL_EVIDENCE, RunFn

EASE = "prod.core.ease"  # tiny set: ordinal 0..4
FLAG = "prod.core.flag"  # tiny set: boolean
VIEWERS = "prod.core.viewers"  # tiny set: numeric, log 1e3..1e6
FIT = "product.fit.ease_of_use"  # default set: ordinal 0..5
MODERATION = "security.content_compliance.manual_pre_moderation"  # default set: boolean


@pytest.fixture
def write_eval(tmp_path: Path) -> Callable[..., Path]:
    """Factory: an evaluation file; ``scores`` is vendor id -> path -> value or entry mapping."""

    def write(
        evaluator: str,
        scores: dict[str, dict[str, Any]],
        *,
        indicator_set: str = "tiny-set",
        filename: str | None = None,
    ) -> Path:
        data = {"kind": "evaluation", "indicator_set": indicator_set, "evaluator": evaluator, "scores": scores}
        path = tmp_path / (filename or f"eval-{evaluator}.yaml")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return path

    return write


@pytest.fixture
def aggregate_profile(write_yaml: Callable[[str, str], Path]) -> Callable[..., Path]:
    def make(how: str | None, requirements: str = "", indicator_set: str = "tiny-set") -> Path:
        text = f"kind: weight-profile\nid: agg\nindicator_set: {indicator_set}\n"
        if how is not None:
            text += f"aggregate: {how}\n"
        if requirements:
            text += "requirements:\n" + textwrap.indent(textwrap.dedent(requirements), "  ")
        return write_yaml(f"profile-{how or 'default'}.yaml", text)

    return make


def E(*paths: str | Path) -> list[str | Path]:
    """Evaluation files as the command line takes them: each after -e."""
    return [arg for path in paths for arg in ("-e", path)]


def run_json(run: RunFn, *args: str | Path) -> dict[str, Any]:
    code, out, err = run(*args, "-f", "json")
    assert code == 0, err
    return json.loads(out)


def indicator(explained: dict[str, Any], path: str) -> dict[str, Any]:
    return next(i for i in explained["indicators"] if i["path"] == path)


def only_errors(err: str) -> list[str]:
    return [ln for ln in err.splitlines() if ": error[" in ln]


# ---------------------------------------------------------------- evaluators replace the claim


def test_evaluators_replace_the_vendors_claim(
    run: RunFn, tiny_set: Callable[..., Path], write_vendor: Callable[..., Path], write_eval: Callable[..., Path]
) -> None:
    s = tiny_set()
    v = write_vendor("acme-live", {**FULL_EVIDENCE, EASE: 4})  # the vendor claims the top level
    ann = write_eval("ann", {"acme-live": {EASE: 1}})
    bob = write_eval("bob", {"acme-live": {EASE: {"value": 1, "note": "needs training"}}})
    claimed = indicator(run_json(run, "explain", "-i", s, v), EASE)
    assert (claimed["score"], claimed["status"]) == (pytest.approx(1.0), "claimed")
    judged = run_json(run, "explain", "-i", s, v, *E(ann, bob))
    line = indicator(judged, EASE)
    assert line["score"] == pytest.approx(0.25)
    assert line["value"] == pytest.approx(1)
    assert line["status"] == "evaluated"
    assert indicator(judged, FLAG)["status"] == "claimed"  # indicators nobody scored keep the claim
    # rank agrees: ease weighs 2/4 of core (2/3 of prod, 60 %): 0.75 levels lost = 15 points
    before = run_json(run, "rank", "-i", s, v)["vendors"][0]
    after = run_json(run, "rank", "-i", s, v, *E(ann, bob))["vendors"][0]
    assert before["score"] - after["score"] == pytest.approx(0.6 * (2 / 3) * 0.5 * 0.75 * 100)
    assert after["score"] == pytest.approx(judged["quality"])


# Tiny-set ease is 0..4: level L scores L/4. Expected aggregate scores computed by hand.
AGGREGATE_CASES = [
    # 2 evaluators: trimmed-mean drops nothing
    ([1, 4], {"mean": 0.625, "median": 0.625, "trimmed-mean": 0.625}),
    # 3 evaluators: scores 0, 0.75, 1 -> mean 1.75/3; median 0.75; trimmed drops 0 and 1 -> 0.75
    ([0, 3, 4], {"mean": 1.75 / 3, "median": 0.75, "trimmed-mean": 0.75}),
    # 4 evaluators: 0, 0.25, 0.25, 1 -> mean 0.375; median 0.25; trimmed (0.25 + 0.25) / 2
    ([4, 1, 0, 1], {"mean": 0.375, "median": 0.25, "trimmed-mean": 0.25}),
    # 4 evaluators: 0.25, 0.5, 1, 1 -> mean 0.6875; median 0.75; trimmed (0.5 + 1) / 2
    ([1, 4, 2, 4], {"mean": 0.6875, "median": 0.75, "trimmed-mean": 0.75}),
    # 5 evaluators: 0, 0, 0.25, 1, 1 -> mean 0.45; median 0.25; trimmed (0 + 0.25 + 1) / 3
    ([0, 4, 1, 0, 4], {"mean": 0.45, "median": 0.25, "trimmed-mean": 1.25 / 3}),
]


@pytest.mark.parametrize("how", [None, "mean", "median", "trimmed-mean"])
@pytest.mark.parametrize(("levels", "expected"), AGGREGATE_CASES, ids=[str(c[0]) for c in AGGREGATE_CASES])
def test_aggregate(
    run: RunFn,
    tiny_set: Callable[..., Path],
    write_vendor: Callable[..., Path],
    write_eval: Callable[..., Path],
    aggregate_profile: Callable[..., Path],
    how: str | None,
    levels: list[int],
    expected: dict[str, float],
) -> None:
    s = tiny_set()
    v = write_vendor("acme-live", FULL_EVIDENCE)
    names = ["ann", "bob", "cat", "dan", "eve"][: len(levels)]
    evals = [write_eval(n, {"acme-live": {EASE: level}}) for n, level in zip(names, levels, strict=True)]
    p = aggregate_profile(how)
    line = indicator(run_json(run, "explain", "-i", s, "-w", p, v, *E(*evals)), EASE)
    assert line["score"] == pytest.approx(expected[how or "mean"])
    spread = max(levels) - min(levels)  # ordinal 0-4: a spread of 2 levels (0.5) or more is a disagreement
    assert line["status"] == ("contested" if spread >= 2 else "evaluated")
    # the raw value is aggregated the same way (levels are L, scores L/4)
    assert line["value"] == pytest.approx(expected[how or "mean"] * 4)


def test_aggregate_shows_in_rank_dimension_scores(
    run: RunFn,
    tiny_set: Callable[..., Path],
    write_vendor: Callable[..., Path],
    write_eval: Callable[..., Path],
    aggregate_profile: Callable[..., Path],
) -> None:
    s = tiny_set()
    v = write_vendor("acme-live", {EASE: 4})  # nothing else: prod = 2/3 x (2/4 x ease score)
    evals = [write_eval(n, {"acme-live": {EASE: lv}}) for n, lv in zip(["ann", "bob", "cat", "dan"], [4, 1, 0, 1], strict=True)]
    for how, score in (("mean", 0.375), ("median", 0.25), ("trimmed-mean", 0.25)):
        (vendor,) = run_json(run, "rank", "-i", s, "-w", aggregate_profile(how), v, *E(*evals))["vendors"]
        assert vendor["dimensions"]["prod"] == pytest.approx((2 / 3) * 0.5 * score * 100), how


# ---------------------------------------------------------------- consensus


def test_consensus_overrides_the_aggregate(
    run: RunFn, tiny_set: Callable[..., Path], write_vendor: Callable[..., Path], write_eval: Callable[..., Path]
) -> None:
    s = tiny_set()
    v = write_vendor("acme-live", FULL_EVIDENCE)
    ann = write_eval("ann", {"acme-live": {EASE: 0}})
    bob = write_eval("bob", {"acme-live": {EASE: 4}})
    agreed = write_eval("consensus", {"acme-live": {EASE: {"value": 2, "reason": "demo re-run on 2026-10-02"}}})
    line = indicator(run_json(run, "explain", "-i", s, v, *E(ann, bob, agreed)), EASE)
    assert line["score"] == pytest.approx(0.5)
    assert line["value"] == 2
    (vendor,) = run_json(run, "rank", "-i", s, v, *E(agreed, bob, ann))["vendors"]
    (d,) = vendor["disagreements"]
    assert d["indicator"] == EASE
    assert d["resolved"] is True
    assert d["values"] == {"ann": 0, "bob": 4}
    assert d["scores"] == {"ann": pytest.approx(0.0), "bob": pytest.approx(1.0)}


def test_consensus_alone_replaces_the_claim(
    run: RunFn, tiny_set: Callable[..., Path], write_vendor: Callable[..., Path], write_eval: Callable[..., Path]
) -> None:
    s = tiny_set()
    v = write_vendor("acme-live", FULL_EVIDENCE)
    agreed = write_eval("consensus", {"acme-live": {FLAG: {"value": False, "reason": "feature removed in v5"}}})
    (vendor,) = run_json(run, "rank", "-i", s, v, *E(agreed))["vendors"]
    assert vendor["disagreements"] == []
    assert indicator(run_json(run, "explain", "-i", s, v, *E(agreed)), FLAG)["score"] == 0


def test_consensus_without_reason_is_an_error(
    run: RunFn, tiny_set: Callable[..., Path], write_vendor: Callable[..., Path], write_yaml: Callable[[str, str], Path]
) -> None:
    v = write_vendor("acme-live", FULL_EVIDENCE)
    agreed = write_yaml(
        "consensus.yaml",
        """\
        kind: evaluation
        indicator_set: tiny-set
        evaluator: consensus
        scores:
          acme-live:
            prod.core.ease: 2
            prod.core.flag: {value: true, note: "no reason given"}
            prod.extra.support: {value: none, reason: "agreed"}
        """,
    )
    code, out, err = run("rank", "-i", tiny_set(), "-f", "json", v, *E(agreed))
    assert code == 1 and out == ""
    errors = only_errors(err)
    assert len(errors) == 2, err
    assert errors[0].startswith(f"{agreed}:6:") and "error[missing-reason]" in errors[0] and EASE in errors[0]
    assert errors[1].startswith(f"{agreed}:7:") and "error[missing-reason]" in errors[1] and FLAG in errors[1]
    code, _, err = run("validate", "-i", tiny_set(), agreed)
    assert code == 1 and "error[missing-reason]" in err


# ---------------------------------------------------------------- disagreements


@pytest.fixture
def default_vendor(write_vendor: Callable[..., Path]) -> Path:
    return write_vendor("acme-live", {FIT: 3, MODERATION: True}, indicator_set="enterprise-live-2022")


def disagreements(run: RunFn, *paths: str | Path) -> list[dict[str, Any]]:
    (vendor,) = run_json(run, "rank", *paths)["vendors"]
    return vendor["disagreements"]


@pytest.mark.parametrize(("a", "b"), [(0, 2), (1, 3), (2, 4), (3, 5), (5, 3), (0, 5), (1, 4)])
def test_ordinal_spread_of_two_levels_of_five_is_a_disagreement(
    run: RunFn, default_vendor: Path, write_eval: Callable[..., Path], a: int, b: int
) -> None:
    evals = [
        write_eval("ann", {"acme-live": {FIT: a}}, indicator_set="enterprise-live-2022"),
        write_eval("bob", {"acme-live": {FIT: b}}, indicator_set="enterprise-live-2022"),
    ]
    (d,) = disagreements(run, default_vendor, *E(*evals))
    assert d["indicator"] == FIT
    assert d["values"] == {"ann": a, "bob": b}
    assert d["spread"] == pytest.approx(abs(a - b) / 5)
    assert d["resolved"] is False


@pytest.mark.parametrize(("a", "b"), [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (5, 4), (3, 3)])
def test_ordinal_spread_of_one_level_is_not_a_disagreement(
    run: RunFn, default_vendor: Path, write_eval: Callable[..., Path], a: int, b: int
) -> None:
    evals = [
        write_eval("ann", {"acme-live": {FIT: a}}, indicator_set="enterprise-live-2022"),
        write_eval("bob", {"acme-live": {FIT: b}}, indicator_set="enterprise-live-2022"),
    ]
    assert disagreements(run, default_vendor, *E(*evals)) == []


def test_spread_is_over_all_evaluators(run: RunFn, default_vendor: Path, write_eval: Callable[..., Path]) -> None:
    evals = [
        write_eval(n, {"acme-live": {FIT: lv}}, indicator_set="enterprise-live-2022")
        for n, lv in (("ann", 2), ("bob", 3), ("cat", 4))
    ]
    (d,) = disagreements(run, default_vendor, *E(*evals))
    assert d["values"] == {"ann": 2, "bob": 3, "cat": 4}
    assert d["spread"] == pytest.approx(0.4)


def test_boolean_difference_is_a_disagreement(run: RunFn, default_vendor: Path, write_eval: Callable[..., Path]) -> None:
    ann = write_eval("ann", {"acme-live": {MODERATION: True}}, indicator_set="enterprise-live-2022")
    bob = write_eval("bob", {"acme-live": {MODERATION: False}}, indicator_set="enterprise-live-2022")
    (d,) = disagreements(run, default_vendor, *E(ann, bob))
    assert d["indicator"] == MODERATION
    assert d["values"] == {"ann": True, "bob": False}
    assert d["resolved"] is False
    agreed = write_eval(
        "consensus",
        {"acme-live": {MODERATION: {"value": True, "reason": "enabled in the PoC tenant"}}},
        indicator_set="enterprise-live-2022",
    )
    (d,) = disagreements(run, default_vendor, *E(ann, bob, agreed))
    assert d["resolved"] is True


def test_agreeing_booleans_are_no_disagreement(run: RunFn, default_vendor: Path, write_eval: Callable[..., Path]) -> None:
    ann = write_eval("ann", {"acme-live": {MODERATION: False}}, indicator_set="enterprise-live-2022")
    bob = write_eval("bob", {"acme-live": {MODERATION: False}}, indicator_set="enterprise-live-2022")
    assert disagreements(run, default_vendor, *E(ann, bob)) == []


def test_example_evaluations(run: RunFn) -> None:
    data = run_json(run, "rank", "vendors", "-e", "examples/evaluations")
    found = {(v["id"], d["indicator"]): d for v in data["vendors"] for d in v["disagreements"]}
    assert set(found) == {
        ("panshi-securecast", FIT),  # ann 2, bob 4
        ("lumen-rtc", FIT),  # ann 3, bob 1
        ("aurora-live", MODERATION),  # ann true, bob false, consensus true
    }
    assert found[("aurora-live", MODERATION)]["resolved"] is True
    assert found[("panshi-securecast", FIT)]["resolved"] is False
    assert found[("lumen-rtc", FIT)]["values"] == {"ann": 3, "bob": 1}
    verified = {v["id"]: v["verified"] for v in data["vendors"]}
    assert verified["aurora-live"] == ["technology.scale.max_concurrent_viewers"]
    assert verified["panshi-securecast"] == [MODERATION]
    assert verified["lumen-rtc"] == []  # the consensus 560 ms (ann's 520 verified, bob's 600 not) does not say verified
    assert verified["sprout-live"] == []


# ---------------------------------------------------------------- errors in evaluation files


def test_unknown_vendor_is_an_error_at_the_key(
    run: RunFn, tiny_set: Callable[..., Path], write_vendor: Callable[..., Path], write_yaml: Callable[[str, str], Path]
) -> None:
    v = write_vendor("acme-live", FULL_EVIDENCE)
    ev = write_yaml(
        "ann.yaml",
        """\
        kind: evaluation
        indicator_set: tiny-set
        evaluator: ann
        scores:
          acme-live:
            prod.core.ease: 2
          acme-lve:
            prod.core.ease: 3
        """,
    )
    code, out, err = run("rank", "-i", tiny_set(), v, *E(ev))
    assert code == 1 and out == ""
    (line,) = only_errors(err)
    assert line.startswith(f"{ev}:7:3: error[unknown-vendor]")
    assert "did you mean 'acme-live'?" in line
    assert "Traceback" not in err


def test_unknown_indicator_is_an_error_at_the_key(
    run: RunFn, tiny_set: Callable[..., Path], write_vendor: Callable[..., Path], write_yaml: Callable[[str, str], Path]
) -> None:
    v = write_vendor("acme-live", FULL_EVIDENCE)
    ev = write_yaml(
        "ann.yaml",
        """\
        kind: evaluation
        indicator_set: tiny-set
        evaluator: ann
        scores:
          acme-live:
            prod.core.eas: 2
            no.such.path: 1
        """,
    )
    code, _, err = run("rank", "-i", tiny_set(), v, *E(ev))
    assert code == 1
    first, second = only_errors(err)
    assert first.startswith(f"{ev}:6:5: error[unknown-indicator]") and "did you mean 'prod.core.ease'?" in first
    assert second.startswith(f"{ev}:7:5: error[unknown-indicator]")


def test_invalid_values_are_errors_at_the_value(
    run: RunFn, tiny_set: Callable[..., Path], write_vendor: Callable[..., Path], write_yaml: Callable[[str, str], Path]
) -> None:
    v = write_vendor("acme-live", FULL_EVIDENCE)
    ev = write_yaml(
        "ann.yaml",
        """\
        kind: evaluation
        indicator_set: tiny-set
        evaluator: ann
        scores:
          acme-live:
            prod.core.ease: 7
            prod.core.flag: {note: "long form", value: 3}
            prod.extra.support: weekends
            tech.perf.resolution: 20000
        """,
    )
    code, out, err = run("rank", "-i", tiny_set(), v, *E(ev))
    assert code == 1 and out == ""
    errors = only_errors(err)
    assert [e.split(": error[")[0] for e in errors] == [f"{ev}:6:21", f"{ev}:7:48", f"{ev}:8:25", f"{ev}:9:27"]
    assert "error[ordinal-level]" in errors[0] and EASE in errors[0]
    assert FLAG in errors[1] and "prod.extra.support" in errors[2] and "tech.perf.resolution" in errors[3]


def test_duplicate_evaluator_is_an_error(
    run: RunFn, tiny_set: Callable[..., Path], write_vendor: Callable[..., Path], write_eval: Callable[..., Path]
) -> None:
    v = write_vendor("acme-live", FULL_EVIDENCE)
    first = write_eval("ann", {"acme-live": {EASE: 1}}, filename="a-ann.yaml")
    second = write_eval("ann", {"acme-live": {EASE: 4}}, filename="b-ann.yaml")
    for order in ((first, second), (second, first)):
        code, out, err = run("rank", "-i", tiny_set(), v, *E(*order))
        assert code == 1 and out == ""
        (line,) = only_errors(err)
        # `evaluator: ann` is line 3; its value starts at column 12
        assert line.startswith(f"{second}:3:12: error[duplicate-evaluator]")
        assert str(first) in line


def test_evaluation_for_another_set_is_a_set_mismatch(
    run: RunFn, tiny_set: Callable[..., Path], write_vendor: Callable[..., Path], write_eval: Callable[..., Path]
) -> None:
    v = write_vendor("acme-live", FULL_EVIDENCE)
    ev = write_eval("ann", {"acme-live": {FIT: 1}}, indicator_set="enterprise-live-2022")
    code, _, err = run("rank", "-i", tiny_set(), v, *E(ev))
    assert code == 1
    assert f"{ev}:2:" in err and "error[set-mismatch]" in err


# ---------------------------------------------------------------- gates on evaluated indicators


def gate_vendor(run: RunFn, *args: str | Path) -> dict[str, Any]:
    (vendor,) = run_json(run, "rank", *args)["vendors"]
    return vendor


def test_boolean_gate_needs_unanimity_or_consensus(
    run: RunFn,
    tiny_set: Callable[..., Path],
    write_vendor: Callable[..., Path],
    write_eval: Callable[..., Path],
    aggregate_profile: Callable[..., Path],
) -> None:
    s = tiny_set()
    p = aggregate_profile(None, f"- indicator: {FLAG}\n  equals: true\n")
    v = write_vendor("acme-live", FULL_EVIDENCE)  # claims true
    ann = write_eval("ann", {"acme-live": {FLAG: True}})
    bob = write_eval("bob", {"acme-live": {FLAG: False}})
    cat = write_eval("cat", {"acme-live": {FLAG: True}})
    assert gate_vendor(run, "-i", s, "-w", p, v)["qualified"] is True
    split = gate_vendor(run, "-i", s, "-w", p, v, *E(ann, bob, cat))  # 2 of 3 say true: no unanimity
    assert split["qualified"] is False and split["rank"] is None
    assert split["failed_requirements"] == [{"indicator": FLAG, "requirement": "equals true", "value": None}]
    assert gate_vendor(run, "-i", s, "-w", p, v, *E(ann, cat))["qualified"] is True  # unanimous
    agreed = write_eval("consensus", {"acme-live": {FLAG: {"value": True, "reason": "checked again"}}})
    assert gate_vendor(run, "-i", s, "-w", p, v, *E(ann, bob, cat, agreed))["qualified"] is True
    # a unanimous false overrides the vendor's claim of true
    no = [write_eval(n, {"acme-live": {FLAG: False}}, filename=f"no-{n}.yaml") for n in ("dan", "eve")]
    failed = gate_vendor(run, "-i", s, "-w", p, v, *E(*no))
    assert failed["failed_requirements"] == [{"indicator": FLAG, "requirement": "equals true", "value": False}]


def test_min_gate_compares_the_aggregated_raw_value(
    run: RunFn,
    tiny_set: Callable[..., Path],
    write_vendor: Callable[..., Path],
    write_eval: Callable[..., Path],
    aggregate_profile: Callable[..., Path],
) -> None:
    """Raw mean 100000 passes `min 100000`; the mean of the log-scale scores maps back to ~43,600 and
    would not: the gate must compare the aggregated raw value, not a value behind the score."""
    s = tiny_set()
    gate = f"- indicator: {VIEWERS}\n  min: 100000\n"
    v = write_vendor("acme-live", {**FULL_EVIDENCE, VIEWERS: 5000})  # the claim alone fails
    assert gate_vendor(run, "-i", s, "-w", aggregate_profile(None, gate), v)["qualified"] is False
    two = [write_eval("ann", {"acme-live": {VIEWERS: 10_000}}), write_eval("bob", {"acme-live": {VIEWERS: 190_000}})]
    assert gate_vendor(run, "-i", s, "-w", aggregate_profile("mean", gate), v, *E(*two))["qualified"] is True
    three = [*two, write_eval("cat", {"acme-live": {VIEWERS: 100_000}})]
    # median 100000 passes; mean 100000 passes; trimmed-mean keeps only 100000
    for how in ("mean", "median", "trimmed-mean"):
        assert gate_vendor(run, "-i", s, "-w", aggregate_profile(how, gate), v, *E(*three))["qualified"] is True, how
    low = [*two, write_eval("dan", {"acme-live": {VIEWERS: 20_000}})]  # mean 73,333; median 20,000
    for how in ("mean", "median", "trimmed-mean"):
        vendor = gate_vendor(run, "-i", s, "-w", aggregate_profile(how, gate), v, *E(*low))
        assert vendor["qualified"] is False, how
        (f,) = vendor["failed_requirements"]
        expected = {"mean": 220_000 / 3, "median": 20_000, "trimmed-mean": 20_000}[how]
        assert f["value"] == pytest.approx(expected)


# ---------------------------------------------------------------- verified


def test_verified_in_rank_and_explain(
    run: RunFn, tiny_set: Callable[..., Path], write_vendor: Callable[..., Path], write_eval: Callable[..., Path]
) -> None:
    s = tiny_set()
    v = write_vendor("acme-live", FULL_EVIDENCE)
    ann = write_eval(
        "ann",
        {"acme-live": {VIEWERS: {"value": 300_000, "verified": True, "source": "PoC load test"}, EASE: 2}},
    )
    bob = write_eval("bob", {"acme-live": {VIEWERS: 250_000}})
    # Half verified is not verified: the mean of ann's checked and bob's unchecked value is evaluated.
    (vendor,) = run_json(run, "rank", "-i", s, v, *E(ann, bob))["vendors"]
    assert vendor["verified"] == []
    assert indicator(run_json(run, "explain", "-i", s, v, *E(ann, bob)), VIEWERS)["status"] == "evaluated"
    bob = write_eval("bob", {"acme-live": {VIEWERS: {"value": 250_000, "verified": True}}})
    (vendor,) = run_json(run, "rank", "-i", s, v, *E(ann, bob))["vendors"]
    assert vendor["verified"] == [VIEWERS]
    explained = run_json(run, "explain", "-i", s, v, *E(ann, bob))
    assert indicator(explained, VIEWERS)["status"] == "verified"
    assert indicator(explained, VIEWERS)["value"] == pytest.approx(275_000)
    assert indicator(explained, EASE)["status"] == "evaluated"
    assert indicator(explained, FLAG)["status"] == "claimed"
    (plain,) = run_json(run, "rank", "-i", s, v)["vendors"]
    assert plain["verified"] == []


# ---------------------------------------------------------------- order and folders


def test_file_order_and_folders_give_byte_identical_json(
    run: RunFn, tmp_path: Path, tiny_set: Callable[..., Path], write_vendor: Callable[..., Path], write_eval: Callable[..., Path]
) -> None:
    s = tiny_set()
    vendors = [
        write_vendor("acme-live", FULL_EVIDENCE, filename="v/acme.yaml"),
        write_vendor("zen-cast", {**FULL_EVIDENCE, EASE: 1}, filename="v/zen.yaml"),
        write_vendor("mid-stream", {**FULL_EVIDENCE, FLAG: False}, filename="v/sub/mid.yaml"),
    ]
    evals = [
        write_eval("ann", {"acme-live": {EASE: 0, FLAG: True}, "zen-cast": {EASE: 4}}, filename="e/ann.yaml"),
        write_eval(
            "bob",
            {"acme-live": {EASE: 4, FLAG: False}, "mid-stream": {VIEWERS: {"value": 9000, "verified": True}}},
            filename="e/bob.yaml",
        ),
        write_eval("consensus", {"acme-live": {FLAG: {"value": True, "reason": "r"}}}, filename="e/deep/consensus.yaml"),
    ]
    orders = [
        [*vendors, *E(*evals)],
        [*E(*reversed(evals)), *reversed(vendors)],
        [*E(evals[1]), vendors[2], *E(evals[0]), vendors[0], *E(evals[2]), vendors[1]],
        [*E(tmp_path / "e"), tmp_path / "v"],
        [tmp_path / "v", *E(tmp_path / "e")],
    ]
    outputs = []
    for order in orders:
        code, out, err = run("rank", "-i", s, "-f", "json", *order)
        assert code == 0, err
        outputs.append(out)
    assert all(o == outputs[0] for o in outputs)
    data = json.loads(outputs[0])
    assert {v["id"] for v in data["vendors"]} == {"acme-live", "zen-cast", "mid-stream"}
    assert any(v["disagreements"] for v in data["vendors"])


def test_examples_in_any_order(run: RunFn, tmp_path: Path, repo: Path) -> None:
    shutil.copytree(repo / "vendors", tmp_path / "all" / "vendors")
    shutil.copytree(repo / "examples" / "evaluations", tmp_path / "all" / "zz-evaluations")
    a = run("rank", "-f", "json", "vendors", "-e", "examples/evaluations")
    b = run(
        "rank",
        "-f",
        "json",
        *E("examples/evaluations/consensus.yaml", "examples/evaluations/bob.yaml"),
        "vendors",
        *E("examples/evaluations/ann.yaml"),
    )
    c = run("rank", "-f", "json", tmp_path / "all" / "vendors", "-e", tmp_path / "all" / "zz-evaluations")
    assert a[0] == b[0] == c[0] == 0
    assert a[1] == b[1] == c[1]


# ---------------------------------------------------------------- evaluations are the buyer's


@pytest.mark.parametrize("command", ["rank", "compare", "sensitivity", "explain"])
def test_an_evaluation_among_the_vendor_paths_is_an_error(
    run: RunFn, tmp_path: Path, write_vendor: Callable[..., Path], write_eval: Callable[..., Path], command: str
) -> None:
    """A vendor who drops `evaluator: consensus` into the vendors' folder must not act as the buyer."""
    folder = tmp_path / "submissions"
    folder.mkdir()
    ours = write_vendor("acme-live", {FIT: 3}, indicator_set="enterprise-live-2022")
    theirs = write_vendor("zen-cast", {FIT: 1}, indicator_set="enterprise-live-2022")
    for vendor in (ours, theirs):
        vendor.rename(folder / vendor.name)
    planted = write_eval("consensus", {"acme-live": {FIT: {"value": 0, "reason": "x"}}}, indicator_set="enterprise-live-2022")
    planted = planted.rename(folder / "zz-consensus.yaml")
    args = [folder / ours.name, planted] if command == "explain" else [folder]
    code, out, err = run(command, *args)
    assert code == (2 if command == "explain" else 1) and out == ""
    if command != "explain":  # explain takes one vendor file: a second path is a usage error
        (line,) = only_errors(err)
        assert line.startswith(f"{planted}:1:7: error[evaluation-in-vendor-paths]") and "pass it with -e" in line


def test_the_same_evaluation_counts_with_e(
    run: RunFn, write_vendor: Callable[..., Path], write_eval: Callable[..., Path]
) -> None:
    v = write_vendor("acme-live", {FIT: 3}, indicator_set="enterprise-live-2022")
    ev = write_eval("consensus", {"acme-live": {FIT: {"value": 1, "reason": "PoC"}}}, indicator_set="enterprise-live-2022")
    claimed = run_json(run, "explain", v)
    judged = run_json(run, "explain", v, *E(ev))
    assert indicator(claimed, FIT)["value"] == 3 and indicator(judged, FIT)["value"] == 1


def test_a_vendor_file_given_with_e_is_an_error(run: RunFn, write_vendor: Callable[..., Path]) -> None:
    v = write_vendor("acme-live", {FIT: 3}, indicator_set="enterprise-live-2022")
    code, out, err = run("rank", v, "-e", v)
    assert code == 1 and out == ""
    (line,) = only_errors(err)
    assert "error[wrong-kind]" in line and "vendor files are the PATHS, not -e" in line


def test_a_vendor_cannot_forge_the_verified_marker(
    run: RunFn, write_vendor: Callable[..., Path], write_eval: Callable[..., Path]
) -> None:
    """The status column comes from the data: a vendor's source text that reads like the buyer's marker
    stays in the source column, and the row's status says claimed; only an evaluation makes it verified."""
    forged = {"value": 4, "source": "[verified] ann: PoC load test"}
    v = write_vendor("acme-live", {FIT: forged}, indicator_set="enterprise-live-2022")
    code, out, _ = run("explain", v, env={"COLUMNS": "160"})
    assert code == 0
    (row,) = [line for line in out.splitlines() if "Ease of use" in line]
    status, source = row.split("claimed", 1)
    assert "verified" not in status and source.strip().startswith("[verified] ann: PoC")
    ev = write_eval(
        "ann", {"acme-live": {FIT: {"value": 4, "verified": True, "source": "PoC"}}}, indicator_set="enterprise-live-2022"
    )
    code, out, _ = run("explain", v, "-e", ev, env={"COLUMNS": "160"})
    (row,) = [line for line in out.splitlines() if "Ease of use" in line]
    assert " verified " in row and " claimed " not in row


def test_validate_refuses_what_rank_refuses_two_files_of_one_evaluator(
    run: RunFn, tiny_set: Callable[..., Path], write_vendor: Callable[..., Path], write_eval: Callable[..., Path]
) -> None:
    s = tiny_set()
    v = write_vendor("acme-live", FULL_EVIDENCE)
    first = write_eval("ann", {"acme-live": {EASE: 1}}, filename="a-ann.yaml")
    second = write_eval("ann", {"acme-live": {EASE: 4}}, filename="b-ann.yaml")
    ranked = run("rank", "-i", s, v, *E(first, second))
    code, _, err = run("validate", "-i", s, v, first, second)
    assert ranked[0] == code == 1
    assert f"{second}:3:12: error[duplicate-evaluator]" in err and f"{second}:3:12: error[duplicate-evaluator]" in ranked[2]
