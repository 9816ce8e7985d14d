"""`basis` on indicators (docs/contracts.md, "Indicator set"): where each indicator comes from, shown by
`tree -f json`; a set that uses it on some indicators is warned for the ones that lack it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from helpers import TINY_SET_YAML, RunFn


def test_a_set_using_basis_warns_where_it_is_missing(run: RunFn, tiny_set: Callable[..., Path]) -> None:
    text = TINY_SET_YAML.replace("          - id: flag\n", "          - id: flag\n            basis: report\n", 1)
    path = tiny_set(text)
    code, _, err = run("validate", path)
    assert code == 0, err
    lines = [x for x in err.splitlines() if "no-basis" in x]
    assert len(lines) == TINY_SET_YAML.count("            provenance: test") - 1  # every indicator but flag
    assert all("warning[no-basis]" in x for x in lines) and "prod.core.flag" not in err
    data = json.loads(run("tree", "-i", path, "-f", "json")[1])
    basis = {i["path"]: i["basis"] for d in data["dimensions"] for g in d["groups"] for i in g["indicators"]}
    assert basis["prod.core.flag"] == "report" and basis["prod.core.viewers"] is None


def test_no_basis_anywhere_is_no_warning(run: RunFn, tiny_set: Callable[..., Path]) -> None:
    assert "no-basis" not in run("validate", tiny_set())[2]


def test_an_unknown_basis_is_an_error(run: RunFn, tiny_set: Callable[..., Path]) -> None:
    text = TINY_SET_YAML.replace("          - id: flag\n", "          - id: flag\n            basis: hearsay\n", 1)
    code, _, err = run("validate", tiny_set(text))
    assert code == 1 and "basis" in err
