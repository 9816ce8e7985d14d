"""Reports are complete or absent: write a temporary file beside the target, then rename it.

The rename replaces only a regular file that is none of the command's inputs; it keeps that file's
permission bits (a new file gets 0666 & ~umask). SIGTERM and SIGHUP during the write leave neither
a partial report nor the temporary file, as Ctrl-C does, and exit 128 + the signal's number.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator

# The signals that end a write cleanly (where the platform has them).
_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class UnsafeTarget(ValueError):
    """An output path that must not be replaced: not a regular file, a symbolic link, or an input."""


class Interrupted(SystemExit):
    """SIGTERM or SIGHUP arrived during a write: the exit code is 128 + the signal's number."""

    def __init__(self, signum: int) -> None:
        super().__init__(128 + signum)
        self.signum = signum


def check_target(path: str, reads: Iterable[str] = ()) -> os.stat_result | None:
    """The target's lstat when it may be replaced, None when it does not exist; else UnsafeTarget.

    ``reads``: the files the command read; the target must be none of them (same device and inode)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError:
        return None  # e.g. a parent that is not a folder: creating the temporary file fails and says why
    if stat.S_ISLNK(st.st_mode):
        raise UnsafeTarget("is a symbolic link; give the file it points to, or another name")
    if not stat.S_ISREG(st.st_mode):
        raise UnsafeTarget(f"is {_kind(st.st_mode)}, not a regular file")
    for read in reads:
        try:
            other = os.stat(read)
        except OSError:
            continue
        if (other.st_dev, other.st_ino) == (st.st_dev, st.st_ino):
            shown = "" if os.path.abspath(read) == os.path.abspath(path) else f" ({read})"
            raise UnsafeTarget(f"is one of this command's input files{shown}; write the output elsewhere")
    return st


def write_atomic(path: str, content: str | bytes, reads: Iterable[str] = ()) -> None:
    """Write ``content`` to ``path`` whole or not at all. Raises UnsafeTarget (nothing written) for a
    target that :func:`check_target` refuses, OSError when the folder cannot be written."""
    reads = list(reads)
    data = content.encode("utf-8") if isinstance(content, str) else content
    folder = os.path.dirname(os.path.abspath(path))
    with _signals_raise():
        existing = check_target(path, reads)
        temporary: str | None = None
        try:
            handle, temporary = tempfile.mkstemp(prefix=".livescore-", suffix=".tmp", dir=folder)
            with os.fdopen(handle, "wb") as stream:
                _take_over(stream.fileno(), existing)
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            check_target(path, reads)  # again, right before the rename: it must never replace anything else
            os.replace(temporary, path)
        except BaseException:
            if temporary is not None:
                with _signals_blocked(), contextlib.suppress(OSError):
                    os.unlink(temporary)
            raise


def _take_over(fd: int, existing: os.stat_result | None) -> None:
    """mkstemp makes 0600: a new report gets the usual mode, a replaced one keeps its mode (and owner)."""
    if existing is None:
        os.fchmod(fd, 0o666 & ~_umask())
        return
    if hasattr(os, "fchown") and (existing.st_uid, existing.st_gid) != (os.getuid(), os.getgid()):
        with contextlib.suppress(OSError):  # only root may give a file away; others keep it as theirs
            os.fchown(fd, existing.st_uid, existing.st_gid)
    os.fchmod(fd, stat.S_IMODE(existing.st_mode))


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "a special file"


def _raise(signum: int, _frame: object) -> None:
    raise Interrupted(signum)


@contextlib.contextmanager
def _signals_raise() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into :class:`Interrupted` for the duration, then restore the handlers.
    Only signals at their default action are taken over: one ignored (nohup) stays ignored."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}
    for signum in _SIGNALS:
        if signal.getsignal(signum) is signal.SIG_DFL:
            previous[signum] = signal.signal(signum, _raise)
    try:
        yield
    finally:
        with _signals_blocked():
            for signum, handler in previous.items():
                signal.signal(signum, handler)


@contextlib.contextmanager
def _signals_blocked() -> Iterator[None]:
    """Hold SIGTERM and SIGHUP back while cleaning up; one that arrived meanwhile is delivered after."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)
