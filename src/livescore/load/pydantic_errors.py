"""Pydantic validation errors -> located diagnostics: each error mapped to the YAML node it concerns,
the alternatives of a union that fail at one place merged into one record, and messages that never
echo the offending input whole (pydantic's default message does, and explodes on alias bombs)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from livescore.diagnostics import MAX_PER_FILE, Diagnostic, error, more_problems
from livescore.load.document import Document
from livescore.records.values import type_name
from livescore.sanitize import cut, quote
from livescore.suggest import did_you_mean

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError


_EXPECTED = {
    "bool_type": "true or false",
    "int_type": "an integer",
    "float_type": "a number",
    "string_type": "a string",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "none_required": "null",
}


_COMPARISONS = {
    "greater_than_equal": (">=", "ge"),
    "greater_than": (">", "gt"),
    "less_than_equal": ("<=", "le"),
    "less_than": ("<", "lt"),
}


def pydantic_diagnostics(doc: Document, exc: ValidationError, model_cls: type[BaseModel]) -> list[Diagnostic]:
    """Map each pydantic error to the YAML node it concerns; the alternatives of a union that fail at
    one place merge into one record ("expected true or false, a number or a string, got a mapping")."""
    places: dict[tuple[int, int, str], _Place] = {}
    hidden, first_hidden = 0, None
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        if len(places) >= MAX_PER_FILE:  # bounded work: count the rest, describe none of them
            hidden += 1
            first_hidden = first_hidden or loc
            continue
        if err["type"] == "union_tag_invalid":  # point at the tag value, not the whole union member
            loc = (*loc, "kind")
        code, message, at_key = _describe(err, loc, model_cls)
        line, col = doc.locate(loc, at_key=at_key)
        place = places.setdefault((line, col, code), _Place(_key_label(doc, loc), message))
        if code == "type":
            place.expected.setdefault(message)
            place.got = type_name(err.get("input"))
    diagnostics = []
    for (line, col, code), place in places.items():
        message = f"{place.label}expected {_join_or(list(place.expected))}, got {place.got}" if code == "type" else place.message
        diagnostics.append(error(doc.path, line, col, code, message))
    if first_hidden is not None:
        diagnostics.append(more_problems(doc.path, *doc.locate(first_hidden), hidden))
    return diagnostics


@dataclass(slots=True)
class _Place:
    label: str
    message: str
    expected: dict[str, None] = field(default_factory=dict)  # ordered set
    got: str = ""


def _key_label(doc: Document, loc: tuple[Any, ...]) -> str:
    """The last key of ``loc`` that exists in the data, as a message prefix."""
    node, key = doc.data, None
    for segment in loc:
        if isinstance(node, dict) and segment in node:
            key, node = segment, node[segment]
        elif isinstance(node, list) and isinstance(segment, int) and 0 <= segment < len(node):
            node = node[segment]
    return f"`{cut(str(key))}`: " if key is not None else ""


def _describe(err: Any, loc: tuple[Any, ...], model_cls: type[BaseModel]) -> tuple[str, str, bool]:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    last = loc[-1] if loc else ""
    if last == "[key]":  # a mapping key that fails its constraint: report it at the key
        key = str(loc[-2] if len(loc) > 1 else "")
        if kind == "string_too_long":
            return "invalid-length", f"key of {len(key)} characters; at most {ctx.get('max_length')}", True
        if kind == "string_pattern_mismatch":
            return "invalid-id", f"key {quote(key)} must match {ctx.get('pattern', 'the id pattern')}", True
        return "type", f"key {quote(key)}: {_EXPECTED.get(kind, err['msg'])}", True
    if kind == "extra_forbidden":
        names = [n for n in _field_names(model_cls) if n != last]
        hint = did_you_mean(str(last)[:200], names, cutoff=0.75)  # difflib is quadratic: compare a prefix
        return "unknown-key", f"unknown key {quote(last)}{hint}", True
    if kind == "missing":
        return "missing-key", f"missing required key {quote(last)}", False
    if kind in _EXPECTED:
        return "type", _EXPECTED[kind], False
    if kind == "string_pattern_mismatch":
        return "invalid-id", f"`{cut(str(last))}` must match {ctx.get('pattern', '')}", False
    if kind == "union_tag_invalid":
        return "invalid-value", f"`kind` must be one of {ctx.get('expected_tags', '')}", False
    if kind == "union_tag_not_found":
        return "missing-key", "missing required key 'kind' (boolean, numeric, ordinal, choice or set)", False
    if kind == "literal_error":
        return "invalid-value", f"`{cut(str(last))}` must be {ctx.get('expected', '')}", False
    if kind in _COMPARISONS:
        symbol, bound_key = _COMPARISONS[kind]
        is_weight = last == "weight" or (len(loc) >= 2 and loc[-2] == "weights")
        code = "negative-weight" if is_weight and symbol.startswith(">") else "out-of-range"
        return code, f"`{cut(str(last))}` must be {symbol} {ctx.get(bound_key)}", False
    if kind in ("too_short", "too_long", "string_too_long", "string_too_short"):
        return "invalid-length", f"`{cut(str(last))}`: {err['msg'].replace('Input should', 'should')}", False
    if kind == "value_error":
        return "invalid-value", cut(str(ctx.get("error", err["msg"])), 200), False
    return "invalid-value", f"`{cut(str(last))}`: {cut(err['msg'], 200)}", False


@functools.cache
def _field_names(model_cls: type[BaseModel]) -> list[str]:
    names: set[str] = set()
    seen: set[type[BaseModel]] = set()

    def walk(cls: type[BaseModel]) -> None:
        if cls in seen:
            return
        seen.add(cls)
        for name, info in cls.model_fields.items():
            names.add(name)
            for sub in _models_in(info.annotation):
                walk(sub)

    walk(model_cls)
    return sorted(names)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    from typing import get_args

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in get_args(annotation):
        found.extend(_models_in(arg))
    return found


def _join_or(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]
