"""Peer of the everyday `livescore rank vendors/*.yaml`: the same ranking scripted with scikit-criteria.

Measures: one whole process that builds the same decision matrix as floor_rank.py (vendor_matrix.py:
PyYAML's C loader, indicators scored in [0, 1]) and ranks it with scikit-criteria's
`WeightedSumModel` on a `mkdm` decision matrix, as a user of that library would script it. Baseline:
floor_rank.py, the same work with a bare numpy product; livescore's median over this script's is the
`× scikit-criteria` column.

    python benchmarks/scripts/peer_skcriteria.py SET_PATH VENDOR_FILE_OR_DIR...
"""

from __future__ import annotations

import sys

import skcriteria as skc
from skcriteria.agg.simple import WeightedSumModel
from vendor_matrix import decision_matrix, files_of


def main() -> None:
    set_path, *args = sys.argv[1:]
    ids, paths, matrix, weights = decision_matrix(set_path, files_of(args))
    dm = skc.mkdm(matrix, [max] * len(paths), weights=weights, alternatives=ids, criteria=paths)
    result = WeightedSumModel().evaluate(dm)
    scores = result.e_.score
    for row in sorted(range(len(ids)), key=lambda r: (result.rank_[r], ids[r])):
        print(f"{int(result.rank_[row]):>3}  {ids[row]:<32} {scores[row] * 100:6.2f}")


if __name__ == "__main__":
    main()
