"""The pre-2019 report as organs wrote it: parts declared by the data, a statistics table, the seed kept."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pdfplumber
import pytest
from conftest import ROOT, SEED_DATA

from docgen import api
from docgen.errors import InputError, Severity
from docgen.kinds.report import cn_ordinal
from docgen.model import Heading, Table

SIXPART = ROOT / "inputs" / "annual-pre2019-sixpart-example.yaml"
SIX_HEADINGS = [
    "一、概述",
    "二、主动公开政府信息的情况",
    "三、政府信息依申请公开办理情况",
    "四、政府信息公开的收费及减免情况",
    "五、因政府信息公开申请行政复议、提起行政诉讼的情况",
    "六、政府信息公开工作存在的主要问题及改进措施",
]

HEAD = """template: annual-report-pre2019
organ: 某某县统计局
year: 2016
date: 2017-03-10
sections:
"""


def _prepare(tmp_path: Path, sections: str) -> api.Prepared:
    path = tmp_path / "r.yaml"
    path.write_text(HEAD + sections, encoding="utf-8")
    return api.prepare(path)


def _codes(prepared: api.Prepared, code: str) -> list:
    return [f for f in prepared.findings if f.code == code]


@pytest.fixture(scope="module")
def sixpart_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sixpart")
    result = api.render(SIXPART, out, formats=("pdf",))
    return result.outputs[0]


def test_sixpart_example_is_clean() -> None:
    prepared = api.prepare(SIXPART)
    assert not [f for f in prepared.findings if f.severity is not Severity.NOTICE]
    headings = [b.text for b in prepared.document.body if isinstance(b, Heading) and b.level == 1]
    assert headings == SIX_HEADINGS
    (table,) = [b for b in prepared.document.body if isinstance(b, Table)]
    assert table.header_rows == 2 and len(table.widths) == 3
    assert table.widths[0] > table.widths[2] > 0  # the label column is the widest


def test_sixpart_headings_in_the_pdf(sixpart_pdf: Path) -> None:
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(sixpart_pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = [ln.strip() for ln in text.splitlines()]
    found = [h for h in SIX_HEADINGS if h in lines]
    assert found == SIX_HEADINGS


def test_statistics_table_in_the_pdf(sixpart_pdf: Path) -> None:
    """pdfplumber finds the ruled table: title row, header row, and each row's label, unit and number."""
    rows: list[list[str]] = []
    with pdfplumber.open(sixpart_pdf) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                rows += [[(c or "").replace("\n", "") for c in row] for row in table]
    assert rows[0][0] == "2016年政府信息公开情况统计表"
    assert ["统计指标", "单位", "统计数"] in rows
    assert ["（一）主动公开政府信息数", "条", "268"] in rows
    assert ["2.政务微信公开政府信息数", "条", "27"] in rows
    assert ["七、政府信息公开专项经费", "万元", "1.5"] in rows
    assert ["一、主动公开情况", "", ""] in rows  # a group row: its numbers blank


def test_seed_still_eight_parts_from_the_template() -> None:
    doc = api.prepare(SEED_DATA).document
    headings = [b.text for b in doc.body if isinstance(b, Heading) and b.level == 1]
    assert len(headings) == 8 and headings[0] == "一、概述" and headings[-1] == "八、存在的主要问题和改进措施"


def test_bad_number_cells_are_errors_at_their_line(tmp_path: Path) -> None:
    prepared = _prepare(
        tmp_path,
        """  - heading: 概述
    body: 无。
    table:
      header: [统计指标, 单位, 统计数]
      rows:
        - [收到申请数, 件, 132件]
        - [办结数, 件, "12,5"]
        - [按时办结数, 件, -3]
        - [其中当面申请数, 件, "1,234"]
        - [其中网络申请数, 件, ５]
        - [其中信函申请数, 件, yes]
""",
    )
    bad = _codes(prepared, "table-number")
    assert [f.source.line for f in bad] == [11, 12, 13, 16]
    assert "“132件”不是数字" in bad[0].message and bad[0].severity is Severity.ERROR
    (table,) = [b for b in prepared.document.body if isinstance(b, Table)]
    assert [row[2].text for row in table.rows[1:]] == ["132件", "12,5", "-3", "1,234", "5", "true"]


