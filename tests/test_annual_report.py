"""The annual-report templates end to end through the CLI: check's exit codes and messages, render's refusal
and --draft, --previous, the format version, docgen init, and the Excel round trip
(init --xlsx → fill cells programmatically → check → render)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
import yaml
from conftest import ROOT

from docgen import api
from docgen.cli import main
from docgen.data.xlsx import TABLE_SHEETS, table_layouts
from docgen.data.xlsx import slots as xlsx_slots

INPUTS = ROOT / "inputs"
EXAMPLE = INPUTS / "annual-2024-example.yaml"
ERRORS = INPUTS / "annual-2024-errors.yaml"
PREVIOUS = INPUTS / "annual-2023-example.yaml"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as e:
        main([*args])
        raise SystemExit(0)
    out = capsys.readouterr()
    return int(e.value.code or 0), out.out + out.err


@pytest.mark.parametrize(
    "name", ["annual-2024-example.yaml", "annual-2023-example.yaml", "annual-2020-example.yaml"]
)
def test_examples_pass_strict(capsys, name: str) -> None:
    code, text = run(capsys, "check", str(INPUTS / name), "--strict")
    assert code == 0, text
    assert "检查通过" in text


def test_errors_example_names_rule_table_row_numbers_and_line(capsys) -> None:
    code, text = run(capsys, "check", str(ERRORS))
    assert code == 1
    expect = [
        r"错误 R2 表三 “（一）予以公开”行：.*= 20 ≠ 总计（21），相差 \+1 —— annual-2024-errors\.yaml 第 49 行",
        r"错误 R3 表三 “总计”列：（一）至（六）各项之和（49）≠ （七）总计（48），相差 −1 —— .* 第 74 行",
        r"错误 R4 表三 “总计”列：一（48）\+ 二（2）≠ 三（七）（48）\+ 四（3），相差 \+1",
        r"错误 R6 表四 “行政复议”：.*= 3 ≠ 总计（4），相差 \+1 —— .* 第 79 行",
        r"错误 R7 表二 第二十条第（六）项“行政强制”行“本年处理决定数量”列：-2 为负数，应不小于 0 —— .* 第 41 行",
        r"未核对 R1 表三 第（四）3行“科研机构”列为空白（1 个单元格）.* —— .* 第 63 行",
        r"警告 R12 一、总体情况中“收到政府信息公开申请52件”与表三.*（48）不一致，相差 \+4（表格数据：annual-2024-errors\.yaml 第 47 行第 37 列） —— .* 第 19 行",
        r"警告 R13 成文日期 2025年2月20日 晚于.*2025年1月31日.*晚 20 天",
        r"错误 R14 缺少“六、其他需要报告的事项”的正文",
    ]
    for pattern in expect:
        assert re.search(pattern, text), pattern
    code, en = run(capsys, "--lang", "en", "check", str(ERRORS))
    assert code == 1 and "difference +1" in en and "line 49" in en


def test_warnings_fail_only_under_strict(capsys, tmp_path: Path) -> None:
    data = EXAMPLE.read_text(encoding="utf-8").replace(
        "partial: [3, 0, 0, 0, 0, 0, 3]", "partial: [3, 0, ~, 0, 0, 0, 3]"
    )
    f = tmp_path / "blank.yaml"
    f.write_text(data, encoding="utf-8")
    assert run(capsys, "check", str(f))[0] == 0
    code, text = run(capsys, "check", str(f), "--strict")
    assert code == 1 and "“科研机构”列为空白" in text


def test_previous_year(capsys, tmp_path: Path) -> None:
    assert run(capsys, "check", str(EXAMPLE), "--previous", str(PREVIOUS), "--strict")[0] == 0
    prev = tmp_path / "prev.yaml"
    prev.write_text(
        PREVIOUS.read_text(encoding="utf-8")
        .replace("carry_forward: [2, 0, 0, 0, 0, 0, 2]", "carry_forward: [3, 0, 0, 0, 0, 0, 3]")
        .replace("result_total: [29, 2, 0, 0, 1, 0, 32]", "result_total: [28, 2, 0, 0, 1, 0, 31]")
        .replace("valid: 25}", "valid: 24}"),
        encoding="utf-8",
    )
    code, text = run(capsys, "check", str(EXAMPLE), "--previous", str(prev))
    assert code == 0  # cross-year findings are warnings
    assert re.search(
        r"警告 R9 表三 “二、上年结转政府信息公开申请数量”行“自然人”列（2）≠ 2023 年度报告.*（3），相差 −1",
        text,
    )
    assert re.search(
        r"警告 R10 表二 第二十条第（一）项“行政规范性文件”行：上年现行有效件数（24）.*相差 \+1", text
    )
    assert "annual-2024-example.yaml 第" in text
    code, text = run(capsys, "check", str(EXAMPLE), "--previous", str(prev), "--strict")
    assert code == 1
    code, text = run(capsys, "check", str(INPUTS / "changde-2017.yaml"), "--previous", str(PREVIOUS))
    assert code == 2 and "--previous" in text


def test_render_refuses_errors_unless_draft(capsys, tmp_path: Path) -> None:
    code, text = run(capsys, "render", str(ERRORS), "-o", str(tmp_path / "a"))
    assert code == 1 and "数据校验未通过" in text
    assert not (tmp_path / "a").exists() or not any((tmp_path / "a").iterdir())
    code, text = run(capsys, "render", str(ERRORS), "-o", str(tmp_path / "b"), "--draft", "-f", "pdf")
    assert code == 0, text
    assert "草稿" in text and (tmp_path / "b" / "annual-2024-errors.pdf").is_file()


def test_year_decides_the_version(capsys, tmp_path: Path) -> None:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    # a 2024 report on the 2019 (试行) template: R14 error pointing at the template line
    wrong = EXAMPLE.read_text(encoding="utf-8").replace(
        "template: annual-report-2021", "template: annual-report-2019"
    )
    f = tmp_path / "wrong.yaml"
    f.write_text(wrong, encoding="utf-8")
    code, text = run(capsys, "check", str(f))
    assert code == 1
    assert re.search(
        r"错误 R14 2024 年度报告应使用《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）.*第 5 行",
        text,
    )
    # the data naming a version that contradicts its template
    f.write_text(EXAMPLE.read_text(encoding="utf-8") + 'version: "2019"\n', encoding="utf-8")
    code, text = run(capsys, "check", str(f))
    assert code == 1 and "与模板“annual-report-2021”（2021 年格式）不一致" in text
    assert data["year"] == 2024


def test_init_yaml_lists_what_to_fill(capsys, tmp_path: Path) -> None:
    code, text = run(capsys, "init", "annual-report", "--year", "2020", "-o", str(tmp_path))
    assert code == 0
    f = tmp_path / "annual-report-2020.yaml"
    body = f.read_text(encoding="utf-8")
    assert "template: annual-report-2019" in body and "# 第二十条第（九）项" in body
    assert "# 1.属于国家秘密" in body and "其他对外管理服务事项" in body
    code, text = run(capsys, "check", str(f))
    assert (
        code == 1 and "未填写发文机关" in text and "未核对 R1 表三 全部单元格为空白（161 个单元格）" in text
    )
    assert run(capsys, "init", "annual-report", "--year", "2020", "-o", str(tmp_path))[0] == 2  # exists
    # filled with the numbers of a passing report, it passes
    filled = yaml.safe_load(body)
    example = yaml.safe_load((INPUTS / "annual-2020-example.yaml").read_text(encoding="utf-8"))
    for key in ("organ", "organ_level", "date", "sections", "t2", "t3", "t4"):
        filled[key] = example[key]
    f.write_text(yaml.safe_dump(filled, allow_unicode=True), encoding="utf-8")
    assert run(capsys, "check", str(f), "--strict")[0] == 0


# --- Excel -----------------------------------------------------------------------------------------------


def _fill(path: Path, example: Path) -> None:
    """Fill an init'ed workbook cell by cell from a YAML example, as a secretary would type it."""
    from docgen.data.loader import load_data
    from docgen.kinds.annual_report.kind import load_report

    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    report, _ = load_report(load_data(example))
    wb = openpyxl.load_workbook(path)
    info = wb["基本信息"]
    for row in info.iter_rows(min_row=2):
        label = row[0].value
        if label == "发文机关":
            row[1].value = data["organ"]
        elif label == "成文日期":
            row[1].value = dt.datetime.combine(data["date"], dt.time())
    text = wb["正文"]
    for row in text.iter_rows(min_row=2):
        key = {
            "一、总体情况": "overall",
            "五、存在的主要问题及改进情况": "problems",
            "六、其他需要报告的事项": "other_matters",
        }
        if row[0].value in key:
            # paragraphs as lines of the cell (Alt+Enter)
            row[1].value = "\n".join(p for p in data["sections"][key[row[0].value]].split("\n") if p.strip())
    for key, table in table_layouts(report.version).items():
        ws = wb[TABLE_SHEETS[key]]
        for s in xlsx_slots(table):
            if s.path is None:
                continue
            if key == "t3":
                value = report.t3.cell(s.path[1], s.path[2])
            elif key == "t4":
                value = report.t4.cell(s.path[1], s.path[2])
            else:
                value = getattr(getattr(getattr(report.t2, s.path[1]), s.path[2]), s.path[3])
                value = float(value) if value is not None and not isinstance(value, int) else value
            ws.cell(s.row, s.col).value = value
    wb.save(path)


