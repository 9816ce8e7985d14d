"""One self-contained HTML report: summary, points by dimension (stacked bar), a radar of the top
five, disqualifications, evaluator disagreements, robustness of the winner and each vendor's tree.

Charts are drawn by plotly (the `html` extra), with plotly.js inlined so the file needs no network.
Vendor text is HTML-escaped in the page; in chart labels, whose text plotly reads as markup, angle
brackets become look-alikes, and the figure JSON escapes `<`, `>` and `&` so no label can close the
script element.
"""

from __future__ import annotations

import html
from typing import Any

from livescore import __version__, pip_install
from livescore.analysis.bid_report import bid_report
from livescore.analysis.explain import Explanation
from livescore.analysis.sensitivity import Sensitivity, price_caption, verdict_sentence
from livescore.records.ranking import Ranking
from livescore.records.values import render_value
from livescore.records.vendor import lookalikes
from livescore.render.html_bid import PRINT_CSS, PRINT_SCRIPT
from livescore.render.html_bid import section as bid_section
from livescore.sanitize import clean_line

try:
    import plotly.graph_objects as go
    from plotly.offline import get_plotlyjs
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(f"the HTML report draws its charts with plotly: {pip_install('html')}") from exc

PALETTE = ["#4C78A8", "#F58518", "#54A24B", "#E45756", "#72B7B2", "#B279A2", "#FF9DA6", "#9D755D"]
CSS = """
body{font-family:"Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;
margin:2rem auto;max-width:1100px;color:#222;padding:0 1rem;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
.meta{color:#666;font-size:.9rem}.note{background:#fff8e1;border-left:4px solid #f0b400;padding:.5rem .8rem;font-size:.9rem}
table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.6rem 0}
th,td{border-bottom:1px solid #e5e5e5;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f6f9}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
tr.dq td{color:#888}.bad{color:#b00020}.ok{color:#2e7d32}details{margin:.4rem 0}
summary{cursor:pointer;font-weight:600}.ind td:first-child{padding-left:2.2rem}
.grp td:first-child{padding-left:1.1rem;font-style:italic}
.dim td{font-weight:600;background:#fafafa}.chart{width:100%;min-height:420px}
"""


def esc(value: Any) -> str:
    return html.escape(clean_line("" if value is None else str(value)), quote=True)


def label(value: str) -> str:
    """Text for a chart label: plotly reads a little HTML in labels, so no angle brackets get there."""
    return clean_line(value).replace("<", "‹").replace(">", "›")


def figure_script(fig: go.Figure, element_id: str) -> str:
    payload = fig.to_json().replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (
        f'<div id="{element_id}" class="chart"></div><script>(function(){{var f={payload};'
        f'Plotly.newPlot("{element_id}",f.data,f.layout,{{responsive:true,displaylogo:false}});}})();</script>'
    )


