"""Annual report (政府信息公开工作年度报告) tables: data model, rules R1–R14, table blocks, roll-up sums.

Each rule has a passing and a failing case; the failing case asserts the code, the severity, the numbers in
the message and the SourceRef (file and line of the YAML input, found through a ``locate`` built from the
YAML node tree — the way a loader with positions hands them over).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import yaml

from docgen.errors import Finding, InputError, Severity
from docgen.kinds.annual_report import (
    SECTIONS,
    AnnualReport,
    canonical_headings,
    check_r1_cells,
    check_r2_row_totals,
    check_r3_result_total,
    check_r4_balance,
    check_r5_subtotals,
    check_r6_t4_totals,
    check_r7_r8_t2,
    check_r9_carry_over,
    check_r10_valid_documents,
    check_r11_item_counts,
    check_r12_narrative,
    check_r13_dates,
    check_r14_sections,
    check_r14_version,
    check_report,
    check_tables,
    empty_report,
    implied_subtotals,
    report_from_data,
    report_tables,
    sum_reports,
    t2_table,
    t3_table,
    t4_table,
    version_for_year,
)
from docgen.kinds.annual_report.labels import T2_BLOCKS, T3_NOTE, T3_ROWS, T4_COLUMNS, T4_GROUPS, label_words
from docgen.model import Cell, Table
from docgen.source import SourceRef

ERROR, WARNING, NOTICE = Severity.ERROR, Severity.WARNING, Severity.NOTICE
UNCHECKED = Severity.UNCHECKED

# A complete 2021-format report (the Hangzhou-style 2025 figures of the spec's B5 fixture): passes every rule.
REPORT_2025 = """\
year: 2025
organ: 测试市人民政府
organ_level: government
t2:
  art20_1:
    regulations: {made: 3, repealed: 5, valid: 74}
    normative_documents: {made: 564, repealed: 984, valid: 4185}
  art20_5:
    licensing: 11398889
  art20_6:
    punishment: 6937489
    coercion: 166105
  art20_8:
    fees: 316441
t3:
  new_received: [13612, 252, 0, 45, 128, 32, 14069]
  carried_over: [535, 6, 0, 1, 18, 0, 560]
  granted: [5345, 129, 0, 41, 19, 14, 5548]
  partial: [2120, 39, 0, 1, 6, 2, 2168]
  denied:
    state_secret: [13, 0, 0, 0, 0, 0, 13]
    law_forbidden: [30, 0, 0, 0, 0, 0, 30]
    three_security: [11, 0, 0, 0, 0, 0, 11]
    third_party: [49, 2, 0, 0, 0, 0, 51]
    internal_affairs: [103, 1, 0, 0, 0, 0, 104]
    process_info: [84, 1, 0, 0, 0, 0, 85]
    enforcement_file: [282, 4, 0, 0, 0, 0, 286]
    admin_query: [147, 0, 0, 0, 1, 2, 150]
  unable:
    not_held: [3075, 50, 0, 0, 89, 8, 3222]
    need_creation: [177, 3, 0, 0, 0, 0, 180]
    unclear: [19, 0, 0, 0, 0, 0, 19]
  not_processed:
    petition: [199, 1, 0, 0, 3, 0, 203]
    repeat: [147, 1, 0, 0, 0, 0, 148]
    publication: [0, 0, 0, 0, 0, 0, 0]
    massive: [100, 1, 0, 0, 0, 0, 101]
    confirm: [5, 0, 0, 0, 0, 0, 5]
  other:
    overdue_correction: [315, 3, 0, 0, 0, 0, 318]
    overdue_fee: [202, 0, 0, 1, 0, 0, 203]
    other: [941, 17, 0, 1, 3, 3, 965]
  result_total: [13364, 252, 0, 44, 121, 29, 13810]
  carry_forward: [783, 6, 0, 2, 25, 3, 819]
t4:
  review: {upheld: 376, corrected: 97, other_result: 196, pending: 121, total: 790}
  litigation_direct: {upheld: 16, corrected: 1, other_result: 12, pending: 27, total: 56}
  litigation_after_review: {upheld: 74, corrected: 1, other_result: 30, pending: 51, total: 156}
"""

NARRATIVE_2025 = (
    "2025年，全市各级行政机关扎实推进政务公开工作。\n"
    "全年共受理政府信息公开申请14069件，上年结转560件，办结13810件。\n"
    "因政府信息公开工作被申请行政复议790件，提起行政诉讼212件。"
)
PREAMBLE_2025 = (
    "根据《中华人民共和国政府信息公开条例》规定编制本报告。本报告中所列数据统计期限为2025年1月1日至12月31日。"
)
HEADINGS = [s.heading for s in SECTIONS]

# 2019年上海市人民政府办公厅 report (B4), as printed: many blank cells, the 总计 column of result rows empty.
SHANGHAI_2019 = """\
year: 2019
organ: 上海市人民政府办公厅
organ_level: government
t2:
  art20_1:
    regulations: {new_made: 13, new_published: 13, total_published: 524}
    normative_documents: {new_made: 60, new_published: 60, total_published: 368}
  art20_5:
    licensing: {prev_year_items: 0, change: 0, decisions: 0}
    other_services: {prev_year_items: 0, change: 0, decisions: 0}
  art20_6:
    punishment: {prev_year_items: 0, change: 0, decisions: 0}
    coercion: {prev_year_items: 0, change: 0, decisions: 0}
  art20_8:
    fees: {prev_year_items: 0, change: 0}
  art20_9:
    central_procurement: {procurement_items: 6, procurement_amount: 251000元}
