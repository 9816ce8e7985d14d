"""Close calls in `rank` (docs/contracts.md, "Ranking"): when the top two qualified vendors are within
1.0 point, or within the evaluators' own spread on one indicator of either (in points), the table
says so under the ranking and JSON has `close_call`; otherwise `close_call` is null."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from helpers import FULL_EVIDENCE, VENDORS, RunFn, evidence


def _rank(run: RunFn, *args: str | Path) -> tuple[dict[str, Any], str]:
    code, out, err = run("rank", *args, "-f", "json")
    assert code == 0, err
    _, table, _ = run("rank", *args, env={"COLUMNS": "120"})
    return json.loads(out), table


def _global_weight(run: RunFn, set_path: Path, path: str) -> float:
    code, out, _ = run("tree", "-i", set_path, "-f", "json")
    assert code == 0
    for dim in json.loads(out)["dimensions"]:
        for group in dim["groups"]:
            for ind in group["indicators"]:
                if ind["path"] == path:
                    return float(ind["global_weight"])
    raise AssertionError(path)


def test_a_lead_under_one_point_is_a_close_call(
    run: RunFn, tiny_set: Callable[..., Path], write_vendor: Callable[..., Path]
) -> None:
    set_path = tiny_set()
    a = write_vendor("acme-live", evidence(latency_ms=1900), name="Acme Live")
    b = write_vendor("bolt-live", evidence(latency_ms=2000), name="Bolt Live")
    data, table = _rank(run, "-i", set_path, a, b)
    first, second = data["vendors"][:2]
    gap = first["score"] - second["score"]
    assert 0 < gap < 1
    call = data["close_call"]
    assert call is not None and call["gap"] == gap and (call["first"], call["second"]) == ("acme-live", "bolt-live")
    assert f"Acme Live leads Bolt Live by {gap:.2f} points" in call["reason"] and "less than 1 point" in call["reason"]
    assert "Close call:" in table and f"by {gap:.2f} points" in " ".join(table.split())


def test_a_lead_inside_the_evaluators_spread_is_a_close_call(
    run: RunFn, tiny_set: Callable[..., Path], write_vendor: Callable[..., Path], write_yaml: Callable[[str, str], Path]
) -> None:
    set_path = tiny_set()
    a = write_vendor("acme-live", FULL_EVIDENCE, name="Acme Live")
    b = write_vendor("bolt-live", evidence(latency_ms=2600), name="Bolt Live")
    ann = write_yaml(
        "ann.yaml", "kind: evaluation\nindicator_set: tiny-set\nevaluator: ann\nscores:\n  acme-live:\n    prod.core.ease: 4\n"
    )
    bob = write_yaml(
        "bob.yaml", "kind: evaluation\nindicator_set: tiny-set\nevaluator: bob\nscores:\n  acme-live:\n    prod.core.ease: 2\n"
    )
    data, table = _rank(run, "-i", set_path, a, b, "-e", ann, "-e", bob)
    first, second = data["vendors"][:2]
    gap = first["score"] - second["score"]
    (d,) = first["disagreements"]
    spread = d["spread"] * _global_weight(run, set_path, "prod.core.ease") * 100
    assert 1 <= gap < spread  # the case: a clear lead in points, inside what the evaluators disagree on
    call = data["close_call"]
    assert call is not None and call["gap"] == gap
    assert f"less than the evaluators' own spread of {spread:.2f} points on prod.core.ease (acme-live)" in call["reason"]
    assert "Close call:" in table


def test_a_clear_lead_is_no_close_call(run: RunFn) -> None:
    data, table = _rank(run, *VENDORS)
    assert data["vendors"][0]["score"] - data["vendors"][1]["score"] >= 1
    assert data["close_call"] is None and "Close call" not in table
