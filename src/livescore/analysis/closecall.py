"""Close calls: a ranking whose top two qualified vendors are nearer than the ranking can tell apart,
within 1.0 point, or within the spread of the evaluators' own scores on one indicator of either."""

from __future__ import annotations

from dataclasses import dataclass

from livescore.records.ranking import Ranking

CLOSE_POINTS = 1.0


@dataclass(frozen=True)
class CloseCall:
    gap: float  # points between the first and the second qualified vendor
    first: str
    second: str
    reason: str


def close_call(ranking: Ranking) -> CloseCall | None:
    top = [v for v in ranking.vendors if v.qualified and v.score is not None][:2]
    if len(top) < 2:
        return None
    first, second = top
    one, two = ranking.shown(first).score, ranking.shown(second).score  # tender points under `points`
    assert one is not None and two is not None
    gap = one - two
    if abs(gap) < 1e-9:  # a tie: shared rank, or ordered by the lower price (87号令 Art. 57)
        if first.rank == second.rank:
            reason = f"{first.name} and {second.name} tie at {one:.2f} points and share rank {first.rank}"
        else:
            reason = (
                f"{first.name} and {second.name} tie at {one:.2f} points; {first.name} ranks first by its lower price (Art. 57)"
            )
        return CloseCall(0.0, first.id, second.id, reason)
    names = f"{first.name} leads {second.name} by {gap:.2f} points ({one:.2f} to {two:.2f})"
    if gap < CLOSE_POINTS:
        return CloseCall(gap, first.id, second.id, f"{names}, less than {CLOSE_POINTS:g} point")
    spread, where = _largest_spread(ranking, (first.id, second.id))
    if where is not None and gap < spread:
        vendor, indicator = where
        reason = f"{names}, less than the evaluators' own spread of {spread:.2f} points on {indicator} ({vendor})"
        return CloseCall(gap, first.id, second.id, reason)
    return None


def _largest_spread(ranking: Ranking, ids: tuple[str, str]) -> tuple[float, tuple[str, str] | None]:
    """The largest evaluator disagreement on one indicator of either vendor, in points of the score:
    the spread of the evaluators' indicator scores x the indicator's global weight x 100 x the
    quality share (1 - price weight). TOPSIS scores are not sums of points: no spread there."""
    if ranking.method != "wsum":
        return 0.0, None
    quality_share = 1 - ranking.price.weight / 100 if ranking.price else 1.0
    weights, index = ranking.global_weights, ranking.tree.index
    best: tuple[float, tuple[str, str] | None] = (0.0, None)
    for v in ranking.vendors:
        if v.id in ids:
            for d in v.disagreements:
                points = d.spread * float(weights[index[d.indicator]]) * 100 * quality_share
                if points > best[0]:
                    best = (points, (v.id, d.indicator))
    return best
