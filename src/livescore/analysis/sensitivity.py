"""How robust is the winner to the weights? SMAA-2 (Lahdelma & Salminen) and exact break-even shares.

The weights of the nodes at one level (dimension, group or indicator) are sampled on one simplex;
below that level the profile's proportions hold, so each vendor is summarised by its node scores
``M`` (vendors x nodes) and a sample's totals are one matrix product ``W @ M.T``. Samples are drawn
and ranked in fixed-size blocks, so memory stays bounded and results do not depend on the block size.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from livescore.records.ranking import Ranked, Ranking
from livescore.records.tree import FloatArray, Level

BLOCK = 8192  # samples per block: about BLOCK x (nodes + vendors) x 8 bytes at a time


PRICE = "price"  # the price weight's node name, beside the nodes of the level
TIE = 1e-9  # scores within this of a tie group's first score are equal (as in `rank`)
ROBUST, CONTESTED = 0.90, 0.60  # verdict thresholds on the winner's P(first)


@dataclass(frozen=True)
class VendorAcceptability:
    id: str
    p_first: float  # share of first place, ties split fractionally (columns sum to 1)
    p_first_or_tied: float  # share of samples in which no vendor scores strictly higher
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
    legal: bool | None = None  # price only, under a procurement range: can a legal weight change the winner?

    @property
    def distance(self) -> float:
        """From the current share to the nearest change of winner (inf when there is none)."""
        ends = [self.weight - self.holds_from] if self.below else []
        ends += [self.holds_to - self.weight] if self.above else []
        return min(ends, default=math.inf)


@dataclass(frozen=True)
class PriceWeight:
    sampled: bool
    value: float  # percent
    legal_range: tuple[float, float] | None  # percent, where a procurement rule sets one


@dataclass(frozen=True)
class Verdict:
    level: Literal["robust", "contested", "fragile"]
    p_first: float
    closest: BreakEven | None


@dataclass(frozen=True)
class Sensitivity:
    samples: int
    seed: int
    level: Level
    mode: Literal["uniform", "dirichlet"]
    concentration: float | None
    nodes: list[str]  # the sampled nodes: the level's nodes, and `price` when its weight is sampled
    weights: FloatArray  # the profile's global shares of those nodes
    winner: str | None
    vendors: list[VendorAcceptability]
    break_even: list[BreakEven]  # closest change of winner first
    price_weight: PriceWeight | None = None

    @property
    def verdict(self) -> Verdict | None:
        win = next((v for v in self.vendors if v.id == self.winner), None)
        if win is None or len(self.vendors) < 2:
            return None
        level: Literal["robust", "contested", "fragile"] = (
            "robust" if win.p_first >= ROBUST else "contested" if win.p_first >= CONTESTED else "fragile"
        )
        closest = self.break_even[0] if self.break_even and math.isfinite(self.break_even[0].distance) else None
        return Verdict(level, win.p_first, closest)


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


@dataclass(frozen=True)
class Levers:
    """What a sample varies: node names, their global shares (summing to 1 with the price share when
    price is sampled), the vendors' scores on them (0-1), and what stays fixed: total =
    quality_share x (weights @ scores) + fixed."""

    nodes: list[str]
    weights: FloatArray
    matrix: FloatArray
    quality_share: float
    fixed: FloatArray


def levers(ranking: Ranking, level: Level) -> Levers:
    nodes, weights, matrix = node_scores(ranking, level)
    if ranking.price is None:
        return Levers(nodes, weights, matrix, 1.0, np.zeros(len(matrix)))
    share = ranking.price.weight / 100
    price = np.array([(v.price_score or 0.0) / 100 for v in qualified_by_id(ranking)])
    if ranking.profile.price is not None and ranking.profile.price.fixed_weight:
        return Levers(nodes, weights, matrix, 1 - share, share * price)
    return Levers(
        [*nodes, PRICE],
        np.append((1 - share) * weights, share),
        np.column_stack([matrix, price]) if len(matrix) else np.zeros((0, len(nodes) + 1)),
        1.0,
        np.zeros(len(matrix)),
    )


def price_weight(ranking: Ranking) -> PriceWeight | None:
    if ranking.price is None or ranking.profile.price is None:
        return None
    from livescore.load.profile_checks import legal_price_range

    legal = legal_price_range(ranking.profile.procurement)
    return PriceWeight(not ranking.profile.price.fixed_weight, ranking.price.weight, legal)


def sample_block(rng: np.random.Generator, alpha: FloatArray, size: int) -> FloatArray:
    """Dirichlet(alpha) draws as normalised gammas, drawn row by row (block-size independent); alpha 0 stays 0."""
    positive = alpha > 0
    gammas = np.zeros((size, len(alpha)))
    gammas[:, positive] = rng.standard_gamma(alpha[positive], size=(size, int(positive.sum())))
    totals = gammas.sum(axis=1, keepdims=True)
    shares: FloatArray = np.divide(gammas, totals, out=np.zeros_like(gammas), where=totals > 0)
    return shares


def tie_groups(sorted_totals: FloatArray) -> tuple[np.ndarray, np.ndarray]:
    """For totals sorted descending along axis 1: the position where each entry's tie group starts and
    the group's size. A score joins the group when within TIE of the group's first score (as `rank`)."""
    size, n = sorted_totals.shape
    start = np.zeros((size, n), dtype=np.int64)
    for j in range(1, n):
        first = sorted_totals[np.arange(size), start[:, j - 1]]
        start[:, j] = np.where(first - sorted_totals[:, j] <= TIE, start[:, j - 1], j)
    ends = np.empty((size, n), dtype=np.int64)  # where each entry's group ends: the next group's start
    end = np.full(size, n)
    for j in range(n - 1, -1, -1):
        ends[:, j] = end
        end = np.where(start[:, j] == j, j, end)
    return start, ends - start


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
    lev = levers(ranking, level)
    nodes, weights, matrix = lev.nodes, lev.weights, lev.matrix
    vendors = qualified_by_id(ranking)
    n_vendors = len(vendors)
    alpha = np.ones(len(nodes)) if uniform else concentration * weights
    rng = np.random.default_rng(seed)
    counts = np.zeros((n_vendors, n_vendors))  # vendor x rank, ties split fractionally
    first_or_tied = np.zeros(n_vendors)
    first_weight_sums = np.zeros((n_vendors, len(nodes)))
    done = 0
    while done < samples and n_vendors:
        size = min(block, samples - done)
        w = sample_block(rng, alpha, size)
        totals = lev.quality_share * (w @ matrix.T) + lev.fixed  # samples x vendors
        order = np.argsort(-totals, axis=1, kind="stable")
        start, width = tie_groups(np.take_along_axis(totals, order, axis=1))
        alone = width == 1
        for position in range(n_vendors):  # untied entries: a whole sample's credit at their position
            counts[:, position] += np.bincount(order[alone[:, position], position], minlength=n_vendors)
        tied_s, tied_p = np.nonzero(~alone)  # tied entries: 1/k of each of the k ranks they share
        if len(tied_s):
            who, first, k = order[tied_s, tied_p], start[tied_s, tied_p], width[tied_s, tied_p]
            for offset in range(int(k.max())):
                m = offset < k
                np.add.at(counts, (who[m], first[m] + offset), 1 / k[m])
        top = width[:, 0]
        for offset in range(int(top.max()) if size else 0):  # central weights: each first place's share of the sample
            m = offset < top
            np.add.at(first_weight_sums, order[m, offset], w[m] / top[m, None])
            np.add.at(first_or_tied, order[m, offset], 1.0)
        done += size
        if progress:
            progress(done)
    result_vendors = []
    for v, vendor in enumerate(vendors):
        share = counts[v] / max(samples, 1)
        firsts = counts[v, 0]
        central = {n: float(x) for n, x in zip(nodes, first_weight_sums[v] / firsts, strict=True)} if firsts > 0 else None
        result_vendors.append(
            VendorAcceptability(
                vendor.id,
                float(share[0]),
                float(first_or_tied[v] / max(samples, 1)),
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
        break_even(ranking, level) if winner else [],
        price_weight(ranking),
    )


def _percentile_rank(counts: np.ndarray, q: float) -> int:
    """Inverted CDF: the smallest rank r (1-based) with P(rank <= r) >= q."""
    total = counts.sum()
    if total == 0:
        return 0
    cdf = np.cumsum(counts) / total
    return int(np.searchsorted(cdf, q - 1e-12) + 1)


def break_even(ranking: Ranking, level: Level) -> list[BreakEven]:
    """For each positive-weight node of the level, and for the price weight: the exact interval of its
    share t (the other shares rescaled by (1-t)/(1-w)) within which the current winner stays first,
    and who takes first place past each end; the closest change of winner first."""
    lev = levers(ranking, level)
    ids = [v.id for v in qualified_by_id(ranking)]
    winner = ids.index(ranking.vendors[0].id)
    totals = lev.matrix @ lev.weights
    out = []
    for k, (node, w) in enumerate(zip(lev.nodes, lev.weights, strict=True)):
        if 0 < w < 1 - 1e-12:
            # Each total is linear in t: T(t) = a + b t, with the rest R = (S - w m_k) / (1 - w):
            # a = q R + fixed, b = q (m_k - R), q the quality share and fixed the fixed price part.
            rest = (totals - w * lev.matrix[:, k]) / (1 - w)
            a = lev.quality_share * rest + lev.fixed
            out.append(_interval(node, float(w), a, lev.quality_share * (lev.matrix[:, k] - rest), ids, winner))
    if PRICE not in lev.nodes and ranking.price is not None and 0 < lev.quality_share < 1:
        # A fixed price weight is still a lever of the tender: T(t) = (1 - t) quality + t price.
        quality, price = totals, lev.fixed / (1 - lev.quality_share)
        out.append(_interval(PRICE, 1 - lev.quality_share, quality, price - quality, ids, winner))
    pw = price_weight(ranking)
    if pw is not None and pw.legal_range is not None:
        lo, hi = pw.legal_range[0] / 100, pw.legal_range[1] / 100
        out = [replace(b, legal=_legal(b, lo, hi)) if b.node == PRICE else b for b in out]
    return sorted(out, key=lambda b: (b.distance, b.node))


def _interval(node: str, w: float, a: FloatArray, b: FloatArray, ids: list[str], winner: int) -> BreakEven:
    lo, hi, below, above = 0.0, 1.0, None, None
    for u in range(len(ids)):
        if u == winner:
            continue
        da, db = a[winner] - a[u], b[winner] - b[u]  # the winner's lead: da + db t
        if abs(db) < 1e-15:
            continue
        t = -da / db
        if db > 0 and t > lo and t <= w + 1e-12:  # lead grows with t: lost below t
            lo, below = t, ids[u]
        elif db < 0 and t < hi and t >= w - 1e-12:  # lead shrinks with t: lost above t
            hi, above = t, ids[u]
    return BreakEven(node, w, float(min(lo, w)), float(max(hi, w)), below, above)


def _legal(b: BreakEven, lo: float, hi: float) -> bool | None:
    """Whether a price weight inside the legal range changes the winner (None: no change at all)."""
    crossings = ([b.holds_from] if b.below else []) + ([b.holds_to] if b.above else [])
    if not crossings:
        return None
    return any(lo <= t <= hi for t in crossings)


REPORT_SAMPLES = 2000  # the robustness section of written reports: samples at group level, seed 0
REPORT_LEVEL: Level = "group"


def report_robustness(ranking: Ranking) -> Sensitivity | None:
    """The robustness section of reports: 2,000 samples at group level (seed 0) when there is a contest;
    None when fewer than two vendors qualify or missing evidence is excluded, and under tender points:
    there the weights are the published scoring table's, and sampled weights on unrounded scores would
    contradict a ranking made on rounded points with Art. 57's ties (`livescore sensitivity` still can)."""
    if ranking.policy == "exclude" or sum(v.qualified for v in ranking.vendors) < 2 or ranking.profile.points is not None:
        return None
    return smaa(ranking, level=REPORT_LEVEL, samples=REPORT_SAMPLES, seed=0)


