"""Which indicator set is in use: a file given with ``-i``, or the embedded default."""

from __future__ import annotations

import hashlib
from pathlib import Path

from livescore.diagnostics import Diagnostic
from livescore.load.models import Loaded, load_document
from livescore.load.yamlio import parse_bytes, read_document
from livescore.score.tree import Tree

DATA = Path(__file__).resolve().parent.parent / "data"
DEFAULT_SET = DATA / "enterprise-live-2022.yaml"
EMBEDDED = "(embedded) enterprise-live-2022.yaml"


def load_tree(path: str | None) -> tuple[Tree | None, list[Diagnostic]]:
    """Load and check an indicator set; ``None`` means the embedded default."""
    source = str(DEFAULT_SET) if path is None else path
    shown = EMBEDDED if path is None else path
    try:
        raw = Path(source).read_bytes()
    except OSError:
        doc, diagnostics = read_document(source, shown)  # reports the located read error
        return None, diagnostics
    doc, diagnostics = parse_bytes(raw, shown)
    if doc is None:
        return None, diagnostics
    loaded = load_document(doc, expect=("indicator-set",))
    return tree_from(loaded, raw)


def tree_from(loaded: Loaded, raw: bytes) -> tuple[Tree | None, list[Diagnostic]]:
    from livescore.model.indicator_set import check_indicator_set

    if loaded.model is None or loaded.doc is None:
        return None, loaded.diagnostics
    problems = check_indicator_set(loaded.model)
    if problems:
        return None, [loaded.doc.diag(loc, code, msg) for loc, code, msg in problems]
    return Tree(loaded.model, loaded.path, hashlib.sha256(raw).hexdigest()), []
