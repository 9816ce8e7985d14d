"""Weight profiles: resolve ``-w NAME|FILE`` (and ``extends``), check them against the tree, and merge
them into effective weights, knock-out gates and a missing-evidence policy."""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from livescore.diagnostics import Diagnostic, warning
from livescore.load.models import load_file
from livescore.load.sets import DATA
from livescore.load.yamlio import Document
from livescore.score.evidence import render_value
from livescore.score.spec import BooleanIndicator, ChoiceIndicator, NumericIndicator, OrdinalIndicator, SetIndicator
from livescore.score.tree import Tree, Weights

if TYPE_CHECKING:
    from livescore.model.profile import MissingPolicy, PriceRule, Requirement, WeightProfile

PROFILES = DATA / "profiles"
DEFAULT = "default"


class UnknownProfile(Exception):
    """``-w NAME`` names no built-in profile: a usage error (exit 2)."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


@dataclass(frozen=True, slots=True)
class Gate:
    """One operator of one requirement, on one indicator."""

    path: str
    index: int
    op: str  # min | max | equals | includes
    operand: Any

    def text(self) -> str:
        return f"{self.op} {render_value(self.operand)}"

    def passes(self, value: Any) -> bool:
        if value is None:
            return False
        match self.op:
            case "min":
                return bool(value >= self.operand)
            case "max":
                return bool(value <= self.operand)
            case "equals":
                return type(value) is type(self.operand) and bool(value == self.operand)
            case "includes":
                if isinstance(value, list):
                    return all(option in value for option in self.operand)
                return value in self.operand
        raise AssertionError(self.op)


@dataclass(frozen=True)
class Profile:
    id: str
    title: dict[str, str | None]
    rationale: str | None
    weights: Weights
    gates: list[Gate] = field(default_factory=list)
    missing: MissingPolicy = "zero"
    source: str = "(built-in)"
    stage_features: list[str] = field(default_factory=list)  # indicator paths the stage's feature list names
    description: str | None = None
    price: PriceRule | None = None
    procurement: str | None = None
    aggregate: str = "mean"
    overrides: dict[str, float] = field(default_factory=dict)  # path -> raw weight, after `extends`

    @property
    def gated(self) -> list[int]:
        return sorted({g.index for g in self.gates})


def builtin_names() -> list[str]:
    return [DEFAULT, *sorted(p.stem for p in PROFILES.glob("*.yaml"))] if PROFILES.is_dir() else [DEFAULT]


def builtin_rows() -> list[tuple[str, str, str]]:
    """(name, title, one-line description) of every built-in profile, read without full validation."""
    from livescore.load.yamlio import read_document

    rows = [(DEFAULT, "The indicator set's own weights", "equal weights at every level; no requirements")]
    for name in builtin_names()[1:]:
        doc, _ = read_document(str(PROFILES / f"{name}.yaml"))
        data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
        title = data.get("title") or {}
        rows.append((name, str(title.get("en") or title.get("zh") or ""), str(data.get("description") or "")))
    return rows


def is_file_ref(ref: str) -> bool:
    return ref.endswith((".yaml", ".yml")) or "/" in ref or "\\" in ref


def load_profile(ref: str | None, tree: Tree) -> tuple[Profile | None, list[Diagnostic]]:
    """Resolve a profile by built-in name or file path. Raises UnknownProfile for an unknown name."""
    if ref is None or ref == DEFAULT:
        return _default(tree), []
    path = ref if is_file_ref(ref) else str(PROFILES / f"{ref}.yaml")
    if not is_file_ref(ref) and not os.path.isfile(path):
        raise UnknownProfile(ref)
    return load_profile_file(path, tree, chain=())


def _default(tree: Tree) -> Profile:
    title = {"en": tree.model.title.en, "zh": tree.model.title.zh}
    return Profile(DEFAULT, title, "The indicator set's own weights.", tree.weights)


def load_profile_file(path: str, tree: Tree, chain: tuple[str, ...]) -> tuple[Profile | None, list[Diagnostic]]:
    loaded = load_file(path, expect=("weight-profile",))
    if loaded.model is None or loaded.doc is None:
        return None, loaded.diagnostics
    model: WeightProfile = loaded.model
    doc = loaded.doc
    diagnostics = check_profile(doc, model, tree)
    base = _default(tree)
    for n, parent_ref in enumerate(model.extends):
        parent_path = _resolve_ref(parent_ref, Path(path).parent)
        if parent_path is None:
            near = difflib.get_close_matches(parent_ref, builtin_names(), n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else f"; built-in profiles: {', '.join(builtin_names())}"
            diagnostics.append(doc.diag(("extends", n), "unknown-profile", f"no profile named {parent_ref[:80]!r}{hint}"))
            continue
        if parent_path in chain or parent_path == str(Path(path).resolve()):
            diagnostics.append(doc.diag(("extends", n), "extends-cycle", f"profile {parent_ref!r} extends itself"))
            continue
        parent, parent_diags = (
            (_default(tree), [])
            if parent_path == DEFAULT
            else load_profile_file(parent_path, tree, (*chain, str(Path(path).resolve())))
        )
        diagnostics.extend(parent_diags)
        if parent is not None:
            base = _merge(base, parent)
    if any(d.is_error for d in diagnostics):
        return None, diagnostics
    own = _apply(base, model, tree, path)
    floor = _procurement_floor(doc, model, own)
    if floor:
        return None, [*diagnostics, *floor]
    problem = _no_positive_siblings(own.weights, tree)
    if problem is not None:
        level, parent_name = problem
        keys = [k for k in model.weights if _parent_of(k) == parent_name]
        loc = ("weights", keys[0]) if keys else ("weights",)
        diagnostics.append(
            doc.diag(
                loc, "no-positive-weight", f"after overrides every {level} under {parent_name or 'the set'} weighs 0", at_key=True
            )
        )
        return None, diagnostics
    return own, diagnostics


def _resolve_ref(ref: str, folder: Path) -> str | None:
    if ref == DEFAULT:
        return DEFAULT
    if is_file_ref(ref):
        candidate = (folder / ref) if not Path(ref).is_absolute() else Path(ref)
        return str(candidate.resolve()) if os.path.isfile(candidate) else None
    builtin = PROFILES / f"{ref}.yaml"
    return str(builtin.resolve()) if os.path.isfile(builtin) else None


def _merge(base: Profile, later: Profile) -> Profile:
    """`extends` in order: a later profile's overrides win key by key; requirements and stage
    features add up; its other settings replace the earlier ones where it sets them."""
    features = list(dict.fromkeys([*base.stage_features, *later.stage_features]))
    overrides = {**base.overrides, **later.overrides}
    return replace(later, gates=[*base.gates, *later.gates], stage_features=features, overrides=overrides)


def weights_with(tree: Tree, overrides: dict[str, float]) -> Weights:
    """The set's own weights with the overrides applied (paths checked beforehand)."""
    arrays = {
        "dimension": tree.weights.dimension.copy(),
        "group": tree.weights.group.copy(),
        "indicator": tree.weights.indicator.copy(),
    }
    for key, value in overrides.items():
        node = tree.node(key)
        assert node is not None
        arrays[node[0]][node[1]] = value
    return Weights(arrays["dimension"], arrays["group"], arrays["indicator"])


