"""The Python API (docs/contracts.md, "Python API"): `livescore.rank(...).to_dict()` is exactly the
CLI's JSON for the same inputs; the frame, the matrix and in-memory vendors agree with it; invalid
input raises InvalidInput with the CLI's located diagnostics; the README's example runs."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

import livescore
from helpers import REPO, VENDORS, invoke

EVALUATIONS = str(REPO / "examples" / "evaluations")
GP = str(REPO / "examples" / "gp-services.yaml")


def _cli(*args: str) -> dict[str, Any]:
    code, out, err = invoke("rank", *args, "-f", "json")
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


@pytest.mark.parametrize(
    ("kwargs", "args"),
    [
        ({}, ()),
        ({"weights": GP}, ("-w", GP)),
        ({"weights": "marketing-m3"}, ("-w", "marketing-m3")),
        ({"evaluations": [EVALUATIONS], "weights": str(REPO / "examples" / "securities-firm.yaml")},
         ("-e", EVALUATIONS, "-w", str(REPO / "examples" / "securities-firm.yaml"))),
        ({"method": "topsis"}, ("--method", "topsis")),
        ({"missing": "exclude"}, ("--missing", "exclude")),
    ],
    ids=["default", "priced-profile", "builtin-profile", "evaluations", "topsis", "exclude"],
)  # fmt: skip
def test_to_dict_is_the_cli_json(kwargs: dict[str, Any], args: tuple[str, ...]) -> None:
    assert livescore.rank(VENDORS, **kwargs).to_dict() == _cli(*VENDORS, *args)


def test_frame_and_matrix_agree_with_the_json() -> None:
    result = livescore.rank([str(REPO / "vendors")], weights=GP)
    data = result.to_dict()
    frame = result.to_frame()
    assert list(frame["id"]) == [v["id"] for v in data["vendors"]]
    assert [None if r is None or r is pd_na() else int(r) for r in frame["rank"]] == [v["rank"] for v in data["vendors"]]
    assert np.allclose(frame["score"], [v["score"] for v in data["vendors"]])
    assert result.matrix.shape == (len(result.vendor_ids), len(result.paths)) and result.global_weights.sum() == pytest.approx(1)
    quality = np.nan_to_num(result.matrix) @ result.global_weights * 100  # missing: zero in gp-services
    by_id = {v["id"]: v["quality"] for v in data["vendors"]}
    assert np.allclose(quality, [by_id[v] for v in result.vendor_ids])


def pd_na() -> Any:
    import pandas

    return pandas.NA


def test_an_in_memory_vendor_ranks_as_its_file_does(tmp_path: Path) -> None:
    data = yaml.safe_load((REPO / "vendors" / "aurora-live.yaml").read_text(encoding="utf-8"))
    others = [p for p in VENDORS if not p.endswith("aurora-live.yaml")]
    from_memory = livescore.rank([*others, livescore.load_vendor(data)]).to_dict()
    from_file = livescore.rank([*others, livescore.load_vendor(REPO / "vendors" / "aurora-live.yaml")]).to_dict()
    assert from_memory == from_file == livescore.rank(VENDORS).to_dict()


def test_invalid_input_carries_the_located_diagnostics(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: vendor\nid: Bad Id\nname: x\nindicator_set: enterprise-live-2022\nevidence: {}\n", encoding="utf-8")
    with pytest.raises(livescore.InvalidInput) as caught:
        livescore.rank([*VENDORS, str(bad)])
    code, _, err = invoke("rank", *VENDORS, str(bad))
    assert code == 1
    assert [d.text() for d in caught.value.diagnostics if d.is_error] == [line for line in err.splitlines() if "error[" in line]
    with pytest.raises(livescore.InvalidInput) as caught:
        livescore.rank(
            [livescore.load_vendor({"kind": "vendor", "id": "Bad Id", "name": "x", "indicator_set": "enterprise-live-2022"})]
        )
    assert {d.code for d in caught.value.diagnostics} >= {"invalid-id"}
    assert all(d.path == "<memory>" for d in caught.value.diagnostics)


def test_usage_problems_and_missing_files_raise() -> None:
    with pytest.raises(livescore.UsageError, match="unknown profile 'no-such-profile'"):
        livescore.rank(VENDORS, weights="no-such-profile")
    with pytest.raises(livescore.UsageError, match="topsis"):
        livescore.rank(VENDORS, method="topsis", missing="exclude")
    with pytest.raises(FileNotFoundError):
        livescore.rank([str(REPO / "no-such-folder")])
    with pytest.raises(FileNotFoundError):
        livescore.rank(VENDORS, indicators=str(REPO / "nope.yaml"))


def test_warnings_are_on_the_result_not_printed(capsys: pytest.CaptureFixture[str]) -> None:
    data = yaml.safe_load((REPO / "vendors" / "aurora-live.yaml").read_text(encoding="utf-8"))
    copy = livescore.load_vendor({**data, "id": "aurora-copy"}, name="copy.yaml")  # the same display name
    result = livescore.rank([*VENDORS, copy])
    assert sorted((d.path.rsplit("/", 1)[-1], d.code) for d in result.diagnostics) == [
        ("aurora-live.yaml", "lookalike-name"),
        ("copy.yaml", "lookalike-name"),
    ]
    assert capsys.readouterr() == ("", "")


def test_the_readme_example_runs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    code = re.search(r"## Python API\n.*?```python\n(.*?)```", readme, flags=re.DOTALL)
    assert code is not None
    out = io.StringIO()
    cwd = os.getcwd()
    try:
        os.chdir(REPO)
        with contextlib.redirect_stdout(out):
            exec(compile(code.group(1), "README.md", "exec"), {})
    finally:
        os.chdir(cwd)
    lines = out.getvalue().splitlines()
    cli = _cli("vendors/", "-e", "examples/evaluations/", "-w", "examples/gp-services.yaml")
    assert lines[0] == str([(v["rank"], v["id"], round(v["score"], 2)) for v in cli["vendors"][:3]])
    assert lines[-2:] == ["draft-live", "invalid-id"]
