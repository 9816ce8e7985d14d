"""Workload 1, everyday commands as whole new processes, on the shipped vendors and the default set.

`livescore rank vendors/*.yaml`, `livescore validate indicators/ vendors/ examples/`, `livescore --help`,
a bare interpreter, and `rank` cold (no bytecode, no set cache). Floor: scripts/floor_rank.py. Peers:
the same ranking scripted with pymcdm (scripts/peer_pymcdm.py) and scikit-criteria
(scripts/peer_skcriteria.py). The floor's and the peers' order of ids is checked against livescore's.
"""

from __future__ import annotations

import json

from context import INSTALL_HINT, PEERS, ROOT, SET_PATH, Bench, script
from harness import Cmd, Timing, fmt_mb, fmt_ms, fmt_ratio, log, met, table

HEADER = [
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


def peer_cell(t: Timing | None, available: dict[str, str | None], peer: str) -> str:
    if available.get(peer) is None:
        return "not installed"
    if t is None or not t.ok:
        return "failed"
    return ""


def commands(bench: Bench, vendors: list[str]) -> list[Cmd]:
    rank_label = "`livescore rank vendors/*.yaml`"
    cmds = [
        Cmd("rank", rank_label, [*bench.livescore, "rank", *vendors]),
        Cmd(
            "floor",
            "floor: PyYAML C loader + numpy weighted sum",
            [bench.py, script("floor_rank.py"), str(SET_PATH), *vendors],
        ),
    ]
    if bench.available["pymcdm"]:
        cmds.append(Cmd("pymcdm", "peer: pymcdm `WSM` script", [bench.py, script("peer_pymcdm.py"), str(SET_PATH), *vendors]))
    if bench.available["skcriteria"]:
        cmds.append(
            Cmd(
                "skcriteria",
                "peer: scikit-criteria `WeightedSumModel` script",
                [bench.py, script("peer_skcriteria.py"), str(SET_PATH), *vendors],
            )
        )
    cmds += [
        Cmd(
            "validate",
            "`livescore validate indicators/ vendors/ examples/`",
            [*bench.livescore, "validate", "indicators/", "vendors/", "examples/"],
        ),
        Cmd("help", "`livescore --help`", [*bench.livescore, "--help"]),
        Cmd("python", "bare interpreter: `python -c pass`", [bench.py, "-c", "pass"]),
    ]
    cold = dict(bench.env)
    cold.pop("PYTHONPYCACHEPREFIX")
    cold["PYTHONDONTWRITEBYTECODE"] = "1"
    cold["LIVESCORE_NO_CACHE"] = "1"
    cmds.append(
        Cmd(
            "rank_nopyc",
            "`livescore rank vendors/*.yaml` cold: no .pyc for livescore (PYTHONDONTWRITEBYTECODE=1), no set cache "
            "(LIVESCORE_NO_CACHE=1)",
            [*bench.livescore, "rank", *vendors],
            env=cold,
        )
    )
    return cmds


def check_order(bench: Bench, vendors: list[str], res: dict[str, Timing]) -> None:
    """The floor and peers must rank like livescore (same order of ids)."""
    _, _, _, rc, out, _ = bench.runner.once([*bench.livescore, "rank", "-f", "json", *vendors])
    reference = [v["id"] for v in json.loads(out)["vendors"]] if rc == 0 else None
    agreement = []
    for key in ("floor", "pymcdm", "skcriteria"):
        t = res.get(key)
        if t is None or not t.ok:
            continue
        order = [line.split()[1] for line in t.stdout.splitlines() if line.strip()]
        agreement.append(f"{key} {'same' if order == reference else 'DIFFERENT'}")
    bench.notes.append(
        "Everyday ranking order against `livescore rank -f json`: " + (", ".join(agreement) or "not checked") + "."
    )


def ratio(a: Timing, b: Timing | None) -> float | None:
    return a.median / b.median if b is not None and a.ok and b.ok else None


def rank_cells(bench: Bench, t: Timing, res: dict[str, Timing]) -> list[str]:
    """The `rank` row after its timings: ratios to the floor and peers, and its targets."""
    floor = res["floor"]
    r_floor, r_pm, r_skc = ratio(t, floor), ratio(t, res.get("pymcdm")), ratio(t, res.get("skcriteria"))
    cells = [
        fmt_ratio(r_floor),
        fmt_ratio(r_pm) if r_pm is not None else peer_cell(res.get("pymcdm"), bench.available, "pymcdm"),
        fmt_ratio(r_skc) if r_skc is not None else peer_cell(res.get("skcriteria"), bench.available, "skcriteria"),
    ]
    ok_floor = r_floor is not None and r_floor <= 2.0
    ok_time = t.median < 250
    bench.target("everyday", "rank <= 2.0x floor", fmt_ratio(r_floor), ok_floor if r_floor is not None else None)
    bench.target("everyday", "rank < 250 ms", f"{fmt_ms(t.median)} ms", ok_time)
    ok_peers = []
    for peer, r in (("pymcdm", r_pm), ("skcriteria", r_skc)):
        if r is None:
            bench.target("everyday", f"rank <= 0.5x {PEERS[peer]} script", peer_cell(res.get(peer), bench.available, peer), None)
        else:
            ok_peers.append(r <= 0.5)
            bench.target("everyday", f"rank <= 0.5x {PEERS[peer]} script", fmt_ratio(r), r <= 0.5)
    text = "<= 2.0x floor, < 250 ms, <= 0.5x each peer"
    if not (ok_floor and ok_time and all(ok_peers)):
        bench.to_profile.append(("process", t.cmd.label, t.cmd.argv))
    return [*cells, fmt_mb(t.peak), text, met(ok_floor and ok_time and all(ok_peers) and bool(ok_peers))]


def run(bench: Bench) -> None:
    vendors = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "vendors").glob("*.yaml"))
    cmds = commands(bench, vendors)
    log(f"everyday: {len(cmds)} commands x {bench.sizes.runs_fast} runs")
    res = bench.runner.measure(cmds, bench.sizes.runs_fast, "everyday")
    check_order(bench, vendors, res)
    floor = res["floor"]
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
            cells += rank_cells(bench, t, res)
        elif key in ("validate", "help"):
            limit = 250 if key == "validate" else 120
            if t.median >= limit:
                bench.to_profile.append(("process", t.cmd.label, t.cmd.argv))
            cells += [
                "—",
                "—",
                "—",
                fmt_mb(t.peak),
                f"< {limit} ms",
                bench.target(
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
        if not bench.available[peer]:
            rows.append(
                [f"peer: {PEERS[peer]} script", "not installed", "—", "—", "0", "—", "—", "—", "—", "—", f"`{INSTALL_HINT}`", "—"]
            )
    bench.sections.append(
        "## 1. Everyday commands (whole new processes)\n\n"
        f"Shipped vendors ({len(vendors)} files), default set. {bench.sizes.runs_fast} timed runs per command after one "
        "warm-up, "
        "interleaved. `× floor` and `× peer` are livescore's median over theirs (lower is better).\n\n" + table(HEADER, rows)
    )
