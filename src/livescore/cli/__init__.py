"""The command line: parse arguments, call the core, pick a renderer, choose the exit code.

``app`` holds the commands, ``options`` the shared vocabulary, ``emit`` the ways out (stdout, an
atomically written file, diagnostics on stderr, usage errors)."""

from __future__ import annotations

import sys

from livescore.cli import analyst, questionnaires  # noqa: F401  (they register their commands on the app)
from livescore.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
