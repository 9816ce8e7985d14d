"""The installable package: a command that needs a missing extra names the PyPI distribution
(`livescore-cn`, not `livescore`, which is another project's name there)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from helpers import RunFn


@pytest.mark.parametrize(
    ("fmt", "renderer", "library", "extra"),
    [("xlsx", "livescore.render.xlsx", "openpyxl", "xlsx"), ("html", "livescore.render.html", "plotly", "html")],
)
def test_a_missing_extra_names_the_distribution(
    run: RunFn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, renderer: str, library: str, extra: str
) -> None:
    monkeypatch.delitem(sys.modules, renderer, raising=False)
    for name in [library, *(n for n in sys.modules if n.startswith(library + "."))]:
        monkeypatch.setitem(sys.modules, name, None)  # `import library...` now raises ImportError
    code, out, err = run("rank", "vendors", "-f", fmt, "-o", tmp_path / f"ranking.{fmt}")
    assert code == 2 and out == ""
    assert err.count(f"pip install 'livescore-cn[{extra}]'") == 1, err
    assert not (tmp_path / f"ranking.{fmt}").exists()


def test_optional_adds_the_hint_when_the_error_lacks_it(capsys: pytest.CaptureFixture[str]) -> None:
    import typer

    from livescore.cli import emit

    with pytest.raises(typer.Exit) as exit_info:
        emit.optional("livescore.no_such_renderer", "xlsx")
    assert exit_info.value.exit_code == 2
    assert "(the `xlsx` extra: pip install 'livescore-cn[xlsx]')" in capsys.readouterr().err