t3:
  new_received: {natural_person: 821, commercial: 35, legal_service: 2, other: 1, total: 859}
  carried_over: {natural_person: 18, total: 18}
  granted: {natural_person: 258, commercial: 12, legal_service: 1, other: 1}
  partial: {natural_person: 3}
  denied:
    state_secret: {natural_person: 14}
    internal_affairs: {natural_person: 5}
    process_info: {natural_person: 3, commercial: 1}
    admin_query: {natural_person: 10, commercial: 2}
  unable:
    not_held: {natural_person: 252, commercial: 12, legal_service: 1}
    need_creation: {natural_person: 44, commercial: 3}
    unclear: {natural_person: 25}
  not_processed:
    petition: {natural_person: 148, commercial: 1}
    repeat: {natural_person: 5, commercial: 4}
  result_total: {natural_person: 767, commercial: 35, legal_service: 2, other: 1, total: 805}
  carry_forward: {natural_person: 72, total: 72}
t4:
  review: {upheld: 5, pending: 2, total: 7}
  litigation_direct: {upheld: 8, pending: 1, total: 9}
"""

SHANGHAI_NARRATIVE = (
    "市政府办公厅代表市政府共受理政府信息公开申请859件，申请数量较去年回落12.3%；答复政府信息公开申请805件"
    "（含上年度结转申请18件，另有72件申请按照《条例》顺延到下年度答复），均在法定期限内予以答复。"
    "予以公开及部分公开258件，占33.9%；不予公开35件，占4.34%；因本机关不掌握等原因无法提供265件，占32.9%；"
    "不予处理158件，占19.6%；其他处理0件。信息公开类行政复议7件，诉讼9件，均获维持，继续保持了省级政府零败诉的记录。"
)


# --- helpers -------------------------------------------------------------------------------------------------


def yaml_locate(text: str, name: str = "report.yaml") -> Callable[[tuple[str | int, ...]], SourceRef | None]:
    """Positions of a YAML text by data path, from the composed node tree (1-based line and column)."""
    root = yaml.compose(text)

    def locate(path: tuple[str | int, ...]) -> SourceRef | None:
        node = root
        for key in path:
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if k.value == str(key)), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
                node = node.value[key]
            else:
                return None
            if node is None:
                return None
        return SourceRef(name, line=node.start_mark.line + 1, column=node.start_mark.column + 1)

    return locate


def load(
    text: str, edit: Callable[[dict[str, Any]], None] | None = None
) -> tuple[AnnualReport, list[Finding]]:
    """Build a report from YAML text, optionally editing the data first (positions stay those of the text)."""
    data = yaml.safe_load(text)
    if edit is not None:
        edit(data)
    return report_from_data(data, yaml_locate(text))


def line_of(text: str, needle: str) -> int:
    """1-based number of the first line of ``text`` containing ``needle``."""
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def position(text: str, line_needle: str, value: str) -> SourceRef:
    """Where ``value`` stands on the first line containing ``line_needle``, as yaml_locate reports it."""
    line = line_of(text, line_needle)
    return SourceRef("report.yaml", line=line, column=text.splitlines()[line - 1].index(value) + 1)


def only(findings: list[Finding], code: str) -> Finding:
    hits = [f for f in findings if f.code == code]
    assert len(hits) == 1, [f.message for f in findings]
    return hits[0]


@pytest.fixture
def report_2025() -> AnnualReport:
    report, findings = load(REPORT_2025)
    assert findings == []
    return report


@pytest.fixture
def previous_2024() -> AnnualReport:
    """A synthetic 2024 report consistent with 2025: its carry-forward is 2025's carry-over (R9) and its
    现行有效件数 lead to 2025's (R10)."""

    def edit(data: dict[str, Any]) -> None:
        data["year"] = 2024
        data["t3"]["carry_forward"] = [535, 6, 0, 1, 18, 0, 560]
        data["t2"]["art20_1"]["regulations"]["valid"] = 76
        data["t2"]["art20_1"]["normative_documents"]["valid"] = 4605

    report, _ = load(REPORT_2025, edit)
    return report


# --- the complete dataset and the worked check ---------------------------------------------------------------


def test_complete_2021_dataset_passes_every_rule(
    report_2025: AnnualReport, previous_2024: AnnualReport
) -> None:
    findings = check_report(
        report_2025,
        previous_2024,
        narrative=NARRATIVE_2025,
        issued=dt.date(2026, 3, 20),
        preamble=PREAMBLE_2025,
        headings=HEADINGS,
    )
    assert findings == []
    assert report_2025.version == "2021"
    assert report_2025.t3.cell("denied.state_secret", "natural_person") == 13


