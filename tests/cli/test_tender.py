"""The example tender (examples/tender/), computed by hand, under every rule of a 综合评分法 tender
(docs/contracts.md, "China public procurement (综合评分法)"): each test names the article it implements.

The hand computation (points of 100, rounded half-up to 2 decimals; price 30 points):
factor points = the factor's points in the scoring table x its score; quality = the sum.

| factor (points)            | A huaxin-cloud          | B xiaolu-live          | C dijia-tong           |
|----------------------------|-------------------------|------------------------|------------------------|
| concurrent viewers (10)    | 150,000 >= 100,000: 10  | 60,000 >= 50,000: 6    | 20,000 >= 10,000: 2    |
| latency (5)                | 800 <= 1,000: 5         | 2,000 <= 3,000: 2.5    | 3,500: 0               |
| interactive features (5)   | 4 of 5: 4               | 6, capped: 5           | 2: 2                   |
| solution 优/良/差 (15)      | 优优良优良 = .84: 12.6   | 良优良良优 = .76: 11.4  | 差良差良差 = .36: 5.4   |
| MLPS level 3 (5)           | yes: 5                  | yes: 5                 | no: 0                  |
| similar projects (10)      | 6, corrected to 4: 8    | 3: 6                   | 1: 2                   |
| response hours (5)         | 2 <= 2: 5               | 3 <= 4: 3              | 8 <= 8: 1              |
| implementation 优/良/差 (10) | 良良优良良 = .68: 6.8   | 优优优良优 = .92: 9.2   | 良差良差差 = .36: 3.6   |
| deviations (5, -1 each)    | 1: 4                    | 0: 5                   | 2: 3                   |
| quality (70)               | 60.40                   | 53.10                  | 19.00                  |
| bid / evaluated price      | 470,000 / 470,000       | 400,000 small: 360,000 | 180,000 / 180,000      |

C's 180,000 is below half the mean of the others' evaluated prices ((470,000 + 360,000) / 2 = 415,000).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from helpers import REPO, RunFn

TENDER = REPO / "examples" / "tender"
QUALITY = {"huaxin-cloud": 60.40, "xiaolu-live": 53.10, "dijia-tong": 19.00}


@pytest.fixture
def tender(tmp_path: Path) -> Path:
    """A copy of the example tender that a test may edit."""
    folder = tmp_path / "tender"
    shutil.copytree(TENDER, folder)
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def rank(run: RunFn, folder: Path, *extra: str | Path, evaluations: bool = True) -> tuple[int, dict[str, Any], str]:
    args: list[str | Path] = ["rank", folder / "bids", "-i", folder / "tender-set.yaml", "-w", folder / "tender-profile.yaml"]
    if evaluations:
        args += ["-e", folder / "committee"]
    code, out, err = run(*args, *extra, "-f", "json")
    return code, (json.loads(out) if code == 0 else {}), err


def failed(vendor: dict[str, Any]) -> list[str]:
    """The vendor's failed requirements as 'indicator: requirement' sentences."""
    return [f"{f['indicator']}: {f['requirement']}" for f in vendor["failed_requirements"]]


def results(data: dict[str, Any]) -> dict[str, tuple[int | None, float | None, float | None]]:
    """vendor -> (rank, total points, price points)."""
    out = {}
    for v in data["vendors"]:
        points = v["points"]
        out[v["id"]] = (v["rank"], points["total"] if v["qualified"] else None, points["price"] if v["qualified"] else None)
    return out


def test_the_example_tender_as_the_committee_decided(run: RunFn, tender: Path) -> None:
    """C's explanation accepted (Art. 60): benchmark 180,000 = C's bid. Price points (Art. 55):
    A 180,000 / 470,000 x 30 = 11.4894 -> 11.49; B 180,000 / 360,000 x 30 = 15.00; C 30.00."""
    code, data, err = rank(run, tender)
    assert code == 0, err
    assert results(data) == {
        "huaxin-cloud": (1, 71.89, 11.49),
        "xiaolu-live": (2, 68.10, 15.00),
        "dijia-tong": (3, 49.00, 30.00),
    }
    for v in data["vendors"]:
        assert sum(v["points"]["factors"].values()) == pytest.approx(QUALITY[v["id"]], abs=1e-9)
    factors = {v["id"]: v["points"]["factors"] for v in data["vendors"]}
    assert factors["huaxin-cloud"]["technical.solution.solution_quality"] == 12.6
    assert factors["xiaolu-live"]["technical.solution.interactive_features"] == 5.0  # 6 features, capped at 5
    assert factors["huaxin-cloud"]["commercial.experience.similar_projects"] == 8.0  # the committee's correction
    assert data["price"]["benchmark"] == 180_000
    assert all(v["coverage"] == 1.0 for v in data["vendors"])  # every factor answered: exactly 1, no float noise
    assert data["points"] == {"total": 100.0, "decimals": 2}
    assert data["procurement"] == "cn-gp-services"


