"""Bands on numeric indicators (docs/contracts.md, "China public procurement (综合评分法)"): a tender's
interval table ("≥10万人5分；≥5万人3分；≥1万人1分") scores the first band whose threshold the value
meets; gates still see the raw value; a set that mixes bands with floor/target or orders them wrongly
is an error at its place."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import RunFn

Write = Callable[[str, str], Path]

SET = """\
kind: indicator-set
id: banded
version: "1"
title: {zh: 区间评分}
dimensions:
  - id: tech
    name: {zh: 技术}
    groups:
      - id: scale
        name: {zh: 规模}
        indicators:
          - id: viewers
            name: {zh: 并发观看人数}
            provenance: tender table
            kind: numeric
            {numeric}
          - id: other
            name: {zh: 其他}
            provenance: test
            kind: boolean
"""
BANDS_HIGHER = "bands: [[100000, 1.0], [50000, 0.6], [10000, 0.2]]"


def write_set(write_yaml: Write, numeric: str) -> Path:
    return write_yaml("set.yaml", SET.replace("{numeric}", numeric))


def vendor(write_yaml: Write, vid: str, viewers: float) -> Path:
    body = f"kind: vendor\nid: {vid}\nname: {vid}\nindicator_set: banded\nevidence:\n  tech.scale.viewers: {viewers}\n"
    return write_yaml(f"{vid}.yaml", body)


@pytest.mark.parametrize(
    ("viewers", "score"),
    [(200000, 1.0), (100000, 1.0), (99999, 0.6), (50000, 0.6), (10000, 0.2), (9999, 0.0), (0, 0.0)],
)
def test_the_first_band_met_scores(run: RunFn, write_yaml: Write, viewers: float, score: float) -> None:
    s = write_set(write_yaml, BANDS_HIGHER)
    code, out, err = run("rank", vendor(write_yaml, "a", viewers), "-i", s, "-f", "json")
    assert code == 0, err
    assert json.loads(out)["vendors"][0]["dimensions"]["tech"] == pytest.approx(100 * score * 0.5)


def test_lower_is_better_bands(run: RunFn, write_yaml: Write) -> None:
    s = write_set(write_yaml, "direction: lower\n            bands: [[1000, 1.0], [3000, 0.5]]")
    scores = {}
    for vid, latency in (("fast", 800), ("mid", 3000), ("slow", 3001)):
        code, out, err = run("rank", vendor(write_yaml, vid, latency), "-i", s, "-f", "json")
        assert code == 0, err
        scores[vid] = json.loads(out)["vendors"][0]["quality"]
    assert scores == pytest.approx({"fast": 50.0, "mid": 25.0, "slow": 0.0})


def test_gates_see_the_raw_value(run: RunFn, write_yaml: Write) -> None:
    s = write_set(write_yaml, BANDS_HIGHER)
    p = write_yaml(
        "p.yaml",
        "kind: weight-profile\nid: p\nindicator_set: banded\nrequirements:\n  - {indicator: tech.scale.viewers, min: 120000}\n",
    )
    code, out, err = run("rank", vendor(write_yaml, "a", 110000), "-i", s, "-w", p, "-f", "json")
    assert code == 0, err
    v = json.loads(out)["vendors"][0]
    assert v["qualified"] is False and v["failed_requirements"][0]["value"] == 110000  # full band score, raw value gated


@pytest.mark.parametrize(
    ("numeric", "where", "what"),
    [
        ("bands: [[10000, 0.2], [50000, 0.6]]", ":16:20: error[bands]", "strictly decrease"),
        ("bands: [[100000, 1.5]]", ":16:30: error[bands]", "in [0, 1]"),
        ("floor: 0\n            target: 10\n            " + BANDS_HIGHER, ":12:13: error[invalid-value]", "replace `floor`"),
        ("unit: viewers", ":12:13: error[invalid-value]", "needs `floor` and `target`, or `bands`"),
    ],
)
def test_bad_bands_are_located(run: RunFn, write_yaml: Write, numeric: str, where: str, what: str) -> None:
    s = write_set(write_yaml, numeric)
    code, _, err = run("validate", s)
    assert code == 1
    assert f"{s}{where}" in err and what in err, err
