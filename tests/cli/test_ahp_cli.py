"""`weights ahp` says the truth about its judgements (docs/contracts.md, "AHP weights"): errors at the
judgement they concern, counts in words, CR called acceptable or not, a profile written from
unacceptable judgements only with --accept-inconsistent, the most inconsistent judgement named
only when consistency is not acceptable."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import REPO, RunFn

JUDGEMENTS = (REPO / "examples" / "ahp-dimensions.yaml").read_text(encoding="utf-8")
FIRST_LINE = JUDGEMENTS.splitlines().index("  - [security, product, 3]") + 1


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "judgements.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_bad_ratio_is_located_at_its_own_judgement(run: RunFn, tmp_path: Path) -> None:
    """0.3 put an error in judgement 6 on judgement 1's line."""
    path = _write(tmp_path, JUDGEMENTS.replace("[technology, service, 1]", "[technology, service, 12]"))
    code, _, err = run("validate", path)
    assert code == 1
    (line,) = [x for x in err.splitlines() if "error[" in x]
    assert line.startswith(f"{path}:{FIRST_LINE + 5}:27: error[invalid-value]: judgement 6: the ratio must be")


def test_one_missing_pair_is_said_in_the_singular(run: RunFn, tmp_path: Path) -> None:
    path = _write(tmp_path, JUDGEMENTS.replace('  - [service, ecosystem, "2/1"]\n', ""))
    code, _, err = run("weights", "ahp", path)
    assert code == 1 and "1 pair is not judged: service/ecosystem" in err


INCONSISTENT = JUDGEMENTS.replace("[technology, product, 2]", "[product, technology, 9]").replace(
    "[product, ecosystem, 2]", "[ecosystem, product, 9]"
)


def test_unacceptable_consistency_writes_no_profile_unless_accepted(run: RunFn, tmp_path: Path) -> None:
    path = _write(tmp_path, INCONSISTENT)
    out = tmp_path / "weights.yaml"
    code, _, err = run("weights", "ahp", path, "-f", "json")
    data = json.loads(_)
    assert code == 0 and data["cr"] > 0.1 and data["acceptable"] is False and data["most_inconsistent"]
    code, stdout, err = run("weights", "ahp", path, "-o", out)
    assert code == 1 and not out.exists()
    assert "error[inconsistent]" in err and "not written" in err and "--accept-inconsistent" in err
    code, stdout, err = run("weights", "ahp", path, "-o", out, "--accept-inconsistent")
    assert code == 0 and out.exists()
    assert "not acceptable" in stdout and "most inconsistent judgement" in stdout


def test_acceptable_consistency_is_said_and_names_no_worst_judgement(run: RunFn) -> None:
    code, stdout, _ = run("weights", "ahp", REPO / "examples" / "ahp-dimensions.yaml")
    assert code == 0 and "(acceptable: at most 0.10)" in stdout and "most inconsistent" not in stdout
    code, stdout, _ = run("weights", "ahp", REPO / "examples" / "ahp-dimensions.yaml", "-f", "json")
    data = json.loads(stdout)
    assert data["acceptable"] is True and data["most_inconsistent"] is None
