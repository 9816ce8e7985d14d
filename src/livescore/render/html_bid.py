"""The 评标报告 section of the HTML report under a cn-* profile (see analysis/bid_report.py): headings in
Chinese, with the English beside them unless the report is in Chinese; laid out to print on A4."""

from __future__ import annotations

import html
from typing import Any

from livescore.analysis.bid_report import CN_NUMBERS, DECISIONS, SIZES, BidReport, label, rules
from livescore.records.values import render_value
from livescore.sanitize import clean_line

PRINT_CSS = """
.bid-report h3{margin:1.4rem 0 .3rem;font-size:1.05rem}.bid-report .rule{font-size:.9rem;margin:.2rem 0}
.bid-report td.sign{height:2.6rem;min-width:9rem;border-bottom:1px solid #444}
.bid-report .fill{display:inline-block;min-width:18rem;border-bottom:1px solid #444}.appendix{margin-top:3rem}
@page{size:A4;margin:14mm 12mm}
@media print{
body{max-width:none;margin:0;padding:0;font-size:9.5pt;line-height:1.35}
h1{font-size:15pt}h2{font-size:12.5pt}.bid-report h3{font-size:11pt;break-after:avoid}
table{font-size:8.5pt;margin:.3rem 0}th,td{padding:.15rem .3rem}thead{display:table-header-group}
tr,.keep{break-inside:avoid}.appendix{break-before:page}.signatures{break-inside:avoid}
details{display:block}details>summary{list-style:none}details::details-content{content-visibility:visible;display:contents}
.chart{break-inside:avoid;max-width:100%}.no-print{display:none}
}
"""

# Every <details> opens before printing, so the printout holds each vendor's tree.
PRINT_SCRIPT = (
    "<script>addEventListener('beforeprint',function(){"
    "document.querySelectorAll('details').forEach(function(d){d.open=true})})</script>"
)


def esc(value: Any) -> str:
    return html.escape(clean_line("" if value is None else str(value)), quote=True)


