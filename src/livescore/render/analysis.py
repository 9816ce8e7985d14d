"""Rich renderables for the analyst commands: sensitivity, AHP weights, compare, profiles."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from livescore.analysis.ahp import CR_LIMIT, AhpResult
from livescore.analysis.compare import Comparison
from livescore.analysis.sensitivity import Sensitivity, price_caption, verdict_sentence
from livescore.render.table import fmt, pct, safe


def sensitivity(result: Sensitivity, names: dict[str, str], width: int = 100) -> RenderableType:
    mode = (
        "uniform weights" if result.mode == "uniform" else f"Dirichlet around the profile, concentration {result.concentration:g}"
    )
    caption = f"{mode} · seed {result.seed}"
    if price := price_caption(result):
        caption += f"\n{price}"
    table = Table(
        title=f"Rank acceptability: {result.samples:,} weight samples at {result.level} level",
        caption=caption,
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    ranks = min(len(result.vendors), 3 if width < 120 else 6)
    # Fixed columns: P(first) 8, mean 9, interval 11, each rank 4; padding 2 per column, edges 2.
    vendor_w = max(12, width - 46 - 6 * ranks)
    table.add_column("Vendor", overflow="fold", width=vendor_w)
    table.add_column("P(first)", justify="right", no_wrap=True, style="bold", min_width=8)
    table.add_column("Mean rank", justify="right", no_wrap=True, min_width=9)
    table.add_column("5-95% ranks", justify="right", no_wrap=True, min_width=11)
    for r in range(ranks):
        table.add_column(f"#{r + 1}", justify="right", no_wrap=True, min_width=4)
    for v in sorted(result.vendors, key=lambda v: (-v.p_first, v.mean_rank, v.id)):
        lo, hi = v.rank_interval
        table.add_row(
            safe(names.get(v.id, v.id)),
            pct(v.p_first, 1),
            f"{v.mean_rank:.2f}",
            f"{lo}-{hi}" if lo != hi else str(lo),
            *[pct(x, 0) for x in v.rank_acceptability[:ranks]],
        )
    verdict = verdict_sentence(result, names)
    parts: list[RenderableType] = [safe(verdict, "bold"), Text("")] if verdict else []
    parts.append(table)
    if result.winner and result.break_even:
        winner = names.get(result.winner, result.winner)
        parts.append(Text.assemble(("Break-even: ", "bold"), f"where {result.level} shares move (the others in proportion), "
                                   "the current winner ", safe(winner, "bold"), " stays first"))  # fmt: skip
        grid = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        # Now 6, holds 13; padding 2 per column, edges 2: 29 cells; the node and who takes over share the rest.
        # A path breaks after its dots; its longest part is kept whole while the last column keeps 12.
        part_w = min(max(len(p) for n in result.nodes for p in n.split(".")) + 1, width - 29 - 12)
        node_w = min(max(len(n) for n in result.nodes), max(14, part_w, (width - 29) // 2))
        grid.add_column(result.level.capitalize(), overflow="fold", width=node_w)
        grid.add_column("Now", justify="right", no_wrap=True, width=6)
        grid.add_column("Holds", justify="right", no_wrap=True, width=13)
        grid.add_column("Past the end, first", overflow="fold", min_width=12, ratio=1)
        for b in result.break_even:  # closest change of winner first
            past = [f"< {pct(b.holds_from, 1)}: {names.get(b.below, b.below)}"] if b.below else []
            past += [f"> {pct(b.holds_to, 1)}: {names.get(b.above, b.above)}"] if b.above else []
            grid.add_row(
                _at_dots(b.node, node_w),
                pct(b.weight, 1),
                f"{pct(b.holds_from, 1)}-{pct(b.holds_to, 1)}",
                safe("\n".join(past) or "— (first at any share)"),
            )
        parts.append(grid)
        pw = result.price_weight
        row = next((b for b in result.break_even if b.node == "price"), None)
        if row is not None and row.legal is not None and pw is not None and pw.legal_range is not None:
            low, high = pw.legal_range
            where = "inside" if row.legal else "outside"
            note = f"price: the change of winner lies {where} the legal range of the price weight ({low:g}-{high:g}%)"
            parts.append(Text(note))
    return Group(*parts)


def _at_dots(path: str, width: int) -> str:
    """A node path too wide for its column, broken after its dots (a part wider still is folded)."""
    parts = path.split(".")
    lines: list[str] = []
    for token in [p + "." for p in parts[:-1]] + parts[-1:]:
        if lines and len(lines[-1]) + len(token) <= width:
            lines[-1] += token
        else:
            lines.append(token)
    return "\n".join(lines)


def ahp(result: AhpResult) -> RenderableType:
    where = result.parent or "dimensions"
    table = Table(title=f"AHP weights: {where} ({result.method})", box=box.SIMPLE_HEAD, pad_edge=False, min_width=48)
    table.add_column("Node")
    table.add_column("Weight", justify="right")
    for name, w in sorted(zip(result.names, result.weights, strict=True), key=lambda x: -x[1]):
        table.add_row(name, pct(float(w), 1))
    cr = "n/a (more than 15 items)" if result.cr is None else f"{result.cr:.3f}"
    if result.cr is None:
        verdict = ""
    elif result.consistent:
        verdict = f" (acceptable: at most {CR_LIMIT:.2f})"
    else:
        verdict = f" (not acceptable: above {CR_LIMIT:.2f}; revise the judgements)"
    summary = Text(f"lambda max {result.lambda_max:.4f} · CI {result.ci:.4f} · CR {cr}{verdict}")
    parts: list[RenderableType] = [table, summary]
    if result.most_inconsistent:
        a, b = result.most_inconsistent
        parts.append(Text(f"most inconsistent judgement: {a} vs {b}"))
    return Group(*parts)


def comparison(result: Comparison, names: dict[str, str], width: int = 100) -> RenderableType:
    """One table when the vendors fit the width, else several, each with the node, weight and spread
    columns: a number is never cut and no vendor falls off the edge."""
    ranked = {v.id: v for v in result.ranking.vendors}
    node_w = max(16, min(30, width // 4))
    fit = max(1, (width - node_w - 24) // 14)  # node, weight and spread with their padding; 14 per vendor column
    parts: list[RenderableType] = []
    for start in range(0, len(result.vendors), fit):
        chunk = list(range(start, min(start + fit, len(result.vendors))))
        parts.append(_comparison_table(result, names, ranked, chunk, node_w, first=start == 0))
    failed = [(vid, f) for vid in result.vendors for f in ranked[vid].failed]
    if failed:
        reasons = Table.grid(padding=(0, 1))
        reasons.add_column(no_wrap=True)
        reasons.add_column(overflow="fold")
        for n, (vid, f) in enumerate(failed):
            reasons.add_row(safe(vid if n == 0 or failed[n - 1][0] != vid else "", "red"), safe(f.text()))
        parts += [Text("Disqualified (failed requirements):", style="bold"), reasons]
    return Group(*parts)


def _comparison_table(
    result: Comparison, names: dict[str, str], ranked: dict[str, Any], chunk: list[int], node_w: int, *, first: bool
) -> Table:
    table = Table(
        title="Side by side: points per node (weight × score), the most separating first" if first else None,
        caption=f"profile {result.ranking.profile.id} · scores 0-100 in brackets",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column("Node", overflow="fold", width=node_w)
    table.add_column("Weight", justify="right", no_wrap=True, min_width=6)
    vendors = [result.vendors[k] for k in chunk]
    for vid in vendors:  # names wrap at spaces; numbers ("26.1 (82)") are never cut
        table.add_column(safe(names.get(vid, vid)), justify="right", overflow="fold", min_width=11, max_width=11)
    table.add_column("Spread", justify="right", no_wrap=True, min_width=6)
    table.add_row("Total", "100%", *[fmt(ranked[vid].score) for vid in vendors], "", style="bold")
    status = ["yes" if ranked[v].qualified else Text(f"✗ {len(ranked[v].failed)} failed", style="red") for v in vendors]
    table.add_row("Qualified", "", *status, "")
    level = None
    for row in result.rows:
        if row.level != level:
            table.add_section()
            level = row.level
        cells = [f"{row.points[k]:.1f} ({fmt(row.scores[k], 0)})" for k in chunk]
        table.add_row(row.path, pct(row.weight, 1), *cells, f"{row.spread:.1f}")
    return table


def profiles(rows: list[tuple[str, str, str]]) -> RenderableType:
    table = Table(title="Weight profiles", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Name", no_wrap=True, style="bold")
    table.add_column("Title", overflow="fold")
    table.add_column("Description", overflow="fold")
    for name, title, description in rows:
        table.add_row(name, safe(title), safe(description))
    return table
