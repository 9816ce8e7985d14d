"""Sensitivity worker: time SMAA implementations in-process, interleaved; print one JSON line.

Measures: the wall-clock and CPU time of one call that draws SAMPLES weight vectors (Dirichlet around
the default weights, concentration 100, seed 0) over the generated vendors' node scores at LEVEL
(group or indicator) and returns each vendor's share of first ranks, for each implementation:

- livescore: `livescore.analysis.sensitivity.smaa` on the vendors of VENDORS_DIR;
- floor, the baseline: the bare numpy computation (Dirichlet draws, one matrix product, argsort,
  bincount) on the same node scores, so `× floor` is livescore's time over this one;
- pymcdm / skcriteria, the peers: one weighted sum of that library per sampled weight vector.

    python sens_worker.py IMPLS LEVEL SAMPLES RUNS NPZ VENDORS_DIR

IMPLS is a comma-separated list, timed RUNS times after one warm-up call each, interleaved with the
order rotating; livescore and the floor also get the heap peak of one call (tracemalloc). RUNS = 0:
one call without warm-up (the process's peak RSS is then that call's); RUNS < 0: cProfile of one call
of the first implementation after a warm-up, stats to NPZ.prof. IMPLS = prepare: write the node
scores of both levels to NPZ (the floor's and peers' input) and print the matrix shape.

Each implementation imports only what it needs, so that a process running one of them alone has the
peak memory of that one.
"""

from __future__ import annotations

import json
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

SEED, CONCENTRATION = 0, 100.0

FloatArray = npt.NDArray[np.float64]
Call = Callable[[int], list[float]]
Level = Literal["group", "indicator"]
LEVELS: dict[str, Level] = {"group": "group", "indicator": "indicator"}


# --- livescore internals: the only place that names them.
# --- the one place that uses livescore internals: it must return livescore's Ranking.
def ranking_of(folder: str) -> Any:
    from livescore.request import Request, load_inputs
    from livescore.score.rank import rank_vendors

    inputs = load_inputs(Request([folder]))
    if not inputs.ok or inputs.tree is None or inputs.profile is None:
        raise SystemExit("generated vendors do not load: " + "; ".join(d.text() for d in inputs.diagnostics[:3]))
    return rank_vendors(inputs.tree, inputs.profile, inputs.records, inputs.profile.missing)


# --- end of livescore internals


def floor(matrix: FloatArray, alpha: FloatArray, samples: int) -> FloatArray:
    rng = np.random.default_rng(SEED)
    w = rng.standard_gamma(alpha, size=(samples, len(alpha)))
    w /= w.sum(axis=1, keepdims=True)
    totals = w @ matrix.T
    order = np.argsort(-totals, axis=1, kind="stable")  # order[s, r]: the vendor at rank r
    n = matrix.shape[0]
    counts = np.bincount((order * n + np.arange(n)).ravel(), minlength=n * n).reshape(n, n)
    first: FloatArray = counts[:, 0] / samples
    return first


def pymcdm_loop(matrix: FloatArray, alpha: FloatArray, samples: int) -> FloatArray:
    from pymcdm.helpers import rrankdata
    from pymcdm.methods import WSM

    wsm = WSM(normalization_function=lambda x, cost: x)
    types = np.ones(matrix.shape[1], dtype=int)
    n = matrix.shape[0]
    counts = np.zeros((n, n), dtype=np.int64)
    rng = np.random.default_rng(SEED)
    for w in rng.dirichlet(alpha, size=samples):
        ranks = rrankdata(wsm(matrix, w, types)).astype(int) - 1
        counts[np.arange(n), ranks] += 1
    first: FloatArray = counts[:, 0] / samples
    return first


