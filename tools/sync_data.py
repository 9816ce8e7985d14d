"""Write the repository's copies of packaged data files from their originals under src/livescore/data/.

The repository keeps no symlinks (they break on Windows checkouts and in sdists), so `schemas/` and
`indicators/enterprise-live-2022.yaml` are plain copies of what the package ships. Run this after
changing an original (e.g. after regenerating a schema with `livescore schema KIND`):

    python tools/sync_data.py           # rewrite every copy that differs, remove strays from schemas/
    python tools/sync_data.py --check   # exit 1, naming each copy that differs, is missing or has no original
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path("src", "livescore", "data")
SCHEMAS = Path("schemas")


def pairs(root: Path) -> list[tuple[Path, Path]]:
    """(original, copy) paths relative to ``root``: every packaged schema, and the default indicator set."""
    schemas = sorted(p.name for p in (root / DATA / "schemas").glob("*.schema.json"))
    found = [(DATA / "schemas" / name, SCHEMAS / name) for name in schemas]
    return [*found, (DATA / "enterprise-live-2022.yaml", Path("indicators", "enterprise-live-2022.yaml"))]


def strays(root: Path) -> list[Path]:
    """Files in schemas/ that are the copy of no packaged schema."""
    copies = {copy for _, copy in pairs(root)}
    folder = root / SCHEMAS
    found = sorted(p.relative_to(root) for p in folder.iterdir()) if folder.is_dir() and not folder.is_symlink() else []
    return [p for p in found if p not in copies]


def stale(root: Path) -> list[Path]:
    """Copies that are missing, a symlink, or not byte for byte their original."""
    return [
        copy
        for original, copy in pairs(root)
        if (root / copy).is_symlink()
        or not (root / copy).is_file()
        or (root / copy).read_bytes() != (root / original).read_bytes()
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if any copy differs")
    parser.add_argument("--root", type=Path, default=ROOT, help="the repository root (default: this checkout)")
    args = parser.parse_args(argv)
    root: Path = args.root
    if not (root / DATA).is_dir():
        parser.error(f"{root / DATA} is not a folder")
    originals = {copy: original for original, copy in pairs(root)}
    bad, extra = stale(root), strays(root)
    if args.check:
        for copy in bad:
            print(f"{copy}: differs from {originals[copy]} (run python tools/sync_data.py)", file=sys.stderr)
        for path in extra:
            print(f"{path}: no packaged original under {DATA / 'schemas'} (run python tools/sync_data.py)", file=sys.stderr)
        return 1 if bad or extra else 0
    if (root / SCHEMAS).is_symlink():
        (root / SCHEMAS).unlink()
    for copy in bad:
        target = root / copy
        if target.is_symlink():
            target.unlink()
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((root / originals[copy]).read_bytes())
        print(f"wrote {copy}")
    for path in extra:
        (root / path).unlink()
        print(f"removed {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