def test_xlsx_layout_locked_labels_validated_numbers(tmp_path: Path) -> None:
    path = api.init("annual-report", 2024, tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["基本信息", "正文", "表二", "表三", "表四"]
    ws = wb["表三"]
    assert ws.protection.sheet
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "A2:C4" in merged and "D2:J2" in merged  # 勾稽关系 note over 3×3; 申请人情况 over 7 columns
    assert ws["A2"].value.startswith("（本列数据的勾稽关系为") and ws["A2"].protection.locked
    assert ws["D5"].protection.locked is False  # 一、本年新收… 自然人
    dv = [
        d
        for d in ws.data_validations.dataValidation
        if d.type == "whole" and d.operator == "greaterThanOrEqual"
    ]
    assert dv and "D5" in str(dv[0].sqref) and dv[0].formula1 == "0"
    assert wb["表四"]["A5"].protection.locked is False


def test_xlsx_round_trip_check_and_render(capsys, tmp_path: Path) -> None:
    code, _ = run(capsys, "init", "annual-report", "--year", "2024", "--xlsx", "-o", str(tmp_path / "r.xlsx"))
    assert code == 0
    path = tmp_path / "r.xlsx"
    _fill(path, EXAMPLE)
    code, text = run(capsys, "check", str(path), "--strict", "--previous", str(PREVIOUS))
    assert code == 0, text
    code, text = run(capsys, "render", str(path), "-o", str(tmp_path / "out"), "-f", "pdf")
    assert code == 0, text
    yaml_doc = api.prepare(EXAMPLE).document
    xlsx_doc = api.prepare(path).document
    assert _same_tables(xlsx_doc, yaml_doc)  # the same numbers, from the cells
    # a wrong cell is reported with its sheet!cell
    wb = openpyxl.load_workbook(path)
    wb["表三"]["J7"] = 21  # （一）予以公开 总计
    wb["表二"]["B12"] = "十二"
    wb.save(path)
    code, text = run(capsys, "check", str(path))
    assert code == 1
    assert re.search(r"错误 R2 表三 “（一）予以公开”行：.*≠ 总计（21），相差 \+1 —— r\.xlsx 表三!J7", text)
    assert "r.xlsx 表二!B12" in text and "“十二”不是数字" in text


def _same_tables(a, b) -> bool:
    ta = [[[c.text for c in row] for row in t.rows] for t in a.body if type(t).__name__ == "Table"]
    tb = [[[c.text for c in row] for row in t.rows] for t in b.body if type(t).__name__ == "Table"]
    return ta == tb


def test_xlsx_moved_rows_are_refused(capsys, tmp_path: Path) -> None:
    path = api.init("annual-report", 2024, tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["表三"].insert_rows(6)
    wb.save(path)
    code, text = run(capsys, "check", str(path))
    assert code == 2 and "表格的行列被改动过" in text and "r.xlsx 表三!" in text


def test_not_a_workbook(capsys, tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    shutil.copy(EXAMPLE, bad)
    code, text = run(capsys, "check", str(bad))
    assert code == 2 and "无法读取 Excel 文件" in text and "Traceback" not in text