def test_worked_check_b7_shanghai_2019() -> None:
    """859 + 18 = 805 + 72 (R4) holds in the 自然人 and 总计 columns; every check that needs one of the cells
    the report left blank (the 总计 column of the result rows, most organisation columns) is not evaluated:
    no error and no pass from a blank."""
    report, findings = load(SHANGHAI_2019)
    assert findings == []
    assert report.version == "2019"
    r4 = check_r4_balance(report)
    assert all(f.severity is UNCHECKED for f in r4)
    assert [f.message.split("：")[0] for f in r4] == [
        "表三 “商业企业”列", "表三 “科研机构”列", "表三 “社会公益组织”列", "表三 “法律服务机构”列", "表三 “其他”列"
    ]  # fmt: skip
    assert (
        r4[0].message
        == "表三 “商业企业”列：一 + 二 = 三（七）+ 四，未核对：表三 第二、四行“商业企业”列为空白"
    )
    assert r4[0].source == position(SHANGHAI_2019, "carried_over:", "{")
    r2 = check_r2_row_totals(report)
    assert r2 and all(f.severity is UNCHECKED for f in r2)
    assert "（0）" not in "".join(f.message for f in r2)
    r3 = check_r3_result_total(report)
    assert all(f.severity is UNCHECKED for f in r3)
    assert r3[-1].message == (
        "表三 “总计”列：（一）至（六）各项之和 = （七）总计，未核对：表三 第（一）至（六）行“总计”列为空白"
    )
    assert check_r12_narrative(SHANGHAI_NARRATIVE, report) == []

    report, _ = load(SHANGHAI_2019, lambda d: d["t3"]["carry_forward"].update(total=73))
    f = only([x for x in check_r4_balance(report) if x.severity is ERROR], "R4")
    assert f.message == "表三 “总计”列：一（859）+ 二（18）≠ 三（七）（805）+ 四（73），相差 +1"
    assert "I (859) + II (18)" in f.message_en and "difference +1" in f.message_en
    assert f.source == position(SHANGHAI_2019, "  result_total:", "805")


def test_r4_message_in_the_target_format() -> None:
    data = {
        "year": 2021,
        "t3": {
            "new_received": {"natural_person": 12, "total": 12},
            "carried_over": {"natural_person": 3, "total": 3},
            "granted": {"natural_person": 13, "total": 13},
            "result_total": {"natural_person": 13, "total": 13},
            "carry_forward": {"natural_person": 1, "total": 1},
        },
    }
    report, _ = report_from_data(data)
    messages = [f.message for f in check_r4_balance(report)]
    assert "表三 “总计”列：一（12）+ 二（3）≠ 三（七）（13）+ 四（1），相差 −1" in messages
    assert "表三 “自然人”列：一（12）+ 二（3）≠ 三（七）（13）+ 四（1），相差 −1" in messages


# --- R1 -----------------------------------------------------------------------------------------------------------


def test_r1_passes_on_complete_tables(report_2025: AnnualReport) -> None:
    assert check_r1_cells(report_2025) == []


def test_r1_negative_is_an_error_and_blanks_are_listed() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["t3"]["partial"][0] = -2
        d["t3"]["denied"]["state_secret"][3] = None

    report, _ = load(REPORT_2025, edit)
    findings = check_r1_cells(report)
    neg = next(f for f in findings if f.severity is ERROR)
    assert neg.code == "R1"
    assert (
        neg.message
        == "表三 “（二）部分公开（区分处理的，只计这一情形，不计其他情形）”行“自然人”列：-2 为负数，应为不小于 0 的整数"
    )
    assert neg.source == position(REPORT_2025, "partial:", "2120")
    blank = next(f for f in findings if f.severity is UNCHECKED)
    assert blank.message == (
        "表三 第（三）1行“社会公益组织”列为空白（1 个单元格）：全国统一格式要求没有发生的事项填 0；"
        "空白不当作 0，用到这些单元格的核对未进行"
    )
    assert blank.blank == "表三 第（三）1行“社会公益组织”列"
    at = position(REPORT_2025, "state_secret:", "[13, 0, 0, ")  # the fourth cell of the row
    assert blank.source == SourceRef(
        "report.yaml", line=at.line, column=(at.column or 0) + len("[13, 0, 0, ")
    )


def test_r1_text_that_is_no_number_is_reported_once_with_its_position() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["t4"]["review"]["corrected"] = "九十七"

    report, findings = load(REPORT_2025, edit)
    f = only(findings, "R1")
    assert f.severity is ERROR
    assert (
        f.message
        == "表四“行政复议”“结果纠正”：“九十七”不是数字；应填不小于 0 的整数，如 1234 或 1,234（没有就填 0）"
    )
    assert f.source is not None and f.source.line == line_of(REPORT_2025, "review:")
    assert check_r1_cells(report) == []  # not reported again as a blank


def test_values_are_read_as_typed() -> None:
    """Full-width digits and 1,234 separators are numbers; a whole spreadsheet number is that number; a
    none-marker is 0 with one notice (tests/test_annual_input.py has the refusals)."""
    data = {
        "year": 2021,
        "t3": {"new_received": {"自然人": "１,２３４", "总计": 1234.0}, "carried_over": {"自然人": "—"}},
    }
    report, findings = report_from_data(data)
    assert [(f.code, f.severity) for f in findings] == [("R14", ERROR), ("R14", ERROR), ("R1", NOTICE)]
    assert report.t3.cell("new_received", "natural_person") == 1234
    assert report.t3.cell("new_received", "total") == 1234
    assert report.t3.cell("carried_over", "natural_person") == 0


