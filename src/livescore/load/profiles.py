"""Weight profiles: resolve ``-w NAME|FILE`` (and ``extends``), check them against the tree, and merge
them into effective weights, knock-out gates and a missing-evidence policy."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from livescore.diagnostics import Diagnostic
from livescore.load.kinds import Loaded, load_file
from livescore.load.profile_checks import check_profile, forbidden_factors, points_scale, procurement_rules
from livescore.load.sets import DATA
from livescore.records.profile import DEFAULT, Gate, Points, PriceRule, Profile, default_profile, weights_with
from livescore.records.tree import Tree, Weights
from livescore.suggest import closest

if TYPE_CHECKING:
    from livescore.load.document import Document
    from livescore.model.profile import WeightProfile

PROFILES = DATA / "profiles"


class UnknownProfile(Exception):
    """``-w NAME`` names no built-in profile: a usage error (exit 2)."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def builtin_names() -> list[str]:
    return [DEFAULT, *sorted(p.stem for p in PROFILES.glob("*.yaml"))] if PROFILES.is_dir() else [DEFAULT]


def builtin_rows() -> list[tuple[str, str, str]]:
    """(name, title, one-line description) of every built-in profile, read without full validation."""
    from livescore.load.strict_yaml import read_document

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
        return default_profile(tree), []
    path = ref if is_file_ref(ref) else str(PROFILES / f"{ref}.yaml")
    if not is_file_ref(ref) and not os.path.isfile(path):
        raise UnknownProfile(ref)
    return load_profile_file(path, tree, chain=())


MAX_EXTENDS_DEPTH = 16

# resolved path -> (the profile or None, its diagnostics, the length of its longest `extends` chain)
Memo = dict[str, tuple["Profile | None", list[Diagnostic], int]]


def load_profile_file(
    path: str, tree: Tree, chain: tuple[str, ...] = (), memo: Memo | None = None
) -> tuple[Profile | None, list[Diagnostic]]:
    """One profile file with everything it extends. Each file is read once per ``memo`` (one run);
    chains longer than ``MAX_EXTENDS_DEPTH`` are an error at the `extends` entry that passes it."""
    profile, diagnostics, _ = _load_profile(path, tree, chain, {} if memo is None else memo)
    return profile, diagnostics


def _load_profile(path: str, tree: Tree, chain: tuple[str, ...], memo: Memo) -> tuple[Profile | None, list[Diagnostic], int]:
    key = str(Path(path).resolve())
    if key in memo:
        return memo[key]
    profile, diagnostics, height = _resolve_profile(path, tree, chain, memo)
    memo[key] = (profile, diagnostics, height)
    return profile, diagnostics, height


def _salvage(loaded: Loaded) -> WeightProfile | None:
    """The well-formed weights (and requirements, when all are) of a profile the model refused."""
    from pydantic import ValidationError

    from livescore.model.profile import WeightProfile

    data = loaded.doc.data if loaded.doc is not None else None
    if loaded.kind != "weight-profile" or type(data) is not dict:
        return None
    weights: dict[Any, Any] = data["weights"] if type(data.get("weights")) is dict else {}
    base = {"kind": "weight-profile", "id": "salvaged", "indicator_set": data.get("indicator_set")}
    good = {k: v for k, v in weights.items() if _valid(WeightProfile, {**base, "weights": {k: v}})}
    requirements = data.get("requirements")
    keep = (
        {"requirements": requirements} if requirements and _valid(WeightProfile, {**base, "requirements": requirements}) else {}
    )
    try:
        return WeightProfile.model_validate({**base, "weights": good, **keep})
    except ValidationError:
        return None


def _valid(model: Any, data: dict[str, Any]) -> bool:
    from pydantic import ValidationError

    try:
        model.model_validate(data)
    except ValidationError:
        return False
    return True


