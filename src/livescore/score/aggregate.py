"""Vendors x indicators score matrix -> group, dimension and total scores under a missing policy.

``zero``: missing scores 0 and the total is the flat product ``S @ w`` with global weights.
``exclude``: missing indicators leave their group and the remaining siblings are renormalised,
recursively; an empty group leaves its dimension, an empty dimension leaves the total (NaN = null).
"""

from __future__ import annotations

import numpy as np

from livescore.records.profile import Policy
from livescore.records.ranking import Aggregates
from livescore.records.tree import FloatArray, IntArray, Tree, Weights


def aggregate_scores(tree: Tree, weights: Weights, scores: FloatArray, policy: Policy) -> Aggregates:
    present = ~np.isnan(scores)
    filled = np.where(present, scores, 0.0)
    local = tree.local_weights(weights)
    global_w = tree.global_weights(weights)
    # Rounded at 12 places: every indicator present is coverage 1.0, not 0.9999999999999999.
    coverage = np.round(present.astype(float) @ global_w / global_w.sum(), 12)
    if policy == "exclude":
        groups = _weighted_mean(filled, present.astype(float), weights.indicator, tree.indicator_group, len(tree.group_paths))
        dims = _weighted_mean(*_nan_split(groups), weights.group, tree.group_dimension, len(tree.dimension_ids))
        zeros = np.zeros(len(tree.dimension_ids), dtype=np.intp)
        total = _weighted_mean(*_nan_split(dims), weights.dimension, zeros, 1)[:, 0]
        total = np.where(np.isnan(total), 0.0, total)  # no evidence at all scores 0 (with a warning)
    else:
        groups = filled @ _incidence(local.indicator, tree.indicator_group, len(tree.group_paths))
        dims = groups @ _incidence(local.group, tree.group_dimension, len(tree.dimension_ids))
        total = filled @ global_w
    return Aggregates(total, dims, groups, coverage)


def _incidence(local: FloatArray, parent: IntArray, parents: int) -> FloatArray:
    """Child x parent matrix holding each child's local weight: a weighted mean as a matrix product."""
    matrix = np.zeros((len(local), parents))
    matrix[np.arange(len(local)), parent] = local
    return matrix


def _nan_split(values: FloatArray) -> tuple[FloatArray, FloatArray]:
    present = ~np.isnan(values)
    return np.where(present, values, 0.0), present.astype(float)


def _weighted_mean(values: FloatArray, present: FloatArray, raw: FloatArray, parent: IntArray, parents: int) -> FloatArray:
    """Mean of the present children, weighted by their raw weights; NaN where no weight is present."""
    incidence = _incidence(raw, parent, parents)
    numerator = values @ incidence
    denominator = present @ incidence
    out = np.full_like(numerator, np.nan)
    np.divide(numerator, denominator, out=out, where=denominator > 0)
    return out


def effective_weights(tree: Tree, weights: Weights, present: np.ndarray, policy: Policy) -> FloatArray:
    """Global weights as the vendor's total uses them: renormalised among present nodes under `exclude`."""
    if policy != "exclude":
        return tree.global_weights(weights)
    ind = np.where(present, weights.indicator, 0.0)
    group_has = np.bincount(tree.indicator_group, weights=ind, minlength=len(tree.group_paths)) > 0
    grp = np.where(group_has, weights.group, 0.0)
    dim_has = np.bincount(tree.group_dimension, weights=grp, minlength=len(tree.dimension_ids)) > 0
    dim = np.where(dim_has, weights.dimension, 0.0)
    if not dim.any():
        return np.zeros(len(tree.paths))
    return tree.global_weights(Weights(dim, grp, ind))
