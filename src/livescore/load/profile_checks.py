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


# Price-weight ranges in percent. 财政部令第87号 Art. 55 (招标): "货物项目的价格分值占总分值的比重不得低于30%；
# 服务项目的价格分值占总分值的比重不得低于10%". 竞争性磋商采购方式管理暂行办法 Art. 24: "货物项目的价格分值占总分值的
# 比重(即权值)为30%至60%，服务项目的价格分值占总分值的比重(即权值)为10%至30%".
PRICE_WEIGHT_RANGES = {
    "cn-gp-goods": (30.0, 100.0, "财政部令第87号 Art. 55"),
    "cn-gp-services": (10.0, 100.0, "财政部令第87号 Art. 55"),
    "cn-tos-goods": (30.0, 60.0, "竞争性磋商采购方式管理暂行办法 Art. 24"),
    "cn-tos-services": (10.0, 30.0, "竞争性磋商采购方式管理暂行办法 Art. 24"),
}
# 政府采购促进中小企业发展管理办法 (财库〔2020〕46号) Art. 9 with 财库〔2022〕19号: 小微企业 price deduction 10-20 %.
SME_DEDUCTION = (0.10, 0.20)


def legal_price_range(procurement: str | None) -> tuple[float, float] | None:
    """The price weights (percent) a procurement rule allows, or None where no rule applies."""
    if procurement is None or procurement not in PRICE_WEIGHT_RANGES:
        return None
    low, high, _ = PRICE_WEIGHT_RANGES[procurement]
    return low, high


def _price_checks(doc: Document, model: WeightProfile) -> list[Diagnostic]:
    weight = model.price.weight if model.price else None
    out: list[Diagnostic] = []
    if model.price and model.price.fixed and weight:
        message = "`fixed: true`: price is not a factor (固定价格采购, 财政部令第87号 Art. 55); leave out the weight or set 0"
        out.append(doc.diag(("price", "weight"), "fixed-price", message))
    elif model.price and model.price.fixed:
        # Under a fixed price no bid is compared: a ceiling, a deduction or a formula would be silently ignored.
        for key in ("ceiling", "abnormal_low", "sme_deduction", "formula"):
            if key in model.price.model_fields_set:
                message = f"`fixed: true`: price is not a factor (固定价格采购), so `{key}` would change nothing; remove it"
                out.append(doc.diag(("price", key), "fixed-price", message, at_key=True))
    elif weight is not None and 0 < weight <= 1:
        line, col = doc.locate(("price", "weight"))
        message = f"price weight {weight:g} is a percentage: did you mean {weight * 100:g} %?"
        out.append(warning(doc.path, line, col, "price-weight", message))
    return out


