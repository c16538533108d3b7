"""Tables that read well (issue 13): no header or label of the annual report's tables ends with one
character alone on a line, no header is stacked one character a line, a label breaks between its words,
measured in docgen's PDF and in LibreOffice's rendering of the DOCX, for both national formats; and the
breaking itself (typeset/cellbreak.py), on a fixed-advance measure.
"""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import FIXED_TIME, ROOT, docx_to_pdf
from measure import table_cell_lines

from docgen import api
from docgen import standard as std
from docgen.kinds.annual_report import labels
from docgen.kinds.annual_report.tables import empty_report, report_tables
from docgen.model import Cell, Role, Table
from docgen.render.options import RenderOptions
from docgen.typeset.cellbreak import (
    break_cell,
    cell_room,
    layout_table,
    lone_characters,
    place_cells,
)
from docgen.typeset.fonts import resolve

EXAMPLES = {
    "2021": ROOT / "inputs" / "annual-2024-example.yaml",
    "2019": ROOT / "inputs" / "annual-2020-example.yaml",
}
# Set upright in a column one character wide, as the official form prints it: one character a line by design.
UPRIGHT = "三、本年度办理结果"


def em(text: str) -> float:
    """A fixed measure: 12 pt a CJK character or full-width mark, 6 pt an ASCII character."""
    return sum(6.0 if ch.isascii() else 12.0 for ch in text)


# --- the breaking ----------------------------------------------------------------------------------------


def test_no_character_alone_on_the_last_line() -> None:
    # greedy breaking at 10 characters leaves 确 alone; balanced lines break between words instead
    assert break_cell("3.补正后申请内容仍不明确", 10 * 12, em) == ("3.补正后申请", "内容仍不明确")
    for room in range(6, 11):  # undeclared words: still no lone character
        assert not lone_characters(break_cell("补正后申请内容仍不明确", room * 12, em)), room


def test_a_header_two_characters_wide_is_not_stacked() -> None:
    assert break_cell("结果维持", 2 * 12, em) == ("结果", "维持")
    assert break_cell("社会公益组织", 2 * 12 + 1, em) == ("社会", "公益", "组织")
    assert break_cell("自然人", 2 * 12, em) != (
        "自然",
        "人",
    )  # no lone last character when any other way fits


def test_declared_words_are_kept_whole() -> None:
    text = "其他对外管理服务事项"
    words = labels.label_words(text)
    assert words  # segmented in labels/words.py
    lines = break_cell(text, 9 * 12, em, words)
    assert len(lines) == 2 and not lone_characters(lines)
    assert len(lines[0]) in (4, 6)  # 其他对外|管理服务事项 or 其他对外管理|服务事项, never 其他对外管/理…


def test_undeclared_text_breaks_after_an_enumerator_or_a_mark() -> None:
    assert break_cell("（三）不予公开", 4 * 12, em) == ("（三）", "不予公开")
    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert break_cell(note, 16 * 12, em) == (
        "（本列数据的勾稽关系为：",
        "第一项加第二项之和，",
        "等于第三项加第四项之和）",
    )


def test_balanced_lines() -> None:
    # the fewest lines (2), then the narrowest widest line: 7 + 7, not 11 + 3
    lines = break_cell("甲乙丙丁戊己庚辛壬癸子丑寅卯", 11 * 12, em)
    assert [len(ln) for ln in lines] == [7, 7]


def test_closing_marks_never_start_a_line_and_opening_ones_never_end_one() -> None:
    for room in range(3, 20):
        for line in break_cell("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", room * 12, em):
            assert line[0] not in "，。、）》”" and line[-1] not in "（《“", (room, line)


def test_a_column_one_character_wide_is_set_upright() -> None:
    assert break_cell(UPRIGHT, 12, em) == tuple(UPRIGHT)  # 避头尾 cannot hold: 、 takes a line of its own


def test_fitting_text_and_unbreakable_numbers_stay_on_one_line() -> None:
    assert break_cell("12", 100, em) == ("12",)
    assert break_cell("123456", 36, em) == ("123456",)
    # wider than its cell: broken between digits (as WeasyPrint's overflow-wrap did) rather than printed
    # over the neighbouring cell
    assert break_cell("123456", 20, em) == ("123", "456")


# --- the annual report's tables as laid out -------------------------------------------------------------


@pytest.fixture(scope="module")
def fonts():
    return resolve()


@pytest.mark.parametrize("version", ["2021", "2019"])
def test_every_cell_of_the_annual_tables_reads_well(version: str, fonts) -> None:
    """Every cell of 表二/表三/表四 filled with four-digit numbers, 表三's 自然人 and 总计 with five: each
    number on one line, and no label or header with a line of one character; every line inside its cell;
    表四 set in 五号 (its headers would stack in 小四), the others in 小四."""
    report = empty_report(2024 if version == "2021" else 2020, version)
    tables = report_tables(report)
    for n, table in enumerate(tables):
        big = _filled(table, {3, len(table.widths) - 1} if n == 1 else set())
        layout = layout_table(big, fonts)
        for c in layout.cells:
            if c.cell.text == UPRIGHT:
                continue
            assert not lone_characters(c.lines), c.lines
            assert len(c.lines) == 1 or not c.cell.text.isdigit(), c.lines
            for line in c.lines:
                assert fonts.width(Role.FANGSONG, line, layout.size.pt) <= cell_room(c.width), line
        assert all(h % std.LINE_PITCH == 0 for h in layout.heights)
    sizes = [layout_table(t, fonts).size for t in tables]
    assert sizes == [std.TABLE_SIZE, std.TABLE_SIZE, std.TABLE_SIZE_DENSE]


