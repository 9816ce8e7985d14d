"""What reports say is true (docs/contracts.md, "rank"): the HTML report's language attribute follows
--lang, its radar chart is titled by what it draws, charts mark disqualified vendors, and a missing
bid reads "price missing", said once."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers import REPO, VENDORS, RunFn

SECURITIES = str(REPO / "examples" / "securities-firm.yaml")  # disqualifies three of the six
GP = str(REPO / "examples" / "gp-services.yaml")


@pytest.mark.parametrize(("lang", "attribute"), [("en", "en"), ("zh", "zh-CN")])
def test_html_lang_follows_the_report_language(run: RunFn, tmp_path: Path, lang: str, attribute: str) -> None:
    out = tmp_path / "r.html"
    code, _, err = run("rank", *VENDORS, "-o", out, "--lang", lang)
    assert code == 0, err
    assert f'<html lang="{attribute}">' in out.read_text(encoding="utf-8")


def test_charts_say_what_they_draw_and_mark_the_disqualified(run: RunFn, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    code, stdout, _ = run("rank", *VENDORS, "-w", SECURITIES, "-f", "json")
    data = json.loads(stdout)
    qualified = [v for v in data["vendors"] if v["qualified"]]
    disqualified = [v for v in data["vendors"] if not v["qualified"]]
    assert code == 0 and 0 < len(qualified) < 5 and disqualified
    code, _, err = run("rank", *VENDORS, "-w", SECURITIES, "-o", out)
    assert code == 0, err
    html = out.read_text(encoding="utf-8")
    assert f"The first {len(qualified)} qualified vendors by dimension" in html and "Top five" not in html
    for v in disqualified:
        assert json.dumps(f"{v['name']} (disqualified)")[1:-1] in html


def test_a_missing_bid_reads_price_missing_once(run: RunFn, tmp_path: Path) -> None:
    folder = tmp_path / "vendors"
    folder.mkdir()
    for path in VENDORS:
        text = Path(path).read_text(encoding="utf-8")
        if path.endswith("aurora-live.yaml"):
            text = re.sub(r"^price: .*\n", "", text, flags=re.MULTILINE)
        (folder / Path(path).name).write_text(text, encoding="utf-8")
    for fmt in ("table", "csv", "markdown"):
        code, out, err = run("rank", folder, "-w", GP, "-f", fmt, env={"COLUMNS": "160"})
        assert code == 0, err
        assert "price missing" in out and "price price" not in out and "`price` price" not in out
