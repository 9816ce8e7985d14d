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

Peers come from the optional `bench` extra; a missing peer is reported and only its column is skipped.
Generated data (deterministic, seeded) and the bytecode cache live in --data-dir (benchmarks/.data).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import importlib.metadata
import importlib.util
import itertools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SCRIPTS = HERE / "scripts"  # the floors, peers and the sensitivity worker, each run as a file
sys.path.insert(0, str(HERE))

import datagen  # noqa: E402

SET_PATH = datagen.DEFAULT_SET
PEERS = {"pymcdm": "pymcdm", "skcriteria": "scikit-criteria"}  # import name -> distribution name
INSTALL_HINT = "pip install 'livescore[bench]'"


@dataclass(frozen=True)
class Sizes:
    runs_fast: int  # everyday commands
    runs: int  # market scale and sensitivity
    market: tuple[int, ...]
    sens_vendors: int
    sens_samples: int
    peer_samples: int
    million: int  # samples for the memory-bound check (0: skip)


FULL = Sizes(
    runs_fast=10, runs=5, market=(500, 1000, 5000), sens_vendors=50, sens_samples=100_000, peer_samples=10_000, million=1_000_000
)
QUICK = Sizes(runs_fast=2, runs=2, market=(10, 20), sens_vendors=20, sens_samples=500, peer_samples=20, million=0)


def cpu_pressure() -> str:
    """The kernel's CPU pressure (share of time some task waited for a CPU), or '' where not available."""
    try:
        line = Path("/proc/pressure/cpu").read_text().splitlines()[0]
    except (OSError, IndexError):
        return ""
    fields = dict(part.split("=") for part in line.split()[1:])
    return f"CPU pressure avg60 {fields.get('avg60', '?')} %"


def log(message: str) -> None:
    sys.stderr.write(f"[bench {time.strftime('%H:%M:%S')}] {message}\n")
    sys.stderr.flush()


# ----------------------------------------------------------------------------- process timing


@dataclass
class Cmd:
    key: str
    label: str
    argv: list[str]
    env: dict[str, str] | None = None
    expect_rc: int = 0


@dataclass
class Timing:
    cmd: Cmd
    times_ms: list[float] = field(default_factory=list)
    peaks_mb: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)
    error: str | None = None
    stdout: str = ""

    @property
    def ok(self) -> bool:
        return self.error is None and bool(self.times_ms)

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpu_ms)

    @property
    def peak(self) -> float:
        return max(self.peaks_mb)


class Runner:
    def __init__(self, work: Path, env: dict[str, str]):
        self.work = work
        self.env = env

    def once(self, argv: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, float, float, int, str, str]:
        """(wall ms, CPU ms, peak MB of that child, exit code, stdout, stderr) of one whole process."""
        out_path, err_path = self.work / "stdout", self.work / "stderr"
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            t0 = time.perf_counter()
            proc = subprocess.Popen(list(argv), stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=ROOT, env=env or self.env)
            _, status, usage = os.wait4(proc.pid, 0)
            elapsed = (time.perf_counter() - t0) * 1000
        proc.returncode = os.waitstatus_to_exitcode(status)
        return (
            elapsed,
            (usage.ru_utime + usage.ru_stime) * 1000,
            usage.ru_maxrss / 1024,  # KiB on Linux
            proc.returncode,
            out_path.read_text(encoding="utf-8", errors="replace"),
            err_path.read_text(encoding="utf-8", errors="replace"),
        )

    def measure(self, cmds: list[Cmd], runs: int, what: str) -> dict[str, Timing]:
        """One warm-up each (checks the exit code), then ``runs`` interleaved timed runs."""
        results = {c.key: Timing(c) for c in cmds}
        for c in cmds:
            _, _, _, rc, out, err = self.once(c.argv, c.env)
            if rc != c.expect_rc:
                tail = (err.strip().splitlines() or ["(no output)"])[-1][:200]
                results[c.key].error = f"exit {rc}: {tail}"
                log(f"{what}: {c.label} FAILED (exit {rc}): {tail}")
        live = [c for c in cmds if results[c.key].error is None]
        for r in range(runs):
            order = live[r % len(live) :] + live[: r % len(live)] if live else []
            for c in order:
                ms, cpu, peak, rc, out, err = self.once(c.argv, c.env)
                t = results[c.key]
                if rc != c.expect_rc:
                    t.error = f"exit {rc} on run {r + 1}"
                    continue
                t.times_ms.append(ms)
                t.cpu_ms.append(cpu)
                t.peaks_mb.append(peak)
                t.stdout = out
            log(
                f"{what}: run {r + 1}/{runs} "
                + ", ".join(f"{c.key} {results[c.key].times_ms[-1]:.0f} ms" for c in order if results[c.key].times_ms)
            )
        return results


