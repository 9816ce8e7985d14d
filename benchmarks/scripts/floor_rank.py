"""Floor of the everyday `livescore rank vendors/*.yaml`: the bare minimum that ranking takes in Python.

Measures: one whole process that loads the indicator set and the vendor files with PyYAML's C loader,
scores them (vendor_matrix.py) and prints the weighted-sum ranking computed with one numpy matrix
product. It is the baseline of the everyday table: the `× floor` column is livescore's median over
this script's, and its order of ids is checked against `livescore rank -f json`.

    python benchmarks/scripts/floor_rank.py SET_PATH VENDOR_FILE_OR_DIR...
"""

from __future__ import annotations

import sys

from vendor_matrix import decision_matrix, files_of, print_ranking


def main() -> None:
    set_path, *args = sys.argv[1:]
    ids, _paths, matrix, weights = decision_matrix(set_path, files_of(args))
    print_ranking(ids, matrix @ weights * 100)


if __name__ == "__main__":
    main()
