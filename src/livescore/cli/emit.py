"""The ways out of a command: stdout, an atomically written file, diagnostics on stderr, usage errors."""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NoReturn

import typer

from livescore import pip_install

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from livescore.diagnostics import Diagnostic

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


PIPED_WIDTH = 120  # a table sent to a pipe or a file is laid out as `-o` lays it out


def console(*, stderr: bool = False, width: int | None = None) -> Console:
    """A console for tables: the terminal's width, COLUMNS when set, else (a pipe, a file) 120."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    if width is None and not os.environ.get("COLUMNS") and not stream.isatty():
        width = PIPED_WIDTH
    return Console(stderr=stderr, highlight=False, soft_wrap=False, width=width, emoji=False)


def print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    for d in diagnostics:
        sys.stderr.write(d.text() + "\n")


def usage(message: str) -> NoReturn:
    sys.stderr.write(f"livescore: error: {message}\n")
    raise typer.Exit(EXIT_USAGE)


def optional(module: str, extra: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        hint = "" if pip_install(extra) in str(exc) else f" (the `{extra}` extra: {pip_install(extra)})"
        usage(f"{exc}{hint}")


def count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def emit(content: str | bytes, output: str | None, *, reads: Iterable[str] = (), bom: bool = False) -> None:
    """Write ``content`` to the file ``output`` (atomically; never over one of the command's ``reads``,
    a link or anything but a regular file), else to stdout, as UTF-8 bytes whatever the console's
    encoding. ``bom``: start with a UTF-8 byte order mark (CSV for Excel)."""
    # surrogateescape: a path the OS gave as undecodable bytes (a C locale) goes out as those bytes
    data = content.encode("utf-8", "surrogateescape") if isinstance(content, str) else content
    if bom:
        data = codecs.BOM_UTF8 + data
    if output:
        from livescore.output import UnsafeTarget, write_atomic

        try:
            write_atomic(output, data, reads)
        except UnsafeTarget as exc:
            usage(f"-o {output} {exc}; nothing written")
        except OSError as exc:
            usage(f"cannot write {output}: {exc.strerror or exc}")
    else:
        stdout_bytes(data)


def stdout_bytes(data: bytes) -> None:
    """Bytes to stdout, past its text layer (whose encoding may not hold every character)."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (some test harnesses): it takes str
        sys.stdout.write(data.decode("utf-8"))
        return
    sys.stdout.flush()
    buffer.write(data)
    buffer.flush()


def emit_rich(renderable: RenderableType, output: str | None, *, reads: Iterable[str] = ()) -> None:
    if output:
        wide = console(width=120)
        with wide.capture() as capture:
            wide.print(renderable)
        from rich.text import Text

        emit(Text.from_ansi(capture.get()).plain, output, reads=reads)
    else:
        _degrade_stdout()
        console().print(renderable)


def _degrade_stdout() -> None:
    """A table on a console that cannot show every character shows "?" for them, never fails."""
    stream = sys.stdout
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    if encoding in ("utf-8", "utf8") or getattr(stream, "errors", "strict") not in ("strict", "surrogateescape"):
        return  # already lossless, or already lenient
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")