def test_small_enterprise_bid_is_evaluated_after_the_deduction_sme_art_9(run: RunFn, tender: Path) -> None:
    """政府采购促进中小企业发展管理办法 Art. 9: a small or micro bidder's price is deducted (here 10 %) and
    the deducted price is used for the price score; bid and evaluated price are both reported."""
    code, data, err = rank(run, tender)
    assert code == 0, err
    prices = {v["id"]: (v["price"]["amount"], v["evaluated_price"], v["enterprise_size"]) for v in data["vendors"]}
    assert prices == {
        "huaxin-cloud": (470_000, 470_000, "large"),
        "xiaolu-live": (400_000, 360_000, "small"),
        "dijia-tong": (180_000, 180_000, "medium"),  # medium enterprises get no deduction
    }
    edit(tender / "tender-profile.yaml", "sme_deduction: 0.10", "sme_deduction: 0")
    code, data, err = rank(run, tender)
    assert code == 0, err
    # without it B's 400,000 counts: 180,000 / 400,000 x 30 = 13.50, B 53.10 + 13.50 = 66.60
    assert results(data)["xiaolu-live"] == (2, 66.60, 13.50)
    assert results(data)["huaxin-cloud"] == (1, 71.89, 11.49)


def test_the_bids_as_bid_without_a_decision_art_60(run: RunFn, tender: Path) -> None:
    """No deduction and no committee decision: C (180,000 < 0.5 x (470,000 + 400,000) / 2 = 217,500) stays
    unranked, "explanation required"; the benchmark is then B's 400,000: A 400,000 / 470,000 x 30 =
    25.5319 -> 25.53, A 60.40 + 25.53 = 85.93; B 53.10 + 30.00 = 83.10."""
    edit(tender / "tender-profile.yaml", "sme_deduction: 0.10", "sme_deduction: 0")
    committee = tender / "committee" / "committee.yaml"
    committee.write_text(committee.read_text(encoding="utf-8").split("decisions:")[0], encoding="utf-8")
    code, data, err = rank(run, tender)
    assert code == 0, err
    assert results(data) == {
        "huaxin-cloud": (1, 85.93, 25.53),
        "xiaolu-live": (2, 83.10, 30.00),
        "dijia-tong": (None, None, None),
    }
    c = next(v for v in data["vendors"] if v["id"] == "dijia-tong")
    assert c["abnormal_low"] == "flagged"
    assert any("abnormally low bid: explanation required" in f for f in failed(c))
    assert data["price"]["benchmark"] == 400_000
    assert "warning[abnormally-low-bid]" in err and "unranked until a committee file" in err


def test_an_abnormally_low_bid_rejected_is_invalid_with_the_reason_art_60(run: RunFn, tender: Path) -> None:
    """Rejected: C is invalid with the committee's reason; the benchmark after the decision is B's evaluated
    360,000: A 360,000 / 470,000 x 30 = 22.9787 -> 22.98, A 60.40 + 22.98 = 83.38; B 53.10 + 30 = 83.10."""
    edit(tender / "committee" / "committee.yaml", "abnormal_low: accepted", "abnormal_low: rejected")
    edit(tender / "committee" / "committee.yaml", 'reason: "书面说明', 'reason: "不能证明其报价合理性：书面说明')
    code, data, err = rank(run, tender)
    assert code == 0, err
    assert results(data) == {
        "huaxin-cloud": (1, 83.38, 22.98),
        "xiaolu-live": (2, 83.10, 30.00),
        "dijia-tong": (None, None, None),
    }
    c = next(v for v in data["vendors"] if v["id"] == "dijia-tong")
    assert c["abnormal_low"] == "rejected" and not c["qualified"]
    assert any("不能证明其报价合理性" in f for f in failed(c))
    assert data["price"]["benchmark"] == 360_000


