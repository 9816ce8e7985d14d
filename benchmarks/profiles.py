"""Where the time goes: one profiled extra run of each command or call that missed a target.

Commands: `python -X importtime` (top-level imports, cumulative) and `python -m cProfile` of the same
command line; the market-scale command is profiled on its smallest size. Sensitivity: the worker's
cProfile of one in-process `smaa` call after a warm-up (runs = -1).
"""

from __future__ import annotations

from pathlib import Path

from context import Bench
from harness import cprofile_summary, fmt_ms, importtime_summary, log, table
from sensitivity import worker

INTRO = [
    "## Where the time goes (missed targets)",
    "",
    "One extra run of each command that missed a target: `python -X importtime` (top-level imports, cumulative) "
    "and `python -m cProfile` (own time by package or livescore module, and by function; the profiler adds overhead, "
    "so compare shares, not totals). Sensitivity: cProfile of one in-process call after a warm-up.",
    "",
    "What closes the everyday misses: the work itself (YAML, scoring, table) is a few tens of milliseconds; the",
    "rest is imports. typer (>= 0.26) coerces every command-line parameter through a pydantic `TypeAdapter`, so",
    "each command pays pydantic's import and plugin scan (`typer._adapters`, `pydantic.plugin._loader`) even",
    "where livescore itself no longer builds a model (the set is cached, well-formed vendor files are checked",
    "in plain Python); rich's console is the next cost. Closing the gap needs typer to build adapters only for",
    "parameters that need them, or a plain argument parser in front of the hot commands. `validate` also builds",
    "the pydantic models of the profile, evaluation and AHP files it checks; that is its job.",
]


def run(bench: Bench) -> None:
    if not bench.to_profile:
        return
    script = bench.livescore[1:] if bench.livescore[0] == bench.py else bench.livescore
    parts = list(INTRO)
    for kind, label, spec in bench.to_profile:
        log(f"profile: {label}")
        prof = bench.tmp / "run.prof"
        parts += ["", f"### {label}", ""]
        if kind == "smaa":
            level, samples = spec
            worker(bench, "livescore", level, samples, -1)
            prof = Path(str(bench.npz) + ".prof")
        else:
            argv = list(spec)
            if kind == "market":  # the smallest size: the same cost per file, a shorter profile
                small = min(bench.sizes.market)
                argv = [*bench.livescore, "rank", bench.folder_arg(bench.market_dirs[small]), "-f", "json"]
                parts[-2] = f"### `livescore rank DIR -f json`, profiled on {small:,} files"
            rest = argv[len(bench.livescore) :]
            wall, _, _, _, _, err = bench.runner.once([bench.py, "-X", "importtime", *script, *rest])
            total, largest = importtime_summary(err)
            parts.append(f"Imports: {fmt_ms(total)} ms of a {fmt_ms(wall)} ms run (`-X importtime`, top level, cumulative).")
            parts += ["", table(["import", "ms"], [[name, fmt_ms(ms)] for name, ms in largest])]
            bench.runner.once([bench.py, "-m", "cProfile", "-o", str(prof), *script, *rest])
        if not prof.is_file():
            parts.append("(no profile: the run failed)")
            continue
        total, areas, functions = cprofile_summary(prof)
        parts += [
            "",
            f"cProfile: {fmt_ms(total)} ms of own time in all.",
            "",
            table(["package or module", "own ms", "share"], [[a, fmt_ms(ms), f"{ms / total:.0%}"] for a, ms in areas]),
            "",
            table(["function", "own ms", "share"], [[f, fmt_ms(ms), f"{ms / total:.0%}"] for f, ms in functions]),
        ]
        prof.unlink()
    bench.sections.append("\n".join(parts))
