"""Workload 3, sensitivity in-process: livescore's SMAA on generated vendors at group and indicator level.

Each measurement is one process of scripts/sens_worker.py, which times the implementations in-process
and prints one JSON line. Floor: the bare numpy computation in the same worker (Dirichlet draws, one
matrix product, argsort, bincount), interleaved with livescore in one process. Peers: one pymcdm /
scikit-criteria weighted sum per sampled weight vector, each in its own process, compared per sample.
A full run also checks that a million group-level samples stay within bounded memory.
"""

from __future__ import annotations

import json
import statistics
from typing import Any

from context import INSTALL_HINT, PEERS, Bench, script
from harness import fmt_mb, fmt_ms, fmt_ratio, log, met, table

HEADER = [
    "level",
    "implementation",
    "samples",
    "median ms",
    "min",
    "max",
    "runs",
    "CPU ms",
    "µs/sample",
    "× floor",
    "peer ÷ livescore per sample",
    "peak MB",
    "heap MB",
    "target",
    "met?",
]
NAMES = {
    "livescore": "livescore `smaa`",
    "floor": "floor: bare numpy",
    "pymcdm": "peer: pymcdm WSM loop",
    "skcriteria": "peer: scikit-criteria WSM loop",
}

# impl -> (the worker's record of it or None, peak MB of its process, error, samples per call)
Results = dict[str, tuple[dict[str, Any] | None, float, str | None, int]]


def worker(bench: Bench, impl: str, level: str, samples: int, runs: int) -> tuple[dict[str, Any] | None, float, str | None]:
    """One process of the worker: (its JSON line, its peak MB, the error if it failed)."""
    argv = [bench.py, script("sens_worker.py"), impl, level, str(samples), str(runs), str(bench.npz), str(bench.sens_dir)]
    _, _, peak, rc, out, err = bench.runner.once(argv)
    if rc != 0:
        tail = (err.strip().splitlines() or ["(no output)"])[-1][:200]
        log(f"sensitivity {impl} {level}: FAILED: {tail}")
        return None, peak, f"exit {rc}: {tail}"
    data: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return data, peak, None


def measure_level(bench: Bench, level: str) -> Results:
    s, ps, runs = bench.sizes.sens_samples, bench.sizes.peer_samples, bench.sizes.runs
    results: Results = {}
    # livescore and the floor interleaved in one process (same conditions); each one's peak memory from a
    # process of its own doing one call; each peer in its own process.
    log(f"sensitivity {level}: livescore and floor interleaved, {s:,} samples x {runs} runs")
    both, _, error = worker(bench, "livescore,floor", level, s, runs)
    for impl in ("livescore", "floor"):
        _, peak, _ = worker(bench, impl, level, s, 0)
        results[impl] = (both[impl] if both else None, peak, error, s)
    for impl in PEERS:
        if bench.available[impl]:
            log(f"sensitivity {level}: {impl}, {ps:,} samples x {runs} runs")
            data, peak, error = worker(bench, impl, level, ps, runs)
            results[impl] = (data[impl] if data else None, peak, error, ps)
    return results


