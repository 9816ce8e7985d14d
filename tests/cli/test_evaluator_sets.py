"""Evaluators who disagree on a set-valued gate (docs/contracts.md, "Evaluators"): the disagreement is
listed whatever the score spread, the failed requirement shows each evaluator's value (not a bare
"—" that reads as no evidence), `explain` calls the value contested, not verified; and a value is
verified only when every evaluator value combined into it was."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import REPO, VENDORS, RunFn

SECURITIES = str(REPO / "examples" / "securities-firm.yaml")
MODE = "security.data_security.deployment_mode"
VIEWERS = "technology.scale.max_concurrent_viewers"


def _evaluation(tmp_path: Path, who: str, body: str) -> Path:
    path = tmp_path / f"{who}.yaml"
    path.write_text(
        f"kind: evaluation\nindicator_set: enterprise-live-2022\nevaluator: {who}\nscores:\n  aurora-live:\n{body}",
        encoding="utf-8",
    )
    return path


def _files(tmp_path: Path) -> list[str]:
    ann = _evaluation(
        tmp_path,
        "ann",
        f"    {MODE}: {{value: [private, hybrid], verified: true}}\n    {VIEWERS}: {{value: 300000, verified: true}}\n",
    )
    bob = _evaluation(tmp_path, "bob", f"    {MODE}: [public_saas, private]\n    {VIEWERS}: 280000\n")
    return ["-e", str(ann), "-e", str(bob)]


def test_a_set_disagreement_is_listed_and_shown_at_the_gate(run: RunFn, tmp_path: Path) -> None:
    args = [*VENDORS, "-w", SECURITIES, *_files(tmp_path)]
    code, out, err = run("rank", *args, "-f", "json")
    assert code == 0, err
    aurora = next(v for v in json.loads(out)["vendors"] if v["id"] == "aurora-live")
    assert MODE in {d["indicator"] for d in aurora["disagreements"]}
    (failed,) = [f for f in aurora["failed_requirements"] if f["indicator"] == MODE]
    (disagreement,) = [d for d in aurora["disagreements"] if d["indicator"] == MODE]
    assert failed["value"] is None and disagreement["values"] == {"ann": ["private", "hybrid"], "bob": ["public_saas", "private"]}
    code, table, _ = run("rank", *args, env={"COLUMNS": "200"})
    assert code == 0
    assert (
        f"{MODE} includes [private] (evaluators disagree: ann [private, hybrid], bob [public_saas, private]; no common value)"
        in table
    )


def test_a_contested_or_half_verified_value_is_not_marked_verified(run: RunFn, tmp_path: Path) -> None:
    files = _files(tmp_path)
    code, out, err = run("rank", *VENDORS, *files, "-f", "json")
    assert code == 0, err
    aurora = next(v for v in json.loads(out)["vendors"] if v["id"] == "aurora-live")
    assert VIEWERS not in aurora["verified"] and MODE not in aurora["verified"]  # bob did not verify his values
    code, out, err = run("explain", REPO / "vendors" / "aurora-live.yaml", *files, "-f", "json")
    assert code == 0, err
    status = {line["path"]: line["status"] for line in json.loads(out)["indicators"]}
    assert status[MODE] == "contested" and status[VIEWERS] == "evaluated"
