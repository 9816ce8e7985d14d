"""Results as JSON (the stable contract of docs/contracts.md, "JSON output": keys may be added, never removed or renamed)."""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from typing import Any

from livescore import __version__
from livescore.analysis.ahp import AhpResult
from livescore.analysis.compare import Comparison
from livescore.analysis.explain import Explanation
from livescore.analysis.sensitivity import Sensitivity
from livescore.records.profile import Profile
from livescore.records.ranking import Ranked, Ranking
from livescore.records.tree import Tree
from livescore.records.vendor import Disagreement

# json.dumps escapes C0 controls itself; C1 controls and bidi overrides are escaped too, so that
# printing the JSON in a terminal cannot be hijacked. The data stays exactly the vendor's.
_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def dumps(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def ranking_data(result: Ranking) -> dict[str, Any]:
    tree = result.tree
    return {
        "livescore_version": __version__,
        "indicator_set": tree.id,
        "indicator_set_version": tree.spec.version,
        "indicator_set_sha256": tree.sha256,
        "profile": result.profile.id,
        "missing": result.policy,
        "method": result.method,
        "price": (
            {
                "formula": result.price.formula,
                "weight": result.price.weight,
                "benchmark": result.price.benchmark,
                "currency": result.price.currency,
                "period": result.price.period,
                "sme_deduction": result.price.sme_deduction,
                "ceiling": result.price.ceiling,
                "abnormal_low": result.price.abnormal_low,
            }
            if result.price
            else None
        ),
        "points": None if result.profile.points is None else asdict(result.profile.points),
        "procurement": result.profile.procurement,
        "committee": committee_data(result),
        "vendors": [vendor_data(v) for v in result.vendors],
        "close_call": close_call_data(result),
    }


def committee_data(result: Ranking) -> dict[str, Any] | None:
    c = result.committee
    if c is None:
        return None
    return {
        "members": [{"id": m.id, "name": m.name, "role": m.role} for m in c.members],
        "decisions": {vid: {"abnormal_low": d.abnormal_low, "reason": d.reason} for vid, d in sorted(c.decisions.items())},
    }


def close_call_data(result: Ranking) -> dict[str, Any] | None:
    from livescore.analysis.closecall import close_call

    call = close_call(result)
    return None if call is None else {"gap": call.gap, "first": call.first, "second": call.second, "reason": call.reason}


def vendor_data(v: Ranked) -> dict[str, Any]:
    return {
        "rank": v.rank,
        "id": v.id,
        "name": v.name,
        "qualified": v.qualified,
        "score": v.score,
        "quality": v.quality,
        "price": v.price.as_dict() if v.price else None,
        "enterprise_size": v.enterprise_size,
        "evaluated_price": v.evaluated_price,
        "abnormal_low": v.abnormal_low,
        "price_score": v.price_score,
        "points": None if v.points is None else {"total": v.points.total, "price": v.points.price, "factors": v.points.factors},
        "dimensions": v.dimensions,
        "coverage": v.coverage,
        "failed_requirements": [{"indicator": f.indicator, "requirement": f.requirement, "value": f.value} for f in v.failed],
        "stage_coverage": asdict(v.stage_coverage) if v.stage_coverage else None,
        "disagreements": [disagreement_data(d) for d in v.disagreements],
        "verified": sorted(v.verified),
    }


def disagreement_data(d: Disagreement) -> dict[str, Any]:
    return asdict(d)


def tree_data(tree: Tree, profile: Profile) -> dict[str, Any]:
    node_w = tree.node_global_weights(profile.weights)
    w = profile.weights
    dimensions = []
    i = g = 0
    for d, dim in enumerate(tree.spec.dimensions):
        groups = []
        for group in dim.groups:
            indicators = []
            for ind in group.indicators:
                indicators.append(
                    {
                        "path": tree.paths[i],
                        "name": ind.name.as_dict(),
                        "kind": ind.kind,
                        "weight": float(w.indicator[i]),
                        "global_weight": float(node_w["indicator"][i]),
                        "provenance": ind.provenance,
                        "basis": ind.basis,
                    }
                )
                i += 1
            groups.append(
                {
                    "path": tree.group_paths[g],
                    "name": group.name.as_dict(),
                    "weight": float(w.group[g]),
                    "global_weight": float(node_w["group"][g]),
                    "indicators": indicators,
                }
            )
            g += 1
        dimensions.append(
            {
                "path": dim.id,
                "name": dim.name.as_dict(),
                "weight": float(w.dimension[d]),
                "global_weight": float(node_w["dimension"][d]),
                "groups": groups,
            }
        )
    return {
        "indicator_set": tree.id,
        "indicator_set_version": tree.spec.version,
        "indicator_set_sha256": tree.sha256,
        "profile": profile.id,
        "dimensions": dimensions,
    }


def explanation_data(result: Explanation) -> dict[str, Any]:
    return {
        "livescore_version": __version__,
        "indicator_set": result.tree.id,
        "profile": result.profile.id,
        "missing": result.policy,
        "id": result.record.id,
        "name": result.record.name,
        "quality": result.quality,
        "quality_points": result.quality_points,
        "coverage": result.coverage,
        "dimensions": result.dimensions,
        "groups": result.groups,
        "failed_requirements": [asdict(f) for f in result.failed],
        "stage_coverage": asdict(result.stage) if result.stage else None,
        "largest_losses": [{"indicator": ln.path, "lost": ln.lost} for ln in result.largest_losses()],
        "disagreements": [disagreement_data(d) for d in result.disagreements],
        "indicators": [asdict(ln) for ln in result.lines],
    }


def sensitivity_data(result: Sensitivity, names: dict[str, str]) -> dict[str, Any]:
    return {
        "samples": result.samples,
        "seed": result.seed,
        "level": result.level,
        "mode": result.mode,
        "concentration": result.concentration,
        "winner": result.winner,
        "weights": {n: float(w) for n, w in zip(result.nodes, result.weights, strict=True)},
        "vendors": [asdict(v) for v in result.vendors],
        "break_even": [asdict(b) for b in result.break_even],
        "price_weight": None
        if result.price_weight is None
        else {"sampled": result.price_weight.sampled, "value": result.price_weight.value},
        "verdict": verdict_data(result, names),
    }


def verdict_data(result: Sensitivity, names: dict[str, str]) -> dict[str, Any] | None:
    from livescore.analysis.sensitivity import verdict_sentence

    verdict = result.verdict
    if verdict is None:
        return None
    closest = verdict.closest.node if verdict.closest else None
    return {"level": verdict.level, "p_first": verdict.p_first, "closest": closest, "text": verdict_sentence(result, names)}


def ahp_data(result: AhpResult) -> dict[str, Any]:
    return {
        "parent": result.parent,
        "method": result.method,
        "weights": {n: float(w) for n, w in zip(result.names, result.weights, strict=True)},
        "lambda_max": result.lambda_max,
        "ci": result.ci,
        "cr": result.cr,
        "random_index": result.random_index,
        "acceptable": None if result.cr is None else result.consistent,
        "most_inconsistent": list(result.most_inconsistent) if result.most_inconsistent else None,
    }


def comparison_data(result: Comparison) -> dict[str, Any]:
    return {
        "profile": result.ranking.profile.id,
        "vendors": [vendor_data(v) for v in result.ranking.vendors],
        "rows": [
            {
                "level": r.level,
                "path": r.path,
                "weight": r.weight,
                "scores": dict(zip(result.vendors, r.scores, strict=True)),
                "points": dict(zip(result.vendors, r.points, strict=True)),
                "spread": r.spread,
            }
            for r in result.rows
        ],
    }
