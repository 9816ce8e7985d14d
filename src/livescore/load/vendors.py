"""Vendor files -> one row of the score matrix each, checked against the tree.

A vendor's evidence is checked value by value (path exists, value fits the indicator's kind) and
turned into scores at once, so that thousands of files stream through without their models being
held together: a record keeps only what rankings, gates and reports need.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from livescore.diagnostics import Diagnostic, warning
from livescore.load.models import Loaded, load_file
from livescore.load.yamlio import Document
from livescore.model.vendor import EvidenceEntry, Price, Vendor
from livescore.score.evidence import check_value, score_value
from livescore.score.tree import FloatArray, Tree

if TYPE_CHECKING:
    from livescore.score.evaluators import Disagreement


@dataclass(slots=True)
class VendorRecord:
    id: str
    name: str
    path: str
    price: Price | None
    scores: FloatArray  # one score in [0, 1] per indicator, NaN where there is no evidence
    values: dict[int, Any]  # raw values of the indicators the caller asked to keep
    entries: dict[str, EvidenceEntry] | None  # the full evidence, when kept (explain)
    id_pos: tuple[int, int] = (1, 1)
    evidence_pos: tuple[int, int] = (1, 1)
    price_pos: tuple[int, int] = (1, 1)
    doc: Document | None = None  # kept only alongside entries
    evaluated: set[str] = field(default_factory=set)  # indicator paths scored by evaluators
    verified: set[str] = field(default_factory=set)  # indicator paths the buyer checked (evaluations)
    disagreements: list[Disagreement] = field(default_factory=list)


def load_vendor(
    path: str, tree: Tree, *, keep: set[int] | None = None, full: bool = False
) -> tuple[VendorRecord | None, list[Diagnostic]]:
    """``keep``: indicator indexes whose raw value the record keeps (gates); ``full``: keep everything."""
    loaded = load_file(path, expect=("vendor",))
    return vendor_from(loaded, tree, keep=keep, full=full)


def vendor_from(
    loaded: Loaded, tree: Tree, *, keep: set[int] | None = None, full: bool = False
) -> tuple[VendorRecord | None, list[Diagnostic]]:
    if loaded.model is None or loaded.doc is None:
        return None, loaded.diagnostics
    vendor: Vendor = loaded.model
    doc = loaded.doc
    if vendor.indicator_set != tree.id:
        message = f"vendor file is for set {vendor.indicator_set!r}, but the set in use is {tree.id!r}"
        return None, [doc.diag(("indicator_set",), "set-mismatch", message)]
    diagnostics: list[Diagnostic] = []
    scores = np.full(len(tree.paths), np.nan)
    values: dict[int, Any] = {}
    for path, entry in vendor.evidence.items():
        index = tree.index.get(path)
        if index is None:
            diagnostics.append(doc.diag(("evidence", path), "unknown-indicator", _unknown(path, tree), at_key=True))
            continue
        if entry.value is None:
            continue  # `value: null` is no evidence, like an absent key
        ind = tree.indicators[index]
        problem = check_value(ind, entry.value)
        if problem is not None:
            loc = ("evidence", path, "value") if isinstance(doc.locate_data(("evidence", path)), dict) else ("evidence", path)
            diagnostics.append(doc.diag(loc, problem[0], f"{path}: {problem[1]}"))
            continue
        scores[index] = score_value(ind, entry.value)
        if full or (keep is not None and index in keep):
            values[index] = entry.value
    if any(d.is_error for d in diagnostics):
        return None, diagnostics
    record = VendorRecord(
        vendor.id,
        vendor.name,
        doc.path,
        vendor.price,
        scores,
        values,
        vendor.evidence if full else None,
        id_pos=doc.locate(("id",)),
        evidence_pos=doc.locate(("evidence",), at_key=True),
        price_pos=doc.locate(("price",), at_key=True),
        doc=doc if full else None,
    )
    return record, diagnostics


def evidence_warnings(record: VendorRecord) -> list[Diagnostic]:
    """Claims without a source, as one warning per file at the first of them (fails only --strict)."""
    if record.entries is None or record.doc is None:
        return []
    unsourced = [p for p, e in record.entries.items() if e.value is not None and not e.source]
    if not unsourced:
        return []
    line, col = record.doc.locate(("evidence", unsourced[0]), at_key=True)
    more = f" and {len(unsourced) - 1} more" if len(unsourced) > 1 else ""
    return [warning(record.path, line, col, "no-source", f"evidence without a `source`: {unsourced[0]}{more}")]


def _unknown(path: str, tree: Tree) -> str:
    close = difflib.get_close_matches(path, tree.paths, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"{path[:120]!r} is not an indicator of {tree.id}{hint}"
