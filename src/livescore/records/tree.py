"""The indicator tree flattened for computation: indicator order, parents, weights as arrays.

Global weight of an indicator = its weight / sum of its siblings' x the same for its group x the same
for its dimension. The hierarchical weighted mean then equals one matrix product ``S @ w``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt

from livescore.records.indicators import AnyIndicator, IndicatorSetSpec

Level = Literal["dimension", "group", "indicator"]
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]


@dataclass(frozen=True, slots=True)
class Weights:
    """Raw (unnormalised) weights of every node, after any profile overrides."""

    dimension: FloatArray
    group: FloatArray
    indicator: FloatArray


@dataclass(eq=False)
class Tree:
    spec: IndicatorSetSpec
    source: str  # file path, or "(embedded)"
    sha256: str
    paths: list[str] = field(init=False)  # indicator paths, tree order
    indicators: list[AnyIndicator] = field(init=False)
    index: dict[str, int] = field(init=False)
    group_paths: list[str] = field(init=False)
    dimension_ids: list[str] = field(init=False)
    indicator_group: IntArray = field(init=False)  # indicator -> group index
    group_dimension: IntArray = field(init=False)  # group -> dimension index
    weights: Weights = field(init=False)  # the set's own weights

    def __post_init__(self) -> None:
        self.paths, self.indicators, self.group_paths, self.dimension_ids = [], [], [], []
        ind_group: list[int] = []
        grp_dim: list[int] = []
        dim_w: list[float] = []
        grp_w: list[float] = []
        ind_w: list[float] = []
        for d, dim in enumerate(self.spec.dimensions):
            self.dimension_ids.append(dim.id)
            dim_w.append(dim.weight)
            for group in dim.groups:
                g = len(self.group_paths)
                self.group_paths.append(f"{dim.id}.{group.id}")
                grp_dim.append(d)
                grp_w.append(group.weight)
                for ind in group.indicators:
                    self.paths.append(f"{dim.id}.{group.id}.{ind.id}")
                    self.indicators.append(ind)
                    ind_group.append(g)
                    ind_w.append(ind.weight)
        self.index = {p: i for i, p in enumerate(self.paths)}
        self.indicator_group = np.array(ind_group, dtype=np.intp)
        self.group_dimension = np.array(grp_dim, dtype=np.intp)
        self.weights = Weights(np.array(dim_w), np.array(grp_w), np.array(ind_w))

    @property
    def id(self) -> str:
        return self.spec.id

    def node(self, path: str) -> tuple[Level, int] | None:
        """Which node a dotted path names: a dimension, a group or an indicator."""
        depth = path.count(".")
        if depth == 0 and path in self.dimension_ids:
            return "dimension", self.dimension_ids.index(path)
        if depth == 1 and path in self.group_paths:
            return "group", self.group_paths.index(path)
        if depth == 2 and path in self.index:
            return "indicator", self.index[path]
        return None

    def all_node_paths(self) -> list[str]:
        return [*self.dimension_ids, *self.group_paths, *self.paths]

    def local_weights(self, weights: Weights) -> Weights:
        """Each node's share among its siblings (0 where every sibling weighs 0)."""
        return Weights(
            _share(weights.dimension, np.zeros(len(weights.dimension), dtype=np.intp)),
            _share(weights.group, self.group_dimension),
            _share(weights.indicator, self.indicator_group),
        )

    def global_weights(self, weights: Weights) -> FloatArray:
        """Product of the local shares along each indicator's path; sums to 1."""
        local = self.local_weights(weights)
        group_global = local.group * local.dimension[self.group_dimension]
        result: FloatArray = local.indicator * group_global[self.indicator_group]
        return result

    def node_global_weights(self, weights: Weights) -> dict[Level, FloatArray]:
        local = self.local_weights(weights)
        group_global = local.group * local.dimension[self.group_dimension]
        return {
            "dimension": local.dimension,
            "group": group_global,
            "indicator": local.indicator * group_global[self.indicator_group],
        }


def _share(values: FloatArray, parent: IntArray) -> FloatArray:
    totals = np.bincount(parent, weights=values)
    denominators = totals[parent]
    return np.divide(values, denominators, out=np.zeros_like(values), where=denominators > 0)