def test_a_bid_above_the_ceiling_is_invalid(run: RunFn, tender: Path) -> None:
    """最高限价 (政府采购法实施条例 Art. 59 / 87号令 Art. 12): a bid above it is invalid. Ceiling 450,000: A
    (470,000) out; C's 180,000 is exactly 0.5 x B's 360,000, not below it: not flagged; B 68.10, C 49.00."""
    edit(tender / "tender-profile.yaml", "ceiling: 500000", "ceiling: 450000")
    code, data, err = rank(run, tender)
    assert code == 0, err
    assert results(data) == {
        "xiaolu-live": (1, 68.10, 15.00),
        "dijia-tong": (2, 49.00, 30.00),
        "huaxin-cloud": (None, None, None),
    }
    a = next(v for v in data["vendors"] if v["id"] == "huaxin-cloud")
    assert any("bid above ceiling" in f for f in failed(a))
    c = next(v for v in data["vendors"] if v["id"] == "dijia-tong")
    assert c["abnormal_low"] is None  # an invalid bid is no part of the mean
    assert "abnormally-low-bid" not in err
    # the committee's decision on C is then moot, and said so at the decision
    (line,) = [x for x in err.splitlines() if "decision-unused" in x]
    assert line.startswith(f"{tender / 'committee' / 'committee.yaml'}:11:3: warning[decision-unused]")
    assert "50.0% of the mean of the others, not below 50%" in line


def test_a_decision_without_an_art_60_threshold_is_moot(run: RunFn, tender: Path) -> None:
    edit(tender / "tender-profile.yaml", "  abnormal_low: 0.5", "  # abnormal_low: 0.5")
    code, data, err = rank(run, tender)
    assert code == 0, err
    assert results(data)["dijia-tong"] == (3, 49.00, 30.00)  # only warned, ranked, sets the benchmark
    assert "warning[decision-unused]" in err and "sets no `price.abnormal_low`" in err


def test_the_ceiling_applies_to_the_bid_not_the_evaluated_price(run: RunFn, tender: Path) -> None:
    """B bids 400,000 (evaluated 360,000) under a 380,000 ceiling: the bid exceeds it, B is invalid. C, the
    only valid bid left, has no others to be abnormally low against: 19.00 + 30.00 = 49.00."""
    edit(tender / "tender-profile.yaml", "ceiling: 500000", "ceiling: 380000")
    code, data, err = rank(run, tender)
    assert code == 0, err
    assert results(data) == {
        "dijia-tong": (1, 49.00, 30.00),
        "huaxin-cloud": (None, None, None),
        "xiaolu-live": (None, None, None),
    }


def test_a_star_clause_failed_is_an_invalid_bid(run: RunFn, tender: Path) -> None:
    """★ clauses (实质性要求, 87号令 Art. 63): B with 4 deviations (★ at most 3) is invalid, whatever its points."""
    edit(tender / "bids" / "xiaolu-live.yaml", "deviations: {value: 0,", "deviations: {value: 4,")
    code, data, err = rank(run, tender)
    assert code == 0, err
    b = next(v for v in data["vendors"] if v["id"] == "xiaolu-live")
    assert not b["qualified"] and b["rank"] is None
    assert any("commercial.delivery.deviations" in f for f in failed(b))


def test_the_table_shows_tender_points(run: RunFn, tender: Path) -> None:
    """Tables speak the tender's points (Art. 57 ranks by them): totals and parts to 2 decimals."""
    code, out, err = run(
        "rank",
        tender / "bids",
        "-i",
        tender / "tender-set.yaml",
        "-w",
        tender / "tender-profile.yaml",
        "-e",
        tender / "committee",
    )
    assert code == 0, err
    rows = {line.split()[0]: line for line in out.splitlines() if line.strip()[:1].isdigit()}
    assert "71.89" in rows["1"] and "60.40" in rows["1"] and "11.49" in rows["1"]
    assert "68.10" in rows["2"] and "400,000" in rows["2"] and "360,000" in rows["2"]  # bid and evaluated price
    assert "in points of 100," in out and "rounded to 2" in out


