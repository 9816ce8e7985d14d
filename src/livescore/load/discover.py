"""Command-line paths -> the YAML files they name (folders: every *.yaml/*.yml below, dot-folders
skipped), and the one bounded read of such a file. Listing never opens a file, so a FIFO among them
cannot block; the read reports it."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass

from livescore.diagnostics import Diagnostic, error, warning

SUFFIXES = (".yaml", ".yml")
MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Discovered:
    files: list[str]
    missing: list[str]  # paths that do not exist: a usage error (exit 2)
    expanded: frozenset[str] = frozenset()  # the files found by expanding a folder (not named explicitly)
    skipped: tuple[str, ...] = ()  # files in a folder that are not read: another suffix, or a hidden YAML file

    def skipped_warnings(self) -> list[Diagnostic]:
        """A bid saved as ``acme.YAML`` or ``acme.json`` must not vanish from the ranking unseen."""
        return [
            warning(display_path(path), 1, 1, "skipped-file", "not read: a folder's .yaml and .yml files are read, "
                    "not hidden ones or other names; rename it, or name the file on the command line")
            for path in self.skipped
        ]  # fmt: skip


def discover(paths: list[str]) -> Discovered:
    files: list[str] = []
    missing: list[str] = []
    named: set[str] = set()
    skipped: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            found: list[str] = []
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(os.path.join(root, n) for n in names if n.endswith(SUFFIXES) and not n.startswith("."))
                # Hidden files that are not YAML (.DS_Store) are the system's; anything else a person would miss.
                skipped.extend(
                    os.path.join(root, n)
                    for n in names
                    if not (n.endswith(SUFFIXES) and not n.startswith("."))
                    and (not n.startswith(".") or n.lower().endswith(SUFFIXES))
                )
            files.extend(sorted(found))
        elif os.path.exists(path):
            files.append(path)
            named.add(path)
        else:
            missing.append(path)
    files = list(dict.fromkeys(files))
    return Discovered(files, missing, frozenset(f for f in files if f not in named), tuple(sorted(skipped)))


_SPECIAL = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
            (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))  # fmt: skip


def read_bytes(path: str, shown: str | None = None, limit: int = MAX_BYTES) -> tuple[bytes | None, list[Diagnostic]]:
    """At most ``limit`` bytes of one regular file, read once; a located error for anything else.

    The file is opened without blocking (a FIFO or a device must not hang the run) and checked with
    ``fstat`` on the open descriptor, so what is checked is what is read: no special files, no file
    over the limit, and never more than ``limit + 1`` bytes even when the file grows meanwhile.
    """
    shown = display_path(shown or path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        return None, [error(shown, 1, 1, "unreadable", f"cannot read the file: {exc.strerror or exc}")]
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            what = next((name for test, name in _SPECIAL if test(info.st_mode)), "not a regular file")
            return None, [error(shown, 1, 1, "not-a-file", f"{shown} is {what}, not a regular file")]
        if info.st_size > limit:
            return None, [error(shown, 1, 1, "file-too-large", f"file is {info.st_size:,} bytes; the limit is {limit:,}")]
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        return None, [error(shown, 1, 1, "unreadable", f"cannot read the file: {exc.strerror or exc}")]
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if len(raw) > limit:
        return None, [error(shown, 1, 1, "file-too-large", f"file is over the limit of {limit:,} bytes")]
    return raw, []


def display_path(path: str) -> str:
    """A path as text that is always valid UTF-8: bytes that are not UTF-8 (a GBK file name, kept by
    ``os.fsdecode`` as lone surrogates) are shown as ``\\xb9`` escapes."""
    try:
        raw = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that is not an escaped byte
        raw = path.encode("utf-8", "backslashreplace")
    return raw.decode("utf-8", "backslashreplace")
