"""Every input file is read once, bounded, and only if it is a regular file: a FIFO, a device or a
folder is a located `not-a-file` error (exit 1) within 2 s, never a hang, a MemoryError or a traceback;
file names that are not UTF-8 are shown escaped, never as invalid UTF-8. A set-cache entry that is a
FIFO is a miss."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import REPO, RunFn
from livescore.load.sets import load_tree

VENDOR = REPO / "vendors" / "aurora-live.yaml"


class Hung(BaseException):
    """Raised by the deadline: no ``except Exception`` or ``except OSError`` can swallow it."""


@pytest.fixture
def deadline() -> Iterator[None]:
    """A hang becomes a failure after 5 s; the tests themselves ask for 2 s."""

    def expire(signum: int, frame: Any) -> None:
        raise Hung("still running after 5 s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, 5)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _timed(run: RunFn, *args: str | Path) -> tuple[int, str, str]:
    started = time.monotonic()
    result = run(*args)
    assert time.monotonic() - started < 2
    return result


@pytest.mark.parametrize("command", ["rank", "validate"])
def test_fifo_in_a_vendor_folder_is_not_a_file(tmp_path: Path, run: RunFn, deadline: None, command: str) -> None:
    folder = tmp_path / "vendors"
    folder.mkdir()
    shutil.copy(VENDOR, folder / "aurora-live.yaml")
    os.mkfifo(folder / "x.yaml")
    code, _, err = _timed(run, command, folder)
    assert code == 1
    assert f"{folder / 'x.yaml'}:1:1: error[not-a-file]: {folder / 'x.yaml'} is a FIFO, not a regular file" in err
    assert "Traceback" not in err


def test_validate_dev_zero_is_not_a_file(run: RunFn, deadline: None) -> None:
    code, _, err = _timed(run, "validate", "/dev/zero")
    assert code == 1
    assert "/dev/zero:1:1: error[not-a-file]: /dev/zero is a character device, not a regular file" in err


@pytest.mark.parametrize(
    "args",
    [
        ("rank", "-i", "/dev/zero", "vendors"),
        ("rank", "-w", "/dev/zero", "vendors"),
        ("weights", "ahp", "/dev/zero"),
        ("import", "/dev/zero", "-o", "/dev/null"),
    ],
)
def test_a_device_given_with_an_option_is_not_a_file(run: RunFn, deadline: None, args: tuple[str, ...]) -> None:
    """An option's file is read like any other: exit 1 with a located not-a-file, not exit 2 "no such file"."""
    code, out, err = _timed(run, *args)
    assert code == 1 and out == ""
    assert "/dev/zero:1:1: error[not-a-file]: /dev/zero is a character device, not a regular file" in err


def test_set_file_that_is_a_fifo_is_not_a_file(tmp_path: Path, deadline: None) -> None:
    """What `-i` and the set files among `validate` paths go through."""
    pipe = tmp_path / "set.yaml"
    os.mkfifo(pipe)
    tree, diagnostics = load_tree(str(pipe))
    assert tree is None
    assert [(d.line, d.col, d.code) for d in diagnostics] == [(1, 1, "not-a-file")]


def test_oversized_set_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(6 * 1024 * 1024)  # sparse: its size is known without reading it
    tree, diagnostics = load_tree(str(path))
    assert tree is None
    assert [d.code for d in diagnostics] == ["file-too-large"]
    assert f"file is {6 * 1024 * 1024:,} bytes" in diagnostics[0].message  # told by fstat, not by reading


def test_extends_target_that_is_a_fifo_is_not_a_file(tmp_path: Path, run: RunFn, deadline: None) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    profile = tmp_path / "child.yaml"
    profile.write_text(
        "kind: weight-profile\nid: child\nindicator_set: enterprise-live-2022\nextends: [pipe.yaml]\n", encoding="utf-8"
    )
    code, _, err = _timed(run, "rank", "-w", profile, VENDOR)
    assert code == 1
    assert f"{tmp_path / 'pipe.yaml'}:1:1: error[not-a-file]:" in err


def test_workbook_that_is_a_fifo_is_not_a_file(tmp_path: Path, run: RunFn, deadline: None) -> None:
    """0.3 answered "no such file" (exit 2) for a FIFO, and opened it when the check raced a swap."""
    pipe = tmp_path / "filled.xlsx"
    os.mkfifo(pipe)
    code, _, err = _timed(run, "import", pipe, "-o", tmp_path / "out.yaml")
    assert code == 1
    assert f"{pipe}:1:1: error[not-a-file]: {pipe} is a FIFO, not a regular file" in err
    assert not (tmp_path / "out.yaml").exists()


def test_oversized_workbook_is_refused_before_it_is_read(tmp_path: Path, run: RunFn) -> None:
    path = tmp_path / "filled.xlsx"
    with path.open("wb") as handle:
        handle.truncate(11 * 1024 * 1024)  # sparse
    code, _, err = _timed(run, "import", path, "-o", tmp_path / "out.yaml")
    assert code == 1
    assert f"{path}:1:1: error[file-too-large]: file is {11 * 1024 * 1024:,} bytes; the limit is {10 * 1024 * 1024:,}" in err


def test_file_name_that_is_not_utf8_is_shown_escaped(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"\xb9\xfa.yaml"), "wb") as handle:  # GBK for 国
        handle.write(b"kind: vendor\n")
    done = subprocess.run(
        [sys.executable, "-m", "livescore", "validate", str(tmp_path), "-f", "json"],
        capture_output=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert done.returncode == 1, done.stderr.decode("utf-8", "replace")[-400:]
    report = json.loads(done.stdout.decode("utf-8"))  # strict: invalid UTF-8 fails here
    assert [d["path"] for d in report["diagnostics"]] == [f"{tmp_path}/\\xb9\\xfa.yaml"]
    text = subprocess.run(
        [sys.executable, "-m", "livescore", "validate", str(tmp_path)], capture_output=True, timeout=60, env=os.environ
    )
    assert f"{tmp_path}/\\xb9\\xfa.yaml:1:1: error[missing-key]".encode() in text.stderr
    text.stderr.decode("utf-8")


def test_fifo_entry_is_a_miss_not_a_hang(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, deadline: None) -> None:
    monkeypatch.setenv("LIVESCORE_CACHE_DIR", str(tmp_path))
    tree, _ = load_tree(None)
    assert tree is not None
    (entry,) = tmp_path.glob(f"set-*-{tree.sha256}.json")
    entry.unlink()
    os.mkfifo(entry)
    started = time.monotonic()
    again, diagnostics = load_tree(None)
    assert time.monotonic() - started < 2
    assert again is not None and diagnostics == [] and again.paths == tree.paths
    assert entry.is_file()  # rewritten as a regular file