# Forbidden configurations: each an error at its place, nothing ranked.


def test_consensus_on_a_subjective_factor_is_an_error_art_62(run: RunFn, tender: Path) -> None:
    """87号令 Art. 62(4): members score subjective factors independently; no 协商评分."""
    consensus = tender / "committee" / "consensus.yaml"
    consensus.write_text(
        consensus.read_text(encoding="utf-8")
        + "  xiaolu-live:\n    technical.solution.solution_quality: {value: excellent, reason: agreed}\n",
        encoding="utf-8",
    )
    code, _, err = rank(run, tender)
    assert code == 1
    assert f"{consensus}:13:5: error[consensus-on-subjective]" in err, err
    assert "Art. 62(4)" in err


def test_members_reading_an_objective_factor_differently_is_an_error_art_64(run: RunFn, tender: Path) -> None:
    """87号令 Art. 64(3): differing scores of an objective factor are a scoring error to correct."""
    for member, viewers in (("li-na", 150000), ("chen-jie", 90000)):
        edit(
            tender / "committee" / f"{member}.yaml",
            "  huaxin-cloud:\n",
            f"  huaxin-cloud:\n    technical.performance.concurrent_viewers: {viewers}\n",
        )
    code, _, err = rank(run, tender)
    assert code == 1
    line = next(x for x in err.splitlines() if "error[objective-disagreement]" in x)
    assert "chen-jie" in line and "li-na" in line and "technical.performance.concurrent_viewers" in line
    assert "Art. 64" in line


def test_an_evaluator_outside_the_committee_is_an_error_art_58(run: RunFn, tender: Path) -> None:
    edit(tender / "committee" / "zhao-min.yaml", "evaluator: zhao-min", "evaluator: zhao-ming")
    code, _, err = rank(run, tender)
    assert code == 1
    assert f"{tender / 'committee' / 'zhao-min.yaml'}:" in err and "error[not-a-member]" in err


def test_a_decision_on_an_unknown_bidder_is_an_error(run: RunFn, tender: Path) -> None:
    edit(tender / "committee" / "committee.yaml", "  dijia-tong:\n", "  dijia-tong-live:\n")
    code, _, err = rank(run, tender)
    assert code == 1
    assert "error[unknown-vendor]" in err and "dijia-tong-live" in err


@pytest.mark.parametrize("name", ["zhang-wei.yaml", "committee.yaml", "consensus.yaml"])
def test_buyer_files_among_the_bids_are_refused(run: RunFn, tender: Path, name: str) -> None:
    """A bidder's folder cannot carry the committee's files: an evaluation or committee file among the
    vendor paths is an error at its kind key, and nothing is ranked."""
    shutil.copy(tender / "committee" / name, tender / "bids" / name)
    code, data, err = rank(run, tender)
    assert code == 1 and data == {}
    assert f"{tender / 'bids' / name}:" in err and "error[evaluation-in-vendor-paths]" in err


def test_validate_checks_the_whole_tender(run: RunFn, tender: Path) -> None:
    """validate reads the tender as rank does: the same forbidden configurations fail it."""
    code, _, err = run("validate", "--strict", tender)
    assert code == 0, err
    edit(tender / "committee" / "zhao-min.yaml", "evaluator: zhao-min", "evaluator: zhao-ming")
    code, _, err = run("validate", tender)
    assert code == 1 and "error[not-a-member]" in err


# Art. 57: ties on the rounded totals.

TIE_SET = """\
kind: indicator-set
id: tie-tender
version: "1"
title: {en: Tie}
dimensions:
  - id: tech
    name: {en: Technical}
    weight: 1
    provenance: test
    groups:
      - id: all
        name: {en: All}
        weight: 1
        provenance: test
        indicators:
          - id: figure
            name: {en: Figure}
            provenance: test
            weight: 1
            objective: true
            kind: numeric
            floor: 0
            target: 100
"""

TIE_PROFILE = """\
kind: weight-profile
id: tie
indicator_set: tie-tender
procurement: cn-gp-services
points: {total: 100, decimals: 1}
price: {weight: 30, formula: lowest-bid}
"""


