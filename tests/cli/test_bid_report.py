"""The 评标报告 in the HTML and XLSX reports under a cn-* profile (docs/contracts.md, "China public
procurement (综合评分法)", 评标报告): 财政部令第87号 Art. 58 lists what the report holds (the bidders and the
committee members, the method and standard, invalid bids and their reasons, the result); the example
tender's numbers are the hand computation of tests/cli/test_tender.py."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook

from helpers import REPO, RunFn

TENDER = REPO / "examples" / "tender"
MEMBERS = ["张伟", "李娜", "王强", "赵敏", "陈杰"]


class Sections(HTMLParser):
    """The bid report's sections: h3 heading -> its tables' rows (cell texts); and the signature cells."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: dict[str, list[list[str]]] = {}
        self.texts: dict[str, list[str]] = {}
        self.current: str | None = None
        self.in_report = False
        self.heading: list[str] | None = None
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.sign_cells = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "section" and "bid-report" in classes:
            self.in_report = True
        if not self.in_report:
            return
        if tag == "h3":
            self.heading = []
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = []
            self.sign_cells += "sign" in classes

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self.in_report = False
        if not self.in_report:
            return
        if tag == "h3" and self.heading is not None:
            self.current = "".join(self.heading)
            self.sections[self.current] = []
            self.texts[self.current] = []
            self.heading = None
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append("".join(self.cell).strip())
            self.cell = None
        elif tag == "tr" and self.row is not None and self.current is not None:
            self.sections[self.current].append(self.row)
            self.row = None

    def handle_data(self, data: str) -> None:
        if self.heading is not None:
            self.heading.append(data)
        elif self.cell is not None:
            self.cell.append(data)
        elif self.in_report and self.current is not None:
            self.texts[self.current].append(data)

    def find(self, word: str) -> list[list[str]]:
        (key,) = [k for k in self.sections if word in k]
        return self.sections[key]

    def text(self, word: str) -> str:
        (key,) = [k for k in self.texts if word in k]
        return "".join(self.texts[key])


@pytest.fixture
def tender(tmp_path: Path) -> Path:
    folder = tmp_path / "tender"
    shutil.copytree(TENDER, folder)
    return folder


def report(run: RunFn, folder: Path, fmt: str, tmp_path: Path, *extra: str) -> Path:
    target = tmp_path / f"report.{fmt}"
    code, _, err = run(
        "rank", folder / "bids", "-i", folder / "tender-set.yaml", "-w", folder / "tender-profile.yaml",
        "-e", folder / "committee", "-f", fmt, "-o", target, *extra,
    )  # fmt: skip
    assert code == 0, err
    return target


def parse(path: Path) -> Sections:
    page = Sections()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_html_bid_report_holds_what_art_58_lists(run: RunFn, tender: Path, tmp_path: Path) -> None:
    page = parse(report(run, tender, "html", tmp_path))
    committee = page.find("评标委员会成员名单")
    assert [r[1] for r in committee[1:]] == MEMBERS and committee[1][2] == "组长"
    bids = {r[0]: r for r in page.find("投标人及报价")[1:]}
    assert bids["小鹿直播 Xiaolu Live"][2:4] == ["400,000.00", "360,000.00"]  # bid and evaluated price side by side
    assert "小型企业" in bids["小鹿直播 Xiaolu Live"][1]
    assert "无。" in page.text("无效投标人名单及原因")
    (abnormal,) = page.find("异常低价")[1:]
    assert abnormal[:4] == ["低价通直播 Dijiatong Live", "180,000.00", "415,000.00", "43.4%"]
    assert "书面说明已采纳" in abnormal[4] and "成本构成表" in abnormal[5]
    summary = {r[0]: r for r in page.find("得分汇总表")}
    assert summary["技术方案评价 Technical solution assessment"][1:] == ["15.00", "主观 subjective", "12.60", "11.40", "5.40"]
    assert summary["价格分 price"][3:] == ["11.49", "15.00", "30.00"]
    assert summary["总分 total"][3:] == ["71.89", "68.10", "49.00"]
    assert summary["排名 rank"][3:] == ["1", "2", "3"]
    members = page.find("各成员评分")
    assert members[0][2:7] == MEMBERS
    rows = {(r[0], r[1]): r[2:] for r in members[1:]}
    # 优优良优良 of 15 points: 15, 15, 9, 15, 9 -> mean 12.60 (each member independently, Art. 55)
    assert rows[("技术方案评价 Technical solution assessment", "华信云播 Huaxin Cloud Live")] == [
        "15.00",
        "15.00",
        "9.00",
        "15.00",
        "9.00",
        "12.60",
    ]
    (correction,) = page.find("评审更正")[1:]
    assert correction[2:4] == ["6", "4"] and "三年之前" in correction[4]
    assert "第1名 华信云播 Huaxin Cloud Live（71.89）" in page.text("评标结果")
    signatures = page.find("签字")
    assert [r[0] for r in signatures[1:]] == MEMBERS
    assert page.sign_cells == 2 * len(MEMBERS)  # a line to sign and a line to date, per member
    assert "第六十一条" in page.text("签字")