# --- R2 / R3 -------------------------------------------------------------------------------------------------------


def test_r2_row_total(report_2025: AnnualReport) -> None:
    assert check_r2_row_totals(report_2025) == []
    report, _ = load(REPORT_2025, lambda d: d["t3"]["new_received"].__setitem__(6, 14070))
    f = only(check_r2_row_totals(report), "R2")
    assert f.severity is ERROR
    assert f.message == (
        "表三 “一、本年新收政府信息公开申请数量”行：自然人（13612）+ 商业企业（252）+ 科研机构（0）+ "
        "社会公益组织（45）+ 法律服务机构（128）+ 其他（32）= 14069 ≠ 总计（14070），相差 +1"
    )
    assert f.message_en.endswith("= 14069 ≠ total (14070), difference +1")
    assert f.source == position(REPORT_2025, "new_received:", "14069")


def test_r3_result_total(report_2025: AnnualReport) -> None:
    assert check_r3_result_total(report_2025) == []
    report, _ = load(REPORT_2025, lambda d: d["t3"]["result_total"].__setitem__(1, 250))
    f = only(check_r3_result_total(report), "R3")
    assert f.severity is ERROR
    assert f.message == "表三 “商业企业”列：（一）至（六）各项之和（252）≠ （七）总计（250），相差 −2"
    assert f.source is not None and f.source.line == line_of(REPORT_2025, "result_total:")


# --- R5 --------------------------------------------------------------------------------------------------------------


def test_r5_stated_subtotals(report_2025: AnnualReport) -> None:
    assert implied_subtotals(report_2025.t3)["denied"]["total"] == 13 + 30 + 11 + 51 + 104 + 85 + 286 + 150
    assert implied_subtotals(report_2025.t3)["org_subtotal"]["new_received"] == 252 + 0 + 45 + 128 + 32

    def edit(total: int, org: int) -> Callable[[dict[str, Any]], None]:
        def apply(d: dict[str, Any]) -> None:
            d["t3"]["denied"]["total"] = total
            d["t3"]["new_received"] = dict(zip(
                ["natural_person", "commercial", "research", "public_welfare", "legal_service", "other", "total"],
                d["t3"]["new_received"], strict=True,
            ))  # fmt: skip
            d["t3"]["new_received"]["法人或其他组织"] = org

        return apply

    report, findings = load(REPORT_2025, edit(730, 457))
    assert findings == []
    assert check_r5_subtotals(report) == []

    report, _ = load(REPORT_2025, edit(731, 450))
    findings = check_r5_subtotals(report)
    assert {f.code for f in findings} == {"R5"} and all(f.severity is WARNING for f in findings)
    assert findings[0].message == "表三 “（三）不予公开”的“总计”列小计（731）≠ 其下 8 项之和（730），相差 +1"
    assert findings[1].message == (
        "表三 “一、本年新收政府信息公开申请数量”行：“法人或其他组织”合计（450）≠ "
        "商业企业、科研机构、社会公益组织、法律服务机构、其他五列之和（457），相差 −7"
    )


# --- R6 --------------------------------------------------------------------------------------------------------------


def test_r6_t4_totals(report_2025: AnnualReport) -> None:
    assert check_r6_t4_totals(report_2025) == []
    report, _ = load(REPORT_2025, lambda d: d["t4"]["litigation_after_review"].update(total=157))
    f = only(check_r6_t4_totals(report), "R6")
    assert f.severity is ERROR
    assert f.message == (
        "表四 “行政诉讼—复议后起诉”：结果维持（74）+ 结果纠正（1）+ 其他结果（30）+ 尚未审结（51）= 156 "
        "≠ 总计（157），相差 +1"
    )
    assert f.source == position(REPORT_2025, "litigation_after_review:", "156")


def test_t4_as_one_row_of_15() -> None:
    report, findings = report_from_data({"year": 2022, "t4": [5, 0, 0, 2, 7, 8, 0, 0, 1, 9, 0, 0, 0, 0, 0]})
    assert not [f for f in findings if f.code != "R14"]
    assert report.t4.review.total == 7 and report.t4.litigation_direct.pending == 1
    assert check_r6_t4_totals(report) == []


# --- R7 / R8 ---------------------------------------------------------------------------------------------------------


def test_r7_t2_2021(report_2025: AnnualReport) -> None:
    assert check_r7_r8_t2(report_2025) == []
    report, _ = load(REPORT_2025, lambda d: d["t2"]["art20_6"].update(coercion=-1))
    f = only(check_r7_r8_t2(report), "R7")
    assert f.severity is ERROR
    assert f.message == "表二 第二十条第（六）项“行政强制”行“本年处理决定数量”列：-1 为负数，应不小于 0"
    assert f.source is not None and f.source.line == line_of(REPORT_2025, "coercion:")


