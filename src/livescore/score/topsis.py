"""TOPSIS (Hwang & Yoon 1981): vector normalisation, weighted distances to the ideal and anti-ideal,
closeness coefficient. livescore applies it to indicator scores (all benefit criteria) with global
weights; the function also takes cost columns so it can be checked against the published examples."""

from __future__ import annotations

import numpy as np

from livescore.records.tree import FloatArray


def closeness(matrix: FloatArray, weights: FloatArray, benefit: np.ndarray | None = None) -> FloatArray:
    """Closeness coefficient in [0, 1] per row; a zero-norm column contributes 0; 1 when both distances are 0."""
    x = np.asarray(matrix, dtype=float)
    norms = np.sqrt((x**2).sum(axis=0))
    normalised = np.divide(x, norms, out=np.zeros_like(x), where=norms > 0)
    v = normalised * np.asarray(weights, dtype=float)
    if x.shape[0] == 0:
        return np.zeros(0)
    is_benefit = np.ones(x.shape[1], dtype=bool) if benefit is None else np.asarray(benefit, dtype=bool)
    ideal = np.where(is_benefit, v.max(axis=0), v.min(axis=0))
    anti = np.where(is_benefit, v.min(axis=0), v.max(axis=0))
    d_plus = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - anti) ** 2).sum(axis=1))
    total = d_plus + d_minus
    result: FloatArray = np.divide(d_minus, total, out=np.ones_like(total), where=total > 0)
    return result