def _filled(table: Table, wide: set[int]) -> Table:
    """``table`` with every blank cell holding 9999, or 99999 in the columns ``wide``."""
    rows: list[list[Cell]] = [[] for _ in table.rows]
    for p in place_cells(table)[0]:
        rows[p.row].append(replace(p.cell, text=p.cell.text or ("99999" if p.col in wide else "9999")))
    return replace(table, rows=tuple(tuple(r) for r in rows))


def test_a_label_spanning_rows_gets_the_height_it_needs(fonts) -> None:
    tall = Cell("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥" * 2, rowspan=2)
    table = Table(rows=((tall, Cell("1")), (Cell("2"),)), widths=(1, 9))
    layout = layout_table(table, fonts)
    lines = len(next(c for c in layout.cells if c.cell is tall).lines)
    assert lines > 4
    assert sum(layout.heights) >= lines * layout.line + 2 * std.TABLE_CELL_PAD


def test_declared_words_are_official_labels() -> None:
    official = {labels.T3_NOTE, labels.T3_APPLICANT_HEADER, labels.T3_ORG_HEADER}
    official |= {labels.T4_REVIEW_HEADER, labels.T4_LITIGATION_HEADER}
    official |= {c.label for c in (*labels.T3_COLUMNS, *labels.T4_COLUMNS)} | {
        g.label for g in labels.T4_GROUPS
    }
    for version in labels.VERSIONS:
        official |= {r.label for r in labels.T3_ROWS[version]}
        for b in labels.T2_BLOCKS[version]:
            official |= {b.caption, b.label_header} | {c.label for c in b.columns} | {r.label for r in b.rows}
    assert [w for w in labels.LABEL_WORDS if w.replace("|", "") not in official] == []


# --- measured in the PDF and in LibreOffice's rendering of the DOCX -----------------------------------------


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """(version, "pdf" | "docx") → a PDF to measure: docgen's, and LibreOffice's of the DOCX."""
    out = {}
    for version, data in EXAMPLES.items():
        folder = tmp_path_factory.mktemp(f"readable{version}")
        result = api.render(data, folder, options=RenderOptions(timestamp=FIXED_TIME))
        files = {p.suffix[1:]: p for p in result.outputs}
        out[(version, "pdf")] = files["pdf"]
        out[(version, "docx")] = docx_to_pdf(files["docx"], folder / "lo")
    return out


def _cells(pdf: Path) -> list[tuple[int, list[str]]]:
    return [(page, lines) for page, _box, lines in table_cell_lines(pdf)]


@pytest.mark.parametrize("which", ["pdf", "docx"])
@pytest.mark.parametrize("version", ["2021", "2019"])
def test_no_label_or_header_with_a_lone_character(version: str, which: str, printed) -> None:
    cells = _cells(printed[(version, which)])
    texts = {"".join(lines) for _, lines in cells}
    for label in ("结果维持", "社会公益组织", "自然人", "3.补正后申请内容仍不明确"):
        assert label in texts, label  # the table was found and measured
    lone = [(page, lines) for page, lines in cells if "".join(lines) != UPRIGHT and lone_characters(lines)]
    assert lone == []
    printed_lines = [lines for _, lines in cells]
    # the cases of issue 13: 结/果/维/持, 自然/人, （三）不/予公开, 其他对外管理服务事/项
    assert ["结果", "维持"] in printed_lines
    assert ["自然人"] in printed_lines
    assert ["（三）", "不予公开"] in printed_lines
    if version == "2019":
        assert ["其他对外管理服务事项"] in printed_lines


@pytest.mark.parametrize("which", ["pdf", "docx"])
@pytest.mark.parametrize("version", ["2021", "2019"])
def test_labels_break_between_their_words(version: str, which: str, printed) -> None:
    broken = 0
    for _, lines in _cells(printed[(version, which)]):
        text = "".join(lines)
        if len(lines) < 2 or text == UPRIGHT:
            continue
        words = labels.label_words(text)
        assert words, f"{text}: broken across lines but its words are not declared (labels/words.py)"
        offsets = [sum(len(ln) for ln in lines[: i + 1]) for i in range(len(lines) - 1)]
        assert set(offsets) <= words, lines
        broken += 1
    assert broken >= 10


@pytest.mark.parametrize("version", ["2021", "2019"])
def test_pdf_and_docx_break_every_cell_alike(version: str, printed) -> None:
    def multi(pdf: Path) -> dict[str, list[str]]:
        return {"".join(lines): lines for _, lines in _cells(pdf) if len(lines) > 1}

    pdf, docx = multi(printed[(version, "pdf")]), multi(printed[(version, "docx")])
    assert pdf == docx


def test_any_text_keeps_its_characters_and_fits() -> None:
    """Random texts of CJK, marks, digits and spaces at random widths: the lines hold the text's
    characters in order (spaces at a break dropped), each fits unless it is one character wider than the
    cell, and no line is of one character where the cell holds two."""
    rng = random.Random(13)
    alphabet = "政府信息公开申请处理结果，、：（）“”1234567890 ."
    for _ in range(400):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))).strip() or "甲"
        room = rng.choice([6, 12, 20, 24, 30, 48, 100])
        lines = break_cell(text, room, em)
        assert "".join(lines).replace(" ", "") == text.replace(" ", ""), (text, room, lines)
        for line in lines:
            assert em(line) <= room or len(line) == 1, (text, room, lines)
        if room >= 48:
            assert not lone_characters(lines), (text, room, lines)
