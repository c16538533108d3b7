"""版头 (§7.2) measured on docgen's PDF and on LibreOffice's rendering of the DOCX."""

from __future__ import annotations

import pytest
from masthead_docs import (
    CENTRE,
    CHAR,
    LEFT,
    MARK_TOP,
    PITCH,
    RIGHT,
    TWO_LINES,
    E,
    em_top,
    marks,
    red_ink_top,
    red_runs,
    rendered,
)
from measure import body_lines, read_pdf

from docgen import standard as std
from docgen.model import Role
from docgen.typeset.fonts import resolve
from docgen.typeset.masthead import layout_masthead


@pytest.fixture(scope="module")
def out(tmp_path_factory):  # type: ignore[no-untyped-def]
    return rendered(tmp_path_factory)


def line_with(page, text: str):  # type: ignore[no-untyped-def]
    return next(ln for ln in page.lines if text in ln.text)


def grid_rows(pages, tol: float = 0.02) -> None:  # type: ignore[no-untyped-def]
    """Every 16 pt body line below the head sits on a grid row of its page (origin from page 2)."""
    origin = body_lines(pages[1])[0].baseline - std.MARGIN_TOP.mm
    for p in pages:
        for ln in body_lines(p):
            if ln.size != std.BODY_SIZE.pt or (ln.baseline < 140 and p.number == 1):
                continue
            row = (ln.baseline - std.MARGIN_TOP.mm - origin) / PITCH
            assert abs(row - round(row)) < tol, (p.number, ln.text, row)


@pytest.mark.parametrize("name", ["notice", "request", "joint", "minutes"])
def test_pdf_mark_top_centre_and_width(out, name: str) -> None:  # type: ignore[no-untyped-def]
    page = read_pdf(out[name].pdf)[0]
    first = marks(page)[0]
    assert em_top(first, Role.XIAOBIAOSONG) == pytest.approx(MARK_TOP, abs=1)
    # the red ink itself starts just below the em box's top
    ink = red_ink_top(out[name].pdf, 1, 40, 110)
    assert ink is not None and MARK_TOP - 0.5 <= ink <= MARK_TOP + 1.5
    left = min(ln.x0 for ln in marks(page))
    right = max(ln.x1 for ln in marks(page))
    assert (left + right) / 2 == pytest.approx(CENTRE, abs=1)
    assert right - left <= std.TEXT_WIDTH.mm + 0.5


def test_pdf_notice_head(out) -> None:  # type: ignore[no-untyped-def]
    pages = read_pdf(out["notice"].pdf)
    p1 = pages[0]
    # 份号 line 1, 密级 line 2, 紧急程度 line 3, flush left
    stack = [line_with(p1, t) for t in ("000123", "机密★1年", "特急")]
    for i, ln in enumerate(stack):
        assert ln.x0 == pytest.approx(LEFT, abs=0.2)
        assert em_top(ln) == pytest.approx(std.MARGIN_TOP.mm + i * PITCH + (PITCH - E) / 2, abs=0.2)
    mark = marks(p1)[0]
    mark_bottom = em_top(mark, Role.XIAOBIAOSONG) + mark.size * 25.4 / 72
    number = line_with(p1, "常政发〔2024〕3号")
    assert (number.x0 + number.x1) / 2 == pytest.approx(CENTRE, abs=0.5)
    assert em_top(number) - mark_bottom == pytest.approx(TWO_LINES, abs=0.3)
    # the red separator: 4 mm below the 发文字号's em box, 156 mm, red
    rules = red_runs(out["notice"].pdf, 1)
    assert len(rules) == 1
    top, bottom, x0, x1 = rules[0]
    assert (top + bottom) / 2 - (em_top(number) + E) == pytest.approx(4, abs=0.5)
    assert x1 - x0 == pytest.approx(156, abs=0.5) and x0 == pytest.approx(LEFT, abs=0.3)
    # 标题 two empty grid rows below the separator, on the grid; page 1 still carries 正文
    title = [ln for ln in p1.lines if ln.size == std.TITLE_SIZE.pt]
    rows = std.LINES_PER_PAGE
    lay = layout_masthead(out["notice"].doc, resolve())
    assert lay is not None
    title_row_top = std.MARGIN_TOP.mm + lay.rows * PITCH
    assert title_row_top - (top + bottom) / 2 == pytest.approx(2 * PITCH, abs=0.3)
    assert title_row_top < title[0].baseline < title_row_top + PITCH
    assert any(ln.text.startswith("为进一步") for ln in body_lines(p1))
    assert lay.rows + 2 + 2 < rows
    grid_rows(pages)


