"""The repository holds no symlinks: schemas/ and indicators/enterprise-live-2022.yaml are plain copies
of the packaged originals under src/livescore/data/, kept equal by tools/sync_data.py.

In a git checkout the tracked files are read from `git ls-files -s` (mode 120000 is a symlink); in any
other tree (an unpacked sdist) the tree itself is walked. Both ways are also tested on a tree made
here, so neither can pass by finding nothing.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from helpers import REPO
from livescore.records.kinds import FILE_KINDS

ROOT = REPO
TOOL = ROOT / "tools" / "sync_data.py"


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sync_data", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


sync_data = _tool()


def git_symlinks(root: Path) -> list[str]:
    """Tracked paths whose mode is 120000 (a symlink), by `git ls-files -s`."""
    listed = subprocess.run(["git", "ls-files", "-s"], cwd=root, capture_output=True, text=True, check=True).stdout
    assert "\tpyproject.toml" in listed, "git ls-files listed no pyproject.toml: not this repository"
    return [line.split("\t", 1)[1] for line in listed.splitlines() if line.startswith("120000 ")]


def walk(root: Path) -> list[str]:
    """Every file and folder below root, leaving out .git and virtual environments (they hold links of their own)."""
    found = []
    for folder, dirs, names in os.walk(root):
        here = Path(folder)
        dirs[:] = [d for d in dirs if d != ".git" and not (here / d / "pyvenv.cfg").exists()]
        found += [(here / name).relative_to(root).as_posix() for name in [*dirs, *names]]
    return sorted(found)


def walked_symlinks(root: Path) -> list[str]:
    return [path for path in walk(root) if os.path.islink(root / path)]


def is_checkout(root: Path) -> bool:
    return shutil.which("git") is not None and (root / ".git").exists()


def test_no_file_is_a_symlink() -> None:
    links = git_symlinks(ROOT) if is_checkout(ROOT) else walked_symlinks(ROOT)
    assert not links, f"symlinks in the repository (use copies and tools/sync_data.py): {links}"


def test_the_walk_sees_the_copies_and_finds_a_link(tmp_path: Path) -> None:
    seen = walk(ROOT)
    assert {"tests/unit/test_data_copies.py", "schemas/vendor.schema.json", "indicators/enterprise-live-2022.yaml"} <= set(seen)
    (tmp_path / "real.yaml").write_text("a: 1\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    os.symlink("../real.yaml", tmp_path / "sub" / "link.yaml")
    os.symlink("sub", tmp_path / "folder-link")
    assert walked_symlinks(tmp_path) == ["folder-link", "sub/link.yaml"]


def test_git_listing_finds_a_tracked_link(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    os.symlink("pyproject.toml", tmp_path / "link.toml")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "."], cwd=tmp_path, check=True)
    assert git_symlinks(tmp_path) == ["link.toml"]


@pytest.mark.parametrize(("original", "copy"), sync_data.pairs(ROOT), ids=lambda p: p.as_posix())
def test_copy_equals_the_packaged_original(original: Path, copy: Path) -> None:
    assert not (ROOT / copy).is_symlink()
    assert (ROOT / copy).read_bytes() == (ROOT / original).read_bytes(), f"run: python tools/sync_data.py ({copy})"


def test_every_schema_is_copied_and_nothing_else() -> None:
    packaged = sorted(p.name for p in (ROOT / "src" / "livescore" / "data" / "schemas").iterdir())
    assert packaged == sorted(f"{kind}.schema.json" for kind in FILE_KINDS)  # one per file kind
    assert sorted(p.name for p in (ROOT / "schemas").iterdir()) == packaged


def test_check_passes_here() -> None:
    result = subprocess.run([sys.executable, str(TOOL), "--check"], capture_output=True, text=True, check=False)
    assert (result.returncode, result.stderr) == (0, "")


def test_check_names_each_bad_copy_and_sync_repairs_it(tmp_path: Path) -> None:
    for folder in ("src/livescore/data", "schemas", "indicators"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / "schemas" / "vendor.schema.json").write_text("{}\n", encoding="utf-8")
    (tmp_path / "schemas" / "old.schema.json").write_text("{}\n", encoding="utf-8")
    (tmp_path / "indicators" / "enterprise-live-2022.yaml").unlink()
    check = [sys.executable, str(TOOL), "--check", "--root", str(tmp_path)]

    result = subprocess.run(check, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    named = sorted(line.split(":", 1)[0] for line in result.stderr.splitlines())
    assert named == ["indicators/enterprise-live-2022.yaml", "schemas/old.schema.json", "schemas/vendor.schema.json"]

    subprocess.run([sys.executable, str(TOOL), "--root", str(tmp_path)], capture_output=True, check=True)
    assert subprocess.run(check, capture_output=True, check=False).returncode == 0
    assert not (tmp_path / "schemas" / "old.schema.json").exists()
