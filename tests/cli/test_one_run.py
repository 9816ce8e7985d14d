"""Every problem in every file in one run (docs/contracts.md, "validate"): a file the model refuses
still has its well-formed parts checked against the set, by `validate` and by `rank` alike, so a bad
price does not hide a misspelt indicator and a profile's type error does not hide a misspelt path."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import VENDORS, RunFn

VENDOR = """\
kind: vendor
id: stage-vendor
name: Stage Vendor
indicator_set: enterprise-live-2022
price: {amount: "78万", currency: RMB, period: "3 years"}
evidence:
  technology.scale.max_concurent_viewers: 100000
  product.pre_live.viral_referral: "yes"
  product.in_live.co_host_seats: -3
  product.in_live.multi_terminal: [pc_web, smart_fridge]
"""
PROFILE = """\
kind: weight-profile
id: staged
indicator_set: enterprise-live-2022
weights:
  securty: 30
  product: heavy
"""


def _errors(err: str) -> list[str]:
    return [
        line.split(": error[")[0].rsplit(":", 2)[-2] + ":" + line.split("error[")[1].split("]")[0]
        for line in err.splitlines()
        if ": error[" in line
    ]


@pytest.mark.parametrize("command", ["validate", "rank"])
def test_a_bad_price_does_not_hide_the_evidence_problems(run: RunFn, tmp_path: Path, command: str) -> None:
    path = tmp_path / "stage-vendor.yaml"
    path.write_text(VENDOR, encoding="utf-8")
    code, _, err = run(command, path)
    assert code == 1
    assert _errors(err) == [
        "5:type",  # amount "78万"
        "5:invalid-value",  # currency RMB: the ISO 4217 code is CNY
        "7:unknown-indicator",
        "8:type",
        "9:out-of-bounds",
        "10:unknown-option",
    ]
    assert "write 'CNY'" in err


@pytest.mark.parametrize("command", ["validate", "rank"])
def test_a_type_error_does_not_hide_a_misspelt_path(run: RunFn, tmp_path: Path, command: str) -> None:
    path = tmp_path / "staged.yaml"
    path.write_text(PROFILE, encoding="utf-8")
    args = (path,) if command == "validate" else ("-w", path, *VENDORS)
    code, _, err = run(command, *args)
    assert code == 1
    assert _errors(err) == ["5:unknown-path", "6:type"]
    assert "did you mean 'security'?" in err


def test_rmb_alone_is_an_error_at_the_currency(run: RunFn, tmp_path: Path) -> None:
    path = tmp_path / "v.yaml"
    path.write_text(
        VENDOR.replace('"78万"', "780000").replace(VENDOR.split("evidence:")[1], "\n  product.pre_live.viral_referral: true\n"),
        encoding="utf-8",
    )
    code, _, err = run("validate", path)
    assert code == 1 and _errors(err) == ["5:invalid-value"]