# ----------------------------------------------------------------------------- formatting


def fmt_ms(x: float | None) -> str:
    if x is None:
        return "—"
    return f"{x:,.0f}" if x >= 100 else f"{x:.1f}"


def fmt_ratio(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}x"


def fmt_mb(x: float | None) -> str:
    if x is None:
        return "—"
    return f"{x:,.0f}" if x >= 10 else f"{x:.1f}"


def met(ok: bool | None) -> str:
    return "—" if ok is None else ("yes" if ok else "**NO**")


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    for row in rows:
        assert len(row) == len(header), (header, row)
        lines.append("| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |")
    return "\n".join(lines)


def peer_cell(t: Timing | None, available: dict[str, str | None], peer: str) -> str:
    if available.get(peer) is None:
        return "not installed"
    if t is None or not t.ok:
        return "failed"
    return ""


# ----------------------------------------------------------------------------- profiles


def importtime_summary(stderr: str, top: int = 10) -> tuple[float, list[tuple[str, float]]]:
    """From `python -X importtime` output: total ms of the top-level imports, and the largest of them."""
    entries = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = line[len("import time:") :].split("|", 2)
        if name[1:2] != " ":  # top level: one space after the bar, nested imports have more
            entries.append((name.strip(), int(cumulative) / 1000))
    entries.sort(key=lambda e: -e[1])
    return sum(ms for _, ms in entries), entries[:top]


