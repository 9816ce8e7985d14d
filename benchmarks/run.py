#!/usr/bin/env python
"""livescore benchmarks: everyday commands, market scale, sensitivity; floors and peers in the same run.

    python benchmarks/run.py            # full run, writes benchmarks/RESULTS.md (about 10 minutes)
    python benchmarks/run.py --quick    # tiny sizes, writes benchmarks/.data/RESULTS-quick.md
    python benchmarks/run.py --quick --out /tmp/RESULTS.md --data-dir /tmp/bench

Workloads (see the performance issue):
1. Everyday commands as whole new processes: `livescore rank vendors/*.yaml`, `livescore validate
   indicators/ vendors/ examples/`, `livescore --help`. Floor: a bare script that loads the same YAML
   with PyYAML's C loader and computes the weighted sum with numpy. Peers: the same ranking scripted
   with pymcdm's WSM and with scikit-criteria's WeightedSumModel.
2. Market scale: `livescore rank DIR -f json` on 500 / 1,000 / 5,000 generated vendor files. Floor:
   loading the same files with PyYAML's C loader alone.
3. Sensitivity, in-process: livescore's SMAA on 50 generated vendors at group and indicator level.
   Floor: the bare numpy computation (Dirichlet draws, one matrix product, argsort, bincount).
   Peers: one pymcdm / scikit-criteria weighted sum per sampled weight vector, per-sample cost.

Every process is timed wall-clock from spawn to exit; its peak memory is the ru_maxrss that the
kernel reports for that one child (os.wait4), so runs never blur together. Commands of one workload
are interleaved run by run after one warm-up each, so ratios come from the same conditions. The
floors, peers and workers are standalone scripts in benchmarks/scripts/, run as files the same way.

Layout: this file parses the arguments, runs the chosen workloads and writes RESULTS.md; harness.py
times processes and formats tables; context.py holds the run's shared state; everyday.py, market.py,
sensitivity.py and profiles.py build one section each; datagen.py generates the vendor files.

Peers come from the optional `bench` extra; a missing peer is reported and only its column is skipped.
Generated data (deterministic, seeded) and the bytecode cache live in --data-dir (benchmarks/.data).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import everyday  # noqa: E402
import market  # noqa: E402
import profiles  # noqa: E402
import sensitivity  # noqa: E402
from context import PEERS, ROOT, Bench  # noqa: E402
from harness import cpu_pressure, log, met, table  # noqa: E402

WORKLOADS = {"everyday": everyday.run, "market": market.run, "sensitivity": sensitivity.run}


def machine(bench: Bench) -> list[str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    import numpy
    import yaml

    try:
        libyaml = yaml._yaml.get_version_string()
    except AttributeError:
        libyaml = "absent"
    try:
        ls_version = importlib.metadata.version("livescore")
    except importlib.metadata.PackageNotFoundError:
        ls_version = "?"
    git = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "--", "src"], capture_output=True, text=True
    ).stdout.strip()
    openblas = {k: os.environ.get(k) for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    peers = ", ".join(f"{PEERS[m]} {v}" if v else f"{PEERS[m]} not installed" for m, v in bench.available.items())
    affinity: int | None
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:
        affinity = os.cpu_count()
    return [
        f"- CPU: {cpu}; {os.cpu_count()} logical cores ({affinity} usable); memory {mem}",
        f"- OS: {platform.system()} {platform.release()} ({platform.machine()})",
        f"- Python {platform.python_version()} ({sys.executable}); numpy {numpy.__version__}; PyYAML {yaml.__version__} "
        f"(libyaml {libyaml})",
        f"- livescore {ls_version} at commit {git or '?'}{' with uncommitted changes in src/' if dirty else ''}",
        f"- peers: {peers}",
        "- OPENBLAS_CORETYPE: "
        + (f"set ({openblas['OPENBLAS_CORETYPE']})" if openblas["OPENBLAS_CORETYPE"] else "not set")
        + "; OPENBLAS_L2_SIZE: "
        + (f"set ({openblas['OPENBLAS_L2_SIZE']})" if openblas["OPENBLAS_L2_SIZE"] else "not set")
        + (
            " (they slow current numpy; rerun with `env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python benchmarks/run.py`)"
            if any(openblas.values())
            else ""
        ),
        "- caches: every timed process runs with a warm `PYTHONPYCACHEPREFIX` bytecode cache (as after `pip install`) and "
        "livescore's set cache in `LIVESCORE_CACHE_DIR` under the data folder, both filled by the warm-up run"
        + (
            "; this environment sets PYTHONDONTWRITEBYTECODE, removed for the timed processes "
            "(the `cold` row shows the cost of running without it)"
            if bench.dont_write_bytecode
            else ""
        ),
    ]


def report(bench: Bench, started: float, load_start: tuple[float, ...], pressure_start: str, out: Path) -> None:
    load_end, pressure_end = os.getloadavg(), cpu_pressure()
    mode = "quick run (tiny sizes: the numbers only show that the runner works)" if bench.args.quick else "full run"
    summary_rows = [[t.workload, t.text, t.value, met(t.ok)] for t in bench.targets]
    lines = [
        "# livescore benchmarks",
        "",
        f"Mode: **{mode}**. Written by `python benchmarks/run.py{' --quick' if bench.args.quick else ''}` on "
        f"{dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')} in {time.perf_counter() - started:.0f} s.",
        "",
        "## Machine",
        "",
        *machine(bench),
        f"- load average (1/5/15 min) at start {'/'.join(f'{x:.2f}' for x in load_start)}, at end "
        f"{'/'.join(f'{x:.2f}' for x in load_end)}"
        + (f"; {pressure_start} at start, {pressure_end} at end" if pressure_start else "")
        + " (a shared machine: other work may run alongside; `CPU ms`, user + system time, is less sensitive to it)",
        "",
        "Times are wall-clock milliseconds per whole process (spawn to exit) unless stated; `peak MB` is the peak resident "
        "set "
        "of that one process (ru_maxrss from os.wait4), the largest over the runs; medians of the timed runs.",
        "",
        "## Targets",
        "",
        table(["workload", "target", "measured", "met?"], summary_rows),
        "",
        *(section + "\n" for section in bench.sections),
        "## Notes",
        "",
        *(f"- {n}" for n in bench.notes),
        f"- Sizes: {bench.sizes}",
        "",
    ]
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text("\n".join(lines), encoding="utf-8")
    tmp.replace(out)
    log(f"wrote {out}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="livescore benchmarks (see the module docstring).")
    parser.add_argument("--quick", action="store_true", help="tiny sizes and 2 runs: checks the runner, not the targets")
    parser.add_argument(
        "--out", help="where to write the results (default: benchmarks/RESULTS.md; --quick: benchmarks/.data/RESULTS-quick.md)"
    )
    parser.add_argument(
        "--data-dir", default=str(HERE / ".data"), help="generated data and bytecode cache (default: benchmarks/.data)"
    )
    parser.add_argument("--runs", type=int, default=0, help="override the number of timed runs")
    parser.add_argument("--only", action="append", choices=list(WORKLOADS), help="run only these workloads")
    parser.add_argument("--skip-peer", action="append", default=[], choices=list(PEERS), help="treat this peer as not installed")
    args = parser.parse_args(argv)
    out = Path(args.out) if args.out else (Path(args.data_dir) / "RESULTS-quick.md" if args.quick else HERE / "RESULTS.md")
    started, load_start, pressure_start = time.perf_counter(), os.getloadavg(), cpu_pressure()
    bench = Bench(args)
    try:
        bench.prepare_data()
        only = args.only or list(WORKLOADS)
        for name, workload in WORKLOADS.items():
            if name in only:
                workload(bench)
            else:
                bench.sections.append(f"## {name}: not run (--only)")
        profiles.run(bench)
        report(bench, started, load_start, pressure_start, out)
    finally:
        bench.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
