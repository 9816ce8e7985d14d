"""The cache of validated indicator sets: reused while the file is unchanged, never trusted blindly."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import REPO
from livescore.load import sets
from livescore.load.sets import load_tree


def test_cache_is_written_and_reused_without_validators(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIVESCORE_CACHE_DIR", str(tmp_path))
    tree, diagnostics = load_tree(None)
    assert tree is not None and not diagnostics
    entries = list(tmp_path.glob("set-*.json"))
    assert [p.name for p in entries] == [f"set-{sets.CACHE_FORMAT}-{tree.sha256}.json"]
    # A fresh process with a warm cache scores without importing the pydantic models of the set.
    probe = (
        "import sys; from livescore.load.sets import load_tree; t, d = load_tree(None); "
        "print(len(t.paths), 'livescore.model.indicator_set' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={"LIVESCORE_CACHE_DIR": str(tmp_path), "PATH": ""},
    )
    assert out.stdout.split() == ["95", "False"]


def test_changed_file_is_validated_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIVESCORE_CACHE_DIR", str(tmp_path / "cache"))
    source = (REPO / "indicators" / "enterprise-live-2022.yaml").read_text(encoding="utf-8")
    path = tmp_path / "set.yaml"
    path.write_text(source, encoding="utf-8")
    first, _ = load_tree(str(path))
    assert first is not None
    path.write_text(source.replace("weight: 20", "weight: -20", 1), encoding="utf-8")
    second, diagnostics = load_tree(str(path))
    assert second is None
    assert [d.code for d in diagnostics] == ["negative-weight"]


def test_damaged_cache_entry_is_ignored_and_rewritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIVESCORE_CACHE_DIR", str(tmp_path))
    tree, _ = load_tree(None)
    assert tree is not None
    entry = tmp_path / f"set-{sets.CACHE_FORMAT}-{tree.sha256}.json"
    for damage in ("{not json", json.dumps({"id": "x"}), json.dumps([1, 2])):
        entry.write_text(damage, encoding="utf-8")
        again, diagnostics = load_tree(None)
        assert again is not None and not diagnostics
        assert again.paths == tree.paths
    assert json.loads(entry.read_text(encoding="utf-8"))["payload"]["id"] == "enterprise-live-2022"


def test_unwritable_or_disabled_cache_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("LIVESCORE_CACHE_DIR", str(blocker / "cache"))
    tree, diagnostics = load_tree(None)
    assert tree is not None and not diagnostics
    monkeypatch.setenv("LIVESCORE_NO_CACHE", "1")
    assert sets.cache_dir() is None
    tree2, _ = load_tree(None)
    assert tree2 is not None and tree2.sha256 == tree.sha256


def test_validate_reports_the_same_from_a_warm_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from livescore.cli import app

    monkeypatch.setenv("LIVESCORE_CACHE_DIR", str(tmp_path / "cache"))
    source = (REPO / "indicators" / "enterprise-live-2022.yaml").read_text(encoding="utf-8")
    path = tmp_path / "set.yaml"
    path.write_text(source.replace("weight: 20\n", "weight: 19\n", 1), encoding="utf-8")  # dimensions sum to 99
    runs = [CliRunner().invoke(app, ["validate", str(path), "-f", "json"]) for _ in range(2)]
    assert list((tmp_path / "cache").glob("set-*.json"))
    assert runs[0].exit_code == runs[1].exit_code == 0
    assert runs[0].stdout == runs[1].stdout
    assert json.loads(runs[0].stdout)["diagnostics"][0]["code"] == "weight-sum"
