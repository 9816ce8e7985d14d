"""The 评标报告 of a Chinese public procurement (财政部令第87号 Art. 58): what the committee signs, built
once from the ranking and the vendors' explanations, and drawn by the HTML and XLSX reports.

Art. 58 asks for the bidders and the committee members, the method and standard, the evaluation with
the invalid bids and their reasons, and the result. This holds, in the tender's points: each factor's
points per bidder (得分汇总表), each member's points for the subjective factors the members scored
(each scores independently, Art. 55), the bids beside the evaluated prices, the invalid bids with
their reasons, the committee's decisions on abnormally low bids (Art. 60) and its corrections of
objective facts (Art. 64), and one signature line per member (Art. 61: a member who disagrees signs
the dissent and its reasons)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from livescore.analysis.explain import Explanation
from livescore.records.committee import Decision, Member
from livescore.records.ranking import Ranked, Ranking
from livescore.score.points import half_up

METHODS = {
    "cn-gp-goods": ("综合评分法（公开招标·货物）", "comprehensive scoring, tender (goods)"),
    "cn-gp-services": ("综合评分法（公开招标·服务）", "comprehensive scoring, tender (services)"),
    "cn-tos-goods": ("综合评分法（竞争性磋商·货物）", "comprehensive scoring, competitive negotiation (goods)"),
    "cn-tos-services": ("综合评分法（竞争性磋商·服务）", "comprehensive scoring, competitive negotiation (services)"),
}

SIZES = {
    "large": ("大型企业", "large"),
    "medium": ("中型企业", "medium"),
    "small": ("小型企业", "small"),
    "micro": ("微型企业", "micro"),
}
DECISIONS = {
    "flagged": ("待书面说明（不参与排名）", "explanation required: unranked"),
    "accepted": ("书面说明已采纳", "explanation accepted"),
    "rejected": ("书面说明未采纳，投标无效", "explanation rejected: invalid"),
}


# The report's words, Chinese and English; HTML and XLSX number the sections themselves (一、二、...).
TEXT = {
    "report": ("评标报告", "Evaluation report"),
    "notice": (
        "招标公告刊登媒体、开标日期和地点（第五十八条，手填）：",
        "Notice media, opening date and place (Art. 58, by hand):",
    ),
    "members": ("评标委员会成员名单", "Committee members"),
    "bids": ("投标人及报价", "Bidders and bids"),
    "invalid": ("无效投标人名单及原因", "Invalid bids and reasons"),
    "abnormal": ("异常低价投标的处理（第六十条）", "Abnormally low bids (Art. 60)"),
    "summary": ("得分汇总表", "Score summary"),
    "by_member": ("主观评审因素各成员评分", "Subjective factors: each member's points"),
    "corrections": ("评审更正（第六十四条）", "Corrections of objective factors (Art. 64)"),
    "result": ("评标结果（第五十七条）", "Result (Art. 57)"),
    "signatures": ("评标委员会成员签字", "Signatures of the committee"),
    "dissent": (
        "持不同意见的成员应当在评标报告上签署不同意见及理由，否则视为同意评标报告（第六十一条）。",
        "A member who disagrees signs the dissent and its reasons, else is deemed to agree (Art. 61).",
    ),
    "none": ("无。", "None."),
    "no_threshold": ("未设定异常低价判定标准。", "The tender sets no abnormal-low threshold."),
    "no_valid": ("无有效投标。", "No valid bid."),
    "pending": ("待定", "pending"),
    "mean_note": (
        "平均 = 分值 × 各成员评分的平均，舍入一次；各成员得分为各自舍入后的值，故其算术平均可能与平均相差尾数。",
        "The mean is the factor's points x the members' mean score, rounded once; each member's points are rounded "
        "on their own, so their average may differ in the last digit.",
    ),
    "provisional": (
        "暂定：下列投标人的异常低价书面说明尚待评标委员会决定（第六十条），决定前本报告不能签署：",
        "Provisional: the committee has yet to decide the written explanation of these abnormally low bids (Art. 60); "
        "the report cannot be signed before it does:",
    ),
    "candidates": ("中标候选人排序：", "Candidates in order: "),
    "n": ("序号", "#"),
    "name": ("姓名", "name"),
    "role": ("职责", "role"),
    "bidder": ("投标人", "bidder"),
    "size": ("企业规模", "size"),
    "bid": ("投标报价", "bid"),
    "evaluated": ("评审价格", "evaluated price"),
    "status": ("状态", "status"),
    "valid": ("有效", "valid"),
    "invalid_bid": ("无效", "invalid"),
    "reasons": ("原因", "reasons"),
    "mean_others": ("其他有效投标平均", "mean of the others"),
    "share": ("比例", "share"),
    "decision": ("委员会决定", "decision"),
    "reason": ("理由", "reason"),
    "factor": ("评审因素", "factor"),
    "max": ("分值", "points"),
    "kind": ("类型", "kind"),
    "objective": ("客观", "objective"),
    "subjective": ("主观", "subjective"),
    "price": ("价格分", "price"),
    "total": ("总分", "total"),
    "rank": ("排名", "rank"),
    "mean": ("平均", "mean"),
    "before": ("原值", "before"),
    "corrected": ("更正为", "corrected to"),
    "signature": ("签字", "signature"),
    "date": ("日期", "date"),
    "undeclared": ("未声明", "not declared"),
}
# 竞争性磋商 has its own words (磋商办法): a 磋商小组 reviews 供应商's 最后报价 and writes a 评审报告 naming the
# 成交候选供应商.
TOS_TEXT = {
    "report": ("评审报告", "Review report"),
    "members": ("磋商小组成员名单", "Negotiation panel members"),
    "signatures": ("磋商小组成员签字", "Signatures of the panel"),
    "candidates": ("成交候选供应商排序：", "Candidate suppliers in order: "),
    "bidder": ("供应商", "supplier"),
    "bid": ("最后报价", "final quote"),
    "bids": ("供应商及报价", "Suppliers and quotes"),
    "invalid": ("无效响应供应商名单及原因", "Invalid responses and reasons"),
}
CN_NUMBERS = "一二三四五六七八九十"


def label(zh: str, en: str, lang: str) -> str:
    """Chinese, with the English after it unless the report is in Chinese."""
    return zh if lang == "zh" else f"{zh} {en}"


@dataclass(frozen=True, slots=True)
class Factor:
    path: str
    name: str
    max_points: float  # its line of the scoring table: total x quality share x global weight
    objective: bool


@dataclass(frozen=True, slots=True)
class Bidder:
    id: str
    name: str
    rank: int | None
    valid: bool
    enterprise_size: str | None
    bid: float | None
    evaluated_price: float | None
    factors: dict[str, float]  # path -> points
    quality: float | None
    price: float | None  # price points
    total: float | None
    reasons: list[str]  # why the bid is invalid (无效投标的原因)
    abnormal_low: str | None  # flagged | accepted | rejected
    abnormal_mean: float | None

    @property
    def pending(self) -> bool:
        """Abnormally low and not yet decided: neither valid nor invalid until the committee decides (Art. 60)."""
        return self.abnormal_low == "flagged"


@dataclass(frozen=True, slots=True)
class MemberPoints:
    """One subjective factor of one bidder: each member's points and the mean that counts."""

    vendor: str
    path: str
    by_member: dict[str, float]  # member id -> points
    mean: float