def tie_tender(folder: Path, profile: str) -> Path:
    """The one-factor tie tender (TIE_SET) with ``profile`` in ``folder``; returns its empty bids folder."""
    (folder / "set.yaml").write_text(TIE_SET, encoding="utf-8")
    (folder / "profile.yaml").write_text(profile, encoding="utf-8")
    (folder / "bids").mkdir()
    return folder / "bids"


def rank_tie(run: RunFn, folder: Path) -> tuple[int, str, str]:
    return run("rank", folder / "bids", "-i", folder / "set.yaml", "-w", folder / "profile.yaml", "-f", "json")


def tie_bid(folder: Path, vid: str, figure: float, amount: float) -> None:
    (folder / f"{vid}.yaml").write_text(
        f"kind: vendor\nid: {vid}\nname: {vid.upper()}\nindicator_set: tie-tender\nenterprise_size: large\n"
        f"price: {{amount: {amount}, currency: CNY}}\nevidence:\n  tech.all.figure: {figure}\n",
        encoding="utf-8",
    )


def test_equal_rounded_totals_rank_by_lower_evaluated_price_art_57(run: RunFn, tmp_path: Path) -> None:
    """87号令 Art. 57: equal totals rank by price, lower first. X: 70 x 0.50 = 35.0 + 30 x 100/100 = 30.0
    -> 65.0; Y: 70 x 0.5043 = 35.301 -> 35.3 + 30 x 100/101 = 29.703 -> 29.7 -> 65.0. Unrounded, Y
    (65.004) would lead; on the rounded totals they tie, and X's lower price ranks it first."""
    bids = tie_tender(tmp_path, TIE_PROFILE)
    tie_bid(bids, "xbid", 50, 100)
    tie_bid(bids, "ybid", 50.43, 101)
    code, out, err = rank_tie(run, tmp_path)
    assert code == 0, err
    data = json.loads(out)
    assert results(data) == {"xbid": (1, 65.0, 30.0), "ybid": (2, 65.0, 29.7)}
    assert [v["id"] for v in data["vendors"]] == ["xbid", "ybid"]
    assert data["close_call"]["gap"] == 0
    assert data["close_call"]["reason"] == "XBID and YBID tie at 65.00 points; XBID ranks first by its lower price (Art. 57)"
    # The same bids at equal prices share the rank (Art. 57 leaves the rest to the tender).
    tie_bid(bids, "ybid", 50, 100)
    code, out, err = rank_tie(run, tmp_path)
    assert code == 0, err
    data = json.loads(out)
    assert [v["rank"] for v in data["vendors"]] == [1, 1]
    assert data["close_call"]["reason"] == "XBID and YBID tie at 65.00 points and share rank 1"


def test_art_57_tie_after_the_sme_deduction_is_exact(run: RunFn, tmp_path: Path) -> None:
    """A small bidder's 400,004 less 10 % is 360,003.60 exactly (decimal, to the cent), equal to a large
    bidder's 360,003.60: equal points and equal evaluated price share the rank (Art. 57)."""
    bids = tie_tender(tmp_path, TIE_PROFILE.replace("formula: lowest-bid}", "formula: lowest-bid, sme_deduction: 0.1}"))
    tie_bid(bids, "xbid", 50, 360003.60)
    tie_bid(bids, "ybid", 50, 400004)
    edit(bids / "ybid.yaml", "enterprise_size: large", "enterprise_size: small")
    code, out, err = rank_tie(run, tmp_path)
    assert code == 0, err
    vendors = {v["id"]: v for v in json.loads(out)["vendors"]}
    assert vendors["ybid"]["evaluated_price"] == 360003.60
    assert vendors["xbid"]["rank"] == vendors["ybid"]["rank"] == 1


def test_a_bid_is_written_to_the_cent(run: RunFn, tender: Path) -> None:
    """500,000.004 would print as 500,000.00 in every report: refused at the amount."""
    edit(tender / "bids" / "xiaolu-live.yaml", "amount: 400000,", "amount: 400000.004,")
    code, _, err = rank(run, tender)
    assert code == 1
    assert f"{tender / 'bids' / 'xiaolu-live.yaml'}:7:17: error[invalid-value]" in err and "2 decimal places" in err


