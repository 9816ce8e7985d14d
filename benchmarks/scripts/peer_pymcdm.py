"""Peer of the everyday `livescore rank vendors/*.yaml`: the same ranking scripted with pymcdm's WSM.

Measures: one whole process that builds the same decision matrix as floor_rank.py (vendor_matrix.py:
PyYAML's C loader, indicators scored in [0, 1]) and ranks it with pymcdm's weighted sum model, as a
user of that library would script it. Baseline: floor_rank.py, the same work with a bare numpy
product; livescore's median over this script's is the `× pymcdm` column.

    python benchmarks/scripts/peer_pymcdm.py SET_PATH VENDOR_FILE_OR_DIR...
"""

from __future__ import annotations

import sys

import numpy as np
from pymcdm.helpers import rrankdata
from pymcdm.methods import WSM
from vendor_matrix import decision_matrix, files_of


def main() -> None:
    set_path, *args = sys.argv[1:]
    ids, paths, matrix, weights = decision_matrix(set_path, files_of(args))
    # The matrix is already normalised to [0, 1] per indicator kind: no further normalisation.
    wsm = WSM(normalization_function=lambda x, cost: x)
    preference = wsm(matrix, weights, np.ones(len(paths), dtype=int))
    ranks = rrankdata(preference)
    for row in sorted(range(len(ids)), key=lambda r: (ranks[r], ids[r])):
        print(f"{int(ranks[row]):>3}  {ids[row]:<32} {preference[row] * 100:6.2f}")


if __name__ == "__main__":
    main()
