"""Workload 2, market scale: `livescore rank DIR -f json` on folders of generated vendor files.

One folder per size (500 / 1,000 / 5,000 files in a full run), the default set. Floor:
scripts/floor_load.py, loading the same files with PyYAML's C loader and nothing else. Targets: at most
1.5x the floor, under 300 MB at the largest size, and time growing linearly with the number of files.
"""

from __future__ import annotations

import itertools
import json

from context import Bench, script
from harness import Cmd, fmt_mb, fmt_ms, fmt_ratio, log, met, table

HEADER = [
    "files",
    "command",
    "median ms",
    "min",
    "max",
    "runs",
    "CPU ms",
    "ms/file",
    "× floor",
    "peak MB",
    "target",
    "met?",
]


def run(bench: Bench) -> None:
    rows = []
    medians: dict[int, float] = {}
    for n in bench.sizes.market:
        folder = bench.folder_arg(bench.market_dirs[n])
        cmds = [
            Cmd("rank", "`livescore rank DIR -f json`", [*bench.livescore, "rank", folder, "-f", "json"]),
            Cmd("floor", "floor: PyYAML C loader only", [bench.py, script("floor_load.py"), folder]),
        ]
        log(f"market: {n} files x {bench.sizes.runs} runs")
        res = bench.runner.measure(cmds, bench.sizes.runs, f"market {n}")
        rank, floor = res["rank"], res["floor"]
        if rank.ok:
            try:
                count = len(json.loads(rank.stdout)["vendors"])
            except ValueError:
                count = -1
            if count != n:
                rank.error = f"JSON lists {count} vendors, expected {n}"
        for key, t in res.items():
            if not t.ok:
                rows.append([f"{n:,}", t.cmd.label, "FAILED", "—", "—", "0", "—", "—", "—", "—", t.error or "", "**NO**"])
                continue
            cells = [
                f"{n:,}",
                t.cmd.label,
                fmt_ms(t.median),
                fmt_ms(min(t.times_ms)),
                fmt_ms(max(t.times_ms)),
                str(len(t.times_ms)),
                fmt_ms(t.cpu),
                f"{t.median / n:.2f}",
            ]
            if key == "rank":
                medians[n] = t.median
                r = t.median / floor.median if floor.ok else None
                big = n == max(bench.sizes.market)
                ok = r is not None and r <= 1.5
                mem_ok = t.peak < 300
                bench.target("market", f"{n:,} files: rank -f json <= 1.5x floor", fmt_ratio(r), ok if r is not None else None)
                if big:
                    bench.target("market", f"{n:,} files: peak memory < 300 MB", f"{fmt_mb(t.peak)} MB", mem_ok)
                if not (ok and (mem_ok or not big)) and not any(k == "market" for k, _, _ in bench.to_profile):
                    bench.to_profile.append(("market", f"{t.cmd.label}, {n:,} files", t.cmd.argv))
                cells += [
                    fmt_ratio(r),
                    fmt_mb(t.peak),
                    "<= 1.5x floor" + (", < 300 MB" if big else ""),
                    met(ok and (mem_ok or not big)),
                ]
            else:
                cells += ["—", fmt_mb(t.peak), "floor", "—"]
            rows.append(cells)
    text = "## 2. Market scale: generated vendor files, default set\n\n"
    text += (
        f"Each file: about 85 indicators, most in the long form (value, source, date, often a note), some short, a few "
        f"missing. {bench.sizes.runs} timed runs per command after one warm-up, interleaved; stdout to a file.\n\n"
    )
    text += table(HEADER, rows)
    sizes = sorted(medians)
    if len(sizes) >= 3:
        pairs = list(itertools.pairwise(sizes))
        slopes = [(medians[b] - medians[a]) / (b - a) for a, b in pairs]
        ok = slopes[-1] <= 1.25 * slopes[0]
        shown = ", ".join(f"{a:,}→{b:,}: {s:.2f} ms/file" for (a, b), s in zip(pairs, slopes, strict=True))
        text += f"\n\nLinearity (marginal cost per added file, livescore): {shown}; "
        text += f"linear if the last <= 1.25x the first: {met(ok)}."
        bench.target("market", "time grows linearly (marginal ms/file, last <= 1.25x first)", shown, ok)
    bench.sections.append(text)
