"""Folders hold other YAML too (docs/contracts.md, "Folders"): a file found by expanding a folder with
no top-level `kind:` key is skipped with `warning[not-livescore]` (exit 0, unless `validate --strict`);
the same file named on the command line stays an error; a livescore file with errors stays an error."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from helpers import REPO, RunFn

COMPOSE = "services:\n  web:\n    image: nginx\n    ports: ['80:80']\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    vendors = tmp_path / "vendors"
    shutil.copytree(REPO / "vendors", vendors)
    (vendors / "docker-compose.yml").write_text(COMPOSE, encoding="utf-8")
    (vendors / "ci").mkdir()
    (vendors / "ci" / "lint.yaml").write_text("- run: make lint\n", encoding="utf-8")  # a list: no kind either
    return vendors


def _skipped(err: str) -> list[str]:
    return sorted(line.split(":1:1:")[0] for line in err.splitlines() if "warning[not-livescore]" in line)


def test_rank_skips_other_yaml_found_in_a_folder(run: RunFn, folder: Path) -> None:
    code, out, err = run("rank", folder, "-f", "json")
    assert code == 0, err
    assert _skipped(err) == sorted([str(folder / "ci" / "lint.yaml"), str(folder / "docker-compose.yml")])
    assert len(json.loads(out)["vendors"]) == 6


def test_validate_skips_them_and_strict_fails_on_the_warning(run: RunFn, folder: Path) -> None:
    code, _, err = run("validate", folder)
    assert code == 0 and len(_skipped(err)) == 2
    assert "files checked (2 not livescore, skipped)" in err
    code, _, _ = run("validate", "--strict", folder)
    assert code == 1


def test_a_file_named_explicitly_stays_an_error(run: RunFn, folder: Path) -> None:
    code, _, err = run("validate", folder / "docker-compose.yml")
    assert code == 1 and "error[missing-kind]" in err and "not-livescore" not in err
    code, _, err = run("rank", folder / "aurora-live.yaml", folder / "docker-compose.yml")
    assert code == 1 and "error[missing-kind]" in err


def test_a_livescore_file_with_errors_in_a_folder_stays_an_error(run: RunFn, folder: Path) -> None:
    (folder / "bad.yaml").write_text("kind: vendor\nid: Bad\n", encoding="utf-8")
    code, _, err = run("rank", folder)
    assert code == 1 and f"{folder / 'bad.yaml'}:2:5: error[" in err


def test_an_evaluations_folder_skips_other_yaml_too(run: RunFn, tmp_path: Path, folder: Path) -> None:
    evaluations = tmp_path / "evaluations"
    shutil.copytree(REPO / "examples" / "evaluations", evaluations)
    (evaluations / "notes.yaml").write_text("meeting: 2026-11-30\nattendees: [ann, bob]\n", encoding="utf-8")
    code, _, err = run("rank", folder, "-e", evaluations)
    assert code == 0, err
    assert str(evaluations / "notes.yaml") in _skipped(err)
