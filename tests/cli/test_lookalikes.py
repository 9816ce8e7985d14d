"""Lookalike vendors (docs/contracts.md, "Diagnostic codes": `lookalike-name`): a vendor that takes a
competitor's display name, exactly or in a form a reader cannot tell apart (full-width letters,
zero-width characters, other case or spacing), gets a warning on both files, and the ranking table
and the HTML report show the ids beside those names."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import RunFn
from livescore.records.vendor import lookalikes, name_key


@pytest.mark.parametrize(
    "copy", ["极光直播 Aurora Live", "极光直播\u200b Ａｕｒｏｒａ  Live", "极光直播 AURORA LIVE", " 极光直播\tAurora Live "]
)
def test_a_copied_name_is_flagged_and_the_table_shows_ids(run: RunFn, tmp_path: Path, repo: Path, copy: str) -> None:
    folder = tmp_path / "vendors"
    shutil.copytree(repo / "vendors", folder)
    target = folder / "lumen-rtc.yaml"
    quoted = copy.replace("\t", "\\t").replace("\u200b", "\\u200b")
    text = target.read_text(encoding="utf-8").replace("name: 光迅互动 Lumen RTC", f'name: "{quoted}"')
    assert text != target.read_text(encoding="utf-8")
    target.write_text(text, encoding="utf-8")
    code, out, err = run("rank", folder, env={"COLUMNS": "140"})
    assert code == 0
    warned = sorted(line.split(":")[0] for line in err.splitlines() if "warning[lookalike-name]" in line)
    assert warned == sorted([str(folder / "aurora-live.yaml"), str(target)])
    assert "(aurora-live)" in out and "(lumen-rtc)" in out
    assert "(panshi-securecast)" not in out  # only the lookalikes carry ids


def test_distinct_names_are_not_lookalikes() -> None:
    assert lookalikes({"a": "极光直播 Aurora Live", "b": "极光直播 Aurora Live Pro", "c": "光迅互动"}) == set()
    assert name_key("Ａｕｒｏｒａ\u200b  LIVE") == name_key("aurora live")