def level_rows(bench: Bench, level: str, nodes: int, results: Results) -> list[list[str]]:
    def per_sample(impl: str) -> float | None:
        data, _, _, n = results.get(impl, (None, 0, None, 1))
        return statistics.median(data["times_ms"]) * 1000 / n if data else None

    rows = []
    ls, fl = per_sample("livescore"), per_sample("floor")
    label = f"{level} ({nodes} weights)"
    for impl, (data, peak, error, n) in results.items():
        name = NAMES[impl]
        if data is None:
            rows.append(
                [label, name, f"{n:,}", "FAILED", "—", "—", "0", "—", "—", "—", "—", fmt_mb(peak), "—", error or "", "**NO**"]
            )
            continue
        t = data["times_ms"]
        cells = [
            label,
            name,
            f"{n:,}",
            fmt_ms(statistics.median(t)),
            fmt_ms(min(t)),
            fmt_ms(max(t)),
            str(len(t)),
            fmt_ms(statistics.median(data["cpu_ms"])),
            f"{statistics.median(t) * 1000 / n:.2f}",
        ]
        if impl == "livescore":
            r = ls / fl if ls and fl else None
            speedups = {p: sp / ls for p in PEERS if (sp := per_sample(p)) and ls}
            ok_floor = r is not None and r <= 1.5
            bench.target("sensitivity", f"{level}: smaa <= 1.5x floor", fmt_ratio(r), ok_floor if r is not None else None)
            oks = [ok_floor]
            for p in PEERS:
                what = f"{level}: >= 100x faster per sample than {PEERS[p]}"
                if p in speedups:
                    bench.target("sensitivity", what, f"{speedups[p]:,.0f}x", speedups[p] >= 100)
                    oks.append(speedups[p] >= 100)
                else:
                    bench.target("sensitivity", what, "not installed" if not bench.available[p] else "failed", None)
            text = "<= 1.5x floor, >= 100x each peer"
            if level == "group":
                med = statistics.median(t)
                ok_time = med < 1000
                bench.target("sensitivity", f"group: {n:,} samples < 1 s", f"{fmt_ms(med)} ms", ok_time)
                oks.append(ok_time)
                text += ", < 1 s"
            if not all(oks):
                bench.to_profile.append(("smaa", f"livescore `smaa`, {level} level, {n:,} samples", (level, n)))
            speed = " / ".join(f"{speedups[p]:,.0f}x" if p in speedups else "n/a" for p in PEERS)
            cells += [fmt_ratio(r), f"{speed} (pymcdm / skc)", fmt_mb(peak), fmt_mb(data["heap_mb"]), text, met(all(oks))]
        else:
            agree = ""
            ref = results.get("livescore", (None,))[0]
            if ref and data.get("p_first"):
                diff = max(abs(a - b) for a, b in zip(ref["p_first"], data["p_first"], strict=True))
                agree = f"; max abs Δ p_first vs livescore {diff:.3f}"
            cells += ["—", "—", fmt_mb(peak), fmt_mb(data["heap_mb"]), ("floor" if impl == "floor" else "peer") + agree, "—"]
        rows.append(cells)
    for p in PEERS:
        if not bench.available[p]:
            rows.append(
                [
                    label,
                    f"peer: {PEERS[p]} WSM loop",
                    "—",
                    "not installed",
                    "—",
                    "—",
                    "0",
                    "—",
                    "—",
                    "—",
                    "—",
                    "—",
                    "—",
                    f"`{INSTALL_HINT}`",
                    "—",
                ]
            )
    return rows


def memory_bound(bench: Bench) -> str:
    """The text after the table: one process of a million group samples against one of 1,000."""
    n = bench.sizes.million
    log(f"sensitivity: memory check, {n:,} group samples")
    data, peak, error = worker(bench, "livescore", "group", n, 0)
    data = data["livescore"] if data else None
    _, base_peak, _ = worker(bench, "livescore", "group", 1000, 0)
    target = f"{n:,} group samples: bounded memory (< 1 GB)"
    if data is None:
        bench.target("sensitivity", target, "failed", False)
        return f"\n\nMemory bound ({n:,} group samples): FAILED: {error}"
    ok = peak < 1024
    bench.target("sensitivity", target, f"{fmt_mb(peak)} MB (1,000 samples: {fmt_mb(base_peak)} MB)", ok)
    return (
        f"\n\nMemory bound: {n:,} group-level samples in one process took {fmt_ms(data['times_ms'][0])} ms "
        "with a peak "
        f"RSS of {fmt_mb(peak)} MB, against {fmt_mb(base_peak)} MB for 1,000 samples in the same setup "
        f"(target: no gigabytes, < 1,024 MB): {met(ok)}."
    )


def run(bench: Bench) -> None:
    shape, _, error = worker(bench, "prepare", "group", 0, 0)
    if shape is None:
        bench.sections.append(f"## 3. Sensitivity\n\nFAILED to prepare: {error}")
        return
    s, ps, runs = bench.sizes.sens_samples, bench.sizes.peer_samples, bench.sizes.runs
    rows = []
    for level in ("group", "indicator"):
        nodes = shape["groups"] if level == "group" else shape["indicators"]
        rows += level_rows(bench, level, nodes, measure_level(bench, level))
    text = "## 3. Sensitivity (SMAA-2), in-process\n\n"
    text += (
        f"{shape['vendors']} generated vendors; Dirichlet around the default weights (concentration 100), seed 0. "
        f"livescore and the floor: {s:,} samples; peers: {ps:,} samples (one weighted sum per weight vector), compared per "
        f"sample. {runs} timed calls per implementation after one warm-up call; livescore and the floor interleaved in one "
        "process, each peer in its own. "
        "`peak MB`: the peak RSS of a process making one such call (imports included); "
        "`heap MB`: the peak traced by tracemalloc during one call. "
        "livescore's call also computes central weights, rank percentiles and exact break-even shares; the floor only "
        "acceptability.\n\n"
    )
    text += table(HEADER, rows)
    if bench.sizes.million:
        text += memory_bound(bench)
    bench.sections.append(text)
