"""Weights from pairwise judgements (AHP, Saaty): principal eigenvector or row geometric means,
lambda max, consistency index and ratio, and the judgement that disagrees most with the weights."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from livescore.model.ahp import AhpJudgements, judgement_value
from livescore.records.tree import Tree

# Saaty's random consistency indices for n = 3..15.
RANDOM_INDEX = {
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
    11: 1.51,
    12: 1.48,
    13: 1.56,
    14: 1.57,
    15: 1.59,
}
CR_LIMIT = 0.10
SHOWN = 12  # names or pairs a message lists before it counts the rest

Problem = tuple[tuple[Any, ...], str, str]


@dataclass(frozen=True)
class AhpResult:
    parent: str
    method: str
    names: list[str]
    weights: np.ndarray
    lambda_max: float
    ci: float
    cr: float | None
    random_index: float | None
    most_inconsistent: tuple[str, str] | None

    @property
    def consistent(self) -> bool:
        return self.cr is None or self.cr <= CR_LIMIT


def children(tree: Tree, parent: str) -> list[str] | None:
    """Local ids of the children of ``parent`` ("" = the dimensions), or None when it is no such node."""
    if parent == "":
        return list(tree.dimension_ids)
    node = tree.node(parent)
    if node is None or node[0] == "indicator":
        return None
    prefix = parent + "."
    source = tree.group_paths if node[0] == "dimension" else tree.paths
    return [p[len(prefix) :] for p in source if p.startswith(prefix)]


def check_judgements(model: AhpJudgements, tree: Tree) -> list[Problem]:
    names = children(tree, model.parent)
    if names is None:
        return [(("parent",), "unknown-path", f"{model.parent!r} is not a dimension or group of {tree.id}")]
    problems: list[Problem] = []
    known = set(names)
    listed = _first(names, SHOWN)
    seen: dict[frozenset[str], int] = {}
    for n, (a, b, x) in enumerate(model.judgements):
        if not isinstance(a, str) or not isinstance(b, str):
            where = ("judgements", n, 0 if not isinstance(a, str) else 1)
            problems.append((where, "type", f"judgement {n + 1}: the first two items are child ids"))
            continue
        if judgement_value(x) is None:
            message = f"judgement {n + 1}: the ratio must be a number in [1/9, 9] or a string 'p/q' with p, q in 1..9"
            problems.append((("judgements", n, 2), "invalid-value", message))
        for k, name in ((0, a), (1, b)):
            if name not in known:
                problems.append(
                    (("judgements", n, k), "unknown-child", f"{name!r} is not a child of {model.parent or 'the set'}: {listed}")
                )
        if a == b:
            problems.append((("judgements", n), "self-judgement", f"{a!r} is compared with itself"))
            continue
        pair = frozenset((a, b))
        if pair in seen:
            problems.append(
                (("judgements", n), "duplicate-judgement", f"{a} and {b} are judged twice (first in judgement {seen[pair] + 1})")
            )
        seen.setdefault(pair, n)
    if problems:
        return problems
    # Every judged pair is a pair of distinct children here, so the count needs no list of the
    # missing pairs (a group of 10,000 children has 50 M), only the first few to name.
    count = len(names) * (len(names) - 1) // 2 - len(seen)
    if count:
        pairs = (f"{a}/{b}" for i, a in enumerate(names) for b in names[i + 1 :] if frozenset((a, b)) not in seen)
        shown = ", ".join(itertools.islice(pairs, SHOWN)) + (f" and {count - SHOWN} more" if count > SHOWN else "")
        what = "1 pair is" if count == 1 else f"{count} pairs are"
        problems.append((("judgements",), "incomplete-judgements", f"{what} not judged: {shown}"))
    return problems


def _first(names: list[str], k: int) -> str:
    return ", ".join(names[:k]) + (f" and {len(names) - k} more" if len(names) > k else "")


def pairwise_matrix(names: list[str], judgements: list[list[Any]]) -> np.ndarray:
    index = {name: i for i, name in enumerate(names)}
    matrix = np.ones((len(names), len(names)))
    for a, b, x in judgements:
        value = judgement_value(x)
        assert value is not None
        matrix[index[a], index[b]] = value
        matrix[index[b], index[a]] = 1 / value
    return matrix


def principal(matrix: np.ndarray) -> tuple[float, np.ndarray]:
    values, vectors = np.linalg.eig(matrix)
    k = int(np.argmax(values.real))
    vector = np.abs(vectors[:, k].real)
    return float(values[k].real), vector / vector.sum()


def solve(matrix: np.ndarray, names: list[str], *, parent: str = "", method: str = "eigenvector") -> AhpResult:
    n = len(names)
    lambda_max, eigen_weights = principal(matrix)
    if method == "geometric-mean":
        geo = np.exp(np.log(matrix).mean(axis=1))
        weights = geo / geo.sum()
    else:
        weights = eigen_weights
    ci = (lambda_max - n) / (n - 1) if n > 1 else 0.0
    ri: float | None = None
    cr: float | None = 0.0
    if n > 2:
        ri = RANDOM_INDEX.get(n)
        cr = ci / ri if ri else None
    worst = None
    if n > 2 and cr is not None and cr > CR_LIMIT:  # named only when the consistency is not acceptable
        deviation = np.abs(np.log(matrix * weights[None, :] / weights[:, None]))
        np.fill_diagonal(deviation, -1)
        row, col = (int(k) for k in np.unravel_index(int(np.argmax(deviation)), deviation.shape))
        worst = (names[min(row, col)], names[max(row, col)])
    return AhpResult(parent, method, names, weights, lambda_max, float(ci), None if cr is None else float(cr), ri, worst)


def ahp(model: AhpJudgements, tree: Tree) -> AhpResult:
    names = children(tree, model.parent)
    assert names is not None
    return solve(pairwise_matrix(names, model.judgements), names, parent=model.parent, method=model.method)


def profile_yaml(result: AhpResult, tree: Tree, profile_id: str) -> str:
    """A weight profile that `rank -w` accepts: the AHP weights as percentages at full paths."""
    prefix = f"{result.parent}." if result.parent else ""
    where = result.parent or "the dimensions"
    cr = "n/a" if result.cr is None else f"{result.cr:.3f}"
    lines = [
        "kind: weight-profile",
        f"id: {profile_id}",
        f"indicator_set: {tree.id}",
        f'title: {{en: "AHP weights for {where}"}}',
        f'rationale: "Pairwise judgements ({result.method}); lambda max {result.lambda_max:.4f}, CI {result.ci:.4f}, CR {cr}."',
        "weights:",
    ]
    lines += [f"  {prefix}{name}: {_number(w * 100)}" for name, w in zip(result.names, result.weights, strict=True)]
    return "\n".join(lines) + "\n"


def _number(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text if text and math.isfinite(value) else "0"


def profile_id_for(output: str) -> str:
    """The id of the weight profile ``weights ahp -o FILE`` writes: the file's stem in kebab case."""
    import os
    import re

    stem = os.path.splitext(os.path.basename(output))[0].lower()
    return "-".join(filter(None, re.split(r"[^a-z0-9]+", stem))) or "ahp-weights"
