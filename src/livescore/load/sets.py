"""Which indicator set is in use: a file given with ``-i``, or the embedded default.

A set that validated once is cached as its plain data under the user's cache folder, keyed by the
SHA-256 of exactly the bytes that were parsed (the file is read once): the next command reads that
JSON instead of building the validators. The cache is never an authority: an entry is opened without
following symlinks or blocking, must be a small regular file, must name the same source digest and
carry a matching digest of its payload, and the payload must pass :func:`verify_payload` (the shape
and the rules a validated set keeps); anything else is a miss, and the entry is rewritten after
validation. ``LIVESCORE_CACHE_DIR`` moves the cache; ``LIVESCORE_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import os
import re
import stat
import sys
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
CACHE_FORMAT = 4  # bump when the cached shape changes
MAX_ENTRY_BYTES = 2 * 1024 * 1024


def load_tree(path: str | None) -> tuple[Tree | None, list[Diagnostic]]:
    """Load and check an indicator set; ``None`` means the embedded default."""
    source = str(DEFAULT_SET) if path is None else path
    shown = EMBEDDED if path is None else display_path(path)
    raw, diagnostics = read_bytes(source, shown)
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
    payload = _read_cache(sha)
    if payload is None:
        return None
    try:
        return Tree(from_data(payload), shown, sha)
    except Exception:  # a damaged entry is a miss, whatever it breaks: validate again and rewrite it
        return None


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
    """``$LIVESCORE_CACHE_DIR``, else ``$XDG_CACHE_HOME/livescore``, else the platform's user cache
    folder; None when ``LIVESCORE_NO_CACHE`` is set."""
    if os.environ.get("LIVESCORE_NO_CACHE"):
        return None
    explicit = os.environ.get("LIVESCORE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg) / "livescore"
    home = Path(os.path.expanduser("~"))
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "livescore"
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        return (Path(local) if local else home / "AppData" / "Local") / "livescore" / "Cache"
    return home / ".cache" / "livescore"


def _cache_file(sha: str) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / f"set-{CACHE_FORMAT}-{sha}.json"


def _digest(payload: Any) -> str:
    canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _read_entry(path: Path) -> bytes | None:
    """The entry's bytes if it is a small regular file of this user; never follows a symlink, never blocks."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES:
            return None
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            return None  # planted by someone else
        raw = os.read(fd, MAX_ENTRY_BYTES + 1)
        return raw if len(raw) <= MAX_ENTRY_BYTES else None
    except OSError:
        return None
    finally:
        os.close(fd)


def _read_cache(sha: str) -> dict[str, Any] | None:
    path = _cache_file(sha)
    if path is None:
        return None
    raw = _read_entry(path)
    if raw is None:
        return None
    try:
        entry = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
        if not isinstance(entry, dict) or set(entry) != {"format", "source_sha256", "payload_sha256", "payload"}:
            return None
        if entry["format"] != CACHE_FORMAT or entry["source_sha256"] != sha:
            return None
        payload = entry["payload"]
        if entry["payload_sha256"] != _digest(payload) or not verify_payload(payload):
            return None
    except Exception:  # whatever a damaged entry breaks, it is a miss
        return None
    return payload  # type: ignore[no-any-return]


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} in a cache entry")


def _write_cache(sha: str, data: dict[str, Any]) -> None:
    path = _cache_file(sha)
    if path is None:
        return
    try:
        entry = {"format": CACHE_FORMAT, "source_sha256": sha, "payload_sha256": _digest(data), "payload": data}
        text = json.dumps(entry, ensure_ascii=False, allow_nan=False)
        path.parent.mkdir(parents=True, exist_ok=True)
        from livescore.output import write_atomic

        if path.is_symlink() or (path.exists() and not path.is_file()):
            path.unlink()  # a planted link or FIFO in our own folder: replace the entry, never write through it
        write_atomic(str(path), text)
    except (OSError, ValueError):
        pass  # a read-only home, or data JSON cannot hold: no cache, same results


# ------------------------------------------------------------------ the entry's payload, checked as plain data

_NODE_ID = re.compile(r"[a-z][a-z0-9_]*")
_KEBAB_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_MAX_TEXT = 2000
_MAX_WEIGHT = 1e6
_MAX_QUANTITY = 1e15
_NODE_KEYS = {"id", "name", "weight", "provenance"}
_KIND_KEYS = {
    "boolean": set(),
    "numeric": {"unit", "direction", "floor", "target", "scale", "bounds", "bands"},
    "ordinal": {"levels"},
    "choice": {"options", "labels"},
    "set": {"options", "labels"},
}


class _Bad(Exception):
    """The payload is not what a validated set dumps."""


def verify_payload(data: Any) -> bool:
    """Whether ``data`` has exactly the shape, types and rules of a validated set's ``model_dump``:
    ids, texts, finite weights in [0, 1e6] with a positive sum among siblings, unique sibling ids,
    and each indicator kind with its own fields (what ``records.indicators.from_data`` reads)."""
    try:
        _check_set(data)
    except _Bad:
        return False
    return True


def _need(ok: bool) -> None:
    if not ok:
        raise _Bad