def test_r7_fee_amount_must_be_in_wan_yuan() -> None:
    _, findings = load(REPORT_2025, lambda d: d["t2"]["art20_8"].update(fees="3000元"))
    f = only(findings, "R7")
    assert f.severity is ERROR
    assert "本年收费金额（单位：万元）" in f.message and "单位应为万元" in f.message
    assert f.source is not None and f.source.line == line_of(REPORT_2025, "fees:")
    report, findings = load(REPORT_2025, lambda d: d["t2"]["art20_8"].update(fees="12.5万元"))
    assert findings == [] and str(report.t2.art20_8.fees.amount) == "12.5"


def test_r8_t2_2019() -> None:
    report, _ = load(
        SHANGHAI_2019, lambda d: d["t2"]["art20_5"]["licensing"].update(change=-3, prev_year_items=5)
    )
    assert check_r7_r8_t2(report) == []  # 本年增/减 may be negative
    assert report.t2.art20_9.central_procurement.procurement_amount is not None
    assert str(report.t2.art20_9.central_procurement.procurement_amount.value) == "251000"

    report, _ = load(SHANGHAI_2019, lambda d: d["t2"]["art20_1"]["regulations"].update(total_published=10))
    f = only(check_r7_r8_t2(report), "R8")
    assert f.severity is WARNING
    assert (
        f.message == "表二 第二十条第（一）项“规章”行：对外公开总数量（10）小于本年新公开数量（13），相差 −3"
    )
    assert f.source is not None and f.source.line == line_of(SHANGHAI_2019, "regulations:")

    report, _ = load(SHANGHAI_2019, lambda d: d["t2"]["art20_6"]["punishment"].update(decisions=-4))
    f = only(check_r7_r8_t2(report), "R8")
    assert f.severity is ERROR and "-4 为负数" in f.message


# --- R9–R11 -----------------------------------------------------------------------------------------------------------


def test_r9_carry_over(report_2025: AnnualReport, previous_2024: AnnualReport) -> None:
    assert check_r9_carry_over(report_2025, previous_2024) == []
    assert check_r9_carry_over(report_2025, None) == []
    report, _ = load(REPORT_2025, lambda d: d["t3"]["carried_over"].__setitem__(6, 561))
    findings = check_r9_carry_over(report, previous_2024)
    f = only(findings, "R9")
    assert f.severity is WARNING
    assert f.message == (
        "表三 “二、上年结转政府信息公开申请数量”行“总计”列（561）≠ 2024 年度报告“四、结转下年度继续办理”（560），相差 +1"
    )
    assert f.source is not None and f.source.line == line_of(REPORT_2025, "carried_over:")


def test_r9_needs_the_previous_year(report_2025: AnnualReport) -> None:
    older, _ = load(REPORT_2025, lambda d: d.update(year=2023))
    f = only(check_r9_carry_over(report_2025, older), "R9")
    assert f.severity is WARNING and "2023" in f.message and "未做跨年核对" in f.message


def test_r10_valid_documents(report_2025: AnnualReport, previous_2024: AnnualReport) -> None:
    assert check_r10_valid_documents(report_2025, previous_2024) == []
    report, _ = load(REPORT_2025, lambda d: d["t2"]["art20_1"]["regulations"].update(valid=80))
    f = only(check_r10_valid_documents(report, previous_2024), "R10")
    assert f.severity is WARNING
    assert f.message.startswith(
        "表二 第二十条第（一）项“规章”行：上年现行有效件数（76）+ 本年制发件数（3）− 本年废止件数（5）= 74 "
        "≠ 现行有效件数（80），相差 +6"
    )
    assert f.source is not None and f.source.line == line_of(REPORT_2025, "regulations:")


def test_r11_item_counts_2019() -> None:
    def year_2020(prev_items: int) -> Callable[[dict[str, Any]], None]:
        def apply(d: dict[str, Any]) -> None:
            d["year"] = 2020
            d["t2"]["art20_5"]["licensing"].update(prev_year_items=prev_items)

        return apply

    previous, _ = load(
        SHANGHAI_2019, lambda d: d["t2"]["art20_5"]["licensing"].update(prev_year_items=40, change=2)
    )
    good, _ = load(SHANGHAI_2019, year_2020(42))
    assert check_r11_item_counts(good, previous) == []
    bad, _ = load(SHANGHAI_2019, year_2020(45))
    f = only(check_r11_item_counts(bad, previous), "R11")
    assert f.severity is WARNING
    assert f.message == (
        "表二 第二十条第（五）项“行政许可”行：上一年项目数量（45）≠ 2019 年度报告的上一年项目数量（40）"
        "+ 本年增/减（+2）= 42，相差 +3"
    )
    assert f.source is not None and f.source.line == line_of(SHANGHAI_2019, "licensing:")


# --- R12 -----------------------------------------------------------------------------------------------------------------


def test_r12_narrative_matches(report_2025: AnnualReport) -> None:
    assert check_r12_narrative(NARRATIVE_2025, report_2025) == []
    # parts, channels, comparisons and other years' figures are left alone
    quiet = (
        "其中，受理自然人申请13612件；受理网上申请9000件。2024年受理政府信息公开申请12000件。"
        "较上年受理申请增加2069件。行政复议决定维持376件。"
    )
    assert check_r12_narrative(quiet, report_2025) == []