def test_ceiling_reason_shows_the_cents(run: RunFn, tender: Path) -> None:
    edit(tender / "bids" / "huaxin-cloud.yaml", "amount: 470000,", "amount: 500000.01,")
    code, data, err = rank(run, tender)
    assert code == 0, err
    a = next(v for v in data["vendors"] if v["id"] == "huaxin-cloud")
    assert failed(a) == ["price: bid above ceiling 500,000.00"] and a["failed_requirements"][0]["value"] == 500000.01


def test_no_exclude_policy_under_cn(run: RunFn, tender: Path) -> None:
    """A bid leaving a factor out must not have its other factors count for more (exclude renormalises)."""
    code, _, err = rank(run, tender, "--missing", "exclude")
    assert code == 2 and "未提供证明材料不得分" in err
    edit(tender / "tender-profile.yaml", "points:", "missing: exclude\npoints:")
    code, _, err = rank(run, tender)
    assert code == 1 and "error[procurement-missing]" in err


def test_fixed_price_with_a_ceiling_is_an_error(run: RunFn, tender: Path) -> None:
    """固定价格采购 (Art. 55): no bid is compared, so a ceiling or deduction would silently change nothing."""
    edit(tender / "tender-profile.yaml", "  weight: 30\n", "  fixed: true\n")
    code, _, err = rank(run, tender)
    assert code == 1
    assert err.count("error[fixed-price]") == 4  # formula, sme_deduction, ceiling, abnormal_low: each at its key
    assert "so `ceiling` would change nothing" in err


def test_half_up_rounding_not_bankers(run: RunFn, tmp_path: Path) -> None:
    """Points round half-up (四舍五入), as a committee's sheet does: 70 x 0.50125 = 35.0875 -> 35.09 at 2
    decimals (banker's rounding of the binary float would give 35.09 or 35.08 by accident of representation)."""
    bids = tie_tender(tmp_path, TIE_PROFILE.replace("decimals: 1", "decimals: 2"))
    tie_bid(bids, "xbid", 50.125, 100)
    code, out, err = rank_tie(run, tmp_path)
    assert code == 0, err
    (v,) = json.loads(out)["vendors"]
    assert v["points"]["factors"]["tech.all.figure"] == 35.09
    assert v["points"]["total"] == 65.09


# Lint: what public procurement may not score.


def test_scoring_size_or_industry_past_performance_warns_under_cn(run: RunFn, write_yaml: Any) -> None:
    """政府采购促进中小企业发展管理办法 Art. 5 and 实施条例 Art. 20(4): no factor on a bidder's size, market share
    or industry-specific past performance. The default tree flags two (`gp_forbidden: true`)."""
    body = "kind: weight-profile\nid: t\nindicator_set: enterprise-live-2022\nprocurement: cn-gp-services\nprice: {weight: 30}\n"
    p = write_yaml("t.yaml", body)
    code, _, err = run("validate", p)
    assert code == 0
    (line,) = [x for x in err.splitlines() if "cn-gp-forbidden-factor" in x]
    assert line.startswith(f"{p}:4:1: warning[cn-gp-forbidden-factor]")
    assert "ecosystem.resources.industry_solutions" in line and "ecosystem.resources.customer_base" in line
    assert "Art. 5" in line and "Art. 20(4)" in line
    assert run("validate", "--strict", p)[0] == 1
    zeroed = write_yaml(
        "z.yaml",
        body + "weights:\n  ecosystem.resources.industry_solutions: 0\n  ecosystem.resources.customer_base: 0\n",
    )
    assert "cn-gp-forbidden-factor" not in run("validate", zeroed)[2]
    private = write_yaml("p.yaml", body.replace("procurement: cn-gp-services\n", "").replace("price: {weight: 30}\n", ""))
    assert "cn-gp-forbidden-factor" not in run("validate", private)[2]  # a private buyer may score them


