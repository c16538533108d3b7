"""Blank cells of the annual report are never read as 0 and never pass (issue 13).

A rule whose operands include a blank cell is not evaluated: it comes back as an UNCHECKED finding naming the
rule, the place and the blank cells, never as an error or a pass. ``check`` says “检查通过” only when every
rule was evaluated; ``--strict`` fails on unchecked rules and blanks; ``render --final`` refuses blank
cells, naming them; ``--draft`` prints them blank. Every rule finding names its rule and a signed difference.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT

from docgen import api
from docgen.cli import main
from docgen.errors import Finding, Severity
from docgen.kinds.annual_report import check_tables, report_from_data
from docgen.kinds.annual_report.blanks import MINUS, signed
from docgen.kinds.annual_report.crossyear import (
    check_previous_organ,
    check_r9_carry_over,
    check_r10_valid_documents,
    check_r11_item_counts,
)
from docgen.kinds.annual_report.narrative import check_r12_narrative
from docgen.kinds.annual_report.tablerules import check_r2_row_totals, check_r3_result_total
from docgen.model import Table

INPUTS = ROOT / "inputs"
EXAMPLE = INPUTS / "annual-2024-example.yaml"
PREVIOUS = INPUTS / "annual-2023-example.yaml"
UNCHECKED, ERROR = Severity.UNCHECKED, Severity.ERROR

T3_FROM_DENIED = re.compile(r"  denied:\n.*?  carry_forward: \[[^\]]*\]\n", re.S)
BLANK_T4 = """t4:
  review: {upheld: ~, corrected: ~, other_result: ~, pending: ~, total: ~}
  litigation_direct: {upheld: ~, corrected: ~, other_result: ~, pending: ~, total: ~}
  litigation_after_review: {upheld: ~, corrected: ~, other_result: ~, pending: ~, total: ~}
