"""Which indicator set is in use: a file given with ``-i``, or the embedded default.

A set that validated once is cached as its plain data under the user's cache folder, keyed by the
SHA-256 of the file's bytes: the next command reads that JSON instead of building the validators
(about a quarter of a second). Any change to the file changes the key; an unreadable or corrupt
cache entry is ignored and rewritten. ``LIVESCORE_CACHE_DIR`` moves the cache; ``LIVESCORE_NO_CACHE=1``
turns it off.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from livescore.diagnostics import Diagnostic
from livescore.load.discover import display_path, read_bytes
from livescore.load.kinds import Loaded, load_document
from livescore.load.strict_yaml import parse_bytes
from livescore.records.indicators import from_data
from livescore.records.tree import Tree

DATA = Path(__file__).resolve().parent.parent / "data"
DEFAULT_SET = DATA / "enterprise-live-2022.yaml"
EMBEDDED = "(embedded) enterprise-live-2022.yaml"
CACHE_FORMAT = 1  # bump when the cached shape changes


def load_tree(path: str | None) -> tuple[Tree | None, list[Diagnostic]]:
    """Load and check an indicator set; ``None`` means the embedded default."""
    source = str(DEFAULT_SET) if path is None else path
    shown = EMBEDDED if path is None else display_path(path)
    raw, diagnostics = read_bytes(source, shown)  # bounded, regular files only
    if raw is None:
        return None, diagnostics
    cached = cached_tree(raw, shown)
    if cached is not None:
        return cached, []
    doc, diagnostics = parse_bytes(raw, shown)
    if doc is None:
        return None, diagnostics
    loaded = load_document(doc, expect=("indicator-set",))
    return tree_from(loaded, raw)


def cached_tree(raw: bytes, shown: str) -> Tree | None:
    """The set these exact bytes make, when they validated before (see the module docstring)."""
    sha = hashlib.sha256(raw).hexdigest()
    cached = _read_cache(sha)
    if cached is None:
        return None
    try:
        return Tree(from_data(cached), shown, sha)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None  # a damaged entry: validate again and rewrite it


def tree_from(loaded: Loaded, raw: bytes) -> tuple[Tree | None, list[Diagnostic]]:
    from livescore.model.indicator_set import check_indicator_set

    if loaded.model is None or loaded.doc is None:
        return None, loaded.diagnostics
    problems = check_indicator_set(loaded.model)
    if problems:
        return None, [loaded.doc.diag(loc, code, msg) for loc, code, msg in problems]
    data = loaded.model.model_dump(mode="json")
    sha = hashlib.sha256(raw).hexdigest()
    _write_cache(sha, data)
    return Tree(from_data(data), loaded.path, sha), []


def cache_dir() -> Path | None:
    if os.environ.get("LIVESCORE_NO_CACHE"):
        return None
    explicit = os.environ.get("LIVESCORE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "livescore"


def _cache_file(sha: str) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / f"set-{CACHE_FORMAT}-{sha}.json"


def _read_cache(sha: str) -> dict[str, Any] | None:
    path = _cache_file(sha)
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _write_cache(sha: str, data: dict[str, Any]) -> None:
    path = _cache_file(sha)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        from livescore.output import write_atomic

        write_atomic(str(path), json.dumps(data, ensure_ascii=False))
    except OSError:
        pass  # a read-only home: no cache, same results