def test_html_bid_report_prints_on_a4(run: RunFn, tender: Path, tmp_path: Path) -> None:
    text = report(run, tender, "html", tmp_path).read_text(encoding="utf-8")
    assert "@page{size:A4" in text
    assert "beforeprint" in text  # every vendor's tree opens for the printout
    assert text.index('class="bid-report"') < text.index("<h2>Summary</h2>")  # the report the committee signs first


def test_rejected_bid_is_listed_with_the_reason(run: RunFn, tender: Path, tmp_path: Path) -> None:
    committee = tender / "committee" / "committee.yaml"
    committee.write_text(
        committee.read_text(encoding="utf-8").replace("abnormal_low: accepted", "abnormal_low: rejected"), encoding="utf-8"
    )
    page = parse(report(run, tender, "html", tmp_path))
    (invalid,) = page.find("无效投标人名单及原因")[1:]
    assert invalid[0] == "低价通直播 Dijiatong Live" and "explanation rejected by the committee" in invalid[1]
    (abnormal,) = page.find("异常低价")[1:]
    assert "未采纳" in abnormal[4]
    summary = {r[0]: r for r in page.find("得分汇总表")}
    assert summary["总分 total"][3:] == ["83.38", "83.10", "—"]
    assert summary["价格分 price"][3:] == ["22.98", "30.00", "—"]  # an invalid bid takes no part in the price comparison


def test_an_undecided_abnormally_low_bid_makes_the_report_provisional(run: RunFn, tender: Path, tmp_path: Path) -> None:
    """Art. 60: the bid is invalid only once its explanation fails; before the decision it is pending and
    the report says it cannot be signed."""
    committee = tender / "committee" / "committee.yaml"
    committee.write_text(committee.read_text(encoding="utf-8").split("decisions:")[0], encoding="utf-8")
    target = report(run, tender, "html", tmp_path)
    text = target.read_text(encoding="utf-8")
    assert "暂定" in text and "决定前本报告不能签署" in text
    page = parse(target)
    bids = {r[0]: r for r in page.find("投标人及报价")[1:]}
    assert bids["低价通直播 Dijiatong Live"][4] == "待定 pending"
    assert "无。" in page.text("无效投标人名单及原因")  # pending is not invalid
    assert any("pending" in k for k in page.sections if "评标结果" in k)
    wb = load_workbook(report(run, tender, "xlsx", tmp_path))
    assert "暂定" in str(wb["评标报告"].cell(row=3, column=1).value)


def test_chinese_report_speaks_chinese(run: RunFn, tender: Path, tmp_path: Path) -> None:
    page = parse(report(run, tender, "html", tmp_path, "--lang", "zh"))
    summary = {r[0]: r for r in page.find("得分汇总表")}
    assert "技术方案评价" in summary and summary["技术方案评价"][2] == "主观"
    assert "一、评标委员会成员名单" in page.sections


