"""Tender points (财政部令第87号 Art. 57 ranks on them): each factor's points are its share of the total
points (quality share x global weight) x its score, price's points are the price share x the price
score; each is rounded half-up to the profile's decimals, and the total is the sum of the rounded
factors, as a committee adds up the score sheet."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from livescore.records.profile import Points as PointsRule
from livescore.records.ranking import Points, Ranking
from livescore.score.aggregate import effective_weights


def half_up(value: float, decimals: int) -> float:
    """Round half away from zero at ``decimals`` places, on the decimal value a person would write:
    12 significant digits first, so 0.125 computed as 0.12499999999999999 still rounds to 0.13."""
    exact = Decimal(f"{value:.12g}")
    return float(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def apply_points(ranking: Ranking, rule: PointsRule) -> None:
    """Every vendor's points; its score becomes the rounded total on the 0-100 scale the ranking sorts."""
    tree, price = ranking.tree, ranking.price
    quality_share = 1 - (price.weight / 100 if price is not None else 0.0)
    for v in ranking.vendors:
        if v.quality is None:
            continue
        row = ranking.scores[v.row]
        present = ~np.isnan(row)
        weights = effective_weights(tree, ranking.profile.weights, present, ranking.policy)
        factors = {
            path: half_up(rule.total * quality_share * float(weights[i]) * (float(row[i]) if present[i] else 0.0), rule.decimals)
            for i, path in enumerate(tree.paths)
            if weights[i] > 0
        }
        price_points = None
        if price is not None and v.price_score is not None:
            price_points = half_up(rule.total * (price.weight / 100) * v.price_score / 100, rule.decimals)
        total = half_up(sum(factors.values()) + (price_points or 0.0), rule.decimals)
        v.points = Points(factors, price_points, total)
        v.score = round(total / rule.total * 100, 9)  # 27.15 of 100 is 27.15, not 27.149999999999995
