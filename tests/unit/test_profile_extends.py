"""`extends` resolves each profile file once per run and nests at most MAX_EXTENDS_DEPTH deep: a long
chain or a diamond ends at once with a located `extends-depth` error, never a RecursionError or an
exponential number of loads; cycles are still `extends-cycle`."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from helpers import RunFn
from livescore.load import profiles
from livescore.load.profiles import load_profile

MAX_EXTENDS_DEPTH = getattr(profiles, "MAX_EXTENDS_DEPTH", 16)


def _chain(write_profile: Callable[..., Path], length: int, parents_per_profile: int = 1) -> Path:
    """p-0 extends p-1 (``parents_per_profile`` times) ... extends p-(length-1); returns p-0."""
    top = None
    for n in reversed(range(length)):
        parents = [f"p-{n + 1}.yaml"] * parents_per_profile if n + 1 < length else None
        top = write_profile(f"p-{n}", extends=parents)
    assert top is not None
    return top


class TooManyReads(BaseException):
    """No ``except Exception`` may swallow it."""


def _count_reads(monkeypatch: pytest.MonkeyPatch, stop_after: int) -> list[str]:
    reads: list[str] = []
    real = profiles.load_file

    def counting(path: str, **kwargs: Any) -> Any:
        reads.append(path)
        if len(reads) > stop_after:
            raise TooManyReads(f"{len(reads)} profile reads")
        return real(path, **kwargs)

    monkeypatch.setattr(profiles, "load_file", counting)
    return reads


@pytest.mark.parametrize(
    ("length", "parents"),
    [
        pytest.param(1000, 1, id="chain-1000"),
        pytest.param(26, 2, id="diamond-26"),
        pytest.param(MAX_EXTENDS_DEPTH + 1, 1, id="one-too-deep"),
    ],
)
def test_deep_extends_is_a_located_error(
    write_profile: Callable[..., Path], tiny_tree: Any, monkeypatch: pytest.MonkeyPatch, length: int, parents: int
) -> None:
    top = _chain(write_profile, length, parents)
    _count_reads(monkeypatch, stop_after=10 * length)  # a diamond read again per path fails here, not in hours
    started = time.monotonic()
    profile, diagnostics = load_profile(str(top), tiny_tree)
    assert time.monotonic() - started < 2
    assert profile is None
    deep = [d for d in diagnostics if d.code == "extends-depth"]
    assert deep and {d.path for d in deep} == {str(top.parent / f"p-{MAX_EXTENDS_DEPTH - 1}.yaml")}
    assert (deep[0].line, deep[0].col) != (1, 1)  # at the `extends` entry, not the file's start


def test_chain_of_the_maximum_depth_loads(write_profile: Callable[..., Path], tiny_tree: Any) -> None:
    profile, diagnostics = load_profile(str(_chain(write_profile, MAX_EXTENDS_DEPTH)), tiny_tree)
    assert profile is not None and diagnostics == []


def test_diamond_reads_each_profile_once(
    write_profile: Callable[..., Path], tiny_tree: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    top = _chain(write_profile, 12, parents_per_profile=2)
    reads = _count_reads(monkeypatch, stop_after=10_000)
    profile, diagnostics = load_profile(str(top), tiny_tree)
    assert profile is not None and diagnostics == []
    assert len(reads) == len({str(Path(p).resolve()) for p in reads}) == 12


def test_cycle_through_a_chain_is_still_a_cycle(write_profile: Callable[..., Path], tiny_tree: Any) -> None:
    write_profile("a", extends=["b.yaml"])
    write_profile("b", extends=["a.yaml"])
    top = write_profile("a", extends=["b.yaml"])
    profile, diagnostics = load_profile(str(top), tiny_tree)
    assert profile is None
    assert [d.code for d in diagnostics] == ["extends-cycle"]


def test_deep_extends_on_the_command_line(
    write_profile: Callable[..., Path], write_vendor: Callable[..., Path], run: RunFn
) -> None:
    from helpers import TINY_SET_YAML

    top = _chain(write_profile, 1000)
    set_path = top.parent / "tiny-set.yaml"
    set_path.write_text(TINY_SET_YAML, encoding="utf-8")
    vendor = write_vendor("v-one")
    started = time.monotonic()
    code, _, err = run("rank", "-i", set_path, "-w", top, vendor)
    assert time.monotonic() - started < 2
    assert code == 1 and "Traceback" not in err
    assert f"p-{MAX_EXTENDS_DEPTH - 1}.yaml:" in err and ": error[extends-depth]: " in err
