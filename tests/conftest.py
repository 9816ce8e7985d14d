"""Shared fixtures: the repository root, the tiny indicator set as a file and as a tree, the default
tree, writers for YAML, vendor and profile files, the `run` CLI helper and an isolated set cache.
What they build on lives in helpers.py."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from helpers import REPO, TINY_SET_ID, TINY_SET_YAML, RunFn, build_tree, dump_yaml, invoke


@pytest.fixture(scope="session")
def repo() -> Path:
    """The repository root (holds indicators/, vendors/, examples/)."""
    return REPO


@pytest.fixture
def write_yaml(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write raw YAML text (dedented) to tmp_path/NAME and return the path."""

    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def tiny_set(tmp_path: Path) -> Callable[..., Path]:
    """Factory: write the tiny indicator set (or ``text`` instead) to tmp_path and return its path."""

    def make(text: str = TINY_SET_YAML, name: str = "tiny-set.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return make


@pytest.fixture(scope="session")
def tiny_tree() -> Any:
    """The tiny set loaded as a scoring tree."""
    return build_tree()


@pytest.fixture(scope="session")
def default_tree() -> Any:
    """The embedded default indicator set."""
    from livescore.load.sets import load_tree

    tree, diagnostics = load_tree(None)
    assert diagnostics == [] and tree is not None
    return tree


@pytest.fixture
def write_vendor(tmp_path: Path) -> Callable[..., Path]:
    """Factory: write a vendor file; returns its path (file name defaults to ``ID.yaml``)."""

    def write(
        vendor_id: str,
        evidence: Mapping[str, Any] | None = None,
        *,
        name: str | None = None,
        indicator_set: str = TINY_SET_ID,
        price: Mapping[str, Any] | None = None,
        filename: str | None = None,
    ) -> Path:
        data: dict[str, Any] = {
            "kind": "vendor",
            "id": vendor_id,
            "name": name or f"Vendor {vendor_id}",
            "indicator_set": indicator_set,
        }
        if price is not None:
            data["price"] = dict(price)
        data["evidence"] = dict(evidence or {})
        path = tmp_path / (filename or f"{vendor_id}.yaml")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump_yaml(data), encoding="utf-8")
        return path

    return write


@pytest.fixture
def write_profile(tmp_path: Path) -> Callable[..., Path]:
    """Factory: write a weight profile; returns its path (file name defaults to ``ID.yaml``)."""

    def write(
        profile_id: str = "test-profile",
        *,
        weights: Mapping[str, float] | None = None,
        requirements: list[Mapping[str, Any]] | None = None,
        missing: str | None = None,
        indicator_set: str = TINY_SET_ID,
        extends: list[str] | None = None,
        filename: str | None = None,
    ) -> Path:
        data: dict[str, Any] = {"kind": "weight-profile", "id": profile_id, "indicator_set": indicator_set}
        if extends is not None:
            data["extends"] = list(extends)
        if weights is not None:
            data["weights"] = dict(weights)
        if requirements is not None:
            data["requirements"] = [dict(r) for r in requirements]
        if missing is not None:
            data["missing"] = missing
        path = tmp_path / (filename or f"{profile_id}.yaml")
        path.write_text(dump_yaml(data), encoding="utf-8")
        return path

    return write


@pytest.fixture
def run() -> RunFn:
    """``run("rank", "vendors/aurora-live.yaml")`` -> (exit_code, stdout, stderr)."""
    return invoke


@pytest.fixture(autouse=True, scope="session")
def _isolated_set_cache(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Tests never read or write the user's cache of validated indicator sets."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LIVESCORE_CACHE_DIR", str(tmp_path_factory.mktemp("set-cache")))
        yield
