"""Lookalike vendors (docs/contracts.md, "Diagnostic codes": `lookalike-name`, `lookalike-id`): a
vendor that takes a competitor's display name, exactly or in a form a reader cannot tell apart
(full-width letters, zero-width characters, other case or spacing, Cyrillic or Greek letters drawn
like Latin ones), gets a warning on both files, and the ranking table and the HTML report show the
ids beside those names; two ids a reader cannot tell apart (`aurora-1ive`) warn on both files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import RunFn
from livescore.records.vendor import lookalikes, name_key


@pytest.mark.parametrize(
    "copy",
    [
        "极光直播 Aurora Live",
        "极光直播\u200b Ａｕｒｏｒａ  Live",
        "极光直播 AURORA LIVE",
        " 极光直播\tAurora Live ",
        "极光直播 \u0410urora Live",  # Cyrillic А
        "极光直播 \u0410URORA LIVE",  # Cyrillic А, other case
        "极光直播 Aurora L\u0456ve",  # Cyrillic і for the i
    ],
)
def test_a_copied_name_is_flagged_and_the_table_shows_ids(run: RunFn, tmp_path: Path, repo: Path, copy: str) -> None:
    folder = tmp_path / "vendors"
    shutil.copytree(repo / "vendors", folder)
    target = folder / "lumen-rtc.yaml"
    quoted = copy.replace("\t", "\\t").replace("\u200b", "\\u200b").encode("ascii", "backslashreplace").decode()
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


def test_names_alike_glyph_by_glyph_but_told_apart_by_case_only_where_the_glyphs_are() -> None:
    """I and l look alike as written; once case is ignored, the comparison is of the folded names."""
    assert lookalikes({"a": "AuroraIive", "b": "Auroralive"}) == {"a", "b"}
    assert lookalikes({"a": "Aurora Live", "b": "Aurora Lime", "c": "Аврора"}) == set()
    assert lookalikes({"a": "Panshi", "b": "Рanshi"}) == {"a", "b"}  # Cyrillic Р


@pytest.mark.parametrize(
    ("theirs", "mine"), [("aurora-live", "aurora-1ive"), ("aurora-live", "aurora-iive"), ("lumen-rtc", "lurnen-rtc")]
)
def test_an_id_a_reader_cannot_tell_apart_warns_on_both_files(
    run: RunFn, tmp_path: Path, repo: Path, theirs: str, mine: str
) -> None:
    folder = tmp_path / "vendors"
    shutil.copytree(repo / "vendors", folder)
    source = folder / f"{theirs}.yaml"
    copy = folder / "new-vendor.yaml"
    text = source.read_text(encoding="utf-8").replace(f"id: {theirs}", f"id: {mine}", 1).replace("name: ", "name: Other ", 1)
    copy.write_text(text, encoding="utf-8")
    code, _, err = run("rank", folder)
    assert code == 0
    warned = {line.split(":")[0]: line for line in err.splitlines() if "warning[lookalike-id]" in line}
    if mine == "aurora-iive":  # i and l are told apart in a lowercase id
        assert warned == {}
        return
    assert set(warned) == {str(source), str(copy)}
    assert f"id '{mine}' is hard to tell from '{theirs}' ({source})" in warned[str(copy)]
    assert "lookalike-name" not in err
