"""What the workloads share: sizes, the environment of the timed processes, the peers, the generated data.

``Bench`` holds one run's state: the sizes (full or --quick), the environment every timed process gets
(warm bytecode and set caches under the data folder), which peers are installed, the paths of the
scripts in benchmarks/scripts/ that the workloads run, the generated vendor folders, and what the
workloads report back (targets, sections and notes of RESULTS.md, and the commands to profile).
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.metadata
import importlib.util
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import datagen
from harness import ProcessTimer, log, met

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SCRIPTS = HERE / "scripts"  # the floors, peers and the sensitivity worker, each run as a file

SET_PATH = datagen.DEFAULT_SET
PEERS = {"pymcdm": "pymcdm", "skcriteria": "scikit-criteria"}  # import name -> distribution name
INSTALL_HINT = "pip install 'livescore-cn[bench]'"


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


@dataclass
class Target:
    workload: str
    text: str
    value: str
    ok: bool | None


def script(name: str) -> str:
    """The path of one script in benchmarks/scripts/, to run as ``[python, script(name), ...]``."""
    path = SCRIPTS / name
    if not path.is_file():
        raise FileNotFoundError(f"benchmark script missing: {path}")
    return str(path)


class Bench:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.sizes = QUICK if args.quick else FULL
        if args.runs:
            self.sizes = dataclasses.replace(self.sizes, runs_fast=args.runs, runs=args.runs)
        self.data = Path(args.data_dir).resolve()
        self.data.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix="livescore-bench-"))
        self.npz = self.tmp / "node_scores.npz"  # the sensitivity worker's node scores, written by its `prepare`
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
        self.runner = ProcessTimer(self.tmp, env, cwd=ROOT)
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

    def close(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)

    def target(self, workload: str, text: str, value: str, ok: bool | None) -> str:
        self.targets.append(Target(workload, text, value, ok))
        return met(ok)

    @staticmethod
    def folder_arg(path: Path) -> str:
        return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)

    @property
    def sens_vendors(self) -> int:
        return self.sizes.sens_vendors

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
