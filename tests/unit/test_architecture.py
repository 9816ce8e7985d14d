"""The layout holds by test, not by hope: data flows one way through the layers, no module imports
another that (directly or not) imports it back, the core imports neither rich nor typer, and no
module grows past 400 lines. Imports inside functions and under TYPE_CHECKING count too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from helpers import REPO

PACKAGE = REPO / "src" / "livescore"
MAX_LINES = 400

# Lowest first: a module may import its own layer or a lower one, never a higher one.
LAYERS: list[tuple[str, set[str]]] = [
    ("base", {"diagnostics", "sanitize", "suggest", "output"}),
    ("records", {"records"}),
    ("model", {"model"}),
    ("score", {"score"}),
    ("load", {"load"}),
    ("analysis", {"analysis"}),
    ("app", {"request", "validate", "schema"}),
    ("render", {"render"}),
    ("api", {"api"}),
    ("cli", {"cli", "__main__"}),
]
CORE = {"base", "records", "model", "score", "load", "analysis", "app"}
TOP = {"__init__": -1}  # livescore/__init__.py holds the version, and names the API (imported on first use)
LAZY = {"livescore.__init__": {"livescore.api"}}  # imports a module may make inside a function, whatever the layers


def _name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(["livescore", *parts])


def module_name(path: Path) -> str:
    return _name(path)


MODULES = {_name(p): p for p in PACKAGE.rglob("*.py")}
MODULE_NAMES = set(MODULES)


def layer_of(module: str) -> int:
    head = module.split(".")[1] if "." in module else "__init__"
    if head in TOP:
        return TOP[head]
    for n, (_, names) in enumerate(LAYERS):
        if head in names:
            return n
    raise AssertionError(f"{module} is in no layer: add its folder to LAYERS")


def imports_of(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("livescore"):
            submodules = {f"{node.module}.{a.name}" for a in node.names} & MODULE_NAMES
            # `from livescore.cli import emit` imports the module emit, not (only) the package's own code
            found.update(submodules or {node.module})
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("livescore"))
    return found


def graph() -> dict[str, set[str]]:
    return {m: {i for i in imports_of(p) if i in MODULES and i != m} for m, p in MODULES.items()}


def test_every_module_is_in_a_layer() -> None:
    for module in MODULES:
        layer_of(module)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_go_down_the_layers(module: str) -> None:
    own = layer_of(module)
    upward = [i for i in graph()[module] if layer_of(i) > own and not i.endswith("__init__") and i not in LAZY.get(module, set())]
    assert not upward, f"{module} (layer {LAYERS[own][0] if own >= 0 else 'top'}) imports higher layers: {upward}"


def test_no_import_cycles() -> None:
    edges = graph()
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for n in sorted(edges[m]):
            if state.get(n) == 1:
                cycle = [*stack[stack.index(n) :], n]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if n not in state:
                visit(n)
        stack.pop()
        state[m] = 2

    for m in sorted(edges):
        if m not in state:
            visit(m)


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer_of(m) >= 0 and LAYERS[layer_of(m)][0] in CORE))
def test_the_core_imports_neither_rich_nor_typer(module: str) -> None:
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    banned = sorted(n for n in names if n.split(".")[0] in ("rich", "typer"))
    assert not banned, f"{module} imports {banned}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_stay_small(module: str) -> None:
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{module} has {lines} lines (at most {MAX_LINES})"


def test_the_checker_sees_a_planted_violation(tmp_path: Path) -> None:
    """The layer rule can fail: a score module importing render is caught."""
    planted = tmp_path / "bad.py"
    planted.write_text("def f():\n    from livescore.render.table import ranking\n", encoding="utf-8")
    assert "livescore.render.table" in imports_of(planted)
    assert layer_of("livescore.render.table") > layer_of("livescore.score.rank")


def _open_matches(source: str) -> list[int]:
    """Lines of `match` statements whose last case is not a catch-all (`case _` or `case _ as x`)."""

    def catch_all(pattern: ast.pattern) -> bool:
        return isinstance(pattern, ast.MatchAs) and (pattern.pattern is None or catch_all(pattern.pattern))

    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Match) and not catch_all(node.cases[-1].pattern)
    ]


def test_every_match_has_a_catch_all() -> None:
    """Each `match` ends in `case _`: `assert_never` where the cases are exhaustive, so mypy names a
    new format, indicator kind or gate operator that a block forgets, instead of it falling through."""
    found = {str(p.relative_to(PACKAGE)): lines for p in PACKAGE.rglob("*.py") if (lines := _open_matches(p.read_text("utf-8")))}
    assert found == {}
    assert _open_matches("match x:\n    case 1:\n        pass\n") == [1]
    assert _open_matches("match x:\n    case 1:\n        pass\n    case _ as y:\n        pass\n") == []
