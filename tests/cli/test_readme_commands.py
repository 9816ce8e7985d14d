"""The README's commands run as the README says (docs/contracts.md, "Commands"): its CI recipe passes
on the repository's own files, and its validate example prints what the README shows."""

from __future__ import annotations

import re
import shlex

from helpers import REPO, RunFn

README = (REPO / "README.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)


def test_the_ci_recipe_passes_on_the_repository_files(run: RunFn) -> None:
    recipe = [
        line.split("- run: ", 1)[1] for block in _blocks("yaml") for line in block.splitlines() if "- run: livescore " in line
    ]
    assert len(recipe) >= 2
    for command in recipe:
        args = shlex.split(command)[1:]
        code, _, err = run(*args)
        assert code == 0, f"{command}\n{err}"


def test_the_broken_vendor_example_prints_what_the_readme_shows(run: RunFn) -> None:
    (block,) = [b for b in _blocks("text") if b.startswith("$ cat docs/broken-vendor.yaml\n")]
    shown_file, rest = block.split('$ livescore validate docs/broken-vendor.yaml; echo "exit $?"\n')
    assert shown_file.split("\n", 1)[1] == (REPO / "docs" / "broken-vendor.yaml").read_text(encoding="utf-8")
    code, _, err = run("validate", "docs/broken-vendor.yaml")
    assert err + f"exit {code}\n" == rest


def test_the_tender_walkthrough_shows_what_livescore_prints(run: RunFn) -> None:
    """README "A tender, by hand and by livescore": the output beside the hand computation is real."""
    (block,) = [b for b in _blocks("text") if b.startswith("$ livescore rank examples/tender/bids ") and "-f html" not in b]
    command, shown = block.split("\n", 1)
    code, out, err = run(*shlex.split(command)[2:], env={"COLUMNS": "120"})
    assert code == 0, err

    def lines(text: str) -> list[str]:
        return [line.rstrip() for line in text.splitlines()]

    assert lines(shown) == lines(err + out)
