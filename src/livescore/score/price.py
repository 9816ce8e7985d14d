"""Price against quality (China's 财政部令第87号 comprehensive scoring, Art. 55).

``lowest-bid``: the lowest bid among the qualified vendors is the benchmark and scores 100; every
other bid scores benchmark / bid x 100. ``linear``: [1 - (bid - benchmark) / benchmark] x 100,
floored at 0. The final score mixes quality and price: (1 - W) x quality + W x price score.
"""

from __future__ import annotations

from livescore.records.ranking import FailedRequirement, PriceSummary, Ranked


def price_score(formula: str, bid: float, benchmark: float) -> float:
    if formula == "lowest-bid":
        return benchmark / bid * 100
    return max(0.0, 1 - (bid - benchmark) / benchmark) * 100


def apply_price(vendors: list[Ranked], formula: str, weight: float) -> PriceSummary:
    """Disqualify vendors without a price, then score every bid against the lowest qualified one."""
    for v in vendors:
        if v.price is None:
            v.qualified = False
            v.failed.append(FailedRequirement("price", "price missing", None))
    priced = [v for v in vendors if v.price is not None]
    bids = [v.price.amount for v in vendors if v.qualified and v.price is not None]
    benchmark = min(bids) if bids else None
    share = weight / 100
    for v in vendors:
        if v.price is None or benchmark is None:
            v.price_score = None
        else:
            # A disqualified vendor's bid does not set the benchmark; below it, it scores the full 100.
            v.price_score = min(100.0, price_score(formula, v.price.amount, benchmark))
        if v.quality is None:
            v.score = None
        elif v.price_score is not None:
            v.score = (1 - share) * v.quality + share * v.price_score
        else:
            v.score = (1 - share) * v.quality
    first = priced[0].price if priced else None
    return PriceSummary(formula, weight, benchmark, first.currency if first else None, first.period if first else None)