def test_objective_disagreement_is_a_warning_outside_public_procurement(run: RunFn, tender: Path) -> None:
    """Outside cn-* the same difference is reported, not fatal: a private buyer may average."""
    edit(tender / "tender-profile.yaml", "procurement: cn-gp-services\n", "")
    for member, viewers in (("li-na", 150000), ("chen-jie", 90000)):
        edit(
            tender / "committee" / f"{member}.yaml",
            "  huaxin-cloud:\n",
            f"  huaxin-cloud:\n    technical.performance.concurrent_viewers: {viewers}\n",
        )
    code, _, err = rank(run, tender)
    assert code == 0, err
    assert "warning[objective-disagreement]" in err


def test_explain_speaks_tender_points(run: RunFn, tender: Path) -> None:
    """explain under tender points: each factor's line of the scoring table (max, points), the quality
    part out of 70, members' differing judgements counted."""
    args = ["-i", tender / "tender-set.yaml", "-w", tender / "tender-profile.yaml", "-e", tender / "committee"]
    code, out, err = run("explain", tender / "bids" / "xiaolu-live.yaml", *args, "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["quality_points"] == 53.10
    lines = {ln["path"]: ln for ln in data["indicators"]}
    assert (lines["technical.solution.solution_quality"]["points"], lines["technical.solution.solution_quality"]["lost"]) == (
        11.4,
        3.6,
    )
    assert lines["technical.performance.latency_ms"]["points"] == 2.5
    code, out, err = run("explain", tender / "bids" / "xiaolu-live.yaml", *args)
    assert code == 0, err
    assert "quality 53.10 of 70 points" in out
    assert "good ×3" in out and "excellent ×4" in out  # solution: 良 x3 优 x2; implementation: 优 x4 良 x1
    code, out, err = run("explain", "vendors/aurora-live.yaml", "-f", "json")
    assert json.loads(out)["quality_points"] is None


# Every member scores every bid; no member changes a fact alone (87号令 Arts. 55 and 64).


def test_one_member_alone_cannot_change_an_objective_fact_art_64(run: RunFn, tender: Path) -> None:
    """li-na alone reads A's viewers as 40,000 (2 points instead of 10, and B would win); the four others,
    silent, read the bid's 150,000: a disagreement to correct, not a value to use."""
    edit(
        tender / "committee" / "li-na.yaml",
        "  huaxin-cloud:\n",
        "  huaxin-cloud:\n    technical.performance.concurrent_viewers: 40000\n",
    )
    code, _, err = rank(run, tender)
    assert code == 1
    (line,) = [x for x in err.splitlines() if "objective-disagreement" in x]
    assert line.startswith(f"{tender / 'committee' / 'li-na.yaml'}:")
    assert "li-na 40000" in line and "zhang-wei" in line and "chen-jie" in line and "Art. 64" in line


def test_all_members_reading_a_fact_alike_is_their_reading(run: RunFn, tender: Path) -> None:
    """Every member reads A's viewers as 80,000 (the load test report shows less than the bid says): 6 points."""
    for member in ("zhang-wei", "li-na", "wang-qiang", "zhao-min", "chen-jie"):
        edit(
            tender / "committee" / f"{member}.yaml",
            "  huaxin-cloud:\n",
            "  huaxin-cloud:\n    technical.performance.concurrent_viewers: 80000\n",
        )
    code, data, err = rank(run, tender)
    assert code == 0, err
    a = next(v for v in data["vendors"] if v["id"] == "huaxin-cloud")
    assert a["points"]["factors"]["technical.performance.concurrent_viewers"] == 6.0
    assert a["points"]["total"] == 67.89  # 71.89 - 4


def test_a_member_missing_a_bid_is_an_error_art_55(run: RunFn, tender: Path) -> None:
    """chen-jie's scores for B left out: B's means would be of four members (68.10 would read 67.00)."""
    member = tender / "committee" / "chen-jie.yaml"
    text = member.read_text(encoding="utf-8")
    start = text.index("  xiaolu-live:")
    end = text.index("  dijia-tong:")
    member.write_text(text[:start] + text[end:], encoding="utf-8")
    code, _, err = rank(run, tender)
    assert code == 1
    (line,) = [x for x in err.splitlines() if "missing-member-score" in x]
    assert line.startswith(f"{member}:") and "chen-jie gives xiaolu-live no score" in line and "Art. 55" in line


def test_a_member_without_a_file_is_an_error_art_55(run: RunFn, tender: Path) -> None:
    (tender / "committee" / "zhao-min.yaml").unlink()
    code, _, err = rank(run, tender)
    assert code == 1
    committee = tender / "committee" / "committee.yaml"
    assert f"{committee}:8:10: error[missing-member-score]: member 'zhao-min' has no evaluation file" in err


def test_a_bid_cannot_score_itself_on_a_subjective_factor_art_55(run: RunFn, tender: Path) -> None:
    """C writes 优 for its own technical solution. Members score that factor: C's value never counts, and a
    member who left C out is named. No member file at all: C's value counts, and C's file is warned."""
    edit(
        tender / "bids" / "dijia-tong.yaml",
        "evidence:\n",
        'evidence:\n  technical.solution.solution_quality: {value: excellent, source: "自评"}\n',
    )
    code, data, err = rank(run, tender)
    assert code == 0, err
    c = next(v for v in data["vendors"] if v["id"] == "dijia-tong")
    assert c["points"]["factors"]["technical.solution.solution_quality"] == 5.4  # the members' 差良差良差, not 优
    assert "self-scored" not in err
    code, data, err = rank(run, tender, evaluations=False)
    assert code == 0, err
    (line,) = [x for x in err.splitlines() if "self-scored" in x]
    assert line.startswith(f"{tender / 'bids' / 'dijia-tong.yaml'}:8:1: warning[self-scored]: 1 subjective factor")
    assert "technical.solution.solution_quality" in line and "Art. 55" in line
    (line,) = [x for x in err.splitlines() if "no-member-scores" in x]  # implementation_plan: nobody scored it
    assert "commercial.delivery.implementation_plan" in line and "technical.solution.solution_quality" not in line


def test_a_bid_saved_under_another_suffix_is_reported(run: RunFn, tender: Path) -> None:
    """xiaolu-live.YAML is not read from the folder: said at the file, and its scores then name no bid."""
    (tender / "bids" / "xiaolu-live.yaml").rename(tender / "bids" / "xiaolu-live.YAML")
    (tender / "bids" / ".DS_Store").write_bytes(b"\0")
    code, _, err = rank(run, tender)
    assert code == 1  # the members' scores for xiaolu-live name a bid that was not read
    assert f"{tender / 'bids' / 'xiaolu-live.YAML'}:1:1: warning[skipped-file]" in err
    assert ".DS_Store" not in err
    code, _, err = run("validate", tender)
    assert "warning[skipped-file]" in err


def test_a_negative_figure_is_refused_by_the_tender_set(run: RunFn, tender: Path) -> None:
    """The scoring table's figures are bounded below by 0: a latency of -100 ms earns nothing, it is an error."""
    edit(tender / "bids" / "huaxin-cloud.yaml", "latency_ms: {value: 800,", "latency_ms: {value: -100,")
    code, _, err = rank(run, tender)
    assert code == 1 and "error[out-of-bounds]" in err


def test_one_bad_bid_gives_one_error_not_a_cascade(run: RunFn, tender: Path) -> None:
    """C's amount 0 is its error; the members' scores for C then name a file that was given, not an
    unknown vendor, and no decision is said to be moot."""
    edit(tender / "bids" / "dijia-tong.yaml", "amount: 180000,", "amount: 0,")
    code, _, err = rank(run, tender)
    assert code == 1
    assert [line.split(": ")[1] for line in err.splitlines()] == ["error[out-of-range]"]


def test_points_that_do_not_match_the_table_are_said_so(run: RunFn, tender: Path) -> None:
    """The set holds 70 quality points; under 磋商 with price 10 the quality part is 90: every factor would
    print other points than the published table (10 -> 12.86)."""
    profile = tender / "tender-profile.yaml"
    edit(profile, "procurement: cn-gp-services", "procurement: cn-tos-services")
    edit(profile, "  weight: 30", "  weight: 10")
    code, _, err = run("validate", tender)
    assert code == 0
    (line,) = [x for x in err.splitlines() if "points-scale" in x]
    assert line.startswith(f"{profile}:8:1: warning[points-scale]") and "70 points" in line and "12.86" in line
    assert "points-scale" not in run("validate", TENDER)[2]  # the example's 70 + 30 match
