"""Why a vendor scores what it scores: each indicator's value, score, weight and points."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from livescore.records.profile import Policy, Profile
from livescore.records.ranking import FailedRequirement, StageCoverage
from livescore.records.tree import Tree
from livescore.records.vendor import Disagreement, VendorRecord
from livescore.score.aggregate import aggregate_scores, effective_weights
from livescore.score.points import half_up
from livescore.score.rank import failed_gates, stage_coverage


@dataclass(frozen=True, slots=True)
class Line:
    path: str
    value: Any  # None: no evidence
    score: float | None  # [0, 1]
    weight: float  # effective global weight for this vendor (sums to 1 over the vendor's lines)
    points: float  # weight x score x scale: what the indicator adds to the total
    lost: float  # weight x (1 - score) x scale, or the whole weight when missing under `zero`
    source: str | None
    date: str | None
    note: str | None
    status: str  # "claimed" (vendor's evidence), "evaluated" or "verified" (buyer's), "contested", "missing"


@dataclass(frozen=True)
class Explanation:
    tree: Tree
    profile: Profile
    policy: Policy
    record: VendorRecord
    quality: float
    dimensions: dict[str, float | None]
    groups: dict[str, float | None]
    coverage: float
    lines: list[Line]
    failed: list[FailedRequirement]
    stage: StageCoverage | None
    disagreements: list[Disagreement]
    # The scale of `points` and `lost`: 100 (quality out of 100), or under tender points the quality
    # part of the total (points.total x (1 - price weight)), each line rounded half-up to its decimals.
    scale: float = 100.0
    quality_points: float | None = None  # under tender points: the sum of the rounded lines

    def shown_value(self, ln: Line) -> str:
        """The value as a reader sees it; evaluators' differing values (no common value) counted."""
        from livescore.records.values import render_value, tally

        members = self.record.judgements.get(ln.path)
        return tally([v for v, _ in members.values()]) if ln.value is None and members else render_value(ln.value)

    def largest_losses(self, count: int = 5) -> list[Line]:
        return sorted((ln for ln in self.lines if ln.lost > 1e-12), key=lambda ln: (-ln.lost, ln.path))[:count]


def explain(tree: Tree, profile: Profile, record: VendorRecord, policy: Policy) -> Explanation:
    agg = aggregate_scores(tree, profile.weights, record.scores[None, :], policy)
    present = ~np.isnan(record.scores)
    weights = effective_weights(tree, profile.weights, present, policy)
    rule = profile.points
    scale = 100.0 if rule is None else rule.total * (1 - (profile.price.weight / 100 if profile.price else 0.0))

    def rounded(x: float) -> float:
        return x if rule is None else half_up(x, rule.decimals)

    entries = record.entries or {}
    lines = []
    contested = {d.indicator for d in record.disagreements if not d.resolved}
    for i, path in enumerate(tree.paths):
        entry = entries.get(path)
        value = record.values.get(i, entry.value if entry else None)
        if path in contested:  # evaluators disagree and no consensus settled it: nothing is verified yet
            status = "contested"
        elif path in record.verified:
            status = "verified"
        elif path in record.evaluated:
            status = "evaluated"
        else:
            status = "missing" if value is None else "claimed"
        score = None if np.isnan(record.scores[i]) else float(record.scores[i])
        w = float(weights[i])
        got = rounded(w * (score or 0.0) * scale)
        lost = rounded(rounded(w * scale) - got) if score is not None or policy == "zero" else 0.0
        lines.append(
            Line(
                path, value, score, w, got, lost,
                record.evaluation_sources.get(path) or (entry.source if entry else None),
                entry.date if entry and path not in record.evaluated else None,
                record.evaluation_notes.get(path) if path in record.evaluated else (entry.note if entry else None),
                status,
            )
        )  # fmt: skip

    def pct(x: float) -> float | None:
        return None if np.isnan(x) else float(x * 100)

    return Explanation(
        tree,
        profile,
        policy,
        record,
        float(agg.total[0] * 100),
        {d: pct(agg.dimensions[0, k]) for k, d in enumerate(tree.dimension_ids)},
        {g: pct(agg.groups[0, k]) for k, g in enumerate(tree.group_paths)},
        float(agg.coverage[0]),
        lines,
        failed_gates(profile.gates, record),
        stage_coverage(tree, profile.stage_features, record.scores) if profile.stage_features else None,
        list(record.disagreements),
        scale,
        None if rule is None else rounded(sum(ln.points for ln in lines)),
    )


def explain_all(tree: Tree, profile: Profile, records: list[VendorRecord], policy: Policy) -> dict[str, Explanation]:
    """Every vendor's explanation, by id (the per-vendor pages of the HTML and XLSX reports)."""
    return {r.id: explain(tree, profile, r, policy) for r in records}