def test_r12_narrative_contradicts_tables(report_2025: AnnualReport) -> None:
    text = NARRATIVE_2025.replace("14069件", "14096件").replace("复议790件", "复议791件")
    findings = check_r12_narrative(text, report_2025, SourceRef("report.md", line=20))
    assert [f.code for f in findings] == ["R12", "R12"]
    assert all(f.severity is WARNING for f in findings)
    assert findings[0].message == (
        "一、总体情况中“受理政府信息公开申请14096件”与表三“一、本年新收政府信息公开申请数量”行“总计”列（14069）"
        "不一致，相差 +27（表格数据：report.yaml 第 16 行第 46 列）"
    )
    assert position(REPORT_2025, "new_received:", "14069") == SourceRef("report.yaml", line=16, column=46)
    assert findings[0].source == SourceRef("report.md", line=21)
    line = line_of(REPORT_2025, "  review:")
    assert findings[1].message.startswith(
        f"一、总体情况中“行政复议791件”与表四“行政复议”“总计”（790）不一致，相差 +1（表格数据：report.yaml 第 {line} 行"
    )
    assert findings[1].source == SourceRef("report.md", line=22)
    assert findings[1].text().startswith("R12 一、总体情况中")  # every finding names its rule


# --- R13 -----------------------------------------------------------------------------------------------------------------


def test_r13_deadline_and_period() -> None:
    assert check_r13_dates(2025, dt.date(2026, 1, 31)) == []
    assert check_r13_dates(2025, dt.date(2026, 3, 31), "government", preamble=PREAMBLE_2025) == []

    where = SourceRef("report.yaml", line=3)
    f = only(check_r13_dates(2025, dt.date(2026, 2, 5), source=where), "R13")
    assert f.severity is WARNING and f.source == where
    assert f.message == (
        "成文日期 2026年2月5日 晚于《中华人民共和国政府信息公开条例》第四十九条规定的2026年1月31日（部门年度报告），"
        "晚 5 天；如为人民政府年度报告，期限为 3 月 31 日（organ_level: government）"
    )
    f = only(check_r13_dates(2025, dt.date(2026, 4, 2), "government"), "R13")
    assert "2026年3月31日（人民政府年度报告），晚 2 天" in f.message
    f = only(check_r13_dates(2025, dt.date(2025, 12, 30)), "R13")
    assert "早于统计年度结束" in f.message
    f = only(
        check_r13_dates(2025, None, preamble=PREAMBLE_2025.replace("2025年1月1日", "2024年1月1日")), "R13"
    )
    assert "2024年1月1日至12月31日" in f.message and "2025" in f.message
    f = only(check_r13_dates(2025, None, period=(dt.date(2025, 1, 1), dt.date(2025, 11, 30))), "R13")
    assert "2025年11月30日" in f.message


# --- R14 -----------------------------------------------------------------------------------------------------------------


def test_r14_version_by_year(report_2025: AnnualReport) -> None:
    assert (
        version_for_year(2019) == "2019"
        and version_for_year(2020) == "2019"
        and version_for_year(2021) == "2021"
    )
    assert check_r14_version(report_2025) == []
    text = REPORT_2025.replace("year: 2025\n", "year: 2025\nversion: 2019\n")
    report, findings = load(text)
    f = only(check_r14_version(report), "R14")
    assert f.severity is ERROR
    assert "国办公开办函〔2021〕30号" in f.message and "2019 年格式" in f.message
    assert f.source is not None and f.source.line == 2
    # the 2021 T2 rows are not in the 2019 grid: each is named, with its position
    unknown = [x for x in findings if x.code == "R14"]
    assert unknown and all(x.severity is ERROR for x in unknown)
    assert any("没有“made”这一项" in x.message and "2021 年格式" in x.message for x in unknown)


def test_r14_t2_items_of_the_other_version() -> None:
    data = yaml.safe_load(REPORT_2025)
    data["t2"]["art20_9"] = {"central_procurement": {"procurement_items": 1}}
    _, findings = report_from_data(data)
    f = only(findings, "R14")
    assert f.message == "表二中没有“art20_9”这一项（它属于 2019 年（试行）格式，本报告用 2021 年格式）"


def test_r14_sections() -> None:
    assert check_r14_sections(HEADINGS) == []
    variants = [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
        "五、存在问题及改进情况",
        "六、其他需要报告的事项",
    ]
    assert canonical_headings(variants) == HEADINGS
    findings = check_r14_sections(variants)
    assert [f.severity for f in findings] == [NOTICE, NOTICE]
    assert findings[1].message == "标题“五、存在问题及改进情况”按规范写法输出为“五、存在的主要问题及改进情况”"

    refs = [SourceRef("report.yaml", line=n) for n in (10, 20, 30, 40, 50)]
    bad = [
        "一、总体情况",
        "三、收到和处理政府信息公开申请情况",
        "二、主动公开政府信息情况",
        "六、其他需要报告的事项",
        "七、附件",
    ]
    findings = check_r14_sections(bad, refs)
    assert all(f.code == "R14" and f.severity is ERROR for f in findings)
    messages = [f.message for f in findings]
    assert (
        "“二、主动公开政府信息情况”排在“三、收到和处理政府信息公开申请情况”之后，顺序应为一至六" in messages
    )
    assert "第 5 个部分标题“七、附件”不是年度报告规定的六个部分之一" in messages
    assert "缺少“四、政府信息公开行政复议、行政诉讼情况”、“五、存在的主要问题及改进情况”" in messages
    assert findings[0].source == SourceRef("report.yaml", line=30)