def _area(path: str) -> str:
    if "site-packages/" in path:
        return path.split("site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    if "/livescore/" in path:
        return "livescore/" + path.rsplit("/livescore/", 1)[1]
    if path == "~":
        return "C builtins (exec, marshal, numpy methods, ...)"
    if path.startswith("<frozen"):
        return "import system (frozen importlib)"
    return "stdlib " + Path(path).name if "/lib/python" in path else Path(path).name


def cprofile_summary(path: Path, top: int = 8) -> tuple[float, list[tuple[str, float]], list[tuple[str, float]]]:
    """(total ms, the areas (package or livescore module) with the most own time, the functions with the most own time)."""
    import pstats

    stats = pstats.Stats(str(path)).stats  # type: ignore[attr-defined]
    areas: dict[str, float] = {}
    functions = []
    total = 0.0
    for (file, line, func), (_, _, tottime, _, _) in stats.items():
        total += tottime
        area = _area(file)
        areas[area] = areas.get(area, 0.0) + tottime
        where = f"{area}:{line}" if file != "~" else "C"
        functions.append((f"{func} ({where})", tottime))
    functions.sort(key=lambda f: -f[1])
    ranked = sorted(areas.items(), key=lambda a: -a[1])
    return total * 1000, [(a, t * 1000) for a, t in ranked[:top]], [(f, t * 1000) for f, t in functions[:top]]


# ----------------------------------------------------------------------------- workloads


@dataclass
class Target:
    workload: str
    text: str
    value: str
    ok: bool | None


class Bench:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.sizes = QUICK if args.quick else FULL
        if args.runs:
            self.sizes = dataclasses.replace(self.sizes, runs_fast=args.runs, runs=args.runs)
        self.data = Path(args.data_dir).resolve()
        self.data.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix="livescore-bench-"))
        self.py = sys.executable
        exe = Path(sys.executable).parent / "livescore"
        self.livescore = [str(exe)] if exe.is_file() else [sys.executable, "-m", "livescore"]
        env = dict(os.environ)
        self.dont_write_bytecode = "PYTHONDONTWRITEBYTECODE" in env
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(self.data / "pycache")
        env.pop("GITHUB_ACTIONS", None)  # validate's default format must stay `text`
        env.pop("LIVESCORE_NO_CACHE", None)
        env["LIVESCORE_CACHE_DIR"] = str(self.data / "livescore-cache")  # livescore's own cache, warm after the warm-up
        env["MPLCONFIGDIR"] = str(self.data / "matplotlib")  # the peers import matplotlib: keep its font cache here
        env.pop("PYTHONUNBUFFERED", None)  # any value turns buffering off; users have it on
        self.env = env
        self.runner = Runner(self.tmp, env)
        self.available: dict[str, str | None] = {}
        for module, dist in PEERS.items():
            version = None
            if module not in args.skip_peer and importlib.util.find_spec(module) is not None:
                try:
                    version = importlib.metadata.version(dist)
                except importlib.metadata.PackageNotFoundError:
                    version = "?"
            self.available[module] = version
            if version is None:
                log(f"peer {dist}: not installed; its column is skipped ({INSTALL_HINT})")
        self.targets: list[Target] = []
        self.to_profile: list[tuple[str, str, Any]] = []  # (kind, label, argv or (level, samples)) of missed targets
        self.sections: list[str] = []
        self.notes: list[str] = []
        self.scripts = {
            name: SCRIPTS / name
            for name in ("floor_rank.py", "peer_pymcdm.py", "peer_skcriteria.py", "floor_load.py", "sens_worker.py")
        }

    def close(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)

    def target(self, workload: str, text: str, value: str, ok: bool | None) -> str:
        self.targets.append(Target(workload, text, value, ok))
        return met(ok)

    # ------------------------------------------------------------------ data

    def prepare_data(self) -> None:
        largest = max(self.sizes.market)
        log(f"data: {largest} vendor files (seed {datagen.SEED}) in {self.data}")
        t0 = time.perf_counter()
        self.market_source = datagen.ensure(self.data / f"vendors-{largest}", largest)
        self.market_dirs = {
            n: self.market_source if n == largest else datagen.subset(self.market_source, self.data / f"vendors-{n}", n)
            for n in self.sizes.market
        }
        self.sens_dir = (
            datagen.subset(self.market_source, self.data / f"sens-{self.sens_vendors}", self.sens_vendors)
            if self.sens_vendors <= largest
            else datagen.ensure(self.data / f"sens-{self.sens_vendors}", self.sens_vendors)
        )
        log(f"data ready in {time.perf_counter() - t0:.1f} s")
        # A sample of the generated files must validate against the default set.
        files = sorted(self.market_source.glob("*.yaml"))
        sample = [str(p) for p in files[:: max(1, len(files) // 25)]]
        _, _, _, rc, _, err = self.runner.once([*self.livescore, "validate", *sample])
        summary = (err.strip().splitlines() or ["?"])[-1]
        if rc != 0:
            raise SystemExit(f"generated vendor files do not validate: {summary}")
        self.notes.append(f"Generated data: `livescore validate` on a sample of {len(sample)} generated files: {summary}.")

    @property
    def sens_vendors(self) -> int:
        return self.sizes.sens_vendors

    # ------------------------------------------------------------------ 1. everyday

    def everyday(self) -> None:
        vendors = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "vendors").glob("*.yaml"))
        rank_label = "`livescore rank vendors/*.yaml`"
        cmds = [
            Cmd("rank", rank_label, [*self.livescore, "rank", *vendors]),
            Cmd(
                "floor",
                "floor: PyYAML C loader + numpy weighted sum",
                [self.py, str(self.scripts["floor_rank.py"]), str(SET_PATH), *vendors],
            ),
        ]
        if self.available["pymcdm"]:
            cmds.append(
                Cmd(
                    "pymcdm", "peer: pymcdm `WSM` script", [self.py, str(self.scripts["peer_pymcdm.py"]), str(SET_PATH), *vendors]
                )
            )
        if self.available["skcriteria"]:
            cmds.append(
                Cmd(
                    "skcriteria",
                    "peer: scikit-criteria `WeightedSumModel` script",
                    [self.py, str(self.scripts["peer_skcriteria.py"]), str(SET_PATH), *vendors],
                )
            )
        cmds += [
            Cmd(
                "validate",
                "`livescore validate indicators/ vendors/ examples/`",
                [*self.livescore, "validate", "indicators/", "vendors/", "examples/"],
            ),
            Cmd("help", "`livescore --help`", [*self.livescore, "--help"]),
            Cmd("python", "bare interpreter: `python -c pass`", [self.py, "-c", "pass"]),
        ]
        cold = dict(self.env)
        cold.pop("PYTHONPYCACHEPREFIX")
        cold["PYTHONDONTWRITEBYTECODE"] = "1"
        cold["LIVESCORE_NO_CACHE"] = "1"
        cmds.append(
            Cmd(
                "rank_nopyc",
                "`livescore rank vendors/*.yaml` cold: no .pyc for livescore (PYTHONDONTWRITEBYTECODE=1), no set cache "
                "(LIVESCORE_NO_CACHE=1)",
                [*self.livescore, "rank", *vendors],
                env=cold,
            )
        )
        log(f"everyday: {len(cmds)} commands x {self.sizes.runs_fast} runs")
        res = self.runner.measure(cmds, self.sizes.runs_fast, "everyday")

        # The floor and peers must rank like livescore (same order of ids).
        _, _, _, rc, out, _ = self.runner.once([*self.livescore, "rank", "-f", "json", *vendors])
        reference = [v["id"] for v in json.loads(out)["vendors"]] if rc == 0 else None
        agreement = []
        for key in ("floor", "pymcdm", "skcriteria"):
            t = res.get(key)
            if t is None or not t.ok:
                continue
            order = [line.split()[1] for line in t.stdout.splitlines() if line.strip()]
            agreement.append(f"{key} {'same' if order == reference else 'DIFFERENT'}")
        self.notes.append(
            "Everyday ranking order against `livescore rank -f json`: " + (", ".join(agreement) or "not checked") + "."
        )

        floor = res["floor"]

        def ratio(a: Timing, b: Timing | None) -> float | None:
            return a.median / b.median if b is not None and a.ok and b.ok else None

        header = [
            "command",
            "median ms",
            "min",
            "max",
            "runs",
            "CPU ms",
            "× floor",
            "× pymcdm",
            "× scikit-criteria",
            "peak MB",
            "target",
            "met?",
        ]
        rows = []
        for key, t in res.items():
            if not t.ok:
                rows.append([t.cmd.label, "FAILED", "—", "—", "0", "—", "—", "—", "—", "—", t.error or "", "**NO**"])
                continue
            cells = [
                t.cmd.label,
                fmt_ms(t.median),
                fmt_ms(min(t.times_ms)),
                fmt_ms(max(t.times_ms)),
                str(len(t.times_ms)),
                fmt_ms(t.cpu),
            ]
            if key == "rank":
                r_floor, r_pm, r_skc = ratio(t, floor), ratio(t, res.get("pymcdm")), ratio(t, res.get("skcriteria"))
                cells += [
                    fmt_ratio(r_floor),
                    fmt_ratio(r_pm) if r_pm is not None else peer_cell(res.get("pymcdm"), self.available, "pymcdm"),
                    fmt_ratio(r_skc) if r_skc is not None else peer_cell(res.get("skcriteria"), self.available, "skcriteria"),
                ]
                ok_floor = r_floor is not None and r_floor <= 2.0
                ok_time = t.median < 250
                self.target("everyday", "rank <= 2.0x floor", fmt_ratio(r_floor), ok_floor if r_floor is not None else None)
                self.target("everyday", "rank < 250 ms", f"{fmt_ms(t.median)} ms", ok_time)
                ok_peers = []
                for peer, r in (("pymcdm", r_pm), ("skcriteria", r_skc)):
                    if r is None:
                        self.target(
                            "everyday", f"rank <= 0.5x {PEERS[peer]} script", peer_cell(res.get(peer), self.available, peer), None
                        )
                    else:
                        ok_peers.append(r <= 0.5)
                        self.target("everyday", f"rank <= 0.5x {PEERS[peer]} script", fmt_ratio(r), r <= 0.5)
                text = "<= 2.0x floor, < 250 ms, <= 0.5x each peer"
                if not (ok_floor and ok_time and all(ok_peers)):
                    self.to_profile.append(("process", t.cmd.label, t.cmd.argv))
                cells += [fmt_mb(t.peak), text, met(ok_floor and ok_time and all(ok_peers) and bool(ok_peers))]
            elif key in ("validate", "help"):
                limit = 250 if key == "validate" else 120
                if t.median >= limit:
                    self.to_profile.append(("process", t.cmd.label, t.cmd.argv))
                cells += [
                    "—",
                    "—",
                    "—",
                    fmt_mb(t.peak),
                    f"< {limit} ms",
                    self.target(
                        "everyday",
                        f"{'validate' if key == 'validate' else '--help'} < {limit} ms",
                        f"{fmt_ms(t.median)} ms",
                        t.median < limit,
                    ),
                ]
            elif key == "rank_nopyc":
                cells += [fmt_ratio(ratio(t, floor)), "—", "—", fmt_mb(t.peak), "info", "—"]
            else:
                cells += ["—", "—", "—", fmt_mb(t.peak), "floor" if key == "floor" else ("peer" if key in PEERS else "info"), "—"]
            rows.append(cells)
        for peer in PEERS:
            if not self.available[peer]:
                rows.append(
                    [
                        f"peer: {PEERS[peer]} script",
                        "not installed",
                        "—",
                        "—",
                        "0",
                        "—",
                        "—",
                        "—",
                        "—",
                        "—",
                        f"`{INSTALL_HINT}`",
                        "—",
                    ]
                )
        self.sections.append(
            "## 1. Everyday commands (whole new processes)\n\n"
            f"Shipped vendors ({len(vendors)} files), default set. {self.sizes.runs_fast} timed runs per command after one "
            "warm-up, "
            "interleaved. `× floor` and `× peer` are livescore's median over theirs (lower is better).\n\n" + table(header, rows)
        )

    # ------------------------------------------------------------------ 2. market scale

    @staticmethod
    def folder_arg(path: Path) -> str:
        return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)

    def market(self) -> None:
        header = [
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
        rows = []
        medians: dict[int, float] = {}
        for n in self.sizes.market:
            folder = self.folder_arg(self.market_dirs[n])
            cmds = [
                Cmd("rank", "`livescore rank DIR -f json`", [*self.livescore, "rank", folder, "-f", "json"]),
                Cmd("floor", "floor: PyYAML C loader only", [self.py, str(self.scripts["floor_load.py"]), folder]),
            ]
            log(f"market: {n} files x {self.sizes.runs} runs")
            res = self.runner.measure(cmds, self.sizes.runs, f"market {n}")
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
                    big = n == max(self.sizes.market)
                    ok = r is not None and r <= 1.5
                    mem_ok = t.peak < 300
                    self.target("market", f"{n:,} files: rank -f json <= 1.5x floor", fmt_ratio(r), ok if r is not None else None)
                    if big:
                        self.target("market", f"{n:,} files: peak memory < 300 MB", f"{fmt_mb(t.peak)} MB", mem_ok)
                    if not (ok and (mem_ok or not big)) and not any(k == "market" for k, _, _ in self.to_profile):
                        self.to_profile.append(("market", f"{t.cmd.label}, {n:,} files", t.cmd.argv))
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
            f"missing. {self.sizes.runs} timed runs per command after one warm-up, interleaved; stdout to a file.\n\n"
        )
        text += table(header, rows)
        sizes = sorted(medians)
        if len(sizes) >= 3:
            pairs = list(itertools.pairwise(sizes))
            slopes = [(medians[b] - medians[a]) / (b - a) for a, b in pairs]
            ok = slopes[-1] <= 1.25 * slopes[0]
            shown = ", ".join(f"{a:,}→{b:,}: {s:.2f} ms/file" for (a, b), s in zip(pairs, slopes, strict=True))
            text += f"\n\nLinearity (marginal cost per added file, livescore): {shown}; "
            text += f"linear if the last <= 1.25x the first: {met(ok)}."
            self.target("market", "time grows linearly (marginal ms/file, last <= 1.25x first)", shown, ok)
        self.sections.append(text)

    # ------------------------------------------------------------------ 3. sensitivity

    def worker(self, impl: str, level: str, samples: int, runs: int) -> tuple[dict[str, Any] | None, float, str | None]:
        argv = [
            self.py,
            str(self.scripts["sens_worker.py"]),
            impl,
            level,
            str(samples),
            str(runs),
            str(self.npz),
            str(self.sens_dir),
        ]
        _, _, peak, rc, out, err = self.runner.once(argv)
        if rc != 0:
            tail = (err.strip().splitlines() or ["(no output)"])[-1][:200]
            log(f"sensitivity {impl} {level}: FAILED: {tail}")
            return None, peak, f"exit {rc}: {tail}"
        return json.loads(out.strip().splitlines()[-1]), peak, None

    def sensitivity(self) -> None:
        self.npz = self.tmp / "node_scores.npz"
        shape, _, error = self.worker("prepare", "group", 0, 0)
        if shape is None:
            self.sections.append(f"## 3. Sensitivity\n\nFAILED to prepare: {error}")
            return
        s, ps, runs = self.sizes.sens_samples, self.sizes.peer_samples, self.sizes.runs
        header = [
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
        rows = []
        for level in ("group", "indicator"):
            nodes = shape["groups"] if level == "group" else shape["indicators"]
            results: dict[str, tuple[dict[str, Any] | None, float, str | None, int]] = {}
            # livescore and the floor interleaved in one process (same conditions); each one's peak memory from a
            # process of its own doing one call; each peer in its own process.
            log(f"sensitivity {level}: livescore and floor interleaved, {s:,} samples x {runs} runs")
            both, _, error = self.worker("livescore,floor", level, s, runs)
            for impl in ("livescore", "floor"):
                _, peak, _ = self.worker(impl, level, s, 0)
                results[impl] = (both[impl] if both else None, peak, error, s)
            for impl in PEERS:
                if self.available[impl]:
                    log(f"sensitivity {level}: {impl}, {ps:,} samples x {runs} runs")
                    data, peak, error = self.worker(impl, level, ps, runs)
                    results[impl] = (data[impl] if data else None, peak, error, ps)

            def per_sample(impl: str, results: dict[str, Any] = results) -> float | None:
                data, _, _, n = results.get(impl, (None, 0, None, 1))
                return statistics.median(data["times_ms"]) * 1000 / n if data else None

            ls, fl = per_sample("livescore"), per_sample("floor")
            label = f"{level} ({nodes} weights)"
            for impl, (data, peak, error, n) in results.items():
                name = {
                    "livescore": "livescore `smaa`",
                    "floor": "floor: bare numpy",
                    "pymcdm": "peer: pymcdm WSM loop",
                    "skcriteria": "peer: scikit-criteria WSM loop",
                }[impl]
                if data is None:
                    rows.append(
                        [
                            label,
                            name,
                            f"{n:,}",
                            "FAILED",
                            "—",
                            "—",
                            "0",
                            "—",
                            "—",
                            "—",
                            "—",
                            fmt_mb(peak),
                            "—",
                            error or "",
                            "**NO**",
                        ]
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
                    speedups = {p: per_sample(p) / ls for p in PEERS if per_sample(p) and ls}
                    ok_floor = r is not None and r <= 1.5
                    self.target("sensitivity", f"{level}: smaa <= 1.5x floor", fmt_ratio(r), ok_floor if r is not None else None)
                    oks = [ok_floor]
                    for p in PEERS:
                        if p in speedups:
                            self.target(
                                "sensitivity",
                                f"{level}: >= 100x faster per sample than {PEERS[p]}",
                                f"{speedups[p]:,.0f}x",
                                speedups[p] >= 100,
                            )
                            oks.append(speedups[p] >= 100)
                        else:
                            self.target(
                                "sensitivity",
                                f"{level}: >= 100x faster per sample than {PEERS[p]}",
                                "not installed" if not self.available[p] else "failed",
                                None,
                            )
                    text = "<= 1.5x floor, >= 100x each peer"
                    if level == "group":
                        med = statistics.median(t)
                        ok_time = med < 1000
                        self.target("sensitivity", f"group: {n:,} samples < 1 s", f"{fmt_ms(med)} ms", ok_time)
                        oks.append(ok_time)
                        text += ", < 1 s"
                    if not all(oks):
                        self.to_profile.append(("smaa", f"livescore `smaa`, {level} level, {n:,} samples", (level, n)))
                    speed = " / ".join(f"{speedups[p]:,.0f}x" if p in speedups else "n/a" for p in PEERS)
                    cells += [fmt_ratio(r), f"{speed} (pymcdm / skc)", fmt_mb(peak), fmt_mb(data["heap_mb"]), text, met(all(oks))]
                else:
                    agree = ""
                    ref = results.get("livescore", (None,))[0]
                    if ref and data.get("p_first"):
                        diff = max(abs(a - b) for a, b in zip(ref["p_first"], data["p_first"], strict=True))
                        agree = f"; max abs Δ p_first vs livescore {diff:.3f}"
                    cells += [
                        "—",
                        "—",
                        fmt_mb(peak),
                        fmt_mb(data["heap_mb"]),
                        ("floor" if impl == "floor" else "peer") + agree,
                        "—",
                    ]
                rows.append(cells)
            for p in PEERS:
                if not self.available[p]:
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
        text += table(header, rows)
        if self.sizes.million:
            n = self.sizes.million
            log(f"sensitivity: memory check, {n:,} group samples")
            data, peak, error = self.worker("livescore", "group", n, 0)
            data = data["livescore"] if data else None
            _, base_peak, _ = self.worker("livescore", "group", 1000, 0)
            if data is None:
                text += f"\n\nMemory bound ({n:,} group samples): FAILED: {error}"
                self.target("sensitivity", f"{n:,} group samples: bounded memory (< 1 GB)", "failed", False)
            else:
                ok = peak < 1024
                text += (
                    f"\n\nMemory bound: {n:,} group-level samples in one process took {fmt_ms(data['times_ms'][0])} ms "
                    "with a peak "
                    f"RSS of {fmt_mb(peak)} MB, against {fmt_mb(base_peak)} MB for 1,000 samples in the same setup "
                    f"(target: no gigabytes, < 1,024 MB): {met(ok)}."
                )
                self.target(
                    "sensitivity",
                    f"{n:,} group samples: bounded memory (< 1 GB)",
                    f"{fmt_mb(peak)} MB (1,000 samples: {fmt_mb(base_peak)} MB)",
                    ok,
                )
        self.sections.append(text)

    # ------------------------------------------------------------------ profiles of missed targets

    def profiles(self) -> None:
        if not self.to_profile:
            return
        script = self.livescore[1:] if self.livescore[0] == self.py else self.livescore
        parts = [
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
        for kind, label, spec in self.to_profile:
            log(f"profile: {label}")
            prof = self.tmp / "run.prof"
            parts += ["", f"### {label}", ""]
            if kind == "smaa":
                level, samples = spec
                self.worker("livescore", level, samples, -1)
                prof = Path(str(self.npz) + ".prof")
            else:
                argv = list(spec)
                if kind == "market":  # the smallest size: the same cost per file, a shorter profile
                    small = min(self.sizes.market)
                    argv = [*self.livescore, "rank", self.folder_arg(self.market_dirs[small]), "-f", "json"]
                    parts[-2] = f"### `livescore rank DIR -f json`, profiled on {small:,} files"
                rest = argv[len(self.livescore) :]
                wall, _, _, _, _, err = self.runner.once([self.py, "-X", "importtime", *script, *rest])
                total, largest = importtime_summary(err)
                parts.append(f"Imports: {fmt_ms(total)} ms of a {fmt_ms(wall)} ms run (`-X importtime`, top level, cumulative).")
                parts += ["", table(["import", "ms"], [[name, fmt_ms(ms)] for name, ms in largest])]
                self.runner.once([self.py, "-m", "cProfile", "-o", str(prof), *script, *rest])
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
        self.sections.append("\n".join(parts))

    # ------------------------------------------------------------------ report

    def machine(self) -> list[str]:
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
            libyaml = yaml._yaml.get_version_string()  # type: ignore[attr-defined]
        except AttributeError:
            libyaml = "absent"
        try:
            ls_version = importlib.metadata.version("livescore")
        except importlib.metadata.PackageNotFoundError:
            ls_version = "?"
        git = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--", "src"], capture_output=True, text=True
        ).stdout.strip()
        openblas = {k: os.environ.get(k) for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
        peers = ", ".join(f"{PEERS[m]} {v}" if v else f"{PEERS[m]} not installed" for m, v in self.available.items())
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
                if self.dont_write_bytecode
                else ""
            ),
        ]

    def report(self, started: float, load_start: tuple[float, ...], pressure_start: str, out: Path) -> None:
        load_end, pressure_end = os.getloadavg(), cpu_pressure()
        mode = "quick run (tiny sizes: the numbers only show that the runner works)" if self.args.quick else "full run"
        summary_rows = [[t.workload, t.text, t.value, met(t.ok)] for t in self.targets]
        lines = [
            "# livescore benchmarks",
            "",
            f"Mode: **{mode}**. Written by `python benchmarks/run.py{' --quick' if self.args.quick else ''}` on "
            f"{dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')} in {time.perf_counter() - started:.0f} s.",
            "",
            "## Machine",
            "",
            *self.machine(),
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
            *(section + "\n" for section in self.sections),
            "## Notes",
            "",
            *(f"- {n}" for n in self.notes),
            f"- Sizes: {self.sizes}",
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
    parser.add_argument("--only", action="append", choices=["everyday", "market", "sensitivity"], help="run only these workloads")
    parser.add_argument("--skip-peer", action="append", default=[], choices=list(PEERS), help="treat this peer as not installed")
    args = parser.parse_args(argv)
    out = Path(args.out) if args.out else (Path(args.data_dir) / "RESULTS-quick.md" if args.quick else HERE / "RESULTS.md")
    started, load_start, pressure_start = time.perf_counter(), os.getloadavg(), cpu_pressure()
    bench = Bench(args)
    try:
        bench.prepare_data()
        only = args.only or ["everyday", "market", "sensitivity"]
        for name in ("everyday", "market", "sensitivity"):
            if name in only:
                getattr(bench, name)()
            else:
                bench.sections.append(f"## {name}: not run (--only)")
        bench.profiles()
        bench.report(started, load_start, pressure_start, out)
    finally:
        bench.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
