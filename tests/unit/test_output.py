"""Reports are complete or absent: an interrupted write leaves neither a partial file nor a temporary one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from livescore import output


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