def report(result: Ranking, explanations: dict[str, Explanation], sensitivity: Sensitivity | None, lang: str = "en") -> str:
    tree = result.tree
    title = result.profile.title.get(lang) or result.profile.id
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>livescore · {esc(title)}</title><style>{CSS}{PRINT_CSS}</style>",
        f"<script>{get_plotlyjs()}</script>{PRINT_SCRIPT}</head><body>",
        f"<h1>Vendor ranking: {esc(title)}</h1>",
        f'<p class="meta">Indicator set {esc(tree.id)} {esc(tree.spec.version)} · profile {esc(result.profile.id)} · '
        f"missing evidence: {esc(result.policy)} · method: {esc(result.method)} · livescore {__version__}</p>",
    ]
    if tree.id == "enterprise-live-2022":
        parts.append(
            '<p class="note">The default indicator tree is a reconstruction of the 2022 enterprise live-streaming '
            "vendor standard (直播研究院 &amp; 36氪研究院): the report's level-3 table is not public. Every indicator "
            "states its provenance.</p>"
        )
    if result.profile.rationale:
        parts.append(f'<p class="meta">{esc(result.profile.rationale)}</p>')
    bids = bid_report(result, explanations, lang)
    if bids is not None:  # under a cn-* profile the report the committee signs comes first
        parts += bid_section(bids, lang)
        parts.append('<div class="appendix"><h2>Analysis</h2>' if lang != "zh" else '<div class="appendix"><h2>分析</h2>')
    parts += _summary(result, lang)
    parts += _charts(result, lang)
    parts += _disqualified(result)
    parts += _disagreements(result)
    if sensitivity is not None:
        parts += _sensitivity(sensitivity, {v.id: v.name for v in result.vendors})
    parts += _trees(result, explanations, lang)
    if bids is not None:
        parts.append("</div>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _summary(result: Ranking, lang: str) -> list[str]:
    tree = result.tree
    digits = result.profile.points.decimals if result.in_points and result.profile.points else 1
    head = ["#", "Vendor", "Points" if result.in_points else "Score"]
    if result.price:
        head += ["Quality", "Price", "Bid"]
        if result.price.sme_deduction:
            head.append("Evaluated")
    head += [d.name.get(lang) for d in tree.spec.dimensions] + ["Coverage"]
    rows = ["<h2>Summary</h2><table><thead><tr>" + "".join(f"<th>{esc(h)}</th>" for h in head) + "</tr></thead><tbody>"]
    alike = lookalikes({v.id: v.name for v in result.vendors})
    for v in result.vendors:
        shown = f"{v.name} ({v.id})" if v.id in alike else v.name
        numbers = result.shown(v)
        cells = ["—" if v.rank is None else str(v.rank), esc(shown), _num(numbers.score, digits)]
        if result.price:
            cells += [_num(numbers.quality, digits), _num(numbers.price, digits), _money(v.price.amount if v.price else None)]
            if result.price.sme_deduction:
                cells.append(_money(v.evaluated_price))
        cells += [_num(numbers.dimensions[d], digits) for d in tree.dimension_ids] + [f"{v.coverage * 100:.0f}%"]
        klass = "" if v.qualified else ' class="dq"'
        rows.append(
            f"<tr{klass}>" + "".join(f'<td class="{"" if n == 1 else "num"}">{c}</td>' for n, c in enumerate(cells)) + "</tr>"
        )
    rows.append("</tbody></table>")
    return rows


def _charts(result: Ranking, lang: str) -> list[str]:
    tree = result.tree
    dim_w = result.node_weights["dimension"]
    names = [label(v.name if v.qualified else f"{v.name} (disqualified)") for v in result.vendors]
    share = result.price.weight / 100 if result.price else 0.0
    bar = go.Figure()
    total = result.profile.points.total if result.in_points and result.profile.points else 100.0
    for k, dim in enumerate(tree.spec.dimensions):
        if result.in_points:  # the tender's own points: the rounded factors summed per dimension
            points = [result.shown(v).dimensions[dim.id] or 0.0 for v in result.vendors]
        else:
            points = [(v.dimensions[dim.id] or 0.0) * float(dim_w[k]) * (1 - share) for v in result.vendors]
        bar.add_trace(
            go.Bar(name=label(dim.name.get(lang)), y=names, x=points, orientation="h", marker_color=PALETTE[k % len(PALETTE)])
        )
    if result.price:
        points = (
            [result.shown(v).price or 0.0 for v in result.vendors]
            if result.in_points
            else [share * (v.price_score or 0.0) for v in result.vendors]
        )
        bar.add_trace(go.Bar(name="Price", y=names, x=points, orientation="h", marker_color="#999999"))
    bar.update_layout(
        barmode="stack",
        title="Points by dimension (weight × dimension score)" + (" and price" if result.price else ""),
        xaxis_title=f"points of {total:g}",
        yaxis={"autorange": "reversed", "automargin": True},
        height=120 + 48 * len(names),
        margin={"l": 10, "r": 10, "t": 60, "b": 40},
        legend={"orientation": "h", "y": -0.2},
    )
    charts = ["<h2>Charts</h2>", figure_script(bar, "points-by-dimension")]
    if len(tree.spec.dimensions) < 3:  # a radar needs three axes to draw a shape
        return charts
    radar = go.Figure()
    top = [v for v in result.vendors if v.qualified][:5]
    axes = [label(d.name.get(lang)) for d in tree.spec.dimensions]
    for n, v in enumerate(top):
        values = [v.dimensions[d] or 0.0 for d in tree.dimension_ids]
        radar.add_trace(
            go.Scatterpolar(
                r=[*values, values[0]], theta=[*axes, axes[0]], name=label(v.name), line_color=PALETTE[n % len(PALETTE)]
            )
        )
    radar.update_layout(
        title=f"The first {len(top)} qualified vendors by dimension (0-100)",
        polar={"radialaxis": {"range": [0, 100]}},
        height=480,
    )
    return [*charts, figure_script(radar, "radar-top-five")]


def _disqualified(result: Ranking) -> list[str]:
    out = [v for v in result.vendors if not v.qualified]
    if not out:
        return []
    rows = ["<h2>Disqualified</h2><table><thead><tr><th>Vendor</th><th>Failed requirement</th><th>Value</th></tr></thead><tbody>"]
    for v in out:
        for f in v.failed:
            rows.append(f'<tr><td>{esc(v.name)}</td><td class="bad">{esc(f.what())}</td><td>{esc(f.shown_value())}</td></tr>')
    rows.append("</tbody></table>")
    return rows


def _disagreements(result: Ranking) -> list[str]:
    pairs = [(v, d) for v in result.vendors for d in v.disagreements]
    if not pairs:
        return []
    rows = [
        "<h2>Evaluator disagreements</h2><p>Scores that differ by 2 of 5 levels or more, or evaluators differing on a "
        "yes/no: settle them before signing.</p><table><thead><tr><th>Vendor</th><th>Indicator</th><th>Evaluators</th>"
        "<th>Status</th></tr></thead><tbody>"
    ]
    for v, d in pairs:
        values = ", ".join(f"{esc(n)}: {esc(render_value(x))}" for n, x in d.values.items())
        state = '<span class="ok">resolved by consensus</span>' if d.resolved else '<span class="bad">open</span>'
        rows.append(f"<tr><td>{esc(v.name)}</td><td>{esc(d.indicator)}</td><td>{values}</td><td>{state}</td></tr>")
    rows.append("</tbody></table>")
    return rows


def _sensitivity(s: Sensitivity, names: dict[str, str]) -> list[str]:
    mode = "uniform weights" if s.mode == "uniform" else f"Dirichlet around the profile (concentration {s.concentration:g})"
    verdict = verdict_sentence(s, names)
    price = price_caption(s)
    rows = [
        "<h2>Is the winner robust?</h2>",
        *([f'<p class="verdict"><strong>{esc(verdict)}</strong></p>'] if verdict else []),
        f"<p>{s.samples:,} weight samples at {esc(s.level)} level, {esc(mode)}, seed {s.seed}"
        + (f"; {esc(price)}" if price else "")
        + ".</p>",
        '<table><thead><tr><th>Vendor</th><th class="num">P(first)</th><th class="num">Mean rank</th>'
        '<th class="num">5-95% ranks</th></tr></thead><tbody>',
    ]
    for v in sorted(s.vendors, key=lambda v: (-v.p_first, v.mean_rank)):
        lo, hi = v.rank_interval
        rows.append(
            f'<tr><td>{esc(names.get(v.id, v.id))}</td><td class="num">{v.p_first * 100:.1f}%</td>'
            f'<td class="num">{v.mean_rank:.2f}</td><td class="num">{lo}-{hi}</td></tr>'
        )
    rows.append("</tbody></table>")
    if s.winner and s.break_even:
        rows.append(
            f"<p>Break-even: {esc(names.get(s.winner, s.winner))} stays first while each share stays in its interval.</p>"
        )
        rows.append(
            '<table><thead><tr><th>Node</th><th class="num">Now</th><th class="num">Holds from</th><th class="num">to</th>'
            "<th>Below: first</th><th>Above: first</th></tr></thead><tbody>"
        )
        for b in s.break_even:  # closest change of winner first
            rows.append(
                f'<tr><td>{esc(b.node)}</td><td class="num">{b.weight * 100:.1f}%</td>'
                f'<td class="num">{b.holds_from * 100:.1f}%</td>'
                f'<td class="num">{b.holds_to * 100:.1f}%</td><td>{esc(names.get(b.below, b.below) if b.below else "—")}</td>'
                f"<td>{esc(names.get(b.above, b.above) if b.above else '—')}</td></tr>"
            )
        rows.append("</tbody></table>")
    return rows


def _trees(result: Ranking, explanations: dict[str, Explanation], lang: str) -> list[str]:
    out = ["<h2>Each vendor's scores</h2>"]
    for v in result.vendors:
        ex = explanations.get(v.id)
        if ex is None:
            continue
        rule = result.profile.points
        quality = (
            f"quality {ex.quality_points:.{rule.decimals}f} of {ex.scale:g} points"
            if rule is not None and ex.quality_points is not None
            else f"quality {_num(ex.quality)}"
        )
        out.append(f"<details><summary>{esc(v.name)} · {quality}</summary>")
        weight_head = "Weight" if rule is None else "Max"  # in tender points: the factor's full points
        out.append(
            '<table><thead><tr><th>Indicator</th><th>Value</th><th class="num">Score</th>'
            f'<th class="num">{weight_head}</th><th class="num">Points</th><th>Status</th><th>Source</th></tr></thead><tbody>'
        )
        lines = iter(ex.lines)
        for dim in result.tree.spec.dimensions:
            out.append(
                f'<tr class="dim"><td colspan="2">{esc(dim.name.get(lang))}</td>'
                f'<td class="num">{_num(ex.dimensions[dim.id])}</td><td colspan="4"></td></tr>'
            )
            for group in dim.groups:
                score = ex.groups[f"{dim.id}.{group.id}"]
                out.append(
                    f'<tr class="grp"><td colspan="2">{esc(group.name.get(lang))}</td>'
                    f'<td class="num">{_num(score)}</td><td colspan="4"></td></tr>'
                )
                for ind in group.indicators:
                    ln = next(lines)
                    value = ex.shown_value(ln)
                    weight = f"{ln.weight * 100:.2f}%" if rule is None else f"{ln.weight * ex.scale:.{rule.decimals}f}"
                    points = f"{ln.points:.2f}" if rule is None else f"{ln.points:.{rule.decimals}f}"
                    out.append(
                        f'<tr class="ind"><td>{esc(ind.name.get(lang))}</td><td>{esc(value)}</td>'
                        f'<td class="num">{"—" if ln.score is None else f"{ln.score:.2f}"}</td>'
                        f'<td class="num">{weight}</td>'
                        f'<td class="num">{points}</td><td>{esc(ln.status)}</td><td>{esc(ln.source)}</td></tr>'
                    )
        out.append("</tbody></table></details>")
    return out


def _money(value: float | None) -> str:
    """An amount with its cents when it has any: 500,000 and 500,000.01 must not read the same."""
    return "—" if value is None else f"{value:,.2f}".removesuffix(".00")


def _num(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"