def test_row_of_wrong_length(tmp_path: Path) -> None:
    prepared = _prepare(
        tmp_path,
        """  - heading: 概述
    body: 无。
    table:
      header: [统计指标, 单位, 统计数]
      rows:
        - [收到申请数, 件]
""",
    )
    (bad,) = _codes(prepared, "table-row")
    assert bad.source.line == 11 and "有 2 格，表头有 3 列" in bad.message


def test_numbered_heading_and_empty_part(tmp_path: Path) -> None:
    prepared = _prepare(tmp_path, "  - heading: 一、概述\n    body: 无。\n  - heading: 其他\n")
    headings = [b.text for b in prepared.document.body if isinstance(b, Heading)]
    assert headings == ["一、概述", "二、其他"]
    assert _codes(prepared, "heading-number")[0].severity is Severity.NOTICE
    (empty,) = _codes(prepared, "empty-section")
    assert empty.severity is Severity.ERROR and "第二部分“其他”没有正文" in empty.message


def test_empty_template_part_is_an_error(tmp_path: Path) -> None:
    text = SEED_DATA.read_text(encoding="utf-8")
    start, end = text.index("  expenditure: |"), text.index("  other_work: |")
    path = tmp_path / "e.yaml"
    path.write_text(text[:start] + '  expenditure: ""\n' + text[end:], encoding="utf-8")
    (empty,) = _codes(api.prepare(path), "empty-section")
    assert "第六部分“政府信息公开支出情况”没有正文" in empty.message


def test_table_as_an_item_in_a_template_part(tmp_path: Path) -> None:
    """In the eight-part template too, a part's text may hold a table between paragraphs."""
    text = SEED_DATA.read_text(encoding="utf-8").replace(
        "  consultation: |\n",
        "  consultation:\n"
        "    - table:\n"
        "        header: [项目, 次数]\n"
        "        rows: [[咨询, 29000]]\n"
        "    - |\n",
    )
    lines = text.split("\n")
    start = lines.index("    - |")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("  review_litigation"))
    lines[start + 1 : end] = ["  " + ln if ln.strip() else ln for ln in lines[start + 1 : end]]
    path = tmp_path / "c.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    prepared = api.prepare(path)
    assert not prepared.errors
    body = prepared.document.body
    i = next(
        k for k, b in enumerate(body) if isinstance(b, Heading) and b.text == "四、政府信息公开咨询处理情况"
    )
    assert isinstance(body[i + 1], Table) and body[i + 1].rows[1][1].text == "29000"


def test_misspelt_part_field_and_bad_item(tmp_path: Path) -> None:
    with pytest.raises(InputError) as e:
        _prepare(tmp_path, "  - headng: 概述\n    body: 无。\n")
    assert "未知字段 headng —— 是否指 heading（部分标题）？" in e.value.message
    with pytest.raises(InputError) as e:
        _prepare(tmp_path, "  - heading: 概述\n    body:\n      - tabel: {}\n")
    assert "应为一段文字" in e.value.message and e.value.source.line == 8
    with pytest.raises(InputError) as e:
        _prepare(tmp_path, "  - heading: 概述\n    table:\n      header: [a]\n      rows: [[1]]\n")
    assert "“sections.table.header”（表头）：至少要有 2 项" in e.value.message


@pytest.mark.parametrize(
    ("n", "text"), [(1, "一"), (8, "八"), (10, "十"), (11, "十一"), (20, "二十"), (23, "二十三")]
)
def test_cn_ordinal(n: int, text: str) -> None:
    assert cn_ordinal(n) == text


def test_misspelt_template_part_key_suggests_the_part(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(SEED_DATA.read_text(encoding="utf-8").replace("  overview: |", "  overveiw: |"), "utf-8")
    prepared = api.prepare(path)
    (unknown,) = _codes(prepared, "unknown-section")
    assert "没有“overveiw”这一部分 —— 是否指 overview（概述）？" in unknown.message


def test_statistics_table_in_the_docx(tmp_path: Path) -> None:
    import docx

    result = api.render(SIXPART, tmp_path, formats=("docx",))
    (table,) = docx.Document(str(result.outputs[0])).tables
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert ["统计指标", "单位", "统计数"] in rows
    assert ["（一）主动公开政府信息数", "条", "268"] in rows