@dataclass(frozen=True, slots=True)
class Correction:
    """A committee correction of an objective fact (Art. 64(3)): the value it settled on and why."""

    vendor: str
    path: str
    value: Any
    reason: str
    before: dict[str, Any]  # member id -> the value that member read, or {} (the bidder's claim stood)
    claimed: Any  # the bidder's own value


@dataclass(frozen=True)
class BidReport:
    title: str
    procurement: str
    method: str
    total_points: float
    decimals: int
    rounded: bool  # the ranking is on rounded points (the profile sets `points`); else the sheet rounds for display
    price_weight: float | None
    benchmark: float | None
    currency: str | None
    sme_deduction: float
    ceiling: float | None
    abnormal_low: float | None
    factors: list[Factor]
    bidders: list[Bidder]  # in ranking order: valid by rank, then invalid
    members: list[Member]
    decisions: dict[str, Decision]  # vendor id -> the committee's decision on its abnormally low bid
    member_points: list[MemberPoints] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)

    @property
    def pending(self) -> list[Bidder]:
        """Bids whose written explanation the committee has not decided: the report cannot be signed yet."""
        return [b for b in self.bidders if b.pending]

    def say(self, key: str, lang: str) -> str:
        """The report's word for ``key`` in ``lang``: 竞争性磋商's own under cn-tos-*."""
        words = TOS_TEXT if self.procurement.startswith("cn-tos") and key in TOS_TEXT else TEXT
        return label(*words[key], lang)

    def fmt(self, value: float | None) -> str:
        """Points as the tender writes them: at the tender's decimals."""
        return "—" if value is None else f"{value:.{self.decimals}f}"


