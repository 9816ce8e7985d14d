"""Shared by floor_rank.py, peer_pymcdm.py and peer_skcriteria.py: vendor files to a decision matrix.

Not a measurement of its own. It holds the least work any of those scripts must do before ranking:
load the indicator set and the vendor files with PyYAML's C loader, score each indicator in [0, 1] by
its kind (boolean, numeric with floor and target, ordinal, choice, multi-choice; missing evidence
scores 0, as livescore's default), and take the global weights as the product of the sibling shares
on each indicator's path. The three scripts then differ only in who computes the weighted sum.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import yaml

LOADER = yaml.CSafeLoader

FloatArray = npt.NDArray[np.float64]


def load(path: str) -> Any:
    with open(path, "rb") as fh:
        return yaml.load(fh, Loader=LOADER)


def files_of(args: Sequence[str]) -> list[str]:
    out = []
    for arg in args:
        if os.path.isdir(arg):
            out.extend(sorted(os.path.join(arg, n) for n in os.listdir(arg) if n.endswith((".yaml", ".yml"))))
        else:
            out.append(arg)
    return out


def indicator_table(set_path: str) -> tuple[list[str], list[dict[str, Any]], FloatArray]:
    """Indicator paths, their specs, and global weights (product of the sibling shares on the path)."""
    data = load(set_path)
    paths: list[str] = []
    specs: list[dict[str, Any]] = []
    weights: list[float] = []
    dims = data["dimensions"]
    d_sum = sum(d.get("weight", 1) for d in dims) or 1
    for d in dims:
        g_sum = sum(g.get("weight", 1) for g in d["groups"]) or 1
        for g in d["groups"]:
            i_sum = sum(i.get("weight", 1) for i in g["indicators"]) or 1
            for i in g["indicators"]:
                paths.append(d["id"] + "." + g["id"] + "." + i["id"])
                specs.append(i)
                weights.append(d.get("weight", 1) / d_sum * g.get("weight", 1) / g_sum * i.get("weight", 1) / i_sum)
    return paths, specs, np.array(weights)


def score(spec: dict[str, Any], v: Any) -> float:
    kind = spec["kind"]
    if kind == "boolean":
        return 1.0 if v else 0.0
    if kind == "numeric":
        f: float = spec["floor"]
        t: float = spec["target"]
        x: float = min(max(v, min(f, t)), max(f, t))
        if spec.get("scale") == "log":
            return (math.log(x) - math.log(f)) / (math.log(t) - math.log(f))
        return (x - f) / (t - f)
    if kind == "ordinal":
        level: float = v
        return level / (len(spec["levels"]) - 1)
    if kind == "choice":
        share: float = spec["options"][v]
        return share
    return len(set(v)) / len(spec["options"])


def decision_matrix(set_path: str, files: Sequence[str]) -> tuple[list[str], list[str], FloatArray, FloatArray]:
    """Vendors x indicators in [0, 1] (missing evidence scores 0, as livescore's default)."""
    paths, specs, weights = indicator_table(set_path)
    index = {p: k for k, p in enumerate(paths)}
    matrix = np.zeros((len(files), len(paths)))
    ids = []
    for row, path in enumerate(files):
        vendor = load(path)
        ids.append(vendor["id"])
        for key, entry in (vendor.get("evidence") or {}).items():
            value = entry.get("value") if isinstance(entry, dict) else entry
            if value is not None:
                k = index[key]
                matrix[row, k] = score(specs[k], value)
    return ids, paths, matrix, weights


def print_ranking(ids: Sequence[str], scores: Sequence[float] | FloatArray) -> None:
    for n, row in enumerate(sorted(range(len(ids)), key=lambda r: (-scores[r], ids[r])), 1):
        print(f"{n:>3}  {ids[row]:<32} {scores[row]:6.2f}")
