"""The default tree against the report it reconstructs (docs/contracts.md, "The default tree"): every
indicator says its basis, every passage it quotes between 「」 is the report's text, the targets the
report gives are the targets, `stages` follow the feature lists alone, and the stage profiles agree
with the stages.

tests/data/report-2022-enterprise-live-standard.txt is the public part of the report (PDF pages 1-26,
traditional characters) as extracted text, cut into numbered 300-character runs ("N、"); the runs are
joined before a quote is looked up.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import REPO, invoke

DATA = REPO / "src" / "livescore" / "data"
SET = DATA / "enterprise-live-2022.yaml"
PROFILES = DATA / "profiles"
REPORT = Path(__file__).parent.parent / "data" / "report-2022-enterprise-live-standard.txt"


def _report() -> str:
    text = REPORT.read_text(encoding="utf-8")
    return re.sub(r"(?:^|\n)\d+、", "", text)


def _indicators() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(SET.read_text(encoding="utf-8"))
    return {f"{d['id']}.{g['id']}.{i['id']}": i for d in data["dimensions"] for g in d["groups"] for i in g["indicators"]}


INDICATORS = _indicators()


def _stage(path: str, track: str) -> int | None:
    stage = (INDICATORS[path].get("stages") or {}).get(track)
    return int(stage[1:]) if stage else None


def test_the_report_text_is_the_whole_public_part() -> None:
    text = _report()
    assert len(text) > 14_000 and "萬人互動" in text and "視頻論巡" in text  # a cut or a stray marker fails


def test_every_indicator_gives_its_basis() -> None:
    assert len(INDICATORS) == 95
    assert {p: i.get("basis") for p, i in INDICATORS.items() if i.get("basis") not in {"report", "inferred", "practice"}} == {}


@pytest.mark.parametrize("path", sorted(INDICATORS))
def test_every_quote_is_the_reports_text(path: str) -> None:
    provenance = INDICATORS[path]["provenance"]
    quotes = re.findall(r"「(.+?)」", provenance)
    assert [q for q in quotes if q not in _report()] == []
    if INDICATORS[path]["basis"] == "report":  # the report names it: the words are quoted, with a page
        assert quotes and re.search(r"\bp\.\d+", provenance)
    if INDICATORS[path]["basis"] == "practice":
        assert provenance.startswith(("not in the report", "the metrics are the report's"))


def test_scales_and_targets_that_are_ours_say_so() -> None:
    for path, ind in INDICATORS.items():
        if ind["kind"] == "ordinal":
            assert "scale is ours" in ind["provenance"], path
        if ind["kind"] == "numeric":
            assert re.search(r"target.*\bours\b|\bours\b.*target|\(the target", ind["provenance"]), path


def test_the_eleven_new_indicators() -> None:
    kinds = {
        "security.data_security.xinchuang_adaptation": "set",
        "security.data_security.sm_crypto": "set",
        "security.data_security.data_residency": "boolean",
        "security.licences.icp_licence": "boolean",
        "security.licences.audiovisual_licence": "boolean",
        "security.licences.algorithm_filing": "boolean",
        "security.content_compliance.record_retention_days": "numeric",
        "technology.scale.intranet_ecdn": "boolean",
        "technology.scale.carrier_coverage": "set",
        "ecosystem.integration.directory_sync": "set",
        "product.post_live.effect_reporting": "set",
    }
    assert {p: INDICATORS[p]["kind"] for p in kinds if p in INDICATORS} == kinds
    for path in kinds:
        ind = INDICATORS[path]
        assert ind["basis"] == "practice" and ind["objective"] is True and "stages" not in ind
        if ind["kind"] == "set":
            assert set(ind["labels"]) == set(ind["options"])
            assert all(set(label) == {"zh", "en"} for label in ind["labels"].values())
    assert "cryptography_assessment" in INDICATORS["security.data_security.sm_crypto"]["options"]
    assert INDICATORS["security.content_compliance.record_retention_days"]["target"] == 60


def test_the_targets_the_report_gives() -> None:
    assert INDICATORS["technology.realtime.message_scale"]["target"] == 10_000  # 萬人互動, p.19
    assert INDICATORS["technology.scale.max_concurrent_viewers"]["target"] == 1_000_000  # 百萬并發, p.17
    assert INDICATORS["technology.av_quality.max_resolution"]["target"] == 1080  # 超清直播
    levels = INDICATORS["security.data_security.mlps_level"]["levels"]
    assert max(levels) == 3 and "等保三级" in levels[3]["zh"]  # 等保三级 is full marks


@pytest.mark.parametrize(
    ("path", "stages"),
    [
        ("product.in_live.chat_danmaku_qa", {"marketing": "M1", "training": "T1"}),  # 聊天互動, p.23
        ("technology.av_quality.max_resolution", {"marketing": "M2", "training": "T3"}),  # 超清直播, p.25
        ("service.execution.tech_integration_support", {"marketing": "M3"}),  # p.17
        ("product.in_live.engagement_toolkit", {"marketing": "M4"}),  # 多種互動形式, p.18
        ("security.content_compliance.sensitive_word_filter", None),  # the 方正 case, not a stage
        ("security.content_compliance.manual_pre_moderation", None),
        ("security.content_compliance.content_risk_grading", None),
        ("security.access_control.real_name_tiered_admission", None),
        ("security.stream_reliability.redundancy_failover", None),
        ("ecosystem.resources.hardware_studio", None),
        ("ecosystem.resources.content_partners", None),
        ("service.operations.dedicated_pm", None),  # the buyer's own 項目總控
    ],
)
def test_stages_follow_the_feature_lists(path: str, stages: dict[str, str] | None) -> None:
    assert INDICATORS[path].get("stages") == stages


def test_the_buyers_own_team_is_not_a_vendor_capability() -> None:
    assert INDICATORS["service.operations.dedicated_pm"]["basis"] == "inferred"
    assert INDICATORS["service.execution.onsite_resident"]["basis"] == "inferred"
    assert INDICATORS["security.data_security.data_ownership_export"]["basis"] == "inferred"
    assert "service.execution.crew_capacity" not in INDICATORS
    toolkit = set(INDICATORS["product.in_live.engagement_toolkit"]["options"])
    classroom = set(INDICATORS["product.in_live.training_classroom"]["options"])
    assert not toolkit & {"check_in", "quiz"} and {"online_quiz", "attendance_check_in"} <= classroom


def _profile(name: str) -> dict[str, Any]:
    return yaml.safe_load((PROFILES / f"{name}.yaml").read_text(encoding="utf-8"))


def _merged(name: str) -> dict[str, float]:
    data = _profile(name)
    weights: dict[str, float] = {}
    for base in data.get("extends") or []:
        weights.update(_merged(base))
    weights.update(data.get("weights") or {})
    return weights


OTHER_SCENARIOS = {"marketing": "product.fit.training_scenarios", "training": "product.fit.marketing_scenarios"}
STAGES = [("marketing", f"marketing-m{k}", k) for k in range(1, 6)] + [("training", f"training-t{k}", k) for k in range(1, 6)]


@pytest.mark.parametrize(("track", "name", "k"), STAGES)
def test_a_stage_profile_lists_what_its_feature_list_names(track: str, name: str, k: int) -> None:
    own = set(_profile(name).get("stage_features") or [])
    first_here = {p for p in INDICATORS if _stage(p, track) == k}
    assert first_here - own == set()  # first named at this stage: on its list
    assert {p for p in own if (_stage(p, track) or 99) > k} == set()  # nothing named later, or by no list


@pytest.mark.parametrize(("track", "name", "k"), STAGES)
def test_a_stage_profile_discounts_only_what_lies_ahead(track: str, name: str, k: int) -> None:
    """Section "Built-in profiles" of the README: 0.5 for what is first named two or more stages ahead
    (or, in one track, what only the other track names); a group is halved only where most of it lies
    that far ahead."""
    weights = _merged(name)
    other = "training" if track == "marketing" else "marketing"

    def ahead(path: str) -> bool:
        stage = _stage(path, track)
        if path == OTHER_SCENARIOS[track]:  # the other track's scenario list: named by a table row, no stage
            return True
        return (stage is not None and stage >= k + 2) or (stage is None and _stage(path, other) is not None)

    for path, value in weights.items():
        if value >= 1 or path.count(".") == 0:
            continue
        members = [p for p in INDICATORS if p.startswith(path + ".")] if path.count(".") == 1 else [path]
        assert sum(map(ahead, members)) * 2 > len(members), (path, value)
    for path in INDICATORS:
        group = path.rsplit(".", 1)[0]
        if ahead(path) and _stage(path, track) is not None:
            assert min(weights.get(path, 1), weights.get(group, 1)) <= 0.5, path


def test_the_value_count_the_bound_message_gives_is_the_trees(monkeypatch: pytest.MonkeyPatch) -> None:
    from livescore.load import strict_yaml

    claimed = int(re.search(r"the default tree has ([\d,]+)", Path(strict_yaml.__file__).read_text()).group(1).replace(",", ""))
    for limit, stops in ((claimed, False), (claimed - 1, True)):
        monkeypatch.setattr(strict_yaml, "MAX_DOCUMENT_NODES", limit)
        _, diagnostics = strict_yaml.read_document(str(SET))
        assert any(d.code == "too-many-nodes" for d in diagnostics) is stops


@pytest.mark.parametrize("path", sorted([*PROFILES.glob("*.yaml"), *(REPO / "examples").glob("*.yaml")]), ids=lambda p: p.name)
def test_a_profile_quotes_the_report_exactly(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert [q for q in re.findall(r"「(.+?)」", text, flags=re.S) if re.sub(r"\s*\n\s*", "", q) not in _report()] == []


def test_a_vendor_meeting_the_reports_figures_scores_full(tmp_path: Path) -> None:
    """万人互动 (M5), 超清直播 and 等保三级 are full marks; 720p, a 60-day shortfall and 等保二级 are not."""
    vendor = tmp_path / "v.yaml"
    vendor.write_text(
        "kind: vendor\nid: v\nname: V\nindicator_set: enterprise-live-2022\nevidence:\n"
        "  technology.realtime.message_scale: 10000\n  technology.av_quality.max_resolution: 1080\n"
        "  security.data_security.mlps_level: 3\n  security.content_compliance.record_retention_days: 60\n",
        encoding="utf-8",
    )
    code, out, err = invoke("explain", vendor, "-f", "json")
    assert code == 0, err
    scores = {i["path"].rsplit(".", 1)[1]: i["score"] for i in json.loads(out)["indicators"] if i["value"] is not None}
    assert scores == {"message_scale": 1.0, "max_resolution": 1.0, "mlps_level": 1.0, "record_retention_days": 1.0}
    vendor.write_text(
        vendor.read_text(encoding="utf-8").replace("resolution: 1080", "resolution: 720").replace("level: 3", "level: 2"),
        encoding="utf-8",
    )
    scores = {
        i["path"].rsplit(".", 1)[1]: i["score"] for i in json.loads(invoke("explain", vendor, "-f", "json")[1])["indicators"]
    }
    assert scores["max_resolution"] == pytest.approx(0.4) and scores["mlps_level"] == pytest.approx(2 / 3)
