"""The command line (docs/contracts.md, "Commands", "`rank -f json`", "Exit codes", "Diagnostics format"): every command
through typer's CliRunner, with exit code, stdout and stderr asserted separately."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import livescore
from helpers import FULL_EVIDENCE, REPO, RunFn

VENDOR_FILES = sorted(str(p.relative_to(REPO)) for p in (REPO / "vendors").glob("*.yaml"))
VENDOR_NAMES = [
    "极光直播 Aurora Live",
    "光迅互动 Lumen RTC",
    "磐石云播 Panshi SecureCast",
    "启学直播 Qixue Academy Live",
    "萌芽直播 Sprout Live",
    "轻燕直播 Swiftlet Live",
]
TOP_KEYS = {
    "livescore_version",
    "indicator_set",
    "indicator_set_version",
    "indicator_set_sha256",
    "profile",
    "missing",
    "method",
    "price",
    "vendors",
}
VENDOR_KEYS = {
    "rank",
    "id",
    "name",
    "qualified",
    "score",
    "quality",
    "price",
    "price_score",
    "dimensions",
    "coverage",
    "failed_requirements",
    "stage_coverage",
    "disagreements",
}
DIMENSIONS = ["product", "technology", "service", "security", "ecosystem"]


def test_six_sample_vendors_exist() -> None:
    assert len(VENDOR_FILES) == 6


# ---------------------------------------------------------------- help and version


def test_help_lists_the_commands(run: RunFn) -> None:
    code, out, err = run("--help")
    assert code == 0
    assert err == ""
    assert out.startswith("Usage: ")
    for command in ("rank", "validate", "tree", "explain"):
        assert f"\n  {command} " in out


@pytest.mark.parametrize("command", ["rank", "validate", "tree", "explain"])
def test_command_help(run: RunFn, command: str) -> None:
    code, out, err = run(command, "--help")
    assert code == 0
    assert err == ""
    assert out.startswith(f"Usage: livescore {command} [OPTIONS]")
    assert "--help" in out


def test_no_arguments_shows_help(run: RunFn) -> None:
    code, out, err = run()
    assert code == 2
    assert out == ""
    assert err.startswith("Usage: livescore [OPTIONS] COMMAND")
    assert "\n  rank " in err


def test_version(run: RunFn) -> None:
    code, out, err = run("--version")
    assert (code, out, err) == (0, f"livescore {livescore.__version__}\n", "")
    assert re.fullmatch(r"\d+\.\d+\.\d+", livescore.__version__)


def test_version_matches_the_package() -> None:
    from importlib.metadata import version

    assert livescore.__version__ == version("livescore-cn")


def test_unknown_command_and_option_are_usage_errors(run: RunFn) -> None:
    code, out, err = run("frobnicate")
    assert code == 2
    assert out == ""
    assert "frobnicate" in err
    code, out, err = run("rank", "--no-such-option", "vendors/")
    assert code == 2
    assert out == ""
    assert "--no-such-option" in err


# ---------------------------------------------------------------- rank


def test_rank_table(run: RunFn) -> None:
    code, out, err = run("rank", *VENDOR_FILES)
    assert code == 0
    assert err == ""
    for name in VENDOR_NAMES:
        assert name in out
    assert "Traceback" not in out
    assert "profile default · missing: zero · method: wsum" in out
    for header in ("Score", "Product", "Technology", "Service", "Security", "Ecosystem", "Cover"):
        assert header in out
    assert "\x1b[" not in out  # NO_COLOR and not a terminal: no escape sequences
    from rich.cells import cell_len

    assert max(cell_len(line) for line in out.splitlines()) <= 100  # terminal cells: CJK characters count 2


def test_rank_folder_equals_files(run: RunFn) -> None:
    _, by_files, _ = run("rank", "-f", "json", *VENDOR_FILES)
    code, by_folder, err = run("rank", "-f", "json", "vendors/")
    assert code == 0 and err == ""
    assert by_folder == by_files


def test_rank_json_contract(run: RunFn) -> None:
    code, out, err = run("rank", "-f", "json", *VENDOR_FILES)
    assert code == 0
    assert err == ""
    data = json.loads(out)
    assert set(data) >= TOP_KEYS
    assert data["livescore_version"] == livescore.__version__
    assert data["indicator_set"] == "enterprise-live-2022"
    assert data["indicator_set_version"] == "2.0"
    assert len(data["indicator_set_sha256"]) == 64
    assert int(data["indicator_set_sha256"], 16) >= 0
    assert (data["profile"], data["missing"], data["method"], data["price"]) == ("default", "zero", "wsum", None)
    vendors = data["vendors"]
    assert sorted(v["name"] for v in vendors) == sorted(VENDOR_NAMES)
    key_sets = {frozenset(v) for v in vendors}
    assert len(key_sets) == 1  # every vendor object has the same keys
    assert set(vendors[0]) >= VENDOR_KEYS
    for v in vendors:
        assert v["qualified"] is True
        assert v["failed_requirements"] == []
        assert v["disagreements"] == []
        assert v["stage_coverage"] is None
        assert v["price_score"] is None
        assert v["score"] == v["quality"]
        assert 0 <= v["score"] <= 100
        assert 0 <= v["coverage"] <= 1
        assert list(v["dimensions"]) == DIMENSIONS
        assert all(0 <= d <= 100 for d in v["dimensions"].values())
        # the total is the mean of five equally weighted dimensions
        assert v["score"] == pytest.approx(sum(v["dimensions"].values()) / 5, abs=1e-9)


def test_rank_json_ranks_are_consistent_with_scores(run: RunFn) -> None:
    _, out, _ = run("rank", "-f", "json", *VENDOR_FILES)
    vendors = json.loads(out)["vendors"]
    scores = [v["score"] for v in vendors]
    assert scores == sorted(scores, reverse=True)
    assert [v["rank"] for v in vendors] == [1, 2, 3, 4, 5, 6]  # the samples have no ties
    assert vendors[0]["id"] == "aurora-live"
    assert vendors[-1]["id"] == "sprout-live"


def test_rank_json_is_byte_identical_in_any_file_order(run: RunFn) -> None:
    _, forward, _ = run("rank", "-f", "json", *VENDOR_FILES)
    code, backward, err = run("rank", "-f", "json", *reversed(VENDOR_FILES))
    assert code == 0 and err == ""
    assert backward == forward
    rotated = VENDOR_FILES[3:] + VENDOR_FILES[:3]
    assert run("rank", "-f", "json", *rotated)[1] == forward


def test_rank_with_securities_profile_disqualifies(run: RunFn) -> None:
    code, out, err = run("rank", "-w", "examples/securities-firm.yaml", *VENDOR_FILES)
    assert code == 0
    assert err == ""
    assert "Disqualified (failed requirements):" in out
    assert "includes [private]" in out
    assert "Regulated securities firm" in out
    code, out, err = run("rank", "-w", "examples/securities-firm.yaml", "-f", "json", *VENDOR_FILES)
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["profile"] == "securities-firm"
    failed = [v for v in data["vendors"] if not v["qualified"]]
    qualified = [v for v in data["vendors"] if v["qualified"]]
    assert failed and qualified
    assert data["vendors"] == qualified + failed  # disqualified come last
    assert all(v["rank"] is None and v["failed_requirements"] for v in failed)
    assert [v["rank"] for v in qualified] == list(range(1, len(qualified) + 1))
    sprout = next(v for v in failed if v["id"] == "sprout-live")
    assert {"indicator": "technology.scale.max_concurrent_viewers", "requirement": "min 100000", "value": 10000} in sprout[
        "failed_requirements"
    ]
    assert {
        "indicator": "security.data_security.deployment_mode",
        "requirement": "includes [private]",
        "value": ["public_saas"],
    } in (sprout["failed_requirements"])
    assert any(f["requirement"] == "equals true" for f in sprout["failed_requirements"])


def test_rank_from_another_directory_uses_the_embedded_set(run: RunFn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    absolute = [str(REPO / f) for f in VENDOR_FILES]
    code, out, err = run("rank", "-f", "json", *absolute, cwd=None)
    assert code == 0, err
    assert err == ""
    data = json.loads(out)
    assert data["indicator_set"] == "enterprise-live-2022"
    assert len(data["vendors"]) == 6
    assert out == run("rank", "-f", "json", *VENDOR_FILES)[1]


def test_rank_output_file(run: RunFn, tmp_path: Path) -> None:
    target = tmp_path / "ranking.txt"
    code, out, err = run("rank", "-o", target, *VENDOR_FILES)
    assert code == 0
    assert out == ""
    assert err == ""
    text = target.read_text(encoding="utf-8")
    for name in VENDOR_NAMES:
        assert name in text
    assert "\x1b[" not in text
    assert [p.name for p in tmp_path.iterdir()] == ["ranking.txt"]  # no temporary file left behind


def test_rank_json_output_file(run: RunFn, tmp_path: Path) -> None:
    target = tmp_path / "ranking.json"
    code, out, err = run("rank", "-f", "json", "-o", target, *VENDOR_FILES)
    assert (code, out, err) == (0, "", "")
    assert target.read_text(encoding="utf-8") == run("rank", "-f", "json", *VENDOR_FILES)[1]


def test_rank_unknown_profile_name_exits_2_listing_names(run: RunFn) -> None:
    code, out, err = run("rank", "-w", "nope", *VENDOR_FILES)
    assert code == 2
    assert out == ""
    assert "unknown profile 'nope'" in err
    from livescore.load.profiles import builtin_names

    listed = err.split("built-in profiles:")[1]
    assert builtin_names()[0] == "default"
    for name in builtin_names():
        assert name in listed


def test_rank_missing_file_exits_2(run: RunFn, tmp_path: Path) -> None:
    code, out, err = run("rank", VENDOR_FILES[0], str(tmp_path / "ghost.yaml"))
    assert code == 2
    assert out == ""
    assert "ghost.yaml" in err
    assert "no such file" in err


@pytest.mark.parametrize("option", ["-i", "-w"])
def test_rank_missing_set_or_profile_file_exits_2(run: RunFn, tmp_path: Path, option: str) -> None:
    code, out, err = run("rank", option, str(tmp_path / "ghost.yaml"), *VENDOR_FILES)
    assert code == 2
    assert out == ""
    assert "ghost.yaml" in err


def test_rank_invalid_vendor_exits_1(run: RunFn, write_vendor: Callable[..., Path]) -> None:
    bad = write_vendor("bad-one", {"product.fit.ease_of_use": 9}, indicator_set="enterprise-live-2022")
    code, out, err = run("rank", VENDOR_FILES[0], bad)
    assert code == 1
    assert out == ""
    assert f"{bad}:" in err and "error[ordinal-level]" in err
    assert "Traceback" not in err


def test_rank_folder_without_vendors_is_a_usage_error(run: RunFn, tmp_path: Path) -> None:
    code, out, err = run("rank", tmp_path)
    assert code == 2
    assert out == ""
    assert "no vendor files" in err


def test_rank_with_indicator_set_option(run: RunFn, tiny_set: Callable[..., Path], write_vendor: Callable[..., Path]) -> None:
    v = write_vendor("tiny-vendor", FULL_EVIDENCE)
    code, out, err = run("rank", "-i", tiny_set(), v)
    assert code == 0, err
    assert "Vendor tiny-vendor" in out
    assert "Product" in out and "Technology" in out
    # the same vendor against the default set: its set id does not match
    code, out, err = run("rank", v)
    assert code == 1
    assert out == ""
    assert "error[set-mismatch]" in err


def test_rank_lang_zh(run: RunFn) -> None:
    code, out, err = run("rank", "--lang", "zh", *VENDOR_FILES)
    assert code == 0 and err == ""
    for header in ("服务商", "总分", "产品", "技术", "覆盖"):
        assert header in out


# ---------------------------------------------------------------- validate


def test_validate_repository_files(run: RunFn) -> None:
    code, out, err = run("validate", "indicators/", "vendors/", "examples/")
    assert code == 0
    assert out == ""
    assert "error[" not in err
    assert "0 errors" in err
    count = sum(1 for folder in ("indicators", "vendors", "examples") for _ in (REPO / folder).rglob("*.y*ml"))
    assert f"{count} files checked" in err


def test_validate_missing_file_exits_2_after_validating_the_rest(run: RunFn, write_yaml: Callable[[str, str], Path]) -> None:
    bad = write_yaml(
        "bad.yaml",
        """\
        kind: vendor
        id: bad
        name: Bad
        indicator_set: enterprise-live-2022
        evidence:
          product.fit.ease_of_use: 11
        """,
    )
    code, out, err = run("validate", "vendors/", bad, "does-not-exist.yaml")
    assert code == 2
    assert out == ""
    assert f"{bad}:6:28: error[ordinal-level]" in err
    assert "does-not-exist.yaml" in err
    assert "no such file" in err


def test_validate_reports_every_file(run: RunFn, write_yaml: Callable[[str, str], Path]) -> None:
    one = write_yaml(
        "one.yaml", "kind: vendor\nid: one\nname: One\nindicator_set: enterprise-live-2022\nevidence: {nope.nope.nope: 1}\n"
    )
    two = write_yaml("two.yaml", "kind: vendor\nkind: vendor\n")
    code, out, err = run("validate", one, two)
    assert code == 1
    assert out == ""
    assert f"{one}:5:12: error[unknown-indicator]" in err
    assert f"{two}:2:1: error[duplicate-key]" in err
    assert "2 errors" in err


def test_validate_json(run: RunFn, write_yaml: Callable[[str, str], Path]) -> None:
    bad = write_yaml("bad.yaml", "kind: vendor\nid: Bad\nname: x\nindicator_set: enterprise-live-2022\n")
    code, out, err = run("validate", "-f", "json", "vendors/aurora-live.yaml", bad)
    assert code == 1
    assert err == ""
    data = json.loads(out)
    assert set(data) == {"files", "errors", "warnings", "diagnostics"}
    assert (data["files"], data["errors"], data["warnings"]) == (2, 1, 1)
    for d in data["diagnostics"]:
        assert set(d) == {"path", "line", "col", "severity", "code", "message"}
    error = next(d for d in data["diagnostics"] if d["severity"] == "error")
    assert (error["path"], error["line"], error["col"], error["code"]) == (str(bad), 2, 5, "invalid-id")
    warning = next(d for d in data["diagnostics"] if d["severity"] == "warning")
    assert (warning["path"], warning["code"]) == ("vendors/aurora-live.yaml", "no-source")


def test_validate_json_clean(run: RunFn) -> None:
    code, out, err = run("validate", "-f", "json", "indicators/", "examples/")
    assert (code, err) == (0, "")
    count = sum(1 for folder in ("indicators", "examples") for _ in (REPO / folder).rglob("*.y*ml"))
    assert json.loads(out) == {"files": count, "errors": 0, "warnings": 0, "diagnostics": []}


def test_validate_github(run: RunFn, write_yaml: Callable[[str, str], Path]) -> None:
    bad = write_yaml(
        "bad.yaml",
        "kind: vendor\nid: bad\nname: x\nindicator_set: enterprise-live-2022\nevidence: {product.fit.ease_of_use: yes}\n",
    )
    code, out, err = run("validate", "-f", "github", bad, "vendors/sprout-live.yaml")
    assert code == 1
    assert err == ""
    lines = out.splitlines()
    assert lines[0].startswith("::error file=")
    escaped = str(bad).replace(":", "%3A").replace(",", "%2C")
    message = "[type] product.fit.ease_of_use: expected an integer level 0..5, got a string"
    assert lines[0] == f"::error file={escaped},line=5,col=37::{message}"
    assert lines[1].startswith("::warning file=vendors/sprout-live.yaml,line=10,col=3::[no-source]")
    assert len(lines) == 2


def test_github_actions_selects_github_format(run: RunFn, write_yaml: Callable[[str, str], Path]) -> None:
    bad = write_yaml("bad.yaml", "kind: vendr\n")
    code, out, err = run("validate", bad, env={"GITHUB_ACTIONS": "true"})
    assert code == 1
    assert err == ""
    assert out.startswith("::error file=")
    assert ",line=1,col=7::[unknown-kind]" in out
    # an explicit format still wins
    code, out, err = run("validate", "-f", "text", bad, env={"GITHUB_ACTIONS": "true"})
    assert code == 1 and out == ""
    assert f"{bad}:1:7: error[unknown-kind]" in err


def test_strict_turns_warnings_into_exit_1(run: RunFn) -> None:
    code, out, err = run("validate", "vendors/")
    assert code == 0
    assert out == ""
    assert "warning[no-source]" in err
    assert "error[" not in err
    code, out, err = run("validate", "--strict", "vendors/")
    assert code == 1
    assert "warning[no-source]" in err
    code, _, _ = run("validate", "--strict", "indicators/", "examples/")
    assert code == 0


def test_validate_a_set_among_the_paths_is_used(
    run: RunFn, tiny_set: Callable[..., Path], write_vendor: Callable[..., Path]
) -> None:
    v = write_vendor("tiny-vendor", {**FULL_EVIDENCE, "prod.core.ease": 7})
    code, out, err = run("validate", tiny_set(), v)
    assert code == 1
    assert out == ""
    assert "error[ordinal-level]" in err and "0..4" in err
    assert "set-mismatch" not in err


def test_validate_never_prints_a_traceback(run: RunFn, tmp_path: Path) -> None:
    (tmp_path / "binary.yaml").write_bytes(bytes(range(256)))
    (tmp_path / "list.yaml").write_text("- 1\n- 2\n", encoding="utf-8")
    (tmp_path / "scalar.yaml").write_text("hello\n", encoding="utf-8")
    (tmp_path / "kind-list.yaml").write_text("kind: [vendor]\n", encoding="utf-8")
    code, out, err = run("validate", *sorted(tmp_path.iterdir()))  # named: a list or scalar file is an error
    assert code == 1
    assert "Traceback" not in out + err
    assert "4 files checked" in err
    assert err.count("error[") == 4


# ---------------------------------------------------------------- tree


def test_tree_table(run: RunFn) -> None:
    code, out, err = run("tree")
    assert code == 0
    assert err == ""
    assert "Product" in out and "Ecosystem" in out
    assert "max_concurrent_viewers" in out
    assert "95 indicators" in out


def test_tree_table_shows_kinds_whole(run: RunFn) -> None:
    code, out, _ = run("tree")
    assert code == 0
    for kind in ("boolean", "numeric", "ordinal", "choice"):
        assert f" {kind} " in out


def test_tree_json_global_weights_sum_to_one(run: RunFn) -> None:
    code, out, err = run("tree", "-f", "json")
    assert code == 0
    assert err == ""
    data = json.loads(out)
    indicators = [i for d in data["dimensions"] for g in d["groups"] for i in g["indicators"]]
    assert len(indicators) == 95
    assert sum(i["global_weight"] for i in indicators) == pytest.approx(1.0, abs=1e-12)
    assert sum(d["global_weight"] for d in data["dimensions"]) == pytest.approx(1.0)
    assert [d["path"] for d in data["dimensions"]] == DIMENSIONS
    for d in data["dimensions"]:
        assert sum(g["global_weight"] for g in d["groups"]) == pytest.approx(d["global_weight"])


def test_tree_json_with_a_profile(run: RunFn) -> None:
    code, out, err = run("tree", "-f", "json", "-w", "examples/securities-firm.yaml")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["profile"] == "securities-firm"
    security = next(d for d in data["dimensions"] if d["path"] == "security")
    assert security["weight"] == 35
    assert security["global_weight"] == pytest.approx(35 / (20 * 3 + 35 + 15))
    indicators = [i for d in data["dimensions"] for g in d["groups"] for i in g["indicators"]]
    assert sum(i["global_weight"] for i in indicators) == pytest.approx(1.0, abs=1e-12)


def test_tree_with_tiny_set(run: RunFn, tiny_set: Callable[..., Path]) -> None:
    code, out, err = run("tree", "-i", tiny_set(), "-f", "json")
    assert code == 0 and err == ""
    data = json.loads(out)
    weights = {i["path"]: i["global_weight"] for d in data["dimensions"] for g in d["groups"] for i in g["indicators"]}
    assert weights["prod.core.ease"] == pytest.approx(0.2)
    assert weights["tech.perf.latency_ms"] == pytest.approx(0.4 / 3)


# ---------------------------------------------------------------- explain


def test_explain_table(run: RunFn) -> None:
    code, out, err = run("explain", "vendors/sprout-live.yaml")
    assert code == 0
    assert err == ""
    assert "萌芽直播 Sprout Live" in out
    assert "Largest lost points:" in out
    quality = json.loads(run("explain", "-f", "json", "vendors/sprout-live.yaml")[1])["quality"]
    assert f"quality {quality:.1f} / 100" in out
    assert "(no evidence)" in out


def test_explain_json_agrees_with_rank(run: RunFn) -> None:
    code, out, err = run("explain", "-f", "json", "vendors/sprout-live.yaml")
    assert code == 0 and err == ""
    data: dict[str, Any] = json.loads(out)
    ranking = json.loads(run("rank", "-f", "json", *VENDOR_FILES)[1])
    sprout = next(v for v in ranking["vendors"] if v["id"] == "sprout-live")
    assert data["id"] == "sprout-live"
    assert data["quality"] == pytest.approx(sprout["quality"], abs=1e-9)
    assert data["coverage"] == pytest.approx(sprout["coverage"], abs=1e-12)
    assert len(data["indicators"]) == 95
    assert sum(i["points"] for i in data["indicators"]) == pytest.approx(data["quality"], abs=1e-9)
    assert sum(i["weight"] for i in data["indicators"]) == pytest.approx(1.0)
    losses = [x["lost"] for x in data["largest_losses"]]
    assert losses == sorted(losses, reverse=True) and len(losses) == 5


def test_explain_with_profile_shows_failed_requirements(run: RunFn) -> None:
    code, out, err = run("explain", "-w", "examples/securities-firm.yaml", "vendors/sprout-live.yaml")
    assert code == 0 and err == ""
    assert "Fails requirements:" in out
    assert "technology.scale.max_concurrent_viewers min 100000 (value: 10000)" in out


def test_explain_a_folder_is_a_usage_error(run: RunFn) -> None:
    code, out, err = run("explain", "vendors/")
    assert code == 2
    assert out == ""
    assert "folder" in err


def test_explain_missing_file_exits_2(run: RunFn) -> None:
    code, out, err = run("explain", "vendors/nobody.yaml")
    assert code == 2
    assert out == ""
    assert "nobody.yaml" in err


def test_a_hundred_broken_files_give_a_hundred_located_diagnostics(tmp_path: Path) -> None:
    """CI sees every problem in one run: one located error per broken file, not just the first."""
    from typer.testing import CliRunner

    from livescore.cli import app

    for n in range(100):
        (tmp_path / f"v{n:03d}.yaml").write_text(
            f"kind: vendor\nid: v{n}\nname: V{n}\nindicator_set: enterprise-live-2022\n"
            f"evidence:\n  technology.scale.max_concurent_viewers: {n}\n",
            encoding="utf-8",
        )
    result = CliRunner().invoke(app, ["validate", str(tmp_path)], env={"NO_COLOR": "1"})
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if "error[unknown-indicator]" in line]
    assert len(lines) == 100
    assert all(":6:3: error[unknown-indicator]" in line for line in lines)
    assert "100 files checked: 100 errors" in result.stderr
