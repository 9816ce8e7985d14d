"""`compare` stays readable (docs/contracts.md, "livescore compare"): at 80 and 120 columns every
vendor and every number is shown whole (vendors that do not fit go to a further table), and each
vendor's qualification is shown, with the requirements the disqualified fail."""

from __future__ import annotations

import json

import pytest

from helpers import REPO, VENDORS, RunFn

SECURITIES = str(REPO / "examples" / "securities-firm.yaml")


@pytest.mark.parametrize("width", [80, 120])
def test_every_vendor_and_number_is_shown_whole(run: RunFn, width: int) -> None:
    code, out, _ = run("compare", *VENDORS, "--detail", "-f", "json")
    data = json.loads(out)
    code, text, _ = run("compare", *VENDORS, "--detail", env={"COLUMNS": str(width)})
    assert code == 0
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width + 10  # CJK cells count double; no line runs far past the console
    assert text.count("Spread") == text.count("Node ") >= 1  # each table has its spread column, whole
    for row in data["rows"]:
        for vid, points in row["points"].items():
            score = row["scores"][vid]
            cell = f"{points:.1f} ({'—' if score is None else f'{score:.0f}'})"
            assert cell in text, (width, row["path"], vid, cell)
        assert f"{row['spread']:.1f}" in text


def test_compare_shows_knock_outs(run: RunFn) -> None:
    code, out, _ = run("rank", *VENDORS, "-w", SECURITIES, "-f", "json")
    disqualified = [v for v in json.loads(out)["vendors"] if not v["qualified"]]
    assert disqualified
    code, text, _ = run("compare", *VENDORS, "-w", SECURITIES, env={"COLUMNS": "200"})
    assert code == 0
    for v in disqualified:
        assert f"✗ {len(v['failed_requirements'])} failed" in text
        assert v["failed_requirements"][0]["requirement"] in text
    assert "Disqualified (failed requirements):" in text
