"""A weight profile checked against the indicator set: paths, requirement operators and operands,
price-weight sanity and the 87号令 procurement floors."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from livescore.diagnostics import Diagnostic, warning
from livescore.load.document import Document
from livescore.load.kinds import set_mismatch
from livescore.records.indicators import BooleanIndicator, ChoiceIndicator, NumericIndicator, OrdinalIndicator, SetIndicator
from livescore.records.tree import Tree
from livescore.suggest import did_you_mean

if TYPE_CHECKING:
    from livescore.model.profile import Requirement, WeightProfile
    from livescore.records.profile import Profile


def check_profile(doc: Document, model: WeightProfile, tree: Tree) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    if model.indicator_set != tree.id:
        return [set_mismatch(doc, "profile", model.indicator_set, tree.id)]
    for key in model.weights:
        if tree.node(key) is None:
            diagnostics.append(
                doc.diag(
                    ("weights", key),
                    "unknown-path",
                    f"{key[:120]!r} names no node of the set{did_you_mean(key, tree.all_node_paths())}",
                    at_key=True,
                )
            )
    for n, req in enumerate(model.requirements):
        diagnostics.extend(check_requirement(doc, ("requirements", n), req, tree))
    diagnostics.extend(_price_checks(doc, model))
    for n, path in enumerate(model.stage_features):
        if path not in tree.index:
            message = f"{path[:120]!r} is not an indicator{did_you_mean(path, tree.paths)}"
            diagnostics.append(doc.diag(("stage_features", n), "unknown-indicator", message))
    return diagnostics


PROCUREMENT_FLOORS = {"cn-gp-goods": 30.0, "cn-gp-services": 10.0}  # 财政部令第87号 Art. 55


def legal_price_range(procurement: str | None) -> tuple[float, float] | None:
    """The price weights (percent) a procurement rule allows, or None where no rule applies."""
    if procurement is None or procurement not in PROCUREMENT_FLOORS:
        return None
    return PROCUREMENT_FLOORS[procurement], 100.0


def _price_checks(doc: Document, model: WeightProfile) -> list[Diagnostic]:
    weight = model.price.weight if model.price else 0.0
    if model.price and 0 < weight <= 1:
        line, col = doc.locate(("price", "weight"))
        message = f"price weight {weight:g} is a percentage: did you mean {weight * 100:g} %?"
        return [warning(doc.path, line, col, "price-weight", message)]
    return []


def procurement_floor(doc: Document, model: WeightProfile, merged: Profile) -> list[Diagnostic]:
    """The 87号令 floor on the merged profile: price weight and procurement may both come via `extends`."""
    if merged.procurement is None:
        return []
    floor = PROCUREMENT_FLOORS[merged.procurement]
    weight = merged.price.weight if merged.price else 0.0
    if weight >= floor:
        return []
    loc = ("price", "weight") if model.price else ("procurement",) if model.procurement else ("extends",)
    message = f"{merged.procurement} needs a price weight of at least {floor:g} % (财政部令第87号 Art. 55), got {weight:g} %"
    return [doc.diag(loc, "procurement-floor", message)]


def check_requirement(doc: Document, loc: tuple[Any, ...], req: Requirement, tree: Tree) -> list[Diagnostic]:
    if req.indicator not in tree.index:
        return [
            doc.diag(
                (*loc, "indicator"),
                "unknown-indicator",
                f"{req.indicator[:120]!r} is not an indicator{did_you_mean(req.indicator, tree.paths)}",
            )
        ]
    ind = tree.indicators[tree.index[req.indicator]]
    allowed = {
        BooleanIndicator: {"equals"},
        NumericIndicator: {"min", "max"},
        OrdinalIndicator: {"min", "max", "equals"},
        ChoiceIndicator: {"equals", "includes"},
        SetIndicator: {"includes"},
    }[type(ind)]
    out: list[Diagnostic] = []
    for op in req.operators():
        if op not in allowed:
            out.append(
                doc.diag(
                    (*loc, op),
                    "requirement-operator",
                    f"`{op}` does not apply to a {ind.kind} indicator (use {', '.join(sorted(allowed))})",
                    at_key=True,
                )
            )
            continue
        operand = getattr(req, op)
        problem = _operand_problem(ind, op, operand)
        if problem:
            out.append(doc.diag((*loc, op), problem[0], problem[1]))
    return out


def _operand_problem(ind: Any, op: str, operand: Any) -> tuple[str, str] | None:
    if isinstance(ind, BooleanIndicator) and not isinstance(operand, bool):
        return "type", "`equals` on a boolean indicator takes true or false"
    if isinstance(ind, OrdinalIndicator) and op == "equals" and (isinstance(operand, bool) or not isinstance(operand, int)):
        return "type", "`equals` on an ordinal indicator takes an integer level"
    if isinstance(ind, (ChoiceIndicator, SetIndicator)):
        options = list(ind.options)
        listed = operand if isinstance(operand, list) else [operand]
        if not all(isinstance(o, str) for o in listed):
            return "type", f"expected option ids from {', '.join(options)}"
        unknown = [o for o in listed if o not in options]
        if unknown:
            return (
                "unknown-option",
                f"{unknown[0][:40]!r} is not an option{did_you_mean(unknown[0], options)}; options: {', '.join(options)}",
            )
    return None
