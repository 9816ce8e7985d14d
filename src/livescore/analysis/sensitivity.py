"""How robust is the winner to the weights? SMAA-2 (Lahdelma & Salminen) and exact break-even shares.

The weights of the nodes at one level (dimension, group or indicator) are sampled on one simplex;
below that level the profile's proportions hold, so each vendor is summarised by its node scores
``M`` (vendors x nodes) and a sample's totals are one matrix product ``W @ M.T``. Samples are drawn
and ranked in fixed-size blocks, so memory stays bounded and results do not depend on the block size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from livescore.records.ranking import Ranked, Ranking
from livescore.records.tree import FloatArray, Level

BLOCK = 8192  # samples per block: about BLOCK x (nodes + vendors) x 8 bytes at a time


@dataclass(frozen=True)
class VendorAcceptability:
    id: str
    p_first: float
    mean_rank: float
    rank_interval: tuple[int, int]
    rank_acceptability: list[float]
    central_weights: dict[str, float] | None


@dataclass(frozen=True)
class BreakEven:
    node: str
    weight: float
    holds_from: float
    holds_to: float
    below: str | None
    above: str | None


@dataclass(frozen=True)
class Sensitivity:
    samples: int
    seed: int
    level: Level
    mode: Literal["uniform", "dirichlet"]
    concentration: float | None
    nodes: list[str]
    weights: FloatArray  # the profile's global shares of the nodes
    winner: str | None
    vendors: list[VendorAcceptability]
    break_even: list[BreakEven]


def node_scores(ranking: Ranking, level: Level) -> tuple[list[str], FloatArray, FloatArray]:
    """Node paths, the profile's global weights of those nodes, and the qualified vendors' node scores."""
    tree, agg = ranking.tree, ranking.aggregates
    global_w = ranking.node_weights[level]
    rows = [v.row for v in qualified_by_id(ranking)]
    if level == "dimension":
        nodes, matrix = list(tree.dimension_ids), agg.dimensions[rows]
    elif level == "group":
        nodes, matrix = list(tree.group_paths), agg.groups[rows]
    else:
        nodes, matrix = list(tree.paths), np.nan_to_num(ranking.scores[rows], nan=0.0)
    return nodes, global_w, np.nan_to_num(matrix, nan=0.0)


def qualified_by_id(ranking: Ranking) -> list[Ranked]:
    return sorted((v for v in ranking.vendors if v.qualified), key=lambda v: v.id)


def price_mix(ranking: Ranking) -> tuple[float, FloatArray]:
    """Under a priced profile the price weight stays fixed: total = (1 - s) x quality + s x price.
    Returns (1 - s) and each qualified vendor's fixed price part, both on the 0-1 scale."""
    if ranking.price is None:
        return 1.0, np.zeros(len(qualified_by_id(ranking)))
    share = ranking.price.weight / 100
    parts = np.array([share * (v.price_score or 0.0) / 100 for v in qualified_by_id(ranking)])
    return 1 - share, parts


def sample_block(rng: np.random.Generator, alpha: FloatArray, size: int) -> FloatArray:
    """Dirichlet(alpha) draws as normalised gammas, drawn row by row (block-size independent); alpha 0 stays 0."""
    positive = alpha > 0
    gammas = np.zeros((size, len(alpha)))
    gammas[:, positive] = rng.standard_gamma(alpha[positive], size=(size, int(positive.sum())))
    totals = gammas.sum(axis=1, keepdims=True)
    shares: FloatArray = np.divide(gammas, totals, out=np.zeros_like(gammas), where=totals > 0)
    return shares