def _apply(base: Profile, model: WeightProfile, tree: Tree, source: str) -> Profile:
    overrides = {**base.overrides, **model.weights}
    gates = list(base.gates)
    for req in model.requirements:
        gates.extend(Gate(req.indicator, tree.index[req.indicator], op, getattr(req, op)) for op in req.operators())
    title = {"en": model.title.en, "zh": model.title.zh} if model.title else {"en": model.id, "zh": None}
    return Profile(
        model.id,
        title,
        model.rationale,
        weights_with(tree, overrides),
        gates,
        model.missing or base.missing,
        source,
        list(dict.fromkeys([*base.stage_features, *model.stage_features])),
        model.description,
        model.price or base.price,
        model.procurement or base.procurement,
        model.aggregate or base.aggregate,
        overrides,
    )


def _no_positive_siblings(weights: Weights, tree: Tree) -> tuple[str, str] | None:
    if not np.any(weights.dimension > 0):
        return "dimension", ""
    group_totals = np.bincount(tree.group_dimension, weights=weights.group, minlength=len(tree.dimension_ids))
    for d, total in enumerate(group_totals):
        if total <= 0:
            return "group", tree.dimension_ids[d]
    ind_totals = np.bincount(tree.indicator_group, weights=weights.indicator, minlength=len(tree.group_paths))
    for g, total in enumerate(ind_totals):
        if total <= 0:
            return "indicator", tree.group_paths[g]
    return None


def _parent_of(path: str) -> str:
    return path.rpartition(".")[0]


def check_profile(doc: Document, model: WeightProfile, tree: Tree) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    if model.indicator_set != tree.id:
        diagnostics.append(
            doc.diag(
                ("indicator_set",),
                "set-mismatch",
                f"profile is for set {model.indicator_set!r}, but the set in use is {tree.id!r}",
            )
        )
        return diagnostics
    for key in model.weights:
        if tree.node(key) is None:
            diagnostics.append(
                doc.diag(
                    ("weights", key),
                    "unknown-path",
                    f"{key[:120]!r} names no node of the set{_near(key, tree.all_node_paths())}",
                    at_key=True,
                )
            )
    for n, req in enumerate(model.requirements):
        diagnostics.extend(check_requirement(doc, ("requirements", n), req, tree))
    diagnostics.extend(_price_checks(doc, model))
    for n, path in enumerate(model.stage_features):
        if path not in tree.index:
            message = f"{path[:120]!r} is not an indicator{_near(path, tree.paths)}"
            diagnostics.append(doc.diag(("stage_features", n), "unknown-indicator", message))
    return diagnostics


PROCUREMENT_FLOORS = {"cn-gp-goods": 30.0, "cn-gp-services": 10.0}  # 财政部令第87号 Art. 55


def _price_checks(doc: Document, model: WeightProfile) -> list[Diagnostic]:
    weight = model.price.weight if model.price else 0.0
    if model.price and 0 < weight <= 1:
        line, col = doc.locate(("price", "weight"))
        message = f"price weight {weight:g} is a percentage: did you mean {weight * 100:g} %?"
        return [warning(doc.path, line, col, "price-weight", message)]
    return []


def _procurement_floor(doc: Document, model: WeightProfile, merged: Profile) -> list[Diagnostic]:
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
                f"{req.indicator[:120]!r} is not an indicator{_near(req.indicator, tree.paths)}",
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
                f"{unknown[0][:40]!r} is not an option{_near(unknown[0], options)}; options: {', '.join(options)}",
            )
    return None


def _near(value: str, candidates: list[str]) -> str:
    close = difflib.get_close_matches(value, candidates, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""
