"""Bounded work per diagnostic (docs/contracts.md, "Diagnostic codes": `more-problems`): a file with
thousands of problems gets at most 100 described, then one line that counts the rest, so a 300 KB
file of unknown keys costs what 100 do (no "did you mean" per key, no walk of the model per error)."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import RunFn

HEAD = "kind: vendor\nid: acme-live\nname: Acme\nindicator_set: enterprise-live-2022\n"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("evidence:\n" + "".join(f"  product.nope{i}: true\n" for i in range(5000)), "unknown-indicator"),  # the vendor reader
        ("".join(f"k{i}: 1\n" for i in range(5000)), "unknown-key"),  # the pydantic mapping
        ("evidence:\n" + "".join(f"  product.fit.ease_of_use{'' if i == 0 else i}: -1\n" for i in range(1)), None),
    ],
)
def test_at_most_100_problems_then_a_count(run: RunFn, tmp_path: Path, body: str, code: str | None) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    status, _, err = run("validate", path)
    assert status == 1
    errors = [line for line in err.splitlines() if ": error[" in line]
    if code is None:  # one problem: no count line
        assert len(errors) == 1 and "more-problems" not in err
        return
    assert len(errors) == 101
    assert sum(f"error[{code}]" in line for line in errors) == 100
    assert errors[-1].endswith("error[more-problems]: 4,900 more problems in this file not shown (at most 100 per file)")
