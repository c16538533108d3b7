"""附件说明 (§7.3.4), 附注 (§7.3.6) and 附件 (§7.3.7), measured on both renderings."""

from __future__ import annotations

import re

import pdfplumber
import pytest
from masthead_docs import rendered
from measure import body_lines, folio_lines, read_pdf

from docgen import standard as std

LEFT = std.MARGIN_LEFT.mm
RIGHT = (std.MARGIN_LEFT + std.TEXT_WIDTH).mm
PITCH = std.LINE_PITCH.mm
CHAR = std.CHAR_PITCH.mm


@pytest.fixture(scope="module")
def out(tmp_path_factory):  # type: ignore[no-untyped-def]
    return rendered(tmp_path_factory)


def chars_x(pdf, text: str) -> list[float]:  # type: ignore[no-untyped-def]
    """x (mm) of the first character of every line starting with ``text``'s first char sequence."""
    xs = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            chars = page.chars
            s = "".join(c["text"] for c in chars)
            for m in re.finditer(re.escape(text), s):
                xs.append(chars[m.start()]["x0"] * 25.4 / 72)
    return xs


def test_pdf_attachment_notes(out) -> None:  # type: ignore[no-untyped-def]
    pages = read_pdf(out["notice"].pdf)
    lines = [ln for p in pages for ln in body_lines(p)]
    i = next(k for k, ln in enumerate(lines) if ln.text.startswith("附件："))
    first, second, wrapped = lines[i], lines[i + 1], lines[i + 2]
    assert first.text.startswith("附件：1.") and second.text.startswith("2.")
    assert first.x0 == pytest.approx(LEFT + 2 * CHAR, abs=0.3)  # 左空二字
    assert first.baseline - lines[i - 1].baseline == pytest.approx(2 * PITCH, abs=0.05)  # 下空一行
    (x_num1,) = chars_x(out["notice"].pdf, "1.常德市政府")
    assert second.x0 == pytest.approx(x_num1, abs=0.3)  # numbers under each other
    x_name1 = chars_x(out["notice"].pdf, "常德市政府信息公开工作考核评分细则")[0]
    x_name2 = chars_x(out["notice"].pdf, "常德市政府信息公开工作年度报告编写")[0]
    assert x_name2 == pytest.approx(x_name1, abs=0.5)  # names under the first name
    assert wrapped.x0 == pytest.approx(x_name1, abs=0.5)  # a long name wraps under its first character
    assert not re.search(r"[。，；：]$", wrapped.text)


def test_pdf_note_after_date(out) -> None:  # type: ignore[no-untyped-def]
    lines = [ln for p in read_pdf(out["notice"].pdf) for ln in body_lines(p)]
    i = next(k for k, ln in enumerate(lines) if ln.text == "（此件公开发布）")
    assert lines[i - 1].text == "2024年3月16日"
    assert lines[i].baseline - lines[i - 1].baseline == pytest.approx(PITCH, abs=0.05)
    assert lines[i].x0 == pytest.approx(LEFT + 2 * CHAR, abs=0.3)


def _check_attachment_pages(pages, labels: dict[str, str], origin: float, tol: float) -> None:  # type: ignore[no-untyped-def]
    starts = {}
    for p in pages:
        body = body_lines(p)
        if body and body[0].text in labels:
            starts[body[0].text] = p
    assert set(starts) == set(labels)
    numbers = [p.number for p in starts.values()]
    assert numbers == sorted(numbers) and min(numbers) > 1
    for label, p in starts.items():
        body = body_lines(p)
        head, title = body[0], body[1]
        assert head.x0 == pytest.approx(LEFT, abs=0.3)
        assert head.size == std.BODY_SIZE.pt
        assert (head.baseline - origin) == pytest.approx(0, abs=tol)  # line 1
        assert title.text.startswith(labels[label][:6]) and title.size == std.TITLE_SIZE.pt
        # line 3 (the title's baseline sits in row 2; 22 pt glyphs sit a little lower in their row)
        assert 2 * PITCH - 0.2 <= title.baseline - head.baseline <= 2 * PITCH + 1.3
        assert (title.x0 + title.x1) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=1)
    # page numbers continue through the attachments
    for p in pages:
        folio = folio_lines(p)
        assert len(folio) == 1 and re.sub(r"\s", "", folio[0].text) == f"—{p.number}—"


def test_pdf_attachments_on_new_pages(out) -> None:  # type: ignore[no-untyped-def]
    doc = out["notice"].doc
    pages = read_pdf(out["notice"].pdf)
    origin = body_lines(pages[1])[0].baseline
    labels = {a.label: a.title for a in doc.attachments}
    _check_attachment_pages(pages, labels, origin, 0.05)
    req = read_pdf(out["request"].pdf)
    _check_attachment_pages(
        req, {"附件": "2024年社会救助专项资金测算表"}, body_lines(req[1])[0].baseline, 0.05
    )


@pytest.mark.slow
def test_office_attachments_notes_and_note(out) -> None:  # type: ignore[no-untyped-def]
    office = out["notice"].office
    if office is None:
        pytest.skip("LibreOffice is not installed")
    pages = read_pdf(office)
    origin = body_lines(pages[1])[0].baseline
    labels = {a.label: a.title for a in out["notice"].doc.attachments}
    _check_attachment_pages(pages, labels, origin, 0.35)
    lines = [ln for p in pages for ln in body_lines(p)]
    i = next(k for k, ln in enumerate(lines) if ln.text.startswith("附件："))
    assert lines[i].x0 == pytest.approx(LEFT + 2 * CHAR, abs=0.5)
    assert lines[i + 1].text.startswith("2.")
    x_num1 = chars_x(office, "1.")[0]
    assert lines[i + 1].x0 == pytest.approx(x_num1, abs=0.5)
    x_name1 = chars_x(office, "常德市政府信息公开工作考核评分细则")[0]
    assert chars_x(office, "常德市政府信息公开工作年度报告编写")[0] == pytest.approx(x_name1, abs=0.5)
    assert lines[i + 2].x0 == pytest.approx(x_name1, abs=0.5)
    j = next(k for k, ln in enumerate(lines) if ln.text == "（此件公开发布）")
    assert lines[j - 1].text.replace(" ", "") == "2024年3月16日"
    assert lines[j].x0 == pytest.approx(LEFT + 2 * CHAR, abs=0.5)
