"""The ranking as CSV and Markdown: one row per vendor, the dimension scores, price columns when priced.

Vendor text is neutralised for each target: CSV cells that a spreadsheet would run as a formula get a
leading quote (OWASP); Markdown cells escape the characters that would make links, HTML or columns.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from livescore.records.ranking import Ranked, Ranking
from livescore.records.values import render_value
from livescore.sanitize import clean_line, clean_terminal, neutralise_formula


def columns(result: Ranking) -> list[str]:
    head = ["rank", "id", "name", "qualified", "score", "quality"]
    if result.price:
        head += ["price_score", "bid", "currency", "enterprise_size", "evaluated_price", "abnormal_low"]
    if result.in_points:
        head += ["points", "quality_points", "price_points"]
    head += [f"dim_{d}" for d in result.tree.dimension_ids]
    head += ["coverage"]
    if any(v.stage_coverage for v in result.vendors):
        head += ["stage_features"]
    return [*head, "failed_requirements", "disagreements"]


def row(result: Ranking, v: Ranked) -> list[Any]:
    cells: list[Any] = [v.rank, v.id, v.name, v.qualified, v.score, v.quality]
    if result.price:
        cells += [v.price_score, v.price.amount if v.price else None, v.price.currency if v.price else None]
        cells += [v.enterprise_size, v.evaluated_price, v.abnormal_low]
    if result.in_points:
        shown = result.shown(v)
        cells += [shown.score, shown.quality, shown.price]
    cells += [v.dimensions[d] for d in result.tree.dimension_ids]
    cells += [v.coverage]
    if any(x.stage_coverage for x in result.vendors):
        cells += [f"{v.stage_coverage.covered}/{v.stage_coverage.total}" if v.stage_coverage else None]
    failed = "; ".join(f.text() for f in v.failed)
    disputed = "; ".join(f"{d.indicator}{' (resolved)' if d.resolved else ''}" for d in v.disagreements)
    return [*cells, failed, disputed]


def to_csv(result: Ranking) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns(result))
    for v in result.vendors:
        writer.writerow([_csv_cell(c) for c in row(result, v)])
    return out.getvalue()


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return clean_line(neutralise_formula(value))  # quote first: a leading tab or CR is a formula start too
    return value  # numbers are never prefixed


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")
# What GitHub turns into a link or a mention by itself (autolinks extension): a scheme before `://`,
# `www.`, and `@` (e-mail addresses, @user and @org/team mentions). A U+200B breaks each one.
_AUTOLINK = re.compile(r"(?<=[A-Za-z])(?=:/)|(?<=\bwww)(?=\.)|(?<=@)", re.IGNORECASE)


def md_escape(text: str) -> str:
    """A vendor string as Markdown text: metacharacters escaped, autolinks and mentions broken, one line."""
    return _AUTOLINK.sub("\u200b", _MD_SPECIAL.sub(r"\\\1", clean_terminal(text)))


def to_markdown(result: Ranking) -> str:
    tree = result.tree
    title = result.profile.title.get("en") or result.profile.id
    lines = [f"# Vendor ranking: {md_escape(title)}", ""]
    lines.append(
        f"Indicator set `{tree.id}` {md_escape(tree.spec.version)} · profile `{result.profile.id}` · "
        f"missing evidence: {result.policy} · method: {result.method}"
    )
    if result.price:
        p = result.price
        lines.append(f"Price: {p.weight:g} % by {p.formula}, benchmark {render_value(p.benchmark)} {p.currency or ''}".rstrip())
    points = result.profile.points if result.in_points else None
    if points is not None:
        lines.append(f"In tender points of {points.total:g}, each factor rounded half-up to {points.decimals} places.")
    lines.append("")
    head = ["#", "Vendor", "Points" if points is not None else "Score"]
    if result.price:
        head += ["Quality", "Price", "Bid", "Evaluated price"]
    head += [md_escape(d.name.get("en")) for d in tree.spec.dimensions] + ["Coverage"]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "|".join(["---:", ":---", *["---:"] * (len(head) - 2)]) + "|")
    for v in result.vendors:
        shown, digits = result.shown(v), points.decimals if points is not None else 1
        cells = ["—" if v.rank is None else str(v.rank), md_escape(v.name), _num(shown.score, digits)]
        if result.price:
            cells += [_num(shown.quality, digits), _num(shown.price, digits), _money(v.price.amount if v.price else None)]
            cells.append(_money(v.evaluated_price))
        cells += [_num(shown.dimensions[d], digits) for d in tree.dimension_ids]
        cells.append(f"{v.coverage * 100:.0f}%")
        lines.append("| " + " | ".join(cells) + " |")
    disqualified = [v for v in result.vendors if not v.qualified]
    if disqualified:
        lines += ["", "## Disqualified", ""]
        for v in disqualified:
            reasons = "; ".join(md_escape(f.text()) for f in v.failed)
            lines.append(f"- **{md_escape(v.name)}**: {reasons}")
    disputed = [(v, d) for v in result.vendors for d in v.disagreements]
    if disputed:
        lines += ["", "## Evaluator disagreements", ""]
        for v, d in disputed:
            values = ", ".join(f"{md_escape(n)} {md_escape(render_value(x))}" for n, x in d.values.items())
            state = "resolved by consensus" if d.resolved else "open"
            lines.append(f"- **{md_escape(v.name)}** `{d.indicator}`: {values} ({state})")
    return "\n".join(lines) + "\n"


def _num(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _money(value: float | None) -> str:
    return "—" if value is None else f"{value:,.2f}".removesuffix(".00")