"""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as e:
        main([*args])
        raise SystemExit(0)
    out = capsys.readouterr()
    return int(e.value.code or 0), out.out, out.err


def write(tmp_path: Path, name: str, text: str) -> Path:
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return f


def partial_t3(tmp_path: Path) -> Path:
    """The example whose 表三 stops after （二）部分公开: the rows from （三） down are blank, as in a report
    whose excerpt stops inside the table."""
    text, n = T3_FROM_DENIED.subn("", EXAMPLE.read_text(encoding="utf-8"))
    assert n == 1
    return write(tmp_path, "partial.yaml", text)


def blank_t4(tmp_path: Path) -> Path:
    """The example with every cell of 表四 blank (its narrative still quotes 行政复议3件 and 行政诉讼2件)."""
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text[: text.index("t4:\n")] + BLANK_T4
    return write(tmp_path, "blank-t4.yaml", text)


def unchecked(findings: list[Finding]) -> list[Finding]:
    """The rule checks not made (the findings listing the blank cells themselves left out)."""
    return [f for f in findings if f.severity is UNCHECKED and not f.blank]


# --- the rules ----------------------------------------------------------------------------------------------


def test_partial_t3_gives_no_error_and_counts_the_checks_not_made(tmp_path: Path) -> None:
    findings = api.check(partial_t3(tmp_path))
    assert [f for f in findings if f.severity is ERROR] == []
    skipped = unchecked(findings)
    # R2 in each of the 21 blank rows (（三）1 … 四), R3 and R4 in each of the 7 columns
    assert {code: sum(f.code == code for f in skipped) for code in ("R2", "R3", "R4")} == {
        "R2": 21,
        "R3": 7,
        "R4": 7,
    }
    assert len(skipped) == 35
    assert not any("（0）" in f.message for f in findings)  # never read as 0
    listing = [f for f in findings if f.blank]
    assert [(f.code, f.blank) for f in listing] == [("R1", "表三 第三（三）至四行")]
    assert listing[0].message.startswith(
        "表三 第三（三）至四行为空白（147 个单元格）：全国统一格式要求没有发生的事项填 0"
    )


def test_unchecked_finding_names_rule_place_and_blank_cells(tmp_path: Path) -> None:
    findings = api.check(partial_t3(tmp_path))
    r3 = next(f for f in unchecked(findings) if f.code == "R3")
    assert r3.message == (
        "表三 “自然人”列：（一）至（六）各项之和 = （七）总计，未核对：表三 第（三）至（七）行“自然人”列为空白"
    )
    assert r3.text().startswith("R3 表三")
    assert r3.source is not None and r3.source.file.endswith("partial.yaml")
    r2 = next(f for f in unchecked(findings) if f.code == "R2")
    assert r2.message.endswith("未核对：表三 第（三）1行为空白")


def test_a_rule_with_one_blank_operand_is_neither_error_nor_pass() -> None:
    """One blank cell in a row whose other cells do not add up: today's code summed it as 0 and reported an
    error (or, with the right numbers, a pass); now the row's R2 and the column's R3 are not evaluated."""
    data = {
        "year": 2024,
        "t3": {"granted": [18, 1, None, 0, 1, 0, 25], "result_total": [18, 1, 0, 0, 1, 0, 20]},
    }
    report, _ = report_from_data(data)
    r2 = [f for f in check_r2_row_totals(report) if "（一）予以公开" in f.message]
    assert [(f.severity, f.code) for f in r2] == [(UNCHECKED, "R2")]
    assert r2[0].message == (
        "表三 “（一）予以公开”行：自然人与法人或其他组织各列之和 = 总计，未核对：表三 第（一）行“科研机构”列为空白"
    )
    assert all(f.severity is UNCHECKED for f in check_r3_result_total(report))


def test_one_wording_for_a_blank(tmp_path: Path) -> None:
    findings = api.check(partial_t3(tmp_path)) + api.check(blank_t4(tmp_path))
    text = "".join(f.message for f in findings if f.severity is UNCHECKED)
    assert "为空白" in text and "（空白）" not in text and "（0）" not in text and "按 0 计" not in text


def test_r12_against_a_blank_table_is_not_evaluated(tmp_path: Path) -> None:
    findings = api.check(blank_t4(tmp_path))
    r12 = [f for f in findings if f.code == "R12"]
    assert [f.severity for f in r12] == [UNCHECKED, UNCHECKED]
    assert r12[0].message == (
        "一、总体情况中“行政复议3件”是否与表四“行政复议”“总计”一致，未核对：表四 “行政复议”的“总计”列为空白"
    )
    assert [f.severity for f in findings if f.code == "R6"] == [UNCHECKED] * 3
    assert [f.blank for f in findings if f.blank] == ["表四 全部单元格"]


# --- check ---------------------------------------------------------------------------------------------------


def test_check_partial_table_is_no_pass_but_exit_0(capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, "check", str(partial_t3(tmp_path)))
    assert code == 0, err
    assert "检查通过" not in out + err
    assert (
        out.strip().splitlines()[-1] == "未发现错误；35 项核对因空白单元格未能进行（表三 第三（三）至四行）"
    )
    assert "未核对 R1 表三 第三（三）至四行为空白" in err
    assert "未核对 另有 18 项同类核对（R2）未进行，加 --verbose 查看全部" in err
    code, out, err = run(capsys, "--verbose", "check", str(partial_t3(tmp_path)))
    assert err.count("未核对 R2 ") == 21


def test_check_all_blank_table_is_not_passed(capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, "check", str(blank_t4(tmp_path)))
    assert code == 0 and "检查通过" not in out + err
    assert out.strip() == "未发现错误；5 项核对因空白单元格未能进行（表四 全部单元格）"
    code, out, err = run(capsys, "--lang", "en", "check", str(blank_t4(tmp_path)))
    assert "5 checks could not be made because of blank cells (Table 4 (every cell))" in out


def test_check_blank_cell_without_a_rule_is_not_passed(capsys, tmp_path: Path) -> None:
    """A blank in 表二 that no rule reads: still not “检查通过” (render --final would refuse it)."""
    text = EXAMPLE.read_text(encoding="utf-8").replace("licensing: 156", "licensing: ~")
    code, out, _err = run(capsys, "check", str(write(tmp_path, "t2.yaml", text)))
    assert code == 0 and "检查通过" not in out
    assert out.strip() == (
        "未发现错误；有空白单元格（表二 第二十条第（五）项“行政许可”行“本年处理决定数量”列），"
        "全国统一格式要求没有发生的事项填 0"
    )


@pytest.mark.parametrize("make", [partial_t3, blank_t4])
def test_strict_fails_on_blanks(capsys, tmp_path: Path, make) -> None:
    code, out, err = run(capsys, "check", str(make(tmp_path)), "--strict")
    assert code == 1 and "检查未通过" in err and "检查通过" not in out


def test_complete_report_still_passes(capsys) -> None:
    code, out, _ = run(capsys, "check", str(EXAMPLE), "--strict")
    assert code == 0 and out.startswith("检查通过")


# --- render --------------------------------------------------------------------------------------------------


def test_final_refuses_blank_cells_naming_them(capsys, tmp_path: Path) -> None:
    data = partial_t3(tmp_path)
    out_dir = tmp_path / "final"
    code, _out, err = run(capsys, "render", str(data), "--final", "--signer", "张三", "-o", str(out_dir))
    assert code == 1
    assert (
        "表格有空白单元格（表三 第三（三）至四行），不能生成定稿：全国统一格式要求没有发生的事项填 0" in err
    )
    assert "未核对 R1 表三 第三（三）至四行为空白（147 个单元格）" in err and "partial.yaml 第" in err
    assert not out_dir.exists() or not any(out_dir.iterdir())


def test_draft_renders_blank_cells_blank(capsys, tmp_path: Path) -> None:
    data = partial_t3(tmp_path)
    t3 = next(
        b
        for b in api.prepare(data).document.body
        if isinstance(b, Table) and b.caption.startswith("收到和处理")
    )
    granted = next(row for row in t3.rows if any(c.text == "（一）予以公开" for c in row))
    assert [c.text for c in granted[-7:]] == ["18", "1", "0", "0", "1", "0", "20"]
    denied = next(row for row in t3.rows if any(c.text == "1.属于国家秘密" for c in row))
    assert [c.text for c in denied[-7:]] == [""] * 7
    code, _out, err = run(capsys, "render", str(data), "--draft", "-f", "pdf", "-o", str(tmp_path / "d"))
    assert code == 0, err
    assert (tmp_path / "d" / "partial.pdf").stat().st_size > 0


# --- cross-year -----------------------------------------------------------------------------------------------


def test_cross_year_with_blanks_is_not_evaluated(capsys, tmp_path: Path) -> None:
    prev = write(
        tmp_path,
        "prev.yaml",
        PREVIOUS.read_text(encoding="utf-8")
        .replace("carry_forward: [2, 0, 0, 0, 0, 0, 2]", "carry_forward: [2, 0, ~, 0, 0, 0, 2]")
        .replace("normative_documents: {made: 2, repealed: 2, valid: 25}", "normative_documents: {made: 2}"),
    )
    this = write(
        tmp_path,
        "this.yaml",
        EXAMPLE.read_text(encoding="utf-8").replace(
            "carried_over: [2, 0, 0, 0, 0, 0, 2]", "carried_over: [~, 0, 0, 0, 0, 0, 2]"
        ),
    )
    findings = api.check(this, previous=prev)
    r9 = [f for f in findings if f.code == "R9"]
    assert [f.severity for f in r9] == [UNCHECKED, UNCHECKED]
    assert r9[0].message == (
        "表三 “二、上年结转政府信息公开申请数量”行“自然人”列 = 2023 年度报告“四、结转下年度继续办理”，"
        "未核对：表三 第二行“自然人”列为空白"
    )
    assert r9[0].source is not None and r9[0].source.file.endswith("this.yaml")
    assert r9[1].message.endswith("未核对：2023 年度报告表三 第四行“科研机构”列为空白")
    assert r9[1].source is not None and r9[1].source.file.endswith("prev.yaml")  # where to type it
    r10 = [f for f in findings if f.code == "R10"]
    assert [f.severity for f in r10] == [UNCHECKED]
    assert r10[0].message.endswith(
        "未核对：2023 年度报告表二 第二十条第（一）项“行政规范性文件”行“现行有效件数”列为空白"
    )
    assert not any("（0）" in f.message for f in findings)
    code, out, _err = run(capsys, "check", str(this), "--previous", str(prev))
    assert code == 0 and "检查通过" not in out


def test_cross_year_library_calls_with_blank_previous() -> None:
    this, _ = report_from_data({"year": 2024, "t3": {"carried_over": [1, 0, 0, 0, 0, 0, 1]}})
    before, _ = report_from_data({"year": 2023, "t3": {}})
    findings = check_r9_carry_over(this, before)
    assert len(findings) == 7 and all(f.severity is UNCHECKED for f in findings)
    assert check_r10_valid_documents(this, before) and all(
        f.severity is UNCHECKED for f in check_r10_valid_documents(this, before)
    )


def test_previous_of_another_organ_is_warned_about(capsys, tmp_path: Path) -> None:
    prev = write(
        tmp_path, "prev.yaml", PREVIOUS.read_text(encoding="utf-8").replace("示例市民政局", "示例县民政局")
    )
    code, _out, err = run(capsys, "check", str(EXAMPLE), "--previous", str(prev))
    assert code == 0
    assert "警告 上年数据（--previous）的发文机关是“示例县民政局”，本报告是“示例市民政局”" in err
    assert "prev.yaml 第 5 行" in err  # the organ line of the previous file
    this, _ = report_from_data({"year": 2024, "organ": "甲局", "t3": {}})
    same, _ = report_from_data({"year": 2023, "organ": " 甲局 ", "t3": {}})
    assert check_previous_organ(this, same) == []
    assert check_previous_organ(this, None) == []


# --- signs and rule codes ---------------------------------------------------------------------------------------


def test_signed_differences_use_the_minus_sign() -> None:
    assert (signed(6), signed(-6), signed(0)) == ("+6", "\u22126", "0") and MINUS == "\u2212"
    data = {"year": 2024, "t3": {"granted": [18, 1, 0, 0, 1, 0, 26], "partial": [3, 0, 0, 0, 0, 0, 0]}}
    report, _ = report_from_data(data)
    high, low = (f for f in check_r2_row_totals(report) if f.severity is ERROR)
    assert high.message.endswith("= 20 ≠ 总计（26），相差 +6")  # the 总计 cell is 6 too high
    assert low.message.endswith(f"= 3 ≠ 总计（0），相差 {MINUS}3")  # … and 3 too low
    assert low.message_en.endswith(f"difference {MINUS}3")
    assert low.text() == "R2 " + low.message  # no source file: the rule and the message


def test_every_rule_finding_names_its_rule(capsys) -> None:
    code, _, err = run(capsys, "check", str(INPUTS / "annual-2024-errors.yaml"))
    assert code == 1
    lines = [line for line in err.splitlines() if line.startswith(("错误", "警告", "未核对"))]
    assert err.strip().splitlines()[-1] == "检查未通过：7 个问题；另有 2 项核对因空白单元格未能进行"
    rule_lines = [line for line in lines if "检查未通过" not in line]
    assert rule_lines and all(re.match(r"(错误|警告|未核对) R\d+ ", line) for line in rule_lines), rule_lines


def test_r12_names_the_table_cell_and_sign() -> None:
    report, _ = report_from_data({"year": 2024, "t3": {"new_received": [40, 0, 0, 0, 0, 0, 40]}})
    (f,) = check_r12_narrative("全年共收到政府信息公开申请48件。", report)
    assert f.severity is Severity.WARNING and f.message.endswith("（40）不一致，相差 +8")


def test_r11_with_a_blank_change_last_year_is_not_evaluated() -> None:
    t2 = {"art20_5": {"licensing": {"prev_year_items": 42, "change": 3, "decisions": 1}}}
    this, _ = report_from_data({"year": 2020, "t2": t2, "t3": {}})
    before, _ = report_from_data(
        {"year": 2019, "t2": {"art20_5": {"licensing": {"prev_year_items": 40}}}, "t3": {}}
    )
    r11 = [f for f in check_r11_item_counts(this, before) if "行政许可" in f.message]
    assert [f.severity for f in r11] == [UNCHECKED]
    assert r11[0].message.endswith(
        "未核对：2019 年度报告表二 第二十条第（五）项“行政许可”行“本年增/减”列为空白"
    )


def test_a_cell_that_is_no_number_is_an_error_not_a_blank() -> None:
    """Text in a number cell is reported once, as an error, while loading; the rules that needed it are not
    evaluated, and it is not listed or counted as a blank."""
    report, findings = report_from_data(
        {
            "year": 2024,
            "t4": {"review": {"upheld": 2, "corrected": "二", "other_result": 1, "pending": 0, "total": 3}},
        }
    )
    assert [f.code for f in findings if f.severity is ERROR and "不是数字" in f.message] == ["R1"]
    checked = check_tables(report)
    assert not [f for f in checked if f.code == "R6" and "行政复议”：" in f.message]
    assert not any("“结果纠正”" in f.blank and "行政复议”的" in f.blank for f in checked)
