"""Measurement and formatting for the benchmark runner: whole processes, interleaved runs, markdown tables.

Every process is timed wall-clock from spawn to exit; its CPU time and peak memory come from the
resource usage the kernel reports for that one child (os.wait4: ru_utime + ru_stime, ru_maxrss), so
runs never blur together. ``ProcessTimer.measure`` runs each command once as a warm-up (checking its
exit code), then interleaves the timed runs, the order rotating, so ratios come from the same
conditions. ``Timing`` keeps the samples and gives medians; the ``fmt_*`` helpers and ``table`` write
the cells and tables of RESULTS.md; ``importtime_summary`` and ``cprofile_summary`` condense profiles.
"""

from __future__ import annotations

import os
import pstats
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def log(message: str) -> None:
    sys.stderr.write(f"[bench {time.strftime('%H:%M:%S')}] {message}\n")
    sys.stderr.flush()


def cpu_pressure() -> str:
    """The kernel's CPU pressure (share of time some task waited for a CPU), or '' where not available."""
    try:
        line = Path("/proc/pressure/cpu").read_text().splitlines()[0]
    except (OSError, IndexError):
        return ""
    fields = dict(part.split("=") for part in line.split()[1:])
    return f"CPU pressure avg60 {fields.get('avg60', '?')} %"


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


class ProcessTimer:
    """Runs whole processes in ``cwd`` with ``env``; their stdout and stderr go to files in ``work``."""

    def __init__(self, work: Path, env: dict[str, str], cwd: Path):
        self.work = work
        self.env = env
        self.cwd = cwd

    def once(self, argv: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, float, float, int, str, str]:
        """(wall ms, CPU ms, peak MB of that child, exit code, stdout, stderr) of one whole process."""
        out_path, err_path = self.work / "stdout", self.work / "stderr"
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            t0 = time.perf_counter()
            proc = subprocess.Popen(
                list(argv), stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=self.cwd, env=env or self.env
            )
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
    stats: dict[tuple[str, int, str], tuple[int, int, float, float, Any]] = pstats.Stats(str(path)).stats  # type: ignore[attr-defined]
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