def section(report: BidReport, lang: str) -> list[str]:
    def w(key: str) -> str:
        return esc(report.say(key, lang))

    numbers = iter(CN_NUMBERS)

    def h3(key: str) -> str:
        return f"<h3>{next(numbers)}、{w(key)}</h3>"

    def money(x: float | None) -> str:
        return "—" if x is None else f"{x:,.2f}"

    names = {b.id: b.name for b in report.bidders}
    factor_names = {f.path: f.name for f in report.factors}
    out = ['<section class="bid-report">', f"<h2>{w('report')}</h2>"]
    if report.pending:
        waiting = "、".join(b.name for b in report.pending)
        out.append(f'<p class="note provisional"><strong>{w("provisional")}</strong> {esc(waiting)}</p>')
    out.append(f'<p class="rule"><strong>{esc(report.title)}</strong> · {esc(report.method)}</p>')
    out += [f'<p class="rule">{esc(line)}</p>' for line in rules(report, lang)]
    out.append(f'<p class="rule">{w("notice")} <span class="fill"></span></p>')

    out.append(h3("members"))
    rows = [[str(n), esc(m.name), esc(m.role or ""), esc(m.id)] for n, m in enumerate(report.members, 1)]
    out.append(_table([w("n"), w("name"), w("role"), "id"], rows))

    out.append(h3("bids"))
    rows = []
    for b in report.bidders:
        size = label(*SIZES[b.enterprise_size], lang) if b.enterprise_size in SIZES else report.say("undeclared", lang)
        status = w("valid") if b.valid else (w("pending") if b.pending else f'<span class="bad">{w("invalid_bid")}</span>')
        rows.append([esc(b.name), esc(size), money(b.bid), money(b.evaluated_price), status])
    currency = f" ({esc(report.currency)})" if report.currency else ""
    head = [w("bidder"), w("size"), w("bid") + currency, w("evaluated") + currency, w("status")]
    out.append(_table(head, rows, numeric={2, 3}))

    out.append(h3("invalid"))
    invalid = [[esc(b.name), "<br>".join(esc(r) for r in b.reasons)] for b in report.bidders if not b.valid and not b.pending]
    out.append(_table([w("bidder"), w("reasons")], invalid) if invalid else f"<p>{w('none')}</p>")

    out.append(h3("abnormal"))
    flagged = [b for b in report.bidders if b.abnormal_low is not None]
    if flagged:
        rows = []
        for b in flagged:
            decided = report.decisions.get(b.id)
            share = "—" if not b.abnormal_mean or b.evaluated_price is None else f"{b.evaluated_price / b.abnormal_mean:.1%}"
            decision = label(*DECISIONS[b.abnormal_low or "flagged"], lang)
            rows.append(
                [
                    esc(b.name),
                    money(b.evaluated_price),
                    money(b.abnormal_mean),
                    share,
                    esc(decision),
                    esc(decided.reason if decided else ""),
                ]
            )
        head = [w("bidder"), w("evaluated"), w("mean_others"), w("share"), w("decision"), w("reason")]
        out.append(_table(head, rows, numeric={1, 2, 3}))
    else:
        out.append(f"<p>{w('none') if report.abnormal_low is not None else w('no_threshold')}</p>")

    out.append(h3("summary"))
    head = [w("factor"), w("max"), w("kind")] + [esc(b.name) for b in report.bidders]
    rows = []
    for f in report.factors:
        kind = w("objective") if f.objective else w("subjective")
        rows.append([esc(f.name), report.fmt(f.max_points), kind] + [report.fmt(b.factors.get(f.path)) for b in report.bidders])
    if report.price_weight is not None:
        price_max = report.total_points * report.price_weight / 100
        rows.append([w("price"), report.fmt(price_max), ""] + [report.fmt(b.price) for b in report.bidders])
    totals = [f"<strong>{report.fmt(b.total) if b.valid else '—'}</strong>" for b in report.bidders]
    rows.append([f"<strong>{w('total')}</strong>", report.fmt(report.total_points), "", *totals])
    rows.append([w("rank"), "", ""] + [str(b.rank) if b.rank is not None else "—" for b in report.bidders])
    out.append(_table(head, rows, numeric=set(range(3, 3 + len(report.bidders))) | {1}))

    if report.member_points:
        out.append(h3("by_member"))
        members = [m.id for m in report.members]
        shown = {m.id: m.name for m in report.members}
        head = [w("factor"), w("bidder")] + [esc(shown.get(m, m)) for m in members] + [w("mean")]
        ordered = sorted(report.member_points, key=lambda mp: (list(factor_names).index(mp.path), _order(report, mp.vendor)))
        rows = [
            [esc(factor_names.get(mp.path, mp.path)), esc(names.get(mp.vendor, mp.vendor))]
            + [report.fmt(mp.by_member.get(m)) for m in members]
            + [f"<strong>{report.fmt(mp.mean)}</strong>"]
            for mp in ordered
        ]
        out.append(_table(head, rows, numeric=set(range(2, 3 + len(members)))))
        out.append(f'<p class="rule">{w("mean_note")}</p>')

    if report.corrections:
        out.append(h3("corrections"))
        rows = []
        for c in report.corrections:
            before = ", ".join(f"{m}: {render_value(v)}" for m, v in c.before.items()) or render_value(c.claimed)
            vendor, factor = names.get(c.vendor, c.vendor), factor_names.get(c.path, c.path)
            rows.append([esc(vendor), esc(factor), esc(before), esc(render_value(c.value)), esc(c.reason)])
        out.append(_table([w("bidder"), w("factor"), w("before"), w("corrected"), w("reason")], rows))

    out.append(h3("result") if not report.pending else h3("result").replace("</h3>", f" · {w('pending')}</h3>"))
    ranked = [b for b in report.bidders if b.rank is not None]
    if ranked:
        listed = "；".join(f"第{b.rank}名 {b.name}（{report.fmt(b.total)}）" for b in ranked)
        out.append(f"<p>{w('candidates')}{esc(listed)}</p>")
    else:
        out.append(f"<p>{w('no_valid')}</p>")

    out.append(f'<div class="signatures">{h3("signatures")}<p class="rule">{w("dissent")}</p>')
    rows = [[esc(m.name), esc(m.role or ""), "", ""] for m in report.members]
    out.append(_table([w("name"), w("role"), w("signature"), w("date")], rows, lined={2, 3}))
    out.append("</div></section>")
    return out


def _order(report: BidReport, vendor: str) -> int:
    return next((n for n, b in enumerate(report.bidders) if b.id == vendor), len(report.bidders))


def _table(head: list[str], rows: list[list[str]], numeric: set[int] | None = None, lined: set[int] | None = None) -> str:
    """A table of HTML cells: ``numeric`` columns right-aligned, ``lined`` columns a line to sign on."""
    numeric, lined = numeric or set(), lined or set()

    def cls(k: int) -> str:
        return ' class="num"' if k in numeric else (' class="sign"' if k in lined else "")

    out = [
        "<table><thead><tr>"
        + "".join(f"<th{cls(k) if k in numeric else ''}>{h}</th>" for k, h in enumerate(head))
        + "</tr></thead><tbody>"
    ]
    out += ["<tr>" + "".join(f"<td{cls(k)}>{c}</td>" for k, c in enumerate(row)) + "</tr>" for row in rows]
    out.append("</tbody></table>")
    return "".join(out)