def _resolve_profile(path: str, tree: Tree, chain: tuple[str, ...], memo: Memo) -> tuple[Profile | None, list[Diagnostic], int]:
    loaded = load_file(path, expect=("weight-profile",))
    if loaded.model is None or loaded.doc is None:
        salvaged = _salvage(loaded)
        if salvaged is None or loaded.doc is None:
            return None, loaded.diagnostics, 0
        # Invalid, but its well-formed weights and requirements are checked against the set now, so
        # that one run reports every problem (a type error must not hide a misspelt path).
        more = check_profile(loaded.doc, salvaged, tree)
        combined = [*loaded.diagnostics, *(d for d in more if d not in loaded.diagnostics)]
        return None, sorted(combined, key=lambda d: (d.line, d.col)), 0
    model: WeightProfile = loaded.model
    doc = loaded.doc
    diagnostics = check_profile(doc, model, tree)
    base = default_profile(tree)
    here = str(Path(path).resolve())
    height = 0
    for n, parent_ref in enumerate(model.extends):
        parent_path = _resolve_ref(parent_ref, Path(path).parent)
        if parent_path is None:
            near = closest(parent_ref, builtin_names())
            hint = f" (did you mean {near!r}?)" if near else f"; built-in profiles: {', '.join(builtin_names())}"
            diagnostics.append(doc.diag(("extends", n), "unknown-profile", f"no profile named {parent_ref[:80]!r}{hint}"))
            continue
        if parent_path in chain or parent_path == here:
            diagnostics.append(doc.diag(("extends", n), "extends-cycle", f"profile {parent_ref[:80]!r} extends itself"))
            continue
        if parent_path == DEFAULT:
            base = _merge(base, default_profile(tree))
            height = max(height, 1)
            continue
        depth = len(chain) + 1  # this profile's place in the chain, counting from 1
        known = memo.get(parent_path)
        if depth >= MAX_EXTENDS_DEPTH or (known is not None and depth + 1 + known[2] > MAX_EXTENDS_DEPTH):
            message = f"`extends` chains nest at most {MAX_EXTENDS_DEPTH} profiles deep; {parent_ref[:80]!r} goes deeper"
            diagnostics.append(doc.diag(("extends", n), "extends-depth", message))
            continue
        parent, parent_diags, parent_height = _load_profile(parent_path, tree, (*chain, here), memo)
        diagnostics = list(dict.fromkeys([*diagnostics, *parent_diags]))
        height = max(height, parent_height + 1)
        if parent is not None:
            base = _merge(base, parent)
    return (*_finish(doc, model, tree, path, base, diagnostics), height)


def _finish(
    doc: Document, model: WeightProfile, tree: Tree, path: str, base: Profile, diagnostics: list[Diagnostic]
) -> tuple[Profile | None, list[Diagnostic]]:
    if any(d.is_error for d in diagnostics):
        return None, diagnostics
    own = _apply(base, model, tree, path)
    floor = procurement_rules(doc, model, own)
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
    return own, [*diagnostics, *forbidden_factors(doc, model, own, tree), *points_scale(doc, model, own, tree)]


def _resolve_ref(ref: str, folder: Path) -> str | None:
    if ref == DEFAULT:
        return DEFAULT
    if is_file_ref(ref):
        candidate = (folder / ref) if not Path(ref).is_absolute() else Path(ref)
        return str(candidate.resolve()) if os.path.exists(candidate) else None  # the read reports a non-file
    builtin = PROFILES / f"{ref}.yaml"
    return str(builtin.resolve()) if os.path.isfile(builtin) else None


def _merge(base: Profile, later: Profile) -> Profile:
    """`extends` in order: a later profile's overrides win key by key; requirements and stage
    features add up; its other settings replace the earlier ones where it sets them."""
    features = list(dict.fromkeys([*base.stage_features, *later.stage_features]))
    overrides = {**base.overrides, **later.overrides}
    return replace(later, gates=[*base.gates, *later.gates], stage_features=features, overrides=overrides)


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
        _price(model, base),
        model.procurement or base.procurement,
        model.aggregate or base.aggregate,
        overrides,
        Points(model.points.total, model.points.decimals) if model.points else base.points,
        (model.price.fixed if model.price else base.fixed_price),
    )


def _price(model: WeightProfile, base: Profile) -> PriceRule | None:
    """The profile's price rule; `fixed: true` (price not a factor) leaves none."""
    p = model.price
    if p is None:
        return base.price
    if p.fixed:
        return None
    assert p.weight is not None  # the model requires a weight unless fixed
    return PriceRule(p.weight, p.formula, p.fixed_weight, p.sme_deduction, p.ceiling, p.abnormal_low)


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
