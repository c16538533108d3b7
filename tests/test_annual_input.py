"""Annual report input as offices type it: numbers exactly as typed (or a clear error at the cell), the
none-markers of published tables, row labels as printed, and （六）其他处理 written as one row in a 2021
report. The same number rule holds in YAML, JSON, XLSX and batch manifests."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from docgen import api, batch
from docgen.data.loader import Loaded, Locator, load_data
from docgen.data.xlsx import slots, table_layouts
from docgen.errors import Finding, Severity
from docgen.kinds.annual_report import report_from_data
from docgen.kinds.annual_report.kind import load_report
from docgen.kinds.annual_report.values import Bad, parse_amount, parse_count, parse_decimal, parse_signed

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "annual-2024-example.yaml"
ERROR, NOTICE = Severity.ERROR, Severity.NOTICE


def _load(path: Path) -> tuple[Any, list[Finding]]:
    return load_report(load_data(path))


def _errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is ERROR]


def _example_with(tmp_path: Path, old: str, new: str, name: str = "r.yaml") -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


# --- numbers --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("132", 132),
        ("１３２", 132),
        ("1,234", 1234),
        ("１，２３４", 1234),
        (" 48 ", 48),
        (1234.0, 1234),
        ("-3", -3),
    ],
)
def test_counts_in_the_accepted_shapes(raw: Any, value: int) -> None:
    assert parse_count(raw) == value


@pytest.mark.parametrize(
    ("raw", "why", "want"),
    [
        ("12,5", "逗号只能作千位分隔符", "应填不小于 0 的整数"),
        ("1,2345", "逗号只能作千位分隔符", "应填不小于 0 的整数"),
        ("132件", "含有数字以外的文字（件）", "单元格只填数字，如 132"),
        ("1.5", "不是整数", "应填不小于 0 的整数"),
        (1.5, "不是整数", "应填不小于 0 的整数"),
        ("约30", "含有数字以外的文字（约）", "单元格只填数字，如 30"),
        ("+3", "含有数字以外的文字（+）", "单元格只填数字，如 3"),
        ("九十七", "不是数字", "应填不小于 0 的整数"),
        ("1_000", "含有数字以外的文字（_）", "应填不小于 0 的整数"),
    ],
)
def test_counts_in_other_shapes_are_refused_with_what_to_write(raw: Any, why: str, want: str) -> None:
    with pytest.raises(Bad) as bad:
        parse_count(raw)
    assert why in bad.value.zh and want in bad.value.want


def test_signed_amount_and_money_cells() -> None:
    assert parse_signed("+461") == 461 and parse_signed("－3") == -3
    assert str(parse_decimal("316,441万元")) == "316441" and str(parse_decimal("25.1")) == "25.1"
    with pytest.raises(Bad, match="逗号"):
        parse_decimal("12,5")
    with pytest.raises(Bad, match="单位应为万元"):
        parse_decimal("251000元")
    amount = parse_amount("2.5万元")
    assert amount is not None and (str(amount.value), amount.unit) == ("2.5", "万元")
    with pytest.raises(Bad, match="单位“美元”无法识别"):
        parse_amount("25美元")
    with pytest.raises(Bad, match="单位“万”无法识别") as bad:
        parse_amount("25.1万")
    assert "25.1万元" in bad.value.want


def test_yaml_refuses_with_line_column_and_the_typed_text(tmp_path: Path) -> None:
    path = _example_with(
        tmp_path,
        "new_received: [42, 3, 0, 1, 2, 0, 48]",
        'new_received: [42, "12,5", 0, 1.5, 约30, 0, 132件]',
    )
    report, findings = _load(path)
    by_col = {f.source.column: f for f in _errors(findings) if f.code == "R1"}  # type: ignore[union-attr]
    line = next(i for i, ln in enumerate(path.read_text("utf-8").splitlines(), 1) if "new_received" in ln)
    assert {f.source.line for f in by_col.values()} == {line}  # type: ignore[union-attr]
    assert set(by_col) == {22, 33, 38, 46}
    assert by_col[22].message.startswith(
        "表三“一、本年新收政府信息公开申请数量”行“商业企业”列：“12,5”不是规范的数字"
    )
    assert "“1.5”不是整数" in by_col[33].message
    assert "“约30”含有数字以外的文字（约）" in by_col[38].message
    assert "“132件”含有数字以外的文字（件）；单元格只填数字，如 132" in by_col[46].message
    assert report.t3.cell("new_received", "commercial") is None  # not 125
    assert report.t3.cell("new_received", "total") is None  # not 132


def test_yaml_numbers_are_not_reinterpreted(tmp_path: Path) -> None:
    """YAML 1.1 reads 017 as octal 15 and 1:30 as 90: kept as typed, then read as the user meant or refused."""
    path = _example_with(tmp_path, "licensing: 156", "licensing: 017")
    report, findings = _load(path)
    assert report.t2.art20_5.licensing.decisions == 17
    path = _example_with(tmp_path, "licensing: 156", "licensing: 1:30")
    _, findings = _load(path)
    (f,) = [f for f in _errors(findings) if f.code == "R7"]
    assert "“1:30”" in f.message


def test_negative_count_is_an_error_at_its_cell(tmp_path: Path) -> None:
    path = _example_with(tmp_path, "new_received: [42, 3,", "new_received: [42, -3,")
    prepared = api.prepare(path)
    (f,) = [f for f in prepared.findings if f.code == "R1" and f.severity is ERROR]
    assert "-3 为负数，应为不小于 0 的整数" in f.message and f.source.column == 22  # type: ignore[union-attr]


def test_json_refuses_with_line_and_column(tmp_path: Path) -> None:
    data = {"year": 2024, "t2": {}, "t3": {"new_received": [1, "12,5", 0, 0, 0, 0, 1]}, "t4": {}}
    path = tmp_path / "r.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    _, findings = _load(path)
    (f,) = [f for f in _errors(findings) if "12,5" in f.message]
    assert f.source is not None and (f.source.line, f.source.column) == (7, 4)


def _cell_of(version: str, path: tuple[str, ...]) -> tuple[str, str]:
    for key, table in table_layouts(version).items():
        for s in slots(table):
            if s.path == path:
                return {"t2": "表二", "t3": "表三", "t4": "表四"}[
                    key
                ], f"{openpyxl.utils.get_column_letter(s.col)}{s.row}"
    raise KeyError(path)


def test_xlsx_refuses_with_sheet_and_cell(tmp_path: Path) -> None:
    path = api.init("annual-report", 2024, tmp_path / "r.xlsx")
    sheet, total = _cell_of("2021", ("t3", "new_received", "total"))
    _, commercial = _cell_of("2021", ("t3", "new_received", "commercial"))
    _, person = _cell_of("2021", ("t3", "carried_over", "natural_person"))
    wb = openpyxl.load_workbook(path)
    wb[sheet][total] = "132件"
    wb[sheet][commercial] = "12,5"
    wb[sheet][person] = "—"
    wb.save(path)
    report, findings = _load(path)
    errors = {str(f.source): f.message for f in _errors(findings) if f.code == "R1"}
    assert "“132件”含有数字以外的文字（件）" in errors[f"r.xlsx {sheet}!{total}"]
    assert "“12,5”不是规范的数字" in errors[f"r.xlsx {sheet}!{commercial}"]
    assert report.t3.cell("carried_over", "natural_person") == 0
    (notice,) = [f for f in findings if f.severity is NOTICE and f.code == "R1"]
    assert str(notice.source) == f"r.xlsx {sheet}!{person}"


def test_batch_manifest_cells_follow_the_same_rule(tmp_path: Path) -> None:
    data = tmp_path / "base.yaml"
    data.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    manifest = tmp_path / "units.csv"
    manifest.write_text(
        'unit,data,organ,t2.art20_5.licensing\n甲局,base.yaml,甲局,"12,5"\n', encoding="utf-8"
    )
    (unit,) = batch.discover(manifest)
    loaded = Loaded(Path(unit.file), unit.values, Locator(unit.file, unit.positions))
    prepared = api.prepare_loaded(loaded)
    (f,) = [f for f in prepared.findings if "12,5" in f.message]
    assert f.severity is ERROR and "逗号只能作千位分隔符" in f.message
    assert f.source is not None and (Path(f.source.file).name, f.source.line, f.source.column) == (
        "units.csv",
        2,
        4,
    )


# --- none-markers and blanks ------------------------------------------------------------------------------------


def test_none_markers_are_zero_with_one_notice_per_table_and_blanks_stay_blank() -> None:
    data = {
        "year": 2024,
        "t2": {"art20_5": {"licensing": "无"}},
        "t3": {
            "new_received": ["无", "—", "/", "-", "－", "——", None],
            "carried_over": [None, "", " ", 0, 0, 0, 0],
        },
        "t4": {"review": ["/", 0, 0, 0, 0]},
    }
    report, findings = report_from_data(data)
    assert [report.t3.cell("new_received", c) for c in ("natural_person", "commercial", "other_org")] == [
        0,
        0,
        0,
    ]
    assert report.t3.cell("new_received", "total") is None
    assert [report.t3.cell("carried_over", c) for c in ("natural_person", "commercial", "research")] == [
        None
    ] * 3
    assert report.t2.art20_5.licensing.decisions == 0 and report.t4.cell("review", "upheld") == 0
    notices = [f for f in findings if f.severity is NOTICE and f.code == "R1"]
    assert [n.message.split("有")[0] for n in notices] == ["表二", "表三", "表四"]
    t3 = next(n for n in notices if n.message.startswith("表三"))
    assert t3.message == (
        "表三有 6 个单元格填的是“无”、“—”、“/”、“-”、“－”、“——”（表示没有发生），按 0 计；规范写法为 0"
    )
    assert not _errors([f for f in findings if f.code == "R1"])


# --- row labels as printed ----------------------------------------------------------------------------------------

# Spellings seen in published tables (web pages of 2022–2024 reports: half-width brackets, spaces inside
# labels, 1、 numbering, 其它, shortened labels) and typos of one or two characters.
VARIANTS = [
    # (label as typed, official row key, notice expected)
    ("(一)予以公开", "granted", False),
    ("（二）部分公开(区分处理的,只计这一情形,不计其他情形)", "partial", False),
    ("1、属于国家秘密", "denied.state_secret", False),
    ("（1）属于国家秘密", "denied.state_secret", False),
    ("1．属于国家秘密", "denied.state_secret", False),
    ("3.危及三安全一稳定", "denied.three_security", True),
    ("（二）部分公开", "partial", True),
    ("1.逾期不补正", "other.overdue_correction", True),
    ("2.逾期未缴费", "other.overdue_fee", True),
    ("1.申请人无正当理由逾期不补正", "other.overdue_correction", False),
    ("1.属于国家秘蜜", "denied.state_secret", True),
    ("2.其他法律行政法规禁至公开", "denied.law_forbidden", True),
    ("二、上年结转政府信息公开申请数", "carried_over", True),
    ("4.无正当理由大量返复申请", "not_processed.massive", True),
]


@pytest.mark.parametrize(("label", "key", "notice"), VARIANTS)
def test_row_label_variants_map_to_the_official_row(label: str, key: str, notice: bool) -> None:
    report, findings = report_from_data(
        {"year": 2024, "t2": {}, "t4": {}, "t3": {label: [1, 0, 0, 0, 0, 0, 1]}}
    )
    assert report.t3.cell(key, "natural_person") == 1
    mapped = [f for f in findings if f.severity is NOTICE and f.code == "R14"]
    assert not _errors(findings)
    if notice:
        (f,) = mapped
        assert f"“{label}”按“" in f.message
    else:
        assert mapped == []


def test_column_group_and_block_variants() -> None:
    data = {
        "year": 2024,
        "t2": {"第二十条第(一)项": {"规章": [1, 0, 1]}, "行政处法": 3},
        "t3": {"new_received": {"自然人": 1, "商业 企业": 2, "其它": 3, "总计": 6}},
        "t4": {"行政复议": {"维持": 1, "总计": 1}, "行政诉讼": {"未经复议直接起诉": [0, 0, 0, 0, 0]}},
    }
    report, findings = report_from_data(data)
    assert not _errors(findings)
    assert (
        report.t3.cell("new_received", "commercial") == 2 and report.t3.cell("new_received", "other_org") == 3
    )
    assert report.t2.art20_1.regulations.made == 1 and report.t2.art20_6.punishment.decisions == 3
    assert report.t4.cell("review", "upheld") == 1
    said = {f.message.split("的“")[1].split("”")[0] for f in findings if f.severity is NOTICE}
    assert said == {"行政处法", "其它", "维持"}  # spacing and bracket width are not worth a word


def test_a_mapped_label_is_said_once() -> None:
    data = {"year": 2024, "t2": {}, "t4": {}, "t3": {"denied": {"1.属于国家秘蜜": [1, 0, 0, 0, 0, 0, 1]}}}
    _, findings = report_from_data(data)
    assert len([f for f in findings if f.severity is NOTICE]) == 1


def test_unknown_label_lists_the_nearest_official_ones() -> None:
    data = {"year": 2024, "t2": {}, "t4": {}, "t3": {"denied": {"9.属于商业秘密": [1, 0, 0, 0, 0, 0, 1]}}}
    _, findings = report_from_data(data)
    (f,) = _errors(findings)
    assert f.message.startswith(
        "表三“（三）不予公开”中没有“9.属于商业秘密”这一项；最接近的是“1.属于国家秘密”"
    )
    data = {"year": 2024, "t2": {}, "t4": {}, "t3": {"其他处理情况": [1, 0, 0, 0, 0, 0, 1]}}
    (f,) = _errors(report_from_data(data)[1])
    assert "最接近的是" in f.message and "“（六）其他处理”" in f.message


def test_short_labels_do_not_guess_between_rows() -> None:
    """``其他`` alone is too short to be read as a typo of anything; ``属于`` begins several labels."""
    for label in ("其他项", "属于"):
        data = {"year": 2024, "t2": {}, "t4": {}, "t3": {"denied": {label: [1, 0, 0, 0, 0, 0, 1]}}}
        assert len(_errors(report_from_data(data)[1])) == 1


# --- （六）其他处理 as one row in a 2021 report -------------------------------------------------------------------

SINGLE_ROW = "  other:\n    overdue_correction: [1, 0, 0, 0, 0, 0, 1]\n    overdue_fee: [0, 0, 0, 0, 0, 0, 0]\n    other: [1, 0, 0, 0, 0, 0, 1]\n"


@pytest.mark.parametrize("spelling", ["other", "（六）其他处理"])
def test_other_handling_as_one_row_is_refused_with_the_split(tmp_path: Path, spelling: str) -> None:
    path = _example_with(tmp_path, SINGLE_ROW, f"  {spelling}: [2, 0, 0, 0, 0, 0, 2]\n")
    _, findings = _load(path)
    (f,) = [f for f in _errors(findings) if f.code == "R14"]
    assert f.message.startswith(
        "表三“（六）其他处理”只填了一行，这是 2019 年（试行）格式的写法；2021 年格式把它分为 3 行"
    )
    assert (
        f.source is not None
        and f.source.line
        == path.read_text("utf-8").splitlines().index(f"  {spelling}: [2, 0, 0, 0, 0, 0, 2]") + 1
    )
    example = f.message.split("：\n", 1)[1].removesuffix("\n用以上几行替换原来的一行")
    assert example.splitlines()[0] == f"  {spelling}:"
    # the example is the fix: pasted in place of the one row, the file loads cleanly with the numbers under 3.其他
    fixed = tmp_path / "fixed.yaml"
    fixed.write_text(
        path.read_text("utf-8").replace(f"  {spelling}: [2, 0, 0, 0, 0, 0, 2]\n", example + "\n"), "utf-8"
    )
    report, findings = _load(fixed)
    assert not _errors(findings)
    assert report.t3.cell("other.other", "total") == 2 and report.t3.cell("other.overdue_fee", "total") == 0


def test_a_group_total_without_its_rows_is_refused(tmp_path: Path) -> None:
    old = re.search(r"  unable:\n(    .*\n){3}", EXAMPLE.read_text("utf-8"))
    assert old is not None
    path = _example_with(tmp_path, old.group(0), "  unable: [12, 1, 0, 1, 0, 0, 14]\n")
    _, findings = _load(path)
    (f,) = [f for f in _errors(findings) if f.code == "R14"]
    assert f.message.startswith("表三“（四）无法提供”只填了合计，其下 3 行都没有填写")


def test_a_stated_total_with_its_rows_is_still_a_subtotal(tmp_path: Path) -> None:
    path = _example_with(tmp_path, "  other:\n", "  other:\n    total: 2\n")
    _, findings = _load(path)
    assert not _errors(findings)


def test_other_handling_as_one_row_by_column_names_is_refused_too(tmp_path: Path) -> None:
    path = _example_with(tmp_path, SINGLE_ROW, "  （六）其他处理: {自然人: 2, 总计: 2}\n")
    _, findings = _load(path)
    (f,) = [f for f in _errors(findings) if f.code == "R14"]
    assert "只填了一行" in f.message and "3.其他: [2, ~, ~, ~, ~, ~, 2]" in f.message
