"""Knock-out gates, scores on 0-100, and ranks with ties ("1, 2, 2, 4"), in a deterministic order."""

from __future__ import annotations

import numpy as np

from livescore.records.committee import CommitteeRecord
from livescore.records.profile import Gate, Method, Policy, Profile
from livescore.records.ranking import FailedRequirement, Ranked, Ranking, StageCoverage
from livescore.records.tree import Tree
from livescore.records.vendor import VendorRecord
from livescore.score.aggregate import aggregate_scores
from livescore.score.points import apply_points
from livescore.score.price import apply_price
from livescore.score.topsis import closeness

TIE = 1e-9


def failed_gates(gates: list[Gate], record: VendorRecord) -> list[FailedRequirement]:
    failed = []
    disputed = {d.indicator: d.values for d in record.disagreements if not d.resolved}
    for gate in gates:
        value = record.values.get(gate.index)
        if not gate.passes(value):
            failed.append(FailedRequirement(gate.path, gate.text(), value, disputed.get(gate.path) if value is None else None))
    return failed


def rank_vendors(
    tree: Tree,
    profile: Profile,
    records: list[VendorRecord],
    policy: Policy,
    method: Method = "wsum",
    committee: CommitteeRecord | None = None,
) -> Ranking:
    """``records`` must hold distinct ids; they are ordered by id before anything is computed.
    ``committee``: its decisions on abnormally low bids (87号令 Art. 60) and its members, for reports."""
    records = sorted(records, key=lambda r: r.id)
    matrix = np.vstack([r.scores for r in records]) if records else np.zeros((0, len(tree.paths)))
    agg = aggregate_scores(tree, profile.weights, matrix, policy)
    vendors = []
    for row, record in enumerate(records):
        failed = failed_gates(profile.gates, record)
        dims = {
            d: (None if np.isnan(agg.dimensions[row, k]) else float(agg.dimensions[row, k] * 100))
            for k, d in enumerate(tree.dimension_ids)
        }
        quality = float(agg.total[row] * 100)
        vendors.append(
            Ranked(
                record.id,
                record.name,
                record.path,
                not failed,
                quality,
                quality,
                dims,
                float(agg.coverage[row]),
                failed,
                record.price,
                disagreements=list(record.disagreements),
                verified=set(record.verified),
                row=row,
                enterprise_size=record.enterprise_size,
            )
        )
    node_weights = tree.node_global_weights(profile.weights)
    ranking = Ranking(tree, profile, policy, method, vendors, matrix, agg, node_weights, committee=committee)
    if method == "topsis":
        _apply_topsis(ranking)
    if profile.stage_features:
        for v in vendors:
            v.stage_coverage = stage_coverage(tree, profile.stage_features, matrix[v.row])
    if profile.price is not None:
        ranking.price = apply_price(ranking.vendors, profile.price, committee)
    if profile.points is not None and method == "wsum":
        apply_points(ranking, profile.points)
    order_and_rank(ranking.vendors, priced=profile.price is not None)
    return ranking


def _apply_topsis(ranking: Ranking) -> None:
    """TOPSIS over the qualified vendors' indicator scores (missing = 0); the disqualified get no score."""
    qualified = [v for v in ranking.vendors if v.qualified]
    rows = [v.row for v in qualified]
    filled = np.nan_to_num(ranking.scores[rows], nan=0.0)
    coefficient = closeness(filled, ranking.global_weights)
    for v, c in zip(qualified, coefficient, strict=True):
        v.score = v.quality = float(c * 100)
    for v in ranking.vendors:
        if not v.qualified:
            v.score = v.quality = None


def stage_coverage(tree: Tree, features: list[str], scores: np.ndarray) -> StageCoverage:
    """How many of the stage's named features the vendor has (a score above 0)."""
    missing = [p for p in features if not (scores[tree.index[p]] > 0)]
    return StageCoverage(len(features) - len(missing), len(features), missing)


def order_and_rank(vendors: list[Ranked], *, priced: bool = False) -> None:
    """Qualified vendors by score descending (ties within 1e-9 share a rank, listed by id; under a
    priced profile equal scores, or equal rounded point totals, are ordered by the lower evaluated
    price, 87号令 Art. 57), then the disqualified by score then id, unranked."""
    qualified = [v for v in vendors if v.qualified]
    qualified.sort(key=lambda v: (-(v.score or 0.0), v.id))
    _group_ties(qualified, priced)
    rest = sorted((v for v in vendors if not v.qualified), key=lambda v: (-(v.score or 0.0), v.id))
    for v in rest:
        v.rank = None
    vendors[:] = [*qualified, *rest]


def _group_ties(ordered: list[Ranked], priced: bool) -> None:
    position = 0
    while position < len(ordered):
        head = ordered[position].score or 0.0
        end = position
        while end < len(ordered) and abs(head - (ordered[end].score or 0.0)) <= TIE:
            end += 1
        group = sorted(ordered[position:end], key=lambda v: (_bid(v) if priced else 0.0, v.id))
        ordered[position:end] = group
        rank = position + 1
        for n, v in enumerate(group):
            if n and priced and _bid(v) != _bid(group[n - 1]):
                rank = position + n + 1
            v.rank = rank
        position = end


def _bid(v: Ranked) -> float:
    """The price Art. 57 compares: the evaluated price (after the SME deduction), else the bid."""
    if v.evaluated_price is not None:
        return v.evaluated_price
    return v.price.amount if v.price else float("inf")