def bid_report(result: Ranking, explanations: dict[str, Explanation], lang: str = "en") -> BidReport | None:
    """The report under a cn-* profile, else None."""
    profile = result.profile
    if not profile.china or profile.procurement is None:
        return None
    tree = result.tree
    rule = profile.points
    total, decimals = (rule.total, rule.decimals) if rule is not None else (100.0, 2)
    price = result.price
    share = 1 - (price.weight / 100 if price is not None else 0.0)
    weights = result.global_weights
    factors = [
        Factor(
            path,
            _name(ind.name.zh, ind.name.en, lang) or path,
            half_up(total * share * float(weights[i]), decimals),
            ind.objective,
        )
        for i, (path, ind) in enumerate(zip(tree.paths, tree.indicators, strict=True))
        if weights[i] > 0
    ]
    maxima = {f.path: f.max_points for f in factors}
    names = {path: _name(ind.name.zh, ind.name.en, lang) or path for path, ind in zip(tree.paths, tree.indicators, strict=True)}
    bidders = [_bidder(result, v, explanations.get(v.id), total, share, decimals, names) for v in result.vendors]
    members = list(result.committee.members) if result.committee is not None else []
    if not members:  # no committee file: the evaluators who scored are the members the report can name
        seen = sorted({m for ex in explanations.values() for by in ex.record.judgements.values() for m in by})
        members = [Member(m, m) for m in seen]
    objective = {f.path: f.objective for f in factors}
    member_points, corrections = [], []
    for v in result.vendors:
        ex = explanations.get(v.id)
        if ex is None:
            continue
        record = ex.record
        for path in tree.paths:
            judged = record.judgements.get(path)
            if judged and path in maxima and not objective[path] and path not in record.corrections:
                by = {m: half_up(maxima[path] * score, decimals) for m, (_, score) in judged.items()}
                mean = next((b.factors.get(path) for b in bidders if b.id == v.id), None)
                member_points.append(MemberPoints(v.id, path, by, mean if mean is not None else 0.0))
            if path in record.corrections:
                value, reason = record.corrections[path]
                entry = (record.entries or {}).get(path)
                before = {m: raw for m, (raw, _) in (judged or {}).items()}
                corrections.append(Correction(v.id, path, value, reason, before, entry.value if entry else None))
    title = profile.title.get(lang) or profile.title.get("zh") or profile.title.get("en") or profile.id
    zh, en = METHODS.get(profile.procurement, (profile.procurement, profile.procurement))
    return BidReport(
        title=title,
        procurement=profile.procurement,
        method=zh if lang == "zh" else f"{zh} · {en}",
        total_points=total,
        decimals=decimals,
        rounded=rule is not None,
        price_weight=price.weight if price is not None else None,
        benchmark=price.benchmark if price is not None else None,
        currency=price.currency if price is not None else None,
        sme_deduction=price.sme_deduction if price is not None else 0.0,
        ceiling=price.ceiling if price is not None else None,
        abnormal_low=price.abnormal_low if price is not None else None,
        factors=factors,
        bidders=bidders,
        members=members,
        decisions=dict(result.committee.decisions) if result.committee is not None else {},
        member_points=member_points,
        corrections=corrections,
    )


