"""Data-driven cases: every file under tests/cases/invalid/ starts with one or more lines

    # expect: CODE@LINE:COL
    # expect: CODE@LINE:COL "text the message must contain"

and `livescore validate FILE` must exit 1, print no traceback, and report exactly those errors at
exactly those positions. Every file under tests/cases/valid/ must validate with no error or warning.
A new case is a new file: nothing to register.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import REPO, RunFn

CASES = REPO / "tests" / "cases"
INVALID = sorted((CASES / "invalid").glob("*.yaml"))
VALID = sorted((CASES / "valid").glob("*.yaml"))
EXPECT = re.compile(rb'^# expect: (?P<code>[a-z0-9-]+)@(?P<line>\d+):(?P<col>\d+)(?: "(?P<text>.*)")?\s*$')


@dataclass(frozen=True)
class Expected:
    code: str
    line: int
    col: int
    text: str | None


def expectations(path: Path) -> list[Expected]:
    found = []
    for raw in path.read_bytes().removeprefix(b"\xef\xbb\xbf").splitlines():
        if not raw.startswith(b"#"):
            break
        match = EXPECT.match(raw)
        if match:
            text = match["text"]
            found.append(
                Expected(
                    match["code"].decode(), int(match["line"]), int(match["col"]), text.decode() if text is not None else None
                )
            )
    return found


def test_there_are_cases() -> None:
    assert len(INVALID) >= 21
    assert len(VALID) >= 2
    assert all(expectations(p) for p in INVALID), [p.name for p in INVALID if not expectations(p)]


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_case(run: RunFn, path: Path) -> None:
    expected = expectations(path)
    shown = str(path.relative_to(REPO))
    code, out, err = run("validate", shown)
    assert code == 1, err
    assert out == ""
    assert "Traceback" not in out + err
    errors = [line for line in err.splitlines() if ": error[" in line]
    for e in expected:
        prefix = f"{shown}:{e.line}:{e.col}: error[{e.code}]: "
        hits = [line for line in errors if line.startswith(prefix)]
        assert hits, f"expected {prefix!r} in:\n{err}"
        if e.text is not None:
            assert any(e.text in line for line in hits), f"expected {e.text!r} in {hits}"
    assert len(errors) == len(expected), err


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_case_json_agrees(run: RunFn, path: Path) -> None:
    shown = str(path.relative_to(REPO))
    code, out, err = run("validate", "-f", "json", shown)
    assert code == 1
    assert err == ""
    data = json.loads(out)
    got = sorted((d["code"], d["line"], d["col"]) for d in data["diagnostics"] if d["severity"] == "error")
    assert got == sorted((e.code, e.line, e.col) for e in expectations(path))
    assert all(d["path"] == shown for d in data["diagnostics"])
    # messages never echo the input whole
    assert all(len(d["message"]) <= 300 for d in data["diagnostics"])


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_valid_case(run: RunFn, path: Path) -> None:
    shown = str(path.relative_to(REPO))
    code, out, err = run("validate", "-f", "json", "--strict", shown)
    assert code == 0, out
    assert err == ""
    assert json.loads(out) == {"files": 1, "errors": 0, "warnings": 0, "diagnostics": []}


def test_valid_cases_together(run: RunFn) -> None:
    folder = str((CASES / "valid").relative_to(REPO))
    # With the default set among the paths too, each file is checked against the set it names.
    code, out, err = run("validate", folder, "indicators/")
    assert code == 0, err
    assert out == ""
    assert "error[" not in err
    # Alone, files naming the default set are checked against the embedded default, as rank scores them.
    code, out, err = run("validate", folder)
    assert code == 0, err
    assert "error[" not in err


def test_a_file_naming_no_known_set_is_a_mismatch(run: RunFn, tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "valid"
    shutil.copytree(CASES / "valid", folder)
    vendor = folder / "vendor-every-form.yaml"
    text = vendor.read_text(encoding="utf-8")
    assert "indicator_set: enterprise-live-2022" in text
    vendor.write_text(text.replace("indicator_set: enterprise-live-2022", "indicator_set: another-set"), encoding="utf-8")
    code, _, err = run("validate", folder)
    assert code == 1
    assert err.count("error[set-mismatch]") == 1 and f"{vendor}:" in err


def test_valid_vendor_ranks(run: RunFn) -> None:
    """The valid vendor and profile also score: YAML 1.2 scalars reach the model as numbers."""
    vendor = str((CASES / "valid" / "vendor-every-form.yaml").relative_to(REPO))
    code, out, err = run("explain", "-f", "json", vendor)
    assert code == 0, err
    data = json.loads(out)
    values = {i["path"]: i["value"] for i in data["indicators"]}
    assert values["technology.scale.max_concurrent_viewers"] == 1000000.0
    assert values["product.in_live.co_host_seats"] == 12
    assert values["technology.openness.ai_capabilities"] == []
    scores = {i["path"]: i["score"] for i in data["indicators"]}
    assert scores["technology.scale.max_concurrent_viewers"] == 1.0
    assert scores["technology.openness.ai_capabilities"] == 0.0
    assert scores["product.pre_live.event_page_warmup"] is None
    assert scores["ecosystem.resources.dx_services"] is None
    profile = str((CASES / "valid" / "profile-every-operator.yaml").relative_to(REPO))
    code, out, err = run("rank", "-f", "json", "-w", profile, vendor)
    assert code == 0, err
    (v,) = json.loads(out)["vendors"]
    assert v["qualified"] is False
    assert [f["requirement"] for f in v["failed_requirements"]] == ["max 2", "min 3", "equals true", "includes [private, hybrid]"]


# ---------------------------------------------------------------- regressions: bugs found and fixed


def test_profile_weight_key_pattern_is_reported_at_the_key(run: RunFn, write_yaml: Callable[[str, str], Path]) -> None:
    path = write_yaml("p.yaml", "kind: weight-profile\nid: p\nindicator_set: enterprise-live-2022\nweights:\n  Security: 3\n")
    code, _, err = run("validate", path)
    assert code == 1
    assert f"{path}:5:3: error[" in err
    assert "[key]" not in err
    assert "Security" in err


def test_indicator_without_kind_names_the_kinds(run: RunFn, write_yaml: Callable[[str, str], Path]) -> None:
    path = write_yaml(
        "s.yaml",
        """\
        kind: indicator-set
        id: s
        version: "1"
        title: {en: S}
        dimensions:
          - id: d
            name: {en: D}
            groups:
              - id: g
                name: {en: G}
                indicators:
                  - id: x
                    name: {en: X}
        """,
    )
    code, _, err = run("validate", path)
    assert code == 1
    assert f"{path}:12:13: error[" in err
    assert "boolean" in err and "numeric" in err


def test_negative_profile_weight_has_code_negative_weight(run: RunFn, write_yaml: Callable[[str, str], Path]) -> None:
    path = write_yaml("p.yaml", "kind: weight-profile\nid: p\nindicator_set: enterprise-live-2022\nweights:\n  security: -1\n")
    code, _, err = run("validate", path)
    assert code == 1
    assert f"{path}:5:13: error[negative-weight]" in err
