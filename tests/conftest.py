"""Shared fixtures: the repository root, a tiny indicator set of every kind, writers for vendor and
profile files, and a CliRunner helper that returns exit code, stdout and stderr separately."""

from __future__ import annotations

import contextlib
import json
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
CLI_ENV = {"NO_COLOR": "1", "COLUMNS": "100", "GITHUB_ACTIONS": None, "FORCE_COLOR": None}

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


@pytest.fixture(scope="session")
def repo() -> Path:
    """The repository root (holds indicators/, vendors/, examples/)."""
    return REPO


def _dump(data: Mapping[str, Any]) -> str:
    return yaml.safe_dump(dict(data), allow_unicode=True, sort_keys=False, default_flow_style=False)


@pytest.fixture
def write_yaml(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write raw YAML text (dedented) to tmp_path/NAME and return the path."""

    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def tiny_set(tmp_path: Path) -> Callable[..., Path]:
    """Factory: write the tiny indicator set (or ``text`` instead) to tmp_path and return its path."""

    def make(text: str = TINY_SET_YAML, name: str = "tiny-set.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return make


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


@pytest.fixture(scope="session")
def tiny_tree() -> Any:
    """The tiny set loaded as a scoring tree."""
    return build_tree()


@pytest.fixture(scope="session")
def default_tree() -> Any:
    """The embedded default indicator set."""
    from livescore.load.sets import load_tree

    tree, diagnostics = load_tree(None)
    assert diagnostics == [] and tree is not None
    return tree


@pytest.fixture
def write_vendor(tmp_path: Path) -> Callable[..., Path]:
    """Factory: write a vendor file; returns its path (file name defaults to ``ID.yaml``)."""

    def write(
        vendor_id: str,
        evidence: Mapping[str, Any] | None = None,
        *,
        name: str | None = None,
        indicator_set: str = TINY_SET_ID,
        price: Mapping[str, Any] | None = None,
        filename: str | None = None,
    ) -> Path:
        data: dict[str, Any] = {
            "kind": "vendor",
            "id": vendor_id,
            "name": name or f"Vendor {vendor_id}",
            "indicator_set": indicator_set,
        }
        if price is not None:
            data["price"] = dict(price)
        data["evidence"] = dict(evidence or {})
        path = tmp_path / (filename or f"{vendor_id}.yaml")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_dump(data), encoding="utf-8")
        return path

    return write


@pytest.fixture
def write_profile(tmp_path: Path) -> Callable[..., Path]:
    """Factory: write a weight profile; returns its path (file name defaults to ``ID.yaml``)."""

    def write(
        profile_id: str = "test-profile",
        *,
        weights: Mapping[str, float] | None = None,
        requirements: list[Mapping[str, Any]] | None = None,
        missing: str | None = None,
        indicator_set: str = TINY_SET_ID,
        extends: list[str] | None = None,
        filename: str | None = None,
    ) -> Path:
        data: dict[str, Any] = {"kind": "weight-profile", "id": profile_id, "indicator_set": indicator_set}
        if extends is not None:
            data["extends"] = list(extends)
        if weights is not None:
            data["weights"] = dict(weights)
        if requirements is not None:
            data["requirements"] = [dict(r) for r in requirements]
        if missing is not None:
            data["missing"] = missing
        path = tmp_path / (filename or f"{profile_id}.yaml")
        path.write_text(_dump(data), encoding="utf-8")
        return path

    return write


RunResult = tuple[int, str, str]


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


@pytest.fixture
def run() -> Callable[..., RunResult]:
    """``run("rank", "vendors/aurora-live.yaml")`` -> (exit_code, stdout, stderr)."""
    return invoke


@pytest.fixture(autouse=True, scope="session")
def _isolated_set_cache(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Tests never read or write the user's cache of validated indicator sets."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LIVESCORE_CACHE_DIR", str(tmp_path_factory.mktemp("set-cache")))
        yield


def rank_json(run: Callable[..., tuple[int, str, str]], set_path: Path, *args: str | Path) -> dict[str, Any]:
    """`livescore rank -i SET -f json ARGS`, which must succeed, parsed."""
    code, out, err = run("rank", "-i", set_path, "-f", "json", *args)
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def by_id(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {v["id"]: v for v in data["vendors"]}