def _share(x: float) -> str:
    return f"{x * 100:.1f}%"


def verdict_sentence(result: Sensitivity, names: dict[str, str]) -> str | None:
    """One sentence a non-expert can act on: the winner's P(first) against the documented thresholds
    (robust >= 90 %, contested 60-90 %, fragile < 60 %) and the closest change of winner."""
    verdict = result.verdict
    if verdict is None or result.winner is None:
        return None
    winner = names.get(result.winner, result.winner)
    head = f"{verdict.level.capitalize()}: {winner} ranks first in {_share(verdict.p_first)} of plausible weightings"
    b = verdict.closest
    if b is None:
        return head + "; no single weight change alters the winner."
    crossing, who = (b.holds_to, b.above) if b.above and b.holds_to - b.weight == b.distance else (b.holds_from, b.below)
    node = "price" if b.node == PRICE else b.node
    other = names.get(who or "", who)
    tail = f"; the closest change is {node} weight {_share(b.weight)} -> {_share(crossing)}, which puts {other} first"
    if b.legal is False:
        tail += " (outside the legal range of the price weight)"
    return head + tail + "."


def price_caption(result: Sensitivity) -> str | None:
    pw = result.price_weight
    if pw is None:
        return None
    if pw.sampled:
        return f"price weight sampled around {pw.value:g}% like the other weights (price.fixed_weight is not set)"
    return f"price weight fixed at {pw.value:g}% (price.fixed_weight: true); break-even still shows it"
