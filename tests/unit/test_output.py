"""Reports are complete or absent: an interrupted write leaves neither a partial file nor a temporary one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import REPO
from livescore import output
from livescore.cli import app

VENDORS = sorted(str(p) for p in (REPO / "vendors").glob("*.yaml"))


def test_write_atomic_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old")
    output.write_atomic(str(target), "new content")
    assert target.read_text() == "new content"
    assert os.listdir(tmp_path) == ["report.json"]


def test_failed_rename_leaves_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.json"
    target.write_text("old")

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        output.write_atomic(str(target), "new content")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["report.json"]


def test_failed_write_through_cli_is_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "ranking.json"

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    result = CliRunner().invoke(app, ["rank", *VENDORS, "-f", "json", "-o", str(target)])
    assert result.exit_code == 2
    assert "cannot write" in result.stderr and "No space left" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert os.listdir(tmp_path) == []


def test_output_into_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["rank", *VENDORS, "-o", str(tmp_path / "nope" / "r.txt")])
    assert result.exit_code == 2
    assert "cannot write" in result.stderr
    assert result.stdout == ""
