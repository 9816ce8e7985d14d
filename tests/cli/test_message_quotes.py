"""Messages quote input through one helper (docs/contracts.md, "Hostile input"): at most 80
characters of a key, alias, tag or value, with an ellipsis, whatever the size of the input."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from helpers import FULL_EVIDENCE, RunFn
from livescore.diagnostics import error
from livescore.sanitize import cut, quote

BIG = 2 * 1024 * 1024


def test_quote_cuts_before_repr() -> None:
    assert quote("abc") == "'abc'"
    assert quote("x" * 81) == repr("x" * 80) + "…"
    assert len(quote("\x00" * BIG)) < 400
    assert quote(12) == "12"
    assert cut("y" * 100, 10) == "y" * 10 + "…"


@pytest.mark.parametrize(
    "text",
    [
        "kind: vendor\n? {key}\n: 1\n? {key}\n: 2\n",  # duplicate key (explicit: a simple key is at most 1024)
        "kind: vendor\na: *{key}\n",  # unknown alias
        "kind: vendor\na: !{key} 1\n",  # custom tag
        "kind: vendor\na: &a [*a{key}]\n",  # alias to an unknown anchor
    ],
    ids=["duplicate-key", "alias", "tag", "alias-in-flow"],
)
def test_yaml_messages_quote_a_prefix(run: RunFn, tmp_path: Path, text: str) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(text.replace("{key}", "k" * BIG), encoding="utf-8")
    code, _, err = run("validate", path)
    assert code == 1
    assert len(err) < 2000, len(err)
    assert "k" * 78 in err and "k" * 81 not in err  # 80 characters quoted, `*` or `!` among them


def test_pydantic_messages_quote_a_prefix(run: RunFn, tiny_set: Callable[..., Path], tmp_path: Path) -> None:
    path = tmp_path / "v1.yaml"
    data = {"kind": "vendor", "id": "v1", "name": "Name", "indicator_set": "tiny-set", "evidence": dict(FULL_EVIDENCE)}
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8") + "? " + "z" * (BIG // 2) + "_unknown\n: 1\n", encoding="utf-8")
    code, _, err = run("validate", "-i", tiny_set(), path)
    assert code == 1
    assert "unknown-key" in err
    assert len(err) < 2000, len(err)


def test_diagnostic_messages_are_bounded() -> None:
    d = error("f.yaml", 1, 1, "invalid-value", "m" * BIG)
    assert len(d.text()) < 1100 and len(d.github()) < 1100 and len(d.as_dict()["message"]) < 1100
