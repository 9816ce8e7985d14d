"""Command-line paths -> the YAML files they name (folders: every *.yaml/*.yml below, dot-folders skipped)."""

from __future__ import annotations

import os
from dataclasses import dataclass

SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class Discovered:
    files: list[str]
    missing: list[str]  # paths that do not exist: a usage error (exit 2)


def discover(paths: list[str]) -> Discovered:
    files: list[str] = []
    missing: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            found: list[str] = []
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(os.path.join(root, n) for n in names if n.endswith(SUFFIXES) and not n.startswith("."))
            files.extend(sorted(found))
        elif os.path.exists(path):
            files.append(path)
        else:
            missing.append(path)
    return Discovered(list(dict.fromkeys(files)), missing)
