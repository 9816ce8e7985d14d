"""Price against quality (China's 财政部令第87号 comprehensive scoring, Art. 55), with a tender's price
rules, in this order:

1. A vendor without a price is disqualified (``price missing``); a bid above the ceiling (最高限价) is
   invalid (``bid above ceiling``).
2. Evaluated price: a small or micro enterprise's bid x (1 - sme_deduction) (政府采购促进中小企业发展
   管理办法 Art. 9: the deducted price is used in the price score); every other bid as it is.
3. Abnormally low (Art. 60): a qualified vendor whose evaluated price is below ``abnormal_low`` x the
   mean evaluated price of the other qualified vendors is flagged, all at once. The committee's
   decision settles it: accepted, it stays; rejected, it is invalid with the committee's reason; no
   decision, it stays unranked until the written explanation is decided.
4. Benchmark: the lowest evaluated price among the vendors still qualified. ``lowest-bid``: every
   price score is benchmark / evaluated price x 100; ``linear``: [1 - (p - benchmark) / benchmark]
   x 100, floored at 0; capped at 100. The final score: (1 - W) x quality + W x price score.
"""

from __future__ import annotations

from livescore.records.committee import CommitteeRecord
from livescore.records.profile import PriceRule
from livescore.records.ranking import FailedRequirement, PriceSummary, Ranked

SMALL = ("small", "micro")  # 小微企业: the deduction applies to them
PRICE = "price"  # the failed requirements' indicator for the price rules
EXPLANATION_REQUIRED = "abnormally low bid: explanation required"


def price_score(formula: str, bid: float, benchmark: float) -> float:
    if formula == "lowest-bid":
        return benchmark / bid * 100
    return max(0.0, 1 - (bid - benchmark) / benchmark) * 100


def evaluated_price(rule: PriceRule, bid: float, size: str | None) -> float:
    """The price the benchmark and the price score use: a small or micro enterprise's bid after the
    deduction, in decimal arithmetic and rounded half-up to the cent (分), so that two bids that read the
    same are the same (400,004 x 0.9 is 360,003.60, not 360,003.60000000003) for Art. 57's tie-break."""
    if not (rule.sme_deduction and size in SMALL):
        return bid
    from decimal import ROUND_HALF_UP, Decimal

    exact = Decimal(repr(float(bid))) * (1 - Decimal(repr(float(rule.sme_deduction))))
    return float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def apply_price(vendors: list[Ranked], rule: PriceRule, committee: CommitteeRecord | None = None) -> PriceSummary:
    """Disqualify what the price rules refuse, then score every evaluated price against the benchmark."""
    for v in vendors:
        if v.price is None:
            _disqualify(v, "price missing", None)
            continue
        if rule.ceiling is not None and v.price.amount > rule.ceiling:
            _disqualify(v, f"bid above ceiling {rule.ceiling:,.2f}", v.price.amount)
        v.evaluated_price = evaluated_price(rule, v.price.amount, v.enterprise_size)
    if rule.abnormal_low is not None:
        _abnormally_low(vendors, rule.abnormal_low, committee)
    prices = [v.evaluated_price for v in vendors if v.qualified and v.evaluated_price is not None]
    benchmark = min(prices) if prices else None
    share = rule.weight / 100
    for v in vendors:
        if v.evaluated_price is None or benchmark is None:
            v.price_score = None
        else:
            # A disqualified vendor's price does not set the benchmark; below it, it scores the full 100.
            v.price_score = min(100.0, price_score(rule.formula, v.evaluated_price, benchmark))
        if v.quality is None:
            v.score = None
        elif v.price_score is not None:
            v.score = (1 - share) * v.quality + share * v.price_score
        else:
            v.score = (1 - share) * v.quality
    first = next((v.price for v in vendors if v.price is not None), None)
    return PriceSummary(
        rule.formula,
        rule.weight,
        benchmark,
        first.currency if first else None,
        first.period if first else None,
        rule.sme_deduction,
        rule.ceiling,
        rule.abnormal_low,
    )


def _abnormally_low(vendors: list[Ranked], threshold: float, committee: CommitteeRecord | None) -> None:
    """Flag every qualified price below threshold x the mean of the other qualified prices, then apply
    the committee's decisions (87号令 Art. 60)."""
    qualified = [v for v in vendors if v.qualified and v.evaluated_price is not None]
    flagged = []
    for v in qualified:
        others = [u.evaluated_price for u in qualified if u is not v and u.evaluated_price is not None]
        if others and v.evaluated_price is not None and v.evaluated_price < threshold * (sum(others) / len(others)):
            v.abnormal_mean = sum(others) / len(others)
            flagged.append(v)
    decisions = committee.decisions if committee is not None else {}
    for v in flagged:
        decision = decisions.get(v.id)
        if decision is None:
            v.abnormal_low = "flagged"
            _disqualify(v, EXPLANATION_REQUIRED, v.evaluated_price)
        elif decision.abnormal_low == "accepted":
            v.abnormal_low = "accepted"
        else:
            v.abnormal_low = "rejected"
            _disqualify(v, f"abnormally low bid: explanation rejected by the committee ({decision.reason})", v.evaluated_price)


def _disqualify(v: Ranked, requirement: str, value: float | None) -> None:
    v.qualified = False
    v.failed.append(FailedRequirement(PRICE, requirement, value))