def procurement_rules(doc: Document, model: WeightProfile, merged: Profile) -> list[Diagnostic]:
    """The procurement's price rules on the merged profile (the weight, the formula, the deduction may
    each come via `extends`): each problem located in this file where it sets the value."""
    if merged.procurement is None:
        return []
    low, high, source = PRICE_WEIGHT_RANGES[merged.procurement]
    own = model.price
    here = ("procurement",) if model.procurement else ("extends",)

    def at(key: str) -> tuple[str, ...]:
        return ("price", key) if own is not None and key in own.model_fields_set else here

    out: list[Diagnostic] = []
    if merged.missing == "exclude":
        message = (
            f"`missing: exclude` under {merged.procurement}: a bid that leaves a factor out would have its other factors "
            "count for more; a tender scores what the bid does not show 0 (未提供证明材料不得分): use zero or fail"
        )
        loc: tuple[str, ...] = ("missing",) if "missing" in model.model_fields_set else here
        out.append(doc.diag(loc, "procurement-missing", message))
    if merged.fixed_price:
        return out
    weight = merged.price.weight if merged.price else 0.0
    if weight < low:
        message = f"{merged.procurement} needs a price weight of at least {low:g} % ({source}), got {weight:g} %"
        loc = at("weight")
        out.append(doc.diag(loc, "procurement-floor", message))
    elif weight > high:
        message = f"{merged.procurement} allows a price weight of {low:g}-{high:g} % ({source}), got {weight:g} %"
        loc = at("weight")
        out.append(doc.diag(loc, "procurement-range", message))
    if merged.price is None:
        return out
    if merged.price.formula != "lowest-bid":
        message = (
            f"`{merged.price.formula}` is not allowed under {merged.procurement}: 财政部令第87号 Art. 55 prescribes the "
            "base-price method (lowest-bid: benchmark / bid x price weight x 100)"
        )
        loc = at("formula")
        out.append(doc.diag(loc, "procurement-formula", message))
    d = merged.price.sme_deduction
    if d and not SME_DEDUCTION[0] <= d <= SME_DEDUCTION[1]:
        message = (
            f"sme_deduction {d:g} is outside {SME_DEDUCTION[0]:g}-{SME_DEDUCTION[1]:g} (小微企业 price deduction of 10-20 %, "
            "政府采购促进中小企业发展管理办法 Art. 9, 财库〔2022〕19号)"
        )
        loc = at("sme_deduction")
        out.append(doc.diag(loc, "sme-deduction", message))
    return out


def points_scale(doc: Document, model: WeightProfile, merged: Profile, tree: Tree) -> list[Diagnostic]:
    """A set written in points (every group's weight the sum of its factors', every dimension's the sum
    of its groups') whose points are not the profile's quality part: each factor prints other points
    than the published table's. One warning, with an example."""
    if merged.points is None:
        return []
    w = merged.weights
    g = i = 0
    for d, dim in enumerate(tree.spec.dimensions):
        groups = 0.0
        for group in dim.groups:
            count = len(group.indicators)
            if abs(float(w.indicator[i : i + count].sum()) - float(w.group[g])) > 1e-9:
                return []  # relative weights, not points: nothing to compare
            groups += float(w.group[g])
            g, i = g + 1, i + count
        if abs(groups - float(w.dimension[d])) > 1e-9:
            return []
    written = float(w.dimension.sum())
    quality = merged.points.total * (1 - (merged.price.weight / 100 if merged.price and not merged.fixed_price else 0.0))
    if abs(written - quality) <= 1e-9 * max(1.0, quality):
        return []
    example = float(w.indicator[0])
    message = (
        f"the set's factors add up to {written:g} points, but this profile's quality part is {quality:g} points: every "
        f"factor is scaled by {quality / written:.4g} (its first, {example:g} points in the set, counts "
        f"{example * quality / written:.{merged.points.decimals}f}); make the set's points match the tender's table"
    )
    line, col = doc.locate(("points",) if "points" in model.model_fields_set else ("extends",), at_key=True)
    return [warning(doc.path, line, col, "points-scale", message)]


def forbidden_factors(doc: Document, model: WeightProfile, merged: Profile, tree: Tree) -> list[Diagnostic]:
    """Under cn-*, factors public procurement may not score (`gp_forbidden: true`: a bidder's size or
    market share, industry-specific past performance) that still carry weight: one warning naming them."""
    if not merged.china:
        return []
    weights = tree.global_weights(merged.weights)
    named = [tree.paths[i] for i, ind in enumerate(tree.indicators) if ind.gp_forbidden and weights[i] > 0]
    if not named:
        return []
    message = (
        f"{merged.procurement} scores {', '.join(named)}, which public procurement may not score (a bidder's size, "
        "market share or industry-specific past performance: 政府采购促进中小企业发展管理办法 Art. 5, "
        "政府采购法实施条例 Art. 20(4)): give them weight 0 in this profile"
    )
    line, col = doc.locate(("procurement",) if model.procurement else ("extends",), at_key=True)
    return [warning(doc.path, line, col, "cn-gp-forbidden-factor", message)]


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