def skcriteria_loop(matrix: FloatArray, alpha: FloatArray, samples: int) -> FloatArray:
    import skcriteria as skc
    from skcriteria.agg.simple import WeightedSumModel

    n, k = matrix.shape
    objectives = [max] * k
    model = WeightedSumModel()
    counts = np.zeros((n, n), dtype=np.int64)
    rng = np.random.default_rng(SEED)
    for w in rng.dirichlet(alpha, size=samples):
        # A new decision matrix per weight vector: faster than dm.replace(weights=w) (1.2 vs 4 ms here).
        ranks = model.evaluate(skc.mkdm(matrix, objectives, weights=w)).rank_ - 1
        counts[np.arange(n), ranks] += 1
    first: FloatArray = counts[:, 0] / samples
    return first


def prepare(npz: str, vendors_dir: str) -> None:
    from livescore.analysis.sensitivity import node_scores

    ranking = ranking_of(vendors_dir)
    arrays: dict[str, Any] = {}
    for lvl in LEVELS.values():
        _nodes, weights, matrix = node_scores(ranking, lvl)
        arrays[lvl + "_matrix"], arrays[lvl + "_weights"] = matrix, weights
    np.savez(npz, **arrays)
    shape = {
        "vendors": int(arrays["group_matrix"].shape[0]),
        "groups": len(arrays["group_weights"]),
        "indicators": len(arrays["indicator_weights"]),
    }
    print(json.dumps(shape))


def make_call(impl: str, level: str, npz: str, vendors_dir: str) -> Call:
    if impl == "livescore":
        from livescore.analysis.sensitivity import smaa

        ranking = ranking_of(vendors_dir)

        def call(s: int) -> list[float]:
            result = smaa(ranking, level=LEVELS[level], samples=s, seed=SEED, concentration=CONCENTRATION)
            return [v.p_first for v in result.vendors]

        return call
    data = np.load(npz)
    matrix, weights = data[level + "_matrix"], data[level + "_weights"]
    alpha = CONCENTRATION * weights
    fn = {"floor": floor, "pymcdm": pymcdm_loop, "skcriteria": skcriteria_loop}[impl]
    return lambda s: list(fn(matrix, alpha, s))


def profile_one(call: Call, samples: int, npz: str) -> None:
    """cProfile of one call after a warm-up: stats to NPZ.prof."""
    import cProfile

    call(min(samples, 1000))
    profiler = cProfile.Profile()
    profiler.enable()
    call(samples)
    profiler.disable()
    profiler.dump_stats(npz + ".prof")
    print(json.dumps({}))


def measure(names: list[str], calls: dict[str, Call], samples: int, runs: int) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {impl: {"times_ms": [], "cpu_ms": [], "p_first": None, "heap_mb": None} for impl in names}
    if runs > 0:
        for impl in names:
            calls[impl](min(samples, 1000))  # imports, caches, first-touch pages
    for r in range(max(runs, 1)):  # runs == 0: the memory check, one call without warm-up
        for impl in names[r % len(names) :] + names[: r % len(names)]:  # interleaved, the order rotating
            t0, c0 = time.perf_counter(), time.process_time()
            out[impl]["p_first"] = calls[impl](samples)
            out[impl]["times_ms"].append((time.perf_counter() - t0) * 1000)
            out[impl]["cpu_ms"].append((time.process_time() - c0) * 1000)
    if runs > 0:
        for impl in names:
            if impl in ("livescore", "floor"):  # tracemalloc slows Python-level loops: not for the peers
                tracemalloc.start()
                calls[impl](samples)
                out[impl]["heap_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
                tracemalloc.stop()
    return out


def main() -> None:
    impls, level, samples_arg, runs_arg, npz, vendors_dir = sys.argv[1:7]
    samples, runs = int(samples_arg), int(runs_arg)
    if impls == "prepare":
        prepare(npz, vendors_dir)
        return
    names = impls.split(",")
    calls = {impl: make_call(impl, level, npz, vendors_dir) for impl in names}
    if runs < 0:  # profile one call of the first implementation (after a warm-up): stats to NPZ.prof
        profile_one(calls[names[0]], samples, npz)
        return
    print(json.dumps(measure(names, calls, samples, runs)))


if __name__ == "__main__":
    main()