def test_missing_year_is_an_input_error() -> None:
    with pytest.raises(InputError) as err:
        report_from_data({"t3": {}}, yaml_locate("t3: {}\n"))
    assert "year" in err.value.message


# --- loading in the other spellings ----------------------------------------------------------------------------------


def test_chinese_labels_and_dotted_keys_load_the_same(report_2025: AnnualReport) -> None:
    data = yaml.safe_load(REPORT_2025)
    t3 = data["t3"]
    t3["（三）不予公开"] = {"1.属于国家秘密": t3["denied"].pop("state_secret"), **t3.pop("denied")}
    t3["unable.not_held"] = t3["unable"].pop("not_held")
    other = t3.pop("other")
    t3["（六）其他处理"] = {
        "1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请": other["overdue_correction"],
        "2.申请人逾期未按收费通知要求缴纳费用": other["overdue_fee"],
        "3.其他": other["other"],
    }
    data["t2"] = {"规章": [3, 5, 74], "行政规范性文件": {"本年制发件数": 564, "本年废止件数": 984, "现行有效件数": 4185},
                  "第二十条第（五）项": {"行政许可": 11398889}, "行政处罚": 6937489, "行政强制": 166105,
                  "行政事业性收费": "316441"}  # fmt: skip
    data["t4"] = {"行政复议": [376, 97, 196, 121, 790], "行政诉讼": {
        "未经复议直接起诉": [16, 1, 12, 27, 56], "复议后起诉": [74, 1, 30, 51, 156]}}  # fmt: skip
    report, findings = report_from_data(data)
    assert findings == []
    assert report.t2 == report_2025.t2 and report.t3 == report_2025.t3 and report.t4 == report_2025.t4


def test_unknown_rows_are_named() -> None:
    data = yaml.safe_load(REPORT_2025)
    data["t3"]["new_recieved"] = [1, 0, 0, 0, 0, 0, 1]
    _, findings = report_from_data(data, yaml_locate(REPORT_2025))
    f = only(findings, "R14")
    assert f.severity is ERROR
    assert f.message == (
        "表三中没有“new_recieved”这一项；最接近的是“一、本年新收政府信息公开申请数量”（new_received）"
    )


# --- table blocks ------------------------------------------------------------------------------------------------------


def check_grid(table: Table) -> None:
    """Every row covers the grid exactly: its cells' colspans plus the columns still held by rowspans from
    above equal the column count, and no rowspan runs past the last row."""
    ncols = len(table.widths)
    held = [0] * ncols  # rows each column is still covered for
    for r, row in enumerate(table.rows):
        taken = [h > 0 for h in held]
        nxt = [max(h - 1, 0) for h in held]
        col = 0
        for cell in row:
            while col < ncols and taken[col]:
                col += 1
            assert col + cell.colspan <= ncols, f"row {r} overflows the grid"
            for k in range(col, col + cell.colspan):
                taken[k] = True
                nxt[k] = cell.rowspan - 1
            col += cell.colspan
        assert all(taken), f"row {r} leaves columns empty: {taken}"
        held = nxt
    assert not any(held), "a rowspan runs past the table"


def texts(table: Table) -> list[str]:
    return [cell.text for row in table.rows for cell in row]


@pytest.mark.parametrize("year", [2019, 2021])
def test_table_grids_and_labels(year: int) -> None:
    report = empty_report(year)
    version = report.version
    t2, t3, t4 = report_tables(report)
    for table in (t2, t3, t4):
        check_grid(table)
        assert sum(table.widths) == pytest.approx(156)
    assert [len(t.widths) for t in (t2, t3, t4)] == [5 if version == "2019" else 4, 10, 15]
    assert (t2.header_rows, t3.header_rows, t4.header_rows) == (0, 3, 3)

    t2_texts = texts(t2)
    for block in T2_BLOCKS[version]:
        assert block.caption in t2_texts
        assert all(c.label in t2_texts for c in block.columns)
        assert all(r.label in t2_texts for r in block.rows)
    t3_texts = texts(t3)
    assert all(spec.label in t3_texts for spec in T3_ROWS[version])
    for label in (
        "申请人情况",
        "自然人",
        "法人或其他组织",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ):
        assert label in t3_texts
    t4_texts = texts(t4)
    assert all(g.label in t4_texts for g in T4_GROUPS) and "行政诉讼" in t4_texts
    assert all(t4_texts.count(c.label) == 3 for c in T4_COLUMNS)