def test_no_bid_report_outside_public_procurement(run: RunFn, tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    code, _, err = run("rank", "vendors", "-f", "html", "-o", target)
    assert code == 0, err
    assert 'class="bid-report"' not in target.read_text(encoding="utf-8")


def test_unrounded_profile_says_so(run: RunFn, tmp_path: Path) -> None:
    """gp-services sets no `points`: the sheet must not claim the ranking was on rounded points."""
    target = tmp_path / "r.html"
    code, _, err = run(
        "rank", "vendors", "-e", "examples/evaluations", "-w", "examples/gp-services.yaml", "-f", "html", "-o", target
    )
    assert code == 0, err
    text = target.read_text(encoding="utf-8")
    assert "ranking uses unrounded scores" in text and "each factor rounded half-up" not in text


def test_xlsx_bid_report_sheets(run: RunFn, tender: Path, tmp_path: Path) -> None:
    wb = load_workbook(report(run, tender, "xlsx", tmp_path))
    assert wb.sheetnames[:3] == ["评标报告", "得分汇总表", "成员评分"]
    assert wb.active is not None and wb.active.title == "评标报告"
    sheet = wb["评标报告"]
    assert sheet.page_setup.orientation == "portrait" and str(sheet.page_setup.paperSize) == "9"  # A4
    cells = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    listed = [r[1] for r in cells if isinstance(r[0], int) and r[3] is not None]  # #, name, role, id
    signing = [r[0] for r in cells[cells.index(next(r for r in cells if r[0] and "签字" in str(r[0]))) :] if r[0] in MEMBERS]
    assert listed == MEMBERS and signing == MEMBERS  # the member list, and a signature line each
    bids = {r[0]: r for r in cells if r[0] == "小鹿直播 Xiaolu Live" and isinstance(r[2], (int, float))}
    assert bids["小鹿直播 Xiaolu Live"][2:4] == (400_000, 360_000)
    abnormal = next(r for r in cells if r[0] == "低价通直播 Dijiatong Live" and r[2] == 415_000)
    assert abnormal[3] == pytest.approx(180_000 / 415_000)
    bidders = {"华信云播 Huaxin Cloud Live", "小鹿直播 Xiaolu Live", "低价通直播 Dijiatong Live"}
    result = [r for r in cells if isinstance(r[0], int) and r[1] in bidders and isinstance(r[2], (int, float))]
    assert [(r[0], r[2]) for r in result] == [(1, 71.89), (2, 68.10), (3, 49.00)]
    summary = wb["得分汇总表"]
    rows = {r[-1]: r[:-1] for r in summary.iter_rows(min_row=5, values_only=True)}  # the path is last
    assert rows["technical.solution.solution_quality"][1:] == (15, "主观 subjective", 12.6, 11.4, 5.4)
    assert rows["total"][3:] == (71.89, 68.10, 49.00)
    assert rows["price"][3:] == (11.49, 15.00, 30.00)
    members = list(wb["成员评分"].iter_rows(min_row=4, values_only=True))
    assert members[0][2:] == (15, 15, 9, 15, 9, 12.6)
    assert not any(c.data_type == "f" for ws in wb for row in ws.iter_rows() for c in row)  # no formula anywhere


def test_no_weight_robustness_in_a_tender_report(run: RunFn, tender: Path, tmp_path: Path) -> None:
    """Tender points are a published table ranked on rounded points: no sampled-weight verdict in the report."""
    text = report(run, tender, "html", tmp_path).read_text(encoding="utf-8")
    assert "Is the winner robust?" not in text


def test_competitive_negotiation_speaks_its_own_words(run: RunFn, tender: Path, tmp_path: Path) -> None:
    """竞争性磋商 (磋商办法): a 磋商小组's 评审报告 naming 成交候选供应商, with 87号令 cited only by analogy."""
    profile = tender / "tender-profile.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("cn-gp-services", "cn-tos-services"), encoding="utf-8")
    page = parse(report(run, tender, "html", tmp_path))
    assert "一、磋商小组成员名单 Negotiation panel members" in page.sections
    assert any("供应商及报价" in k for k in page.sections)
    text = report(run, tender, "html", tmp_path).read_text(encoding="utf-8")
    assert "评审报告" in text and "成交候选供应商排序" in text and "cited by analogy" in text
