"""Rich renderables for the terminal. Untrusted strings enter only as ``Text`` (never as markup) and
after :func:`clean_terminal`, so a vendor cannot inject rich markup or terminal control sequences."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from livescore.analysis.closecall import close_call
from livescore.analysis.explain import Explanation
from livescore.records.ranking import Ranking
from livescore.records.tree import Tree, Weights
from livescore.records.values import render_value
from livescore.records.vendor import Disagreement, lookalikes
from livescore.sanitize import clean_terminal


def safe(value: str | None, style: str = "") -> Text:
    return Text(clean_terminal(value or ""), style=style)


def fmt(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def pct(value: float | None, digits: int = 0) -> str:
    return "—" if value is None else f"{value * 100:.{digits}f}%"


def dimension_names(tree: Tree, lang: str) -> list[str]:
    return [d.name.get(lang) for d in tree.spec.dimensions]


def ranking(result: Ranking, lang: str, width: int = 100) -> RenderableType:
    tree = result.tree
    en = lang == "en"
    title = result.profile.title.get(lang) or result.profile.title.get("en") or result.profile.id
    caption = f"profile {result.profile.id} · missing: {result.policy} · method: {result.method}"
    if result.price:
        p = result.price
        benchmark = "—" if p.benchmark is None else f"{p.benchmark:,.2f}".removesuffix(".00")
        caption += f" · price {p.weight:g}% {p.formula}, benchmark {benchmark} {p.currency or ''}".rstrip()
        if p.sme_deduction:
            caption += f" · small/micro bids -{p.sme_deduction:.0%}"
    points = result.profile.points if result.in_points else None
    if points is not None:
        caption += f" · in points of {points.total:g}, rounded to {points.decimals}"
    deducted = bool(result.price and result.price.sme_deduction)
    table = Table(title=clean_terminal(title), caption=caption, box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    staged = any(v.stage_coverage for v in result.vendors)
    priced = result.price is not None
    # Under a price the quality, price and bid columns come first and the dimensions show only when
    # they fit; the dimension columns share what the fixed columns leave, headers shortened to fit.
    names = dimension_names(tree, lang) if not priced or width >= 120 else []
    fixed = 30 + (26 if priced else 0) + (10 if deducted else 0) + (8 if staged else 0)
    column = max(5, min(11, (width - fixed) // max(1, len(names)) - 2))
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Vendor" if en else "服务商", overflow="fold", min_width=14, ratio=1)
    score_head = ("Points" if en else "得分") if points is not None else ("Score" if en else "总分")
    table.add_column(score_head, justify="right", no_wrap=True, style="bold")
    if priced:
        table.add_column("Quality" if en else "质量分", justify="right", no_wrap=True)
        table.add_column("Price" if en else "价格分", justify="right", no_wrap=True)
        table.add_column("Bid" if en else "报价", justify="right", no_wrap=True)
        if deducted:
            table.add_column("Evaluated" if en else "评审价", justify="right", no_wrap=True)
    for name in names:
        table.add_column(_fit(clean_terminal(name), column), justify="right", no_wrap=True)
    table.add_column("Cover" if en else "覆盖", justify="right", no_wrap=True)
    if staged:
        table.add_column("Stage" if en else "阶段功能", justify="right", no_wrap=True)
    previous_qualified = True
    alike = lookalikes({v.id: v.name for v in result.vendors})
    for v in result.vendors:
        if previous_qualified and not v.qualified:
            table.add_section()
        previous_qualified = v.qualified
        style = "" if v.qualified else "dim"
        shown, digits = result.shown(v), points.decimals if points is not None else 1
        price_cells = [fmt(shown.quality, digits), fmt(shown.price, digits), _money(v.price.amount if v.price else None)]
        if deducted:
            price_cells.append(_money(v.evaluated_price))
        table.add_row(
            "—" if v.rank is None else str(v.rank),
            safe(f"{v.name} ({v.id})" if v.id in alike else v.name, style),
            fmt(shown.score, digits),
            *(price_cells if priced else []),
            *[fmt(shown.dimensions[d], digits) for d in tree.dimension_ids[: len(names)]],
            pct(v.coverage),
            *([f"{v.stage_coverage.covered}/{v.stage_coverage.total}" if v.stage_coverage else ""] if staged else []),
            style=style,
        )
    parts: list[RenderableType] = [table]
    if call := close_call(result):
        label = "Close call: " if en else "差距很小: "
        parts.append(Text.assemble((label, "bold yellow"), safe(call.reason + ": check the evidence before signing.")))
    disqualified = [v for v in result.vendors if not v.qualified]
    if disqualified:
        parts.append(Text("Disqualified (failed requirements):" if lang == "en" else "未通过门槛要求:", style="bold"))
        reasons = Table.grid(padding=(0, 1))
        reasons.add_column(no_wrap=True)
        reasons.add_column(overflow="fold")
        for v in disqualified:
            for n, f in enumerate(v.failed):
                reasons.add_row(safe(v.id if n == 0 else "", "red"), safe(f.text()))
        parts.append(reasons)
    disputed = [v for v in result.vendors if v.disagreements]
    if disputed:
        parts.append(Text("Evaluator disagreements (settle before signing):" if en else "评委意见分歧:", style="bold"))
        parts.append(disagreements_grid([(v.id, d) for v in disputed for d in v.disagreements]))
    return Group(*parts)


def disagreements_grid(rows: list[tuple[str, Disagreement]]) -> RenderableType:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    previous = None
    for vendor_id, d in rows:
        values = ", ".join(f"{name} {render_value(value)}" for name, value in d.values.items())
        state = "resolved by consensus" if d.resolved else "open"
        grid.add_row(safe(vendor_id if vendor_id != previous else "", "yellow"), safe(f"{d.indicator}: {values} ({state})"))
        previous = vendor_id
    return grid


def _money(value: float | None) -> str:
    return "—" if value is None else f"{value:,.2f}".removesuffix(".00")


def _fit(text: str, width: int) -> str:
    """A header in lines of at most ``width`` cells, never cut: at spaces, else hyphenated."""
    from rich.cells import cell_len

    lines: list[str] = []
    for word in text.split():
        if lines and cell_len(lines[-1]) + 1 + cell_len(word) <= width:
            lines[-1] += " " + word
            continue
        while cell_len(word) > width:
            cut = max(1, width - 1)
            while cell_len(word[:cut]) > width - 1 and cut > 1:
                cut -= 1
            lines.append(word[:cut] + "-")
            word = word[cut:]
        lines.append(word)
    return "\n".join(lines)


def _quality_head(result: Explanation) -> str:
    """`quality 82.7 / 100`, or in tender points `quality 53.10 of 70 points` (the price points apart)."""
    rule = result.profile.points
    if rule is None or result.quality_points is None:
        return f"quality {result.quality:.1f} / 100"
    return f"quality {result.quality_points:.{rule.decimals}f} of {result.scale:g} points"


def explanation(result: Explanation, lang: str, width: int = 100, *, limit: int = 5) -> RenderableType:
    tree = result.tree
    record = result.record
    head = Text.assemble(
        safe(record.name, "bold"),
        f"  {_quality_head(result)} · coverage {result.coverage * 100:.0f}% · profile {result.profile.id}"
        f" · missing: {result.policy}",
    )
    parts: list[RenderableType] = [head]
    if result.stage:
        missing = ", ".join(result.stage.missing[:6]) + (" ..." if len(result.stage.missing) > 6 else "")
        parts.append(
            safe(f"stage features {result.stage.covered}/{result.stage.total}" + (f"; missing: {missing}" if missing else ""))
        )
    if result.disagreements:
        parts.append(Text("Evaluator disagreements:", style="bold"))
        parts.append(disagreements_grid([(record.id, d) for d in result.disagreements]))
    if result.failed:
        parts.append(Text("Fails requirements:", style="bold red"))
        parts.extend(safe(f"  {f.text()}") for f in result.failed)
    digits = result.profile.points.decimals if result.profile.points is not None else 2
    losses = result.largest_losses(limit)
    if losses:
        parts.append(Text("Largest lost points:" if lang == "en" else "失分最多:", style="bold"))
        for ln in losses:
            why = "no evidence" if ln.score is None else f"value {result.shown_value(ln)}, score {ln.score:.2f}"
            parts.append(safe(f"  -{ln.lost:5.{digits}f}  {ln.path}  ({why})"))
    # Fixed widths: the numeric columns take 18 cells, the status 9, padding 12, separators and edges 8; names, values and
    # sources share the rest.
    value_w = max(8, width // 8 if width < 100 else width // 6)
    remaining = max(20, width - 47 - value_w)
    name_w = remaining * 3 // 4
    source_w = remaining - name_w
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Indicator" if lang == "en" else "指标", no_wrap=True, overflow="ellipsis", width=name_w)
    table.add_column("Value", overflow="fold", width=value_w)
    table.add_column("Score", justify="right", no_wrap=True, width=5)
    # In tender points the column is the factor's full points (its line of the scoring table).
    tender = result.scale if result.profile.points is not None else None
    table.add_column("Weight" if tender is None else "Max", justify="right", no_wrap=True, width=7)
    table.add_column("Points", justify="right", no_wrap=True, width=6)
    table.add_column("Status", no_wrap=True, width=9)  # from the data, never from a vendor's text
    table.add_column("Source", no_wrap=True, overflow="ellipsis", width=source_w)
    lines = iter(result.lines)
    for d, dim in enumerate(tree.spec.dimensions):
        table.add_row(safe(dim.name.get(lang), "bold"), "", fmt(_pct_or_none(result.dimensions[dim.id]), 2), "", "", "", "")
        for group in dim.groups:
            gpath = f"{dim.id}.{group.id}"
            group_score = fmt(_pct_or_none(result.groups[gpath]), 2)
            table.add_row(safe("  " + group.name.get(lang), "italic"), "", group_score, "", "", "", "")
            for ind in group.indicators:
                ln = next(lines)
                style = "dim" if ln.score is None else ""
                shown = result.shown_value(ln)
                table.add_row(
                    Text("    " + clean_terminal(ind.name.get(lang)), style=style),
                    safe(shown, style),
                    fmt(ln.score, 2),
                    pct(ln.weight, 1) if tender is None else fmt(tender * ln.weight, digits),
                    fmt(ln.points, digits),
                    Text("" if ln.status == "missing" else ln.status, style=STATUS_STYLE.get(ln.status, style)),
                    safe(ln.source or "", style),
                )
        if d < len(tree.spec.dimensions) - 1:
            table.add_section()
    parts.append(table)
    return Group(*parts)


STATUS_STYLE = {"verified": "bold green", "evaluated": "green"}  # the buyer's values stand out


def _pct_or_none(value: float | None) -> float | None:
    return None if value is None else value / 100


def tree_view(tree: Tree, weights: Weights, lang: str, profile_id: str, width: int = 100) -> RenderableType:
    node_w = tree.node_global_weights(weights)
    table = Table(
        title=clean_terminal(tree.spec.title.get(lang)),
        caption=f"set {tree.id} {tree.spec.version} · profile {profile_id} · {len(tree.paths)} indicators",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    # Kind, weight and global share take 19 cells, padding and edges 10; names and ids share the rest.
    name_w = max(20, (width - 32) * 3 // 5)
    id_w = max(10, width - 32 - name_w)
    table.add_column("Node" if lang == "en" else "节点", no_wrap=True, overflow="ellipsis", width=name_w)
    table.add_column("Id", no_wrap=True, overflow="ellipsis", width=id_w)
    table.add_column("Kind", no_wrap=True, min_width=7)
    table.add_column("Weight", justify="right", no_wrap=True, width=6)
    table.add_column("Global", justify="right", no_wrap=True, width=7)
    i = g = 0
    for d, dim in enumerate(tree.spec.dimensions):
        table.add_row(safe(dim.name.get(lang), "bold"), dim.id, "", _w(weights.dimension[d]), pct(node_w["dimension"][d], 1))
        for group in dim.groups:
            table.add_row(
                safe("  " + group.name.get(lang), "italic"), group.id, "", _w(weights.group[g]), pct(node_w["group"][g], 1)
            )
            g += 1
            for ind in group.indicators:
                table.add_row(
                    "    " + clean_terminal(ind.name.get(lang)),
                    ind.id,
                    ind.kind,
                    _w(weights.indicator[i]),
                    pct(node_w["indicator"][i], 2),
                )
                i += 1
    return table


def _w(value: Any) -> str:
    return render_value(float(value))