def test_pdf_upward_signers(out) -> None:  # type: ignore[no-untyped-def]
    p1 = read_pdf(out["request"].pdf)[0]
    line = line_with(p1, "签发人")
    assert line.text.startswith("常民〔2024〕5号")  # 发文字号 and 签发人 on one line
    assert line.x0 == pytest.approx(LEFT + CHAR, abs=0.3)  # 左空一字
    assert line.x1 == pytest.approx(RIGHT - CHAR, abs=0.5)  # 右空一字
    mark = marks(p1)[0]
    assert em_top(line) - (em_top(mark, Role.XIAOBIAOSONG) + mark.size * 25.4 / 72) == pytest.approx(
        TWO_LINES, abs=0.3
    )
    rules = red_runs(out["request"].pdf, 1)
    assert (rules[0][0] + rules[0][1]) / 2 - (em_top(line) + E) == pytest.approx(4, abs=0.5)


def test_pdf_joint_mark(out) -> None:  # type: ignore[no-untyped-def]
    p1 = read_pdf(out["joint"].pdf)[0]
    names = [line_with(p1, "常德市民政局"), line_with(p1, "常德市财政局")]
    suffix = line_with(p1, "文件")
    assert names[0].baseline < names[1].baseline  # stacked, 主办机关 first
    assert names[0].x0 == pytest.approx(names[1].x0, abs=0.2) and names[0].x1 == pytest.approx(
        names[1].x1, abs=0.2
    )
    assert suffix.x0 > names[0].x1  # to the right
    # vertically centred on the block of names
    block_mid = (names[0].baseline + names[1].baseline) / 2
    assert suffix.baseline == pytest.approx(block_mid, abs=0.3)
    assert em_top(names[0], Role.XIAOBIAOSONG) == pytest.approx(MARK_TOP, abs=1)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["notice", "request", "joint", "minutes"])
def test_office_head(out, name: str) -> None:  # type: ignore[no-untyped-def]
    office = out[name].office
    if office is None:
        pytest.skip("LibreOffice is not installed")
    pages = read_pdf(office)
    p1 = pages[0]
    mark = marks(p1)[0]
    assert em_top(mark, Role.XIAOBIAOSONG) == pytest.approx(MARK_TOP, abs=1.5)
    left = min(ln.x0 for ln in marks(p1))
    right = max(ln.x1 for ln in marks(p1))
    assert (left + right) / 2 == pytest.approx(CENTRE, abs=1.5) and right - left <= 157
    head = out[name].doc.masthead
    number = line_with(p1, head.doc_number)
    mark_bottom = max(
        em_top(m, Role.XIAOBIAOSONG) + m.size * 25.4 / 72 for m in marks(p1) if m.text != "文件"
    )
    assert em_top(number) - mark_bottom == pytest.approx(TWO_LINES, abs=0.5)
    if not head.upward:
        assert (number.x0 + number.x1) / 2 == pytest.approx(CENTRE, abs=1)
    rules = red_runs(office, 1)
    assert len(rules) == 1
    top, bottom, x0, x1 = rules[0]
    assert (top + bottom) / 2 - (em_top(number) + E) == pytest.approx(4, abs=0.5)
    assert x1 - x0 == pytest.approx(156, abs=1)
    # the same head in both renderings: title and first body line on the same rows as docgen's PDF
    pdf1 = read_pdf(out[name].pdf)[0]
    for size in (std.TITLE_SIZE.pt, std.BODY_SIZE.pt):
        a = next(ln for ln in pdf1.lines if ln.size == size and ln.baseline > 140)
        b = next(ln for ln in p1.lines if ln.size == size and ln.baseline > 140)
        assert b.baseline - a.baseline == pytest.approx(0, abs=1.5), (a.text, b.text)
    # LibreOffice's own grid: every 16 pt line after the head on a row of the page grid
    origin = body_lines(pages[1])[0].baseline
    for p in pages:
        for ln in body_lines(p):
            if ln.size == 16 and not (p.number == 1 and ln.baseline < 140):
                r = (ln.baseline - origin) / PITCH
                assert abs(r - round(r)) * PITCH < 0.35, (p.number, ln.text)