def test_t3_table_layout(report_2025: AnnualReport) -> None:
    table = t3_table(report_2025.t3, report_2025.source)
    note = table.rows[0][0]
    words = label_words(T3_NOTE)  # the cell carries where its label's words end (labels/words.py)
    assert note == Cell(T3_NOTE, colspan=3, rowspan=3, header=True, align="center", words=words) and words
    assert note.text == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert [(c.text, c.colspan, c.rowspan) for c in table.rows[1]] == [
        ("自然人", 1, 2), ("法人或其他组织", 5, 1), ("总计", 1, 2)]  # fmt: skip
    granted = table.rows[5]
    assert (granted[0].text, granted[0].rowspan) == ("三、本年度办理结果", 22)
    assert (granted[1].text, granted[1].colspan) == ("（一）予以公开", 2)
    assert [c.text for c in granted[2:]] == ["5345", "129", "0", "41", "19", "14", "5548"]
    assert all(c.align in ("center", "right") and not c.header for c in granted[2:])
    assert granted[8].source is not None and granted[8].source.line == line_of(REPORT_2025, "granted:")
    denied = table.rows[7]
    assert (denied[0].text, denied[0].rowspan, denied[1].text) == ("（三）不予公开", 8, "1.属于国家秘密")
    labels = texts(table)
    assert "3.危及“三安全一稳定”" in labels
    assert "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请" in labels
    assert not any("(" in t or ")" in t for t in labels)  # full-width brackets only
    # the label columns are the widest
    assert table.widths[2] > max(table.widths[3:])


def test_t3_table_2019_blanks_are_empty_cells() -> None:
    report, _ = load(SHANGHAI_2019)
    table = t3_table(report.t3)
    granted = table.rows[5]
    assert (granted[0].text, granted[0].rowspan) == ("三、本年度办理结果", 20)
    assert [c.text for c in granted[2:]] == ["258", "12", "", "", "1", "1", ""]
    other = next(row for row in table.rows if row[0].text == "（六）其他处理")
    assert other[0].colspan == 2 and len(other) == 8


def test_t2_table_values() -> None:
    report, _ = load(SHANGHAI_2019, lambda d: d["t2"]["art20_5"]["licensing"].update(change=461))
    table = t2_table(report.t2)
    rows = {row[0].text: row for row in table.rows if not row[0].header}
    assert [c.text for c in rows["行政许可"]] == ["行政许可", "0", "+461", "0"]
    assert [(c.text, c.colspan) for c in rows["政府集中采购"]] == [
        ("政府集中采购", 1),
        ("6", 2),
        ("251000元", 2),
    ]
    assert table.rows[0] == (Cell("第二十条第（一）项", colspan=5, header=True, align="center"),)
    report, _ = load(REPORT_2025)
    table = t2_table(report.t2)
    rows = {row[0].text: row for row in table.rows if not row[0].header}
    assert [(c.text, c.colspan) for c in rows["行政事业性收费"]] == [("行政事业性收费", 1), ("316441", 3)]
    assert "本年收费金额（单位：万元）" in texts(table)


def test_t4_table_values(report_2025: AnnualReport) -> None:
    table = t4_table(report_2025.t4, report_2025.source)
    assert [c.text for c in table.rows[3]] == [
        "376", "97", "196", "121", "790", "16", "1", "12", "27", "56", "74", "1", "30", "51", "156"]  # fmt: skip
    assert [(c.text, c.colspan) for c in table.rows[0]] == [("行政复议", 5), ("行政诉讼", 10)]
    assert table.rows[3][4].source is not None
    assert table.rows[3][4].source.line == line_of(REPORT_2025, "  review:")


# --- roll-up ------------------------------------------------------------------------------------------------------------


def test_sum_reports(report_2025: AnnualReport) -> None:
    small, _ = load(REPORT_2025, lambda d: d.update(t4={"review": {"upheld": 1, "total": 1}}))
    total = sum_reports([report_2025, small], organ="测试市")
    assert total.t3.cell("new_received", "total") == 2 * 14069
    assert total.t4.review.total == 791 and total.t4.review.corrected == 97  # blank + 97
    assert total.t2.art20_1.regulations.valid == 148
    assert str(total.t2.art20_8.fees.amount) == "632882"
    assert check_tables(total) == []
    blank = sum_reports([empty_report(2025), empty_report(2025)])
    assert blank.t3.cell("granted", "total") is None


def test_sum_reports_2019_amounts_and_mismatch() -> None:
    a, _ = load(SHANGHAI_2019)
    b, _ = load(
        SHANGHAI_2019,
        lambda d: d["t2"]["art20_9"]["central_procurement"].update(procurement_amount="2.5万元"),
    )
    total = sum_reports([a, b])
    amount = total.t2.art20_9.central_procurement.procurement_amount
    assert amount is not None and (amount.value, amount.unit) == (276000, "元")
    with pytest.raises(ValueError):
        sum_reports([a, empty_report(2021)])


def test_blank_report_data_model() -> None:
    report = empty_report(2020)
    assert report.version == "2019" and report.t2.version == "2019"
    data = copy.deepcopy(yaml.safe_load(SHANGHAI_2019))
    data["organ_level"] = "人民政府"
    assert report_from_data(data)[0].organ_level == "government"
