"""The set cache is a cache, never an authority: the key is the digest of the bytes that were parsed,
and an entry that is planted, damaged or not a regular file is a miss, never a wrong result or a hang."""

from __future__ import annotations

import builtins
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from helpers import REPO
from livescore.load import sets
from livescore.load.sets import cache_dir, load_tree

SOURCE = (REPO / "indicators" / "enterprise-live-2022.yaml").read_text(encoding="utf-8")


def _entry(folder: Path, sha: str) -> Path:
    (entry,) = folder.glob(f"set-*-{sha}.json")
    return entry


def _plant(entry: Path, change: Any) -> None:
    """Rewrite an entry's payload with ``change(payload)``, keeping its digests consistent, so that
    only the check of the payload itself can tell."""
    stored = json.loads(entry.read_text(encoding="utf-8"))
    payload = stored.get("payload", stored)
    change(payload)
    if "payload_sha256" in stored:
        canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        stored["payload_sha256"] = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    entry.write_text(json.dumps(stored, ensure_ascii=False), encoding="utf-8")


def test_validate_caches_under_the_digest_of_the_bytes_it_parsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The set file is replaced right after validate first opens it: what validated must not be cached
    under the new file's digest (then `-i` of the new, invalid file would be trusted)."""
    from livescore.validate import validate

    monkeypatch.setenv("LIVESCORE_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "set.yaml"
    path.write_text(SOURCE, encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(SOURCE.replace("weight: 20", "weight: -20", 1), encoding="utf-8")
    real_open, real_os_open = builtins.open, os.open
    swapped: list[bool] = []

    def after_first_open(name: Any) -> None:
        if os.fspath(name) == str(path) and not swapped:
            swapped.append(True)
            os.replace(bad, path)  # a new inode: the open handle still reads the old bytes

    def spy_open(name: Any, *args: Any, **kwargs: Any) -> Any:
        handle = real_open(name, *args, **kwargs)
        after_first_open(name)
        return handle

    def spy_os_open(name: Any, *args: Any, **kwargs: Any) -> int:
        fd = real_os_open(name, *args, **kwargs)
        after_first_open(name)
        return fd

    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(os, "open", spy_os_open)
    report = validate([str(path)], None)
    monkeypatch.undo()
    monkeypatch.setenv("LIVESCORE_CACHE_DIR", str(tmp_path / "cache"))
    assert swapped and report.errors == 0
    tree, diagnostics = load_tree(str(path))
    assert tree is None
    assert [d.code for d in diagnostics] == ["negative-weight"]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda p: p["dimensions"][0].update(weight=-500), id="negative-weight"),
        pytest.param(lambda p: p["dimensions"][0].update(weight=float("nan")), id="nan-weight"),
        pytest.param(lambda p: p["dimensions"][0].update(weight="20"), id="string-weight"),
        pytest.param(lambda p: [d.update(weight=0) for d in p["dimensions"]], id="zero-sum-siblings"),
        pytest.param(lambda p: p["dimensions"][0]["groups"][0]["indicators"][0].update(kind="magic"), id="unknown-kind"),
        pytest.param(lambda p: p["dimensions"][0]["groups"][0]["indicators"][0].pop("name"), id="missing-name"),
        pytest.param(lambda p: p["dimensions"][0].update(extra=1), id="unknown-key"),
        pytest.param(lambda p: p["dimensions"][0]["groups"][0]["indicators"][0].update(basis="hearsay"), id="unknown-basis"),
        pytest.param(lambda p: p.update(dimensions={"a": 1}), id="wrong-type"),
    ],
)
def test_planted_entry_is_never_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: Any) -> None:
    monkeypatch.setenv("LIVESCORE_CACHE_DIR", str(tmp_path))
    tree, _ = load_tree(None)
    assert tree is not None
    entry = _entry(tmp_path, tree.sha256)
    _plant(entry, change)
    again, diagnostics = load_tree(None)  # never raises
    assert again is not None and diagnostics == []
    assert [d.weight for d in again.spec.dimensions] == [d.weight for d in tree.spec.dimensions]
    assert again.paths == tree.paths
    rewritten, _ = load_tree(None)
    stored = json.loads(entry.read_text(encoding="utf-8"))
    assert rewritten is not None and stored.get("payload", stored)["dimensions"][0]["weight"] > 0


def test_entry_symlinked_to_dev_zero_is_a_miss(tmp_path: Path) -> None:
    """In a child process with a memory ceiling: reading /dev/zero must not even start."""
    first = subprocess.run(
        [sys.executable, "-c", "from livescore.load.sets import load_tree; print(load_tree(None)[0].sha256)"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "LIVESCORE_CACHE_DIR": str(tmp_path)},
    )
    entry = _entry(tmp_path, first.stdout.strip())
    entry.unlink()
    entry.symlink_to("/dev/zero")
    probe = (
        "import resource; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30)); "
        "from livescore.load.sets import load_tree; t, d = load_tree(None); print(len(t.paths), d)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "LIVESCORE_CACHE_DIR": str(tmp_path)},
    )
    assert out.returncode == 0, out.stderr[-400:]
    assert out.stdout.split() == ["95", "[]"]


@pytest.mark.parametrize(
    ("platform", "env", "expected"),
    [
        ("linux", {}, "HOME/.cache/livescore"),
        ("darwin", {}, "HOME/Library/Caches/livescore"),
        ("win32", {"LOCALAPPDATA": "LOCAL"}, "LOCAL/livescore/Cache"),
        ("darwin", {"XDG_CACHE_HOME": "XDG"}, "XDG/livescore"),
        ("linux", {"XDG_CACHE_HOME": "XDG", "LIVESCORE_CACHE_DIR": "MINE"}, "MINE"),
    ],
)
def test_cache_folder_follows_the_platform(
    monkeypatch: pytest.MonkeyPatch, platform: str, env: dict[str, str], expected: str
) -> None:
    for name in ("LIVESCORE_CACHE_DIR", "XDG_CACHE_HOME", "LOCALAPPDATA", "LIVESCORE_NO_CACHE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(os.path, "expanduser", lambda _: "HOME")
    assert cache_dir() == Path(expected)


def test_verifier_accepts_what_validation_dumps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every kind of indicator of the shipped set survives the round trip: a valid entry is a hit."""
    monkeypatch.setenv("LIVESCORE_CACHE_DIR", str(tmp_path))
    tree, _ = load_tree(None)
    assert tree is not None
    payload = json.loads(_entry(tmp_path, tree.sha256).read_text(encoding="utf-8"))["payload"]
    kinds = {i["kind"] for d in payload["dimensions"] for g in d["groups"] for i in g["indicators"]}
    assert kinds == {"boolean", "numeric", "ordinal", "choice", "set"}
    assert sets.verify_payload(payload)