def _keys(data: Any, keys: set[str]) -> dict[str, Any]:
    _need(isinstance(data, dict) and set(data) == keys)
    return data  # type: ignore[no-any-return]


def _str(value: Any, *, optional: bool = False, pattern: re.Pattern[str] | None = None, limit: int = _MAX_TEXT) -> None:
    if value is None and optional:
        return
    _need(isinstance(value, str) and len(value) <= limit)
    if pattern is not None:
        _need(len(value) <= 64 and pattern.fullmatch(value) is not None)


def _number(value: Any, low: float, high: float, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    _need(type(value) in (int, float) and math.isfinite(value) and low <= value <= high)


def _text(value: Any) -> None:
    text = _keys(value, {"zh", "en"})
    _str(text["zh"], optional=True)
    _str(text["en"], optional=True)
    _need(bool(text["zh"] or text["en"]))


def _labels(value: Any, options: list[str]) -> None:
    if value is None:
        return
    _need(isinstance(value, dict))
    for key, label in value.items():
        _need(key in options)
        _text(label)


def _siblings(nodes: Any) -> list[dict[str, Any]]:
    _need(isinstance(nodes, list) and len(nodes) > 0)
    ids = set()
    total = 0.0
    for node in nodes:
        _need(isinstance(node, dict))
        _str(node.get("id"), pattern=_NODE_ID)
        _need(node["id"] not in ids)
        ids.add(node["id"])
        _text(node.get("name"))
        _number(node.get("weight"), 0.0, _MAX_WEIGHT)
        _str(node.get("provenance"), optional=True)
        total += node["weight"]
    _need(total > 0)
    return nodes  # type: ignore[no-any-return]


def _check_set(data: Any) -> None:
    top = _keys(data, {"kind", "id", "version", "title", "description", "dimensions"})
    _need(top["kind"] == "indicator-set")
    _str(top["id"], pattern=_KEBAB_ID)
    _str(top["version"])
    _text(top["title"])
    _str(top["description"], optional=True)
    for dimension in _siblings(top["dimensions"]):
        _keys(dimension, {*_NODE_KEYS, "groups"})
        for group in _siblings(dimension["groups"]):
            _keys(group, {*_NODE_KEYS, "indicators"})
            for indicator in _siblings(group["indicators"]):
                _check_indicator(indicator)


def _check_indicator(data: dict[str, Any]) -> None:
    kind = data.get("kind")
    _need(isinstance(kind, str) and kind in _KIND_KEYS)
    _keys(data, {*_NODE_KEYS, "stages", "objective", "gp_forbidden", "basis", "kind", *_KIND_KEYS[str(kind)]})
    _need(type(data["objective"]) is bool and type(data["gp_forbidden"]) is bool)
    _need(data["basis"] in (None, "report", "inferred", "practice"))
    stages = data["stages"]
    if stages is not None:
        _keys(stages, {"marketing", "training"})
        for key, letter in (("marketing", "M"), ("training", "T")):
            _need(stages[key] is None or stages[key] in {f"{letter}{n}" for n in range(1, 6)})
    if kind == "numeric":
        _str(data["unit"], optional=True)
        _need(data["direction"] in ("higher", "lower") and data["scale"] in ("linear", "log"))
        floor, target, bands = data["floor"], data["target"], data["bands"]
        if bands is not None:
            _need(floor is None and target is None and isinstance(bands, list) and 0 < len(bands) <= 100)
            for band in bands:
                _need(isinstance(band, list) and len(band) == 2)
                _number(band[0], -_MAX_QUANTITY, _MAX_QUANTITY)
                _number(band[1], 0.0, 1.0)
            falling = data["direction"] == "higher"
            _need(all((a > b) if falling else (a < b) for (a, _), (b, _) in itertools.pairwise(bands)))
        else:
            _number(floor, -_MAX_QUANTITY, _MAX_QUANTITY)
            _number(target, -_MAX_QUANTITY, _MAX_QUANTITY)
            _need(floor != target and (data["direction"] == "higher") == (floor < target))
            _need(data["scale"] == "linear" or (floor > 0 and target > 0))
        bounds = data["bounds"]
        if bounds is not None:
            _need(isinstance(bounds, list) and len(bounds) == 2)
            for bound in bounds:
                _number(bound, -_MAX_QUANTITY, _MAX_QUANTITY, optional=True)
            _need(bounds[0] is None or bounds[1] is None or bounds[0] <= bounds[1])
    elif kind == "ordinal":
        levels = data["levels"]
        _need(isinstance(levels, dict) and set(levels) == {str(n) for n in range(len(levels))} and len(levels) >= 2)
        for level in levels.values():
            if isinstance(level, str):
                _str(level)
            else:
                _text(level)
    elif kind == "choice":
        options = data["options"]
        _need(isinstance(options, dict) and len(options) > 0)
        for key, score in options.items():
            _str(key, pattern=_NODE_ID)
            _number(score, 0.0, 1.0)
        _labels(data["labels"], list(options))
    elif kind == "set":
        options = data["options"]
        _need(isinstance(options, list) and len(options) > 0 and len(set(map(str, options))) == len(options))
        for option in options:
            _str(option, pattern=_NODE_ID)
        _labels(data["labels"], options)