def smaa(
    ranking: Ranking,
    *,
    level: Level = "group",
    samples: int = 10_000,
    seed: int = 0,
    uniform: bool = False,
    concentration: float = 100.0,
    block: int = BLOCK,
    progress: Callable[[int], None] | None = None,
) -> Sensitivity:
    nodes, weights, matrix = node_scores(ranking, level)
    vendors = qualified_by_id(ranking)
    n_vendors = len(vendors)
    alpha = np.ones(len(nodes)) if uniform else concentration * weights
    quality_share, price_part = price_mix(ranking)
    rng = np.random.default_rng(seed)
    counts = np.zeros((n_vendors, n_vendors), dtype=np.int64)  # vendor x rank
    first_weight_sums = np.zeros((n_vendors, len(nodes)))
    done = 0
    while done < samples and n_vendors:
        size = min(block, samples - done)
        w = sample_block(rng, alpha, size)
        totals = quality_share * (w @ matrix.T) + price_part  # samples x vendors
        # Stable sort on -total over vendors in id order: ties go to the smaller id (ordinal ranks).
        order = np.argsort(-totals, axis=1, kind="stable")
        ranks = np.empty_like(order)
        np.put_along_axis(ranks, order, np.arange(n_vendors)[None, :].repeat(size, axis=0), axis=1)
        for v in range(n_vendors):
            counts[v] += np.bincount(ranks[:, v], minlength=n_vendors)
        np.add.at(first_weight_sums, order[:, 0], w)
        done += size
        if progress:
            progress(done)
    result_vendors = []
    for v, vendor in enumerate(vendors):
        share = counts[v] / max(samples, 1)
        firsts = counts[v, 0]
        central = {n: float(x) for n, x in zip(nodes, first_weight_sums[v] / firsts, strict=True)} if firsts else None
        result_vendors.append(
            VendorAcceptability(
                vendor.id,
                float(share[0]),
                float((share * np.arange(1, n_vendors + 1)).sum()),
                (_percentile_rank(counts[v], 0.05), _percentile_rank(counts[v], 0.95)),
                [float(x) for x in share],
                central,
            )
        )
    winner = ranking.vendors[0].id if ranking.vendors and ranking.vendors[0].qualified else None
    return Sensitivity(
        samples,
        seed,
        level,
        "uniform" if uniform else "dirichlet",
        None if uniform else concentration,
        nodes,
        weights,
        winner,
        result_vendors,
        break_even(ranking, nodes, weights, matrix) if winner else [],
    )


def _percentile_rank(counts: np.ndarray, q: float) -> int:
    """Inverted CDF: the smallest rank r (1-based) with P(rank <= r) >= q."""
    total = counts.sum()
    if total == 0:
        return 0
    cdf = np.cumsum(counts) / total
    return int(np.searchsorted(cdf, q - 1e-12) + 1)


def break_even(ranking: Ranking, nodes: list[str], weights: FloatArray, matrix: FloatArray) -> list[BreakEven]:
    """For each positive-weight node: the exact interval of its share t (others rescaled by (1-t)/(1-w))
    within which the current winner stays first, and who takes first place past each end."""
    vendors = qualified_by_id(ranking)
    ids = [v.id for v in vendors]
    winner = ids.index(ranking.vendors[0].id)
    quality_share, price_part = price_mix(ranking)
    totals = matrix @ weights
    out = []
    for k, (node, w) in enumerate(zip(nodes, weights, strict=True)):
        if w <= 0 or w >= 1 - 1e-12:
            continue
        # Quality is linear in t: Q(t) = a + b t, with a = (Q - w m_k) / (1 - w) and b = m_k - a;
        # the total mixes in the fixed price part: T(t) = (1 - s) Q(t) + s p.
        rest = (totals - w * matrix[:, k]) / (1 - w)
        a = quality_share * rest + price_part
        b = quality_share * (matrix[:, k] - rest)
        lo, hi, below, above = 0.0, 1.0, None, None
        for u in range(len(ids)):
            if u == winner:
                continue
            da, db = a[winner] - a[u], b[winner] - b[u]  # winner's lead: da + db t
            if abs(db) < 1e-15:
                continue
            t = -da / db
            if db > 0 and t > lo and t <= w + 1e-12:  # lead grows with t: lost below t
                lo, below = t, ids[u]
            elif db < 0 and t < hi and t >= w - 1e-12:  # lead shrinks with t: lost above t
                hi, above = t, ids[u]
        out.append(BreakEven(node, float(w), float(min(lo, w)), float(max(hi, w)), below, above))
    return out


REPORT_SAMPLES = 2000  # the robustness section of written reports: samples at group level, seed 0
REPORT_LEVEL: Level = "group"


def report_robustness(ranking: Ranking) -> Sensitivity | None:
    """The robustness section of reports: 2,000 samples at group level (seed 0) when there is a contest;
    None when fewer than two vendors qualify or missing evidence is excluded."""
    if ranking.policy == "exclude" or sum(v.qualified for v in ranking.vendors) < 2:
        return None
    return smaa(ranking, level=REPORT_LEVEL, samples=REPORT_SAMPLES, seed=0)
