"""JSON Schemas for editors, generated from the models (and, for vendor and profile files, from the
indicator set in use, so that a typo'd indicator path or a wrong value type is flagged while typing)."""

from __future__ import annotations

from typing import Any, assert_never

from livescore.load.kinds import model_for
from livescore.records.indicators import (
    AnyIndicator,
    BooleanIndicator,
    ChoiceIndicator,
    NumericIndicator,
    OrdinalIndicator,
    SetIndicator,
)
from livescore.records.tree import Tree

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def schema_for(kind: str, tree: Tree) -> dict[str, Any]:
    base = model_for(kind).model_json_schema()
    schema: dict[str, Any] = {"$schema": DRAFT, "title": f"livescore {kind}", **base}
    schema.pop("description", None)
    schema["description"] = _DESCRIPTIONS[kind] + (
        "" if kind in ("indicator-set", "ahp") else f" (indicator set {tree.id} {tree.spec.version})"
    )
    if kind == "vendor":
        schema["properties"]["evidence"] = _evidence_schema(tree)
        schema["properties"]["indicator_set"] = {"const": tree.id}
    elif kind in ("evaluation", "committee"):
        schema["properties"]["indicator_set"] = {"const": tree.id}
        if kind == "evaluation":  # vendor id -> the set's indicator paths, each a value or {value, ...}
            scores = schema["properties"]["scores"]
            (pattern,) = scores["patternProperties"]
            scores["patternProperties"][pattern] = _evidence_schema(tree, JUDGED_FIELDS, required=["value"])
            schema.get("$defs", {}).pop("Judged", None)
            if not schema.get("$defs"):
                schema.pop("$defs", None)
    elif kind == "weight-profile":
        schema["properties"]["indicator_set"] = {"const": tree.id}
        weights = schema["properties"]["weights"]
        weights["propertyNames"] = {"enum": tree.all_node_paths()}
        weights.pop("patternProperties", None)
        weights["additionalProperties"] = {"type": "number", "minimum": 0}
    return schema


_DESCRIPTIONS = {
    "indicator-set": "A three-level indicator tree: dimensions -> groups -> indicators.",
    "weight-profile": "Weight overrides, knock-out requirements and the missing-evidence policy",
    "vendor": "A vendor's evidence: indicator path -> value, or {value, source, date, note}",
    "evaluation": "One evaluator's scores: vendor id -> indicator path -> value, or {value, verified, source, note, reason}",
    "committee": "The evaluation committee: members (id, name, role) and decisions on abnormally low bids, each with its reason",
    "ahp": "Pairwise judgements [a, b, x] (a is x times as important as b) among one node's children.",
}


EVIDENCE_FIELDS = {"source": {"type": "string"}, "date": {"type": "string"}, "note": {"type": "string"}}
JUDGED_FIELDS = {**EVIDENCE_FIELDS, "verified": {"type": "boolean"}, "reason": {"type": "string"}}


def _evidence_schema(tree: Tree, fields: dict[str, Any] = EVIDENCE_FIELDS, required: list[str] | None = None) -> dict[str, Any]:
    """Indicator path -> its value, null, or an entry object {value, *fields}."""
    properties = {}
    for path, ind in zip(tree.paths, tree.indicators, strict=True):
        value = _value_schema(ind)
        entry: dict[str, Any] = {
            "type": "object",
            "properties": {"value": {"anyOf": [value, {"type": "null"}]}, **fields},
            "additionalProperties": False,
        }
        if required:
            entry["required"] = required
        properties[path] = {
            "description": ind.name.en or ind.name.zh or path,
            "anyOf": [value, {"type": "null"}, entry],
        }
    return {"type": "object", "properties": properties, "additionalProperties": False}


def _value_schema(ind: AnyIndicator) -> dict[str, Any]:
    match ind:
        case BooleanIndicator():
            return {"type": "boolean"}
        case NumericIndicator():
            schema: dict[str, Any] = {"type": "number"}
            if ind.bounds is not None:
                lo, hi = ind.bounds
                if lo is not None:
                    schema["minimum"] = lo
                if hi is not None:
                    schema["maximum"] = hi
            if ind.unit:
                schema["description"] = f"unit: {ind.unit}"
            return schema
        case OrdinalIndicator():
            return {"type": "integer", "minimum": 0, "maximum": len(ind.levels) - 1}
        case ChoiceIndicator():
            return {"enum": list(ind.options)}
        case SetIndicator():
            return {"type": "array", "items": {"enum": list(ind.options)}, "uniqueItems": True}
        case _ as unreachable:
            assert_never(unreachable)
    raise AssertionError(ind)
