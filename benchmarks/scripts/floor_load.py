"""Floor of the market-scale `livescore rank DIR -f json`: loading the same vendor files and nothing else.

Measures: one whole process that parses every `.yaml` / `.yml` file of the given folders (or the
given files) with PyYAML's C loader, and prints how many it loaded. No scoring, no output beyond the
count: the least any YAML-based ranking must pay per file. It is the baseline of the market-scale
table: the `× floor` column is livescore's median over this script's, at each size.

    python benchmarks/scripts/floor_load.py DIR_OR_FILE...
"""

from __future__ import annotations

import os
import sys

import yaml


def main() -> None:
    count = 0
    for arg in sys.argv[1:]:
        names = sorted(n for n in os.listdir(arg) if n.endswith((".yaml", ".yml"))) if os.path.isdir(arg) else [arg]
        for name in names:
            path = os.path.join(arg, name) if os.path.isdir(arg) else name
            with open(path, "rb") as fh:
                yaml.load(fh, Loader=yaml.CSafeLoader)
            count += 1
    print(count, "files loaded")


if __name__ == "__main__":
    main()
