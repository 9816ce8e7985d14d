"""Vendor files -> one row of the score matrix each, checked against the tree.

A vendor's evidence is checked value by value (path exists, value fits the indicator's kind) and
turned into scores at once, so that thousands of files stream through without their models being
held together: a record keeps only what rankings, gates and reports need.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import numpy as np

from livescore.diagnostics import MAX_PER_FILE, Diagnostic, error, more_problems, warning
from livescore.load.document import Document
from livescore.load.kinds import Loaded, load_document, set_mismatch
from livescore.load.strict_yaml import read_document
from livescore.records.tree import Tree
from livescore.records.vendor import NOT_ISO_4217, Entry, PriceInfo, VendorData, VendorRecord, finer_than_cents
from livescore.score.evidence import check_value, score_value
from livescore.suggest import did_you_mean

if TYPE_CHECKING:
    from livescore.model.vendor import Vendor


def from_model(vendor: Vendor) -> VendorData:
    price = PriceInfo(**vendor.price.model_dump()) if vendor.price else None
    evidence = {k: Entry(e.value, e.source, e.date, e.note) for k, e in vendor.evidence.items()}
    return VendorData(vendor.id, vendor.name, vendor.indicator_set, price, evidence, vendor.enterprise_size)


# ------------------------------------------------------------------ the fast shape check
# Most vendor files are well formed. Checking their shape in plain Python accepts exactly what the
# strict `Vendor` model accepts, without building pydantic's validators; any file it does not accept
# goes through the model, which then reports each problem at its place (see load_vendor_document).

_KEBAB = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_CURRENCY = re.compile(r"[A-Z]{3}")
_TOP = {"kind", "id", "name", "indicator_set", "price", "evidence", "enterprise_size"}
SIZES = ("large", "medium", "small", "micro")
_ENTRY = {"value", "source", "date", "note"}
_PRICE = {"amount", "currency", "period", "note"}


def _text_ok(value: Any, limit: int) -> bool:
    return value is None or (type(value) is str and len(value) <= limit)


def _value_ok(value: Any) -> bool:
    kind = type(value)
    if value is None or kind is bool or kind is int or kind is float:
        return True
    if kind is str:
        return len(value) <= 200
    return kind is list and len(value) <= 200 and all(type(v) is str and len(v) <= 200 for v in value)


def plain_vendor(data: Any) -> VendorData | None:
    """The vendor, when ``data`` has exactly the shape the model accepts; None sends it to the model."""
    if type(data) is not dict or not data.keys() <= _TOP or data.get("kind") != "vendor":
        return None
    vid, name, set_id = data.get("id"), data.get("name"), data.get("indicator_set")
    if type(vid) is not str or len(vid) > 64 or not _KEBAB.fullmatch(vid):
        return None
    if type(name) is not str or not 1 <= len(name) <= 200:
        return None
    if type(set_id) is not str or len(set_id) > 64 or not _KEBAB.fullmatch(set_id):
        return None
    price = data.get("price")
    info = None
    if price is not None:
        if type(price) is not dict or not price.keys() <= _PRICE:
            return None
        amount, currency = price.get("amount"), price.get("currency")
        if isinstance(amount, bool) or not isinstance(amount, (int, float)) or not 0 < amount <= 1e15:
            return None
        if finer_than_cents(amount):
            return None
        if type(currency) is not str or not _CURRENCY.fullmatch(currency) or currency in NOT_ISO_4217:
            return None
        if not (_text_ok(price.get("period"), 2000) and _text_ok(price.get("note"), 2000)):
            return None
        info = PriceInfo(float(amount), currency, price.get("period"), price.get("note"))
    size = data.get("enterprise_size")
    if size is not None and (type(size) is not str or size not in SIZES):
        return None
    evidence = data.get("evidence", {})
    if type(evidence) is not dict:
        return None
    entries: dict[str, Entry] = {}
    for key, raw in evidence.items():
        entry = _entry(raw) if type(key) is str and len(key) <= 200 else None
        if entry is None:
            return None
        entries[key] = entry
    return VendorData(vid, name, set_id, info, entries, size)


def _entry(raw: Any) -> Entry | None:
    """One evidence entry of the shape the model accepts, or None."""
    if type(raw) is dict:
        if "value" not in raw or not raw.keys() <= _ENTRY or not _value_ok(raw["value"]):
            return None
        if not (_text_ok(raw.get("source"), 2000) and _text_ok(raw.get("date"), 40) and _text_ok(raw.get("note"), 2000)):
            return None
        return Entry(raw.get("value"), raw.get("source"), raw.get("date"), raw.get("note"))
    return Entry(raw) if _value_ok(raw) else None


def _salvage(loaded: Loaded) -> Loaded | None:
    """The well-formed evidence entries of a vendor file the model refused, under a stand-in vendor."""
    data = loaded.doc.data if loaded.doc is not None else None
    if loaded.kind != "vendor" or type(data) is not dict or type(data.get("evidence")) is not dict:
        return None
    set_id = data.get("indicator_set")
    if type(set_id) is not str or len(set_id) > 64 or not _KEBAB.fullmatch(set_id):
        return None
    entries = {k: e for k, raw in data["evidence"].items() if type(k) is str and len(k) <= 200 and (e := _entry(raw)) is not None}
    return Loaded(loaded.path, "vendor", loaded.doc, VendorData("salvaged", "salvaged", set_id, None, entries), [])


def load_vendor_document(doc: Document, expect: tuple[str, ...] = ("vendor",)) -> Loaded:
    """Fast path for well-formed vendor files; everything else (and every other kind) via the models."""
    fast = plain_vendor(doc.data)
    if fast is not None and "vendor" in expect:
        return Loaded(doc.path, "vendor", doc, fast, [])
    loaded = load_document(doc, expect=expect)
    if loaded.kind == "vendor" and loaded.model is not None:
        loaded.model = from_model(loaded.model)
    return loaded


def load_vendor_file(path: str, expect: tuple[str, ...] = ("vendor",)) -> Loaded:
    doc, diagnostics = read_document(path)
    if doc is None:
        return Loaded(path, None, None, None, diagnostics)
    return load_vendor_document(doc, expect)


def vendor_from(
    loaded: Loaded, tree: Tree, *, keep: set[int] | None = None, detail: bool = False
) -> tuple[VendorRecord | None, list[Diagnostic]]:
    """The vendor's row of the score matrix. ``keep``: indicator indexes whose raw value the record
    keeps (gates); ``detail``: keep every raw value and the evidence entries (to explain the vendor)."""
    if loaded.model is None or loaded.doc is None:
        salvaged = _salvage(loaded)
        if salvaged is None:
            return None, loaded.diagnostics
        # The file is invalid, but its well-formed evidence is checked against the set now, so that
        # one run reports every problem (a bad price must not hide a misspelt indicator).
        _, more = vendor_from(salvaged, tree)
        combined = [*loaded.diagnostics, *(d for d in more if d not in loaded.diagnostics)]
        return None, sorted(combined, key=lambda d: (d.line, d.col))
    vendor: VendorData = loaded.model
    doc = loaded.doc
    if vendor.indicator_set != tree.id:
        return None, [set_mismatch(doc, "vendor file", vendor.indicator_set, tree.id)]
    diagnostics: list[Diagnostic] = []
    scores = np.full(len(tree.paths), np.nan)
    values: dict[int, Any] = {}
    hidden, first_hidden = 0, None
    for path, entry in vendor.evidence.items():
        index = tree.index.get(path)
        if index is not None and entry.value is None:
            continue  # `value: null` is no evidence, like an absent key
        if len(diagnostics) >= MAX_PER_FILE and (index is None or check_value(tree.indicators[index], entry.value)):
            hidden += 1  # bounded work: count the rest, describe none of them
            first_hidden = first_hidden or path
            continue
        if index is None:
            diagnostics.append(doc.diag(("evidence", path), "unknown-indicator", _unknown(path, tree), at_key=True))
            continue
        ind = tree.indicators[index]
        problem = check_value(ind, entry.value)
        if problem is not None:
            loc = ("evidence", path, "value") if isinstance(doc.locate_data(("evidence", path)), dict) else ("evidence", path)
            diagnostics.append(doc.diag(loc, problem[0], f"{path}: {problem[1]}"))
            continue
        scores[index] = score_value(ind, entry.value)
        if detail or (keep is not None and index in keep):
            values[index] = entry.value
    if first_hidden is not None:
        diagnostics.append(more_problems(doc.path, *doc.locate(("evidence", first_hidden), at_key=True), hidden))
    if any(d.is_error for d in diagnostics):
        return None, diagnostics
    record = VendorRecord(
        vendor.id,
        vendor.name,
        doc.path,
        vendor.price,
        scores,
        values,
        vendor.evidence if detail else None,
        id_pos=doc.locate(("id",)),
        evidence_pos=doc.locate(("evidence",), at_key=True),
        price_pos=doc.locate(("price",), at_key=True),
        enterprise_size=vendor.enterprise_size,
        size_pos=doc.locate(("enterprise_size",)) if vendor.enterprise_size else None,
    )
    return record, diagnostics


def evidence_warnings(loaded: Loaded) -> list[Diagnostic]:
    """Claims without a source, as one warning per file at the first of them (fails only --strict)."""
    if not isinstance(loaded.model, VendorData) or loaded.doc is None:
        return []
    unsourced = [p for p, e in loaded.model.evidence.items() if e.value is not None and not e.source]
    if not unsourced:
        return []
    line, col = loaded.doc.locate(("evidence", unsourced[0]), at_key=True)
    more = f" and {len(unsourced) - 1} more" if len(unsourced) > 1 else ""
    return [warning(loaded.path, line, col, "no-source", f"evidence without a `source`: {unsourced[0]}{more}")]


def duplicate_vendor(record: VendorRecord, first_path: str) -> Diagnostic:
    """Two vendor files with one id: rank refuses both, validate reports it."""
    return error(record.path, *record.id_pos, "duplicate-vendor", f"vendor id {record.id!r} is also used by {first_path}")


def _unknown(path: str, tree: Tree) -> str:
    return f"{path[:120]!r} is not an indicator of {tree.id}{did_you_mean(path, tree.paths)}"
