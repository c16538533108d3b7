"""信函 / 命令（令） / 纪要 (§10), measured on both renderings; the page-number hook."""

from __future__ import annotations

import re

import pdfplumber
import pytest
from masthead_docs import (
    CENTRE,
    CHAR,
    LEFT,
    PITCH,
    RIGHT,
    TWO_LINES,
    em_top,
    letter,
    marks,
    notice,
    red_ink_top,
    red_runs,
    rendered,
)
from measure import body_lines, folio_lines, read_pdf

from docgen import standard as std
from docgen.model import Role
from docgen.typeset.masthead import numbered_pages, with_head_numbering
from docgen.typeset.plan import PagePlan


@pytest.fixture(scope="module")
def out(tmp_path_factory):  # type: ignore[no-untyped-def]
    return rendered(tmp_path_factory)


def test_numbering_hook() -> None:
    assert numbered_pages(letter(), 3) == (False, True, True)
    assert numbered_pages(notice(), 2) == (True, True)
    plan = PagePlan(3, (True, True, False), 3)
    assert with_head_numbering(letter(), plan).numbered == (False, True, False)


def _letter_checks(pdf, tol_mark: float) -> None:  # type: ignore[no-untyped-def]
    pages = read_pdf(pdf)
    p1 = pages[0]
    mark = marks(p1)[0]
    mark_top = em_top(mark, Role.XIAOBIAOSONG)
    assert mark_top == pytest.approx(std.LETTER_MARK_TOP.mm, abs=tol_mark)  # from the paper's top
    ink = red_ink_top(pdf, 1, 10, 60)
    assert ink is not None and ink == pytest.approx(std.LETTER_MARK_TOP.mm + 0.5, abs=1)
    strokes = red_runs(pdf, 1)
    assert len(strokes) == 4, strokes
    (t1, b1, _, _), (t2, b2, _, _), (t3, b3, _, _), (t4, b4, _, _) = strokes
    for _, _, a, b in strokes:
        assert b - a == pytest.approx(170, abs=0.5)
        assert (a + b) / 2 == pytest.approx(CENTRE, abs=0.5)
    mark_bottom = mark_top + mark.size * 25.4 / 72
    assert t1 - mark_bottom == pytest.approx(4, abs=0.5)  # 4 mm below the mark
    assert b1 - t1 > b2 - t2  # 上粗下细
    assert b4 == pytest.approx(297 - 20, abs=0.5)  # 20 mm above the paper's bottom edge
    assert b3 - t3 < b4 - t4  # 上细下粗
    # 份号 left, 发文字号 right, 7/8 of a 3号 height below the double line
    copy = next(ln for ln in p1.lines if ln.text.startswith("000045"))
    assert copy.x0 == pytest.approx(LEFT, abs=0.3)
    assert copy.x1 == pytest.approx(RIGHT, abs=0.5)  # ends with the 发文字号, flush right
    assert em_top(copy) - b2 == pytest.approx(std.LETTER_BELOW_RULE.mm, abs=0.5)
    title = next(ln for ln in p1.lines if ln.size == std.TITLE_SIZE.pt)
    assert title.baseline - copy.baseline == pytest.approx(3 * PITCH, abs=1.5)  # 二行 below
    # no page number on page 1; page 2 numbered and no double line there
    assert folio_lines(p1) == []
    assert [re.sub(r"\s", "", f.text) for f in folio_lines(pages[1])] == ["—2—"]
    assert red_runs(pdf, 2) == []


def test_pdf_letter(out) -> None:  # type: ignore[no-untyped-def]
    _letter_checks(out["letter"].pdf, 1)


@pytest.mark.slow
def test_office_letter(out) -> None:  # type: ignore[no-untyped-def]
    if out["letter"].office is None:
        pytest.skip("LibreOffice is not installed")
    _letter_checks(out["letter"].office, 1.5)


def _order_checks(pdf, tol: float, body_tol: float = 0.3) -> None:  # type: ignore[no-untyped-def]
    p1 = read_pdf(pdf)[0]
    mark = marks(p1)[0]
    assert mark.text == "常德市人民政府令"
    top = em_top(mark, Role.XIAOBIAOSONG)
    assert top == pytest.approx((std.MARGIN_TOP + std.ORDER_MARK_TOP).mm, abs=tol)
    number = next(ln for ln in p1.lines if ln.text == "第1号")
    assert (number.x0 + number.x1) / 2 == pytest.approx(CENTRE, abs=1)
    assert em_top(number) - (top + mark.size * 25.4 / 72) == pytest.approx(TWO_LINES, abs=0.5)
    first = next(ln for ln in body_lines(p1) if ln.text.startswith("《"))
    assert first.baseline - number.baseline == pytest.approx(3 * PITCH, abs=body_tol)  # 正文 二行 below
    assert not any(ln.size == std.TITLE_SIZE.pt for ln in p1.lines)  # no 标题 line
    assert red_runs(pdf, 1) == []  # no separator in the order format


def test_pdf_order(out) -> None:  # type: ignore[no-untyped-def]
    _order_checks(out["order"].pdf, 1)


@pytest.mark.slow
def test_office_order(out) -> None:  # type: ignore[no-untyped-def]
    if out["order"].office is None:
        pytest.skip("LibreOffice is not installed")
    # LibreOffice sets a snapped grid line's baseline ~0.6 mm lower in its row than an exact-height line's
    _order_checks(out["order"].office, 1.5, body_tol=0.8)


def _attendance_checks(pdf) -> None:  # type: ignore[no-untyped-def]
    lines = [ln for p in read_pdf(pdf) for ln in body_lines(p)]
    i = next(k for k, ln in enumerate(lines) if ln.text.startswith("出席："))
    present, wrapped = lines[i], lines[i + 1]
    assert present.x0 == pytest.approx(LEFT + 2 * CHAR, abs=0.5)
    assert lines[i + 2].text.startswith("请假：") and lines[i + 3].text.startswith("列席：")
    assert lines[i + 2].x0 == pytest.approx(present.x0, abs=0.3)
    with pdfplumber.open(pdf) as doc:
        chars = [c for page in doc.pages for c in page.chars]
    text = "".join(c["text"] for c in chars)
    k = text.index("出席：")
    label_font, name_font = chars[k]["fontname"], chars[k + 3]["fontname"]
    assert "Hei" in label_font and "Fang" in name_font
    after_colon = chars[k + 3]["x0"] * 25.4 / 72
    assert wrapped.x0 == pytest.approx(after_colon, abs=0.5)  # wrapped names after the colon


def test_pdf_minutes(out) -> None:  # type: ignore[no-untyped-def]
    p1 = read_pdf(out["minutes"].pdf)[0]
    mark = marks(p1)[0]
    assert mark.text == "常德市人民政府常务会议纪要"
    assert em_top(mark, Role.XIAOBIAOSONG) == pytest.approx(72, abs=1)
    _attendance_checks(out["minutes"].pdf)


@pytest.mark.slow
def test_office_minutes(out) -> None:  # type: ignore[no-untyped-def]
    if out["minutes"].office is None:
        pytest.skip("LibreOffice is not installed")
    _attendance_checks(out["minutes"].office)
