"""Vendors side by side: each node's points (global weight x score x 100) per vendor, the nodes that
separate the vendors most first."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from livescore.records.ranking import Ranking
from livescore.records.tree import Level


@dataclass(frozen=True)
class Row:
    level: Level
    path: str
    weight: float  # global share
    scores: list[float | None]  # 0-100 per vendor (None: no evidence / excluded)
    points: list[float]  # contribution to the total per vendor
    spread: float  # max - min points: how much this node separates the vendors


@dataclass(frozen=True)
class Comparison:
    ranking: Ranking
    vendors: list[str]  # ids, in ranking order
    rows: list[Row]  # dimension rows, then group rows, then (detail) indicator rows; each by spread


def compare(ranking: Ranking, *, detail: bool = False) -> Comparison:
    tree, agg = ranking.tree, ranking.aggregates
    order = [v.row for v in ranking.vendors]
    global_w = ranking.node_weights
    levels: list[tuple[Level, list[str], np.ndarray]] = [
        ("dimension", tree.dimension_ids, agg.dimensions),
        ("group", tree.group_paths, agg.groups),
    ]
    if detail:
        levels.append(("indicator", tree.paths, ranking.scores))
    rows: list[Row] = []
    for level, paths, matrix in levels:
        level_rows = []
        for k, path in enumerate(paths):
            column = matrix[order, k]
            scores = [None if np.isnan(x) else float(x * 100) for x in column]
            points = [float(global_w[level][k] * (0.0 if s is None else s)) for s in scores]
            level_rows.append(Row(level, path, float(global_w[level][k]), scores, points, max(points) - min(points)))
        level_rows.sort(key=lambda r: (-r.spread, r.path))
        rows.extend(level_rows)
    return Comparison(ranking, [v.id for v in ranking.vendors], rows)