def _bidder(
    result: Ranking, v: Ranked, ex: Explanation | None, total: float, share: float, decimals: int, names: dict[str, str]
) -> Bidder:
    if v.points is not None:
        factors = dict(v.points.factors)
        quality: float | None = round(sum(factors.values()), decimals)
        price_points = v.points.price
        grand: float | None = v.points.total
    else:  # a cn-* profile without `points`: the same arithmetic in points of 100, rounded for the sheet
        weighted = {path for i, path in enumerate(result.tree.paths) if result.global_weights[i] > 0}
        lines = ex.lines if ex is not None else []  # the vendor's effective weights, as explain shows them
        factors = {ln.path: half_up(ln.points * share * total / 100, decimals) for ln in lines if ln.path in weighted}
        quality = None if v.quality is None else half_up(sum(factors.values()), decimals)
        price_points = None if v.price_score is None else half_up(total * (1 - share) * v.price_score / 100, decimals)
        grand = None if v.score is None else half_up(v.score * total / 100, decimals)
    return Bidder(
        id=v.id,
        name=v.name,
        rank=v.rank,
        valid=v.qualified,
        enterprise_size=v.enterprise_size,
        bid=v.price.amount if v.price is not None else None,
        evaluated_price=v.evaluated_price,
        factors=factors,
        quality=quality,
        price=price_points if v.qualified else None,  # an invalid bid takes no part in the price comparison
        total=grand if v.qualified else None,
        reasons=[f.text().replace(f.indicator, names[f.indicator], 1) if f.indicator in names else f.text() for f in v.failed],
        abnormal_low=v.abnormal_low,
        abnormal_mean=v.abnormal_mean,
    )


def _name(zh: str | None, en: str | None, lang: str) -> str | None:
    """A factor as the committee reads it: Chinese, with the English beside it unless the report is in Chinese."""
    if lang == "zh":
        return zh or en
    return f"{zh} {en}" if zh and en and zh != en else (zh or en)


def rules(report: BidReport, lang: str) -> list[str]:
    zh = lang == "zh"
    points, places = f"{report.total_points:g}", report.decimals
    if report.procurement.startswith("cn-tos"):
        basis = (
            "依据《政府采购竞争性磋商采购方式管理暂行办法》（财库〔2014〕214号）；下列87号令条款为参照"
            if zh
            else "Under 竞争性磋商 (财库〔2014〕214号); the 87号令 articles below are cited by analogy"
        )
    else:
        basis = "依据《政府采购货物和服务招标投标管理办法》（财政部令第87号）" if zh else "Under 财政部令第87号 (public tender)"
    if report.rounded:
        lines = [
            basis,
            f"满分 {points} 分，各项得分四舍五入保留 {places} 位小数，总分为各项之和"
            if zh
            else f"Points of {points}, each factor rounded half-up to {places} decimals, the total their sum",
        ]
    else:
        lines = [
            basis,
            f"满分 {points} 分；方案未设定 points，排名按未舍入的得分，各项显示至 {places} 位小数，合计可能与总分相差尾数"
            if zh
            else f"Points of {points}; the profile sets no `points`, so the ranking uses unrounded scores and the "
            f"factors shown to {places} decimals may differ from the total in the last digit",
        ]
    if report.price_weight is not None:
        price = report.total_points * report.price_weight / 100
        benchmark = "—" if report.benchmark is None else f"{report.benchmark:,.2f}"
        lines.append(
            f"价格分 {price:g} 分 = 评标基准价 / 评审价格 × {price:g}（低价优先法，87号令第五十五条）；评标基准价 {benchmark}"
            if zh
            else f"Price {price:g} points = benchmark / evaluated price × {price:g} (lowest-bid, 87号令 Art. 55); "
            f"benchmark {benchmark}"
        )
    if report.sme_deduction:
        lines.append(
            f"小微企业报价扣除 {report.sme_deduction:.0%}，以扣除后的价格参与评审（中小企业办法第九条）"
            if zh
            else f"Small and micro enterprises' bids evaluated {report.sme_deduction:.0%} lower (中小企业办法 Art. 9)"
        )
    if report.ceiling is not None:
        ceiling = f"{report.ceiling:,.2f}" + (f" {report.currency}" if report.currency else "")
        lines.append(
            f"最高限价 {ceiling}，超过的投标无效（第六十三条）"
            if zh
            else f"Ceiling {ceiling}: a bid above it is invalid (Art. 63(4))"
        )
    if report.abnormal_low is not None:
        lines.append(
            f"评审价格低于其他有效投标人评审价格平均值的 {report.abnormal_low:.0%} 的，须提供书面说明（第六十条）"
            if zh
            else f"An evaluated price below {report.abnormal_low:.0%} of the others' mean needs a written explanation (Art. 60)"
        )
    return lines
