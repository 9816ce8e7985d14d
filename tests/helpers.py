"""What the tests share besides fixtures: the repository root, the tiny indicator set and evidence for
it, YAML writing, the in-process CLI runner and small builders for its JSON. conftest.py turns some of
these into fixtures; test modules import the rest from here (``from helpers import ...``)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
VENDORS = sorted(str(p) for p in (REPO / "vendors").glob("*.yaml"))  # the six sample vendors, absolute paths
CLI_ENV = {"NO_COLOR": "1", "COLUMNS": "100", "GITHUB_ACTIONS": None, "FORCE_COLOR": None}

RunResult = tuple[int, str, str]
RunFn = Callable[..., RunResult]

TINY_SET_ID = "tiny-set"

# Two dimensions (weights 60/40), three groups, eight indicators covering every kind:
#   prod.core.flag          boolean
#   prod.core.viewers       numeric, higher, log, floor 1000 target 1000000, bounds [0, null]
#   prod.core.ease          ordinal 0..4
#   prod.extra.channels     set [web, app, mini]
#   prod.extra.support      choice {none: 0, business_hours: 0.5, round_the_clock: 1}
#   tech.perf.resolution    numeric, higher, linear, floor 480 target 2160, bounds [0, 10000]
#   tech.perf.latency_ms    numeric, lower, linear, floor 3000 target 1000, bounds [0, null]
#   tech.perf.deployment    set [public_saas, private, hybrid]
TINY_SET_YAML = """\
kind: indicator-set
id: tiny-set
version: "0.1"
title: {en: Tiny test set, zh: 测试指标}
dimensions:
  - id: prod
    name: {en: Product, zh: 产品}
    weight: 60
    groups:
      - id: core
        name: {en: Core}
        weight: 2
        indicators:
          - id: flag
            name: {en: A flag}
            provenance: test
            kind: boolean
          - id: viewers
            name: {en: Viewers}
            provenance: test
            kind: numeric
            unit: viewers
            direction: higher
            floor: 1000
            target: 1000000
            scale: log
            bounds: [0, null]
          - id: ease
            name: {en: Ease of use}
            provenance: test
            weight: 2
            kind: ordinal
            levels: {0: none, 1: poor, 2: fair, 3: good, 4: great}
      - id: extra
        name: {en: Extras}
        weight: 1
        indicators:
          - id: channels
            name: {en: Channels}
            provenance: test
            kind: set
            options: [web, app, mini]
          - id: support
            name: {en: Support hours}
            provenance: test
            kind: choice
            options: {none: 0, business_hours: 0.5, round_the_clock: 1}
  - id: tech
    name: {en: Technology, zh: 技术}
    weight: 40
    groups:
      - id: perf
        name: {en: Performance}
        indicators:
          - id: resolution
            name: {en: Max resolution}
            provenance: test
            kind: numeric
            unit: p
            direction: higher
            floor: 480
            target: 2160
            bounds: [0, 10000]
          - id: latency_ms
            name: {en: Latency}
            provenance: test
            kind: numeric
            unit: ms
            direction: lower
            floor: 3000
            target: 1000
            bounds: [0, null]
          - id: deployment
            name: {en: Deployment}
            provenance: test
            kind: set
            options: [public_saas, private, hybrid]
"""

TINY_PATHS = [
    "prod.core.flag",
    "prod.core.viewers",
    "prod.core.ease",
    "prod.extra.channels",
    "prod.extra.support",
    "tech.perf.resolution",
    "tech.perf.latency_ms",
    "tech.perf.deployment",
]

# Evidence that is valid for every indicator of the tiny set.
FULL_EVIDENCE: dict[str, Any] = {
    "prod.core.flag": True,
    "prod.core.viewers": 100000,
    "prod.core.ease": 3,
    "prod.extra.channels": ["web", "app"],
    "prod.extra.support": "business_hours",
    "tech.perf.resolution": 1080,
    "tech.perf.latency_ms": 2000,
    "tech.perf.deployment": ["private"],
}


def dump_yaml(data: Mapping[str, Any]) -> str:
    return yaml.safe_dump(dict(data), allow_unicode=True, sort_keys=False, default_flow_style=False)


def build_tree(text: str = TINY_SET_YAML) -> Any:
    """An indicator set's YAML text -> a scoring Tree (asserts the text is valid)."""
    from livescore.load.kinds import load_document
    from livescore.load.sets import tree_from
    from livescore.load.strict_yaml import parse_bytes

    raw = text.encode("utf-8")
    doc, diagnostics = parse_bytes(raw, "tiny-set.yaml")
    assert diagnostics == [] and doc is not None
    tree, diagnostics = tree_from(load_document(doc, expect=("indicator-set",)), raw)
    assert diagnostics == [] and tree is not None
    return tree


def evidence(**changes: Any) -> dict[str, Any]:
    """FULL_EVIDENCE with changes by short indicator id; a key given as None is left out (no evidence)."""
    out = dict(FULL_EVIDENCE)
    for short, value in changes.items():
        path = next(p for p in TINY_PATHS if p.endswith("." + short))
        if value is None:
            out.pop(path)
        else:
            out[path] = value
    return out


def invoke(*args: str | Path, env: Mapping[str, str | None] | None = None, cwd: Path | None = REPO) -> RunResult:
    """Run ``livescore ARGS`` in-process; returns (exit_code, stdout, stderr).

    Runs in ``cwd`` (the repository root by default, so `vendors/...` paths work) with NO_COLOR=1 and
    COLUMNS=100. An exception other than SystemExit propagates: a traceback fails the test.
    """
    from livescore.cli import app

    runner = CliRunner(env={**CLI_ENV, **(env or {})})
    with contextlib.chdir(cwd) if cwd is not None else contextlib.nullcontext():
        result = runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def rank_json(run: RunFn, set_path: Path, *args: str | Path) -> dict[str, Any]:
    """`livescore rank -i SET -f json ARGS`, which must succeed, parsed."""
    code, out, err = run("rank", "-i", set_path, "-f", "json", *args)
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def by_id(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {v["id"]: v for v in data["vendors"]}
