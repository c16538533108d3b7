"""落款 (§7.3.5) with seals, 签名章 and 联合行文, measured in docgen's PDF and LibreOffice's rendering of the
DOCX: seal centred on the date, its top within one line below the last body line, 署名/date below its
centre; 签名章 geometry; joint seals apart and inside the 版心."""

from __future__ import annotations

import itertools
import zipfile

import pytest
from measure import TextLine, body_lines
from signoff_docs import DOCS, Box, Output, images, outputs, pages  # noqa: F401  (fixture)

from docgen import standard as std
from docgen.model import Signoff
from docgen.render.docx.signoff import docx_measure
from docgen.render.pdf.signoff import pdf_measure
from docgen.typeset.fonts import resolve
from docgen.typeset.signblock import sign_block

pytestmark = pytest.mark.slow
KINDS = ("pdf", "office")
PITCH = std.LINE_PITCH.mm
CHAR = std.CHAR_PITCH.mm
RIGHT = (std.MARGIN_LEFT + std.TEXT_WIDTH).mm
DATE = "2018年3月16日"


def text_of(line: TextLine) -> str:
    return line.text.replace(" ", "")


def find(page_lines: list[TextLine], text: str) -> TextLine:
    return next(ln for ln in page_lines if text_of(ln) == text)


def last_body(page_lines: list[TextLine], before: float) -> TextLine:
    return max(
        (ln for ln in page_lines if ln.bottom < before and text_of(ln).endswith("。")),
        key=lambda ln: ln.bottom,
    )


def signoff_page(pdf, date: str = DATE):
    for p in pages(pdf):
        if any(text_of(ln) == date for ln in body_lines(p)):
            return p
    raise AssertionError("no date")


@pytest.mark.parametrize("kind", KINDS)
def test_sealed_single(outputs: dict[str, Output], kind: str) -> None:  # noqa: F811
    pdf = getattr(outputs["a"], kind)
    page = signoff_page(pdf)
    lines = body_lines(page)
    organ, date = find(lines, "常德市民政局"), find(lines, DATE)
    (seal,) = images(pdf, page.number)
    assert seal.x1 - seal.x0 == pytest.approx(42, abs=0.3) and seal.bottom - seal.top == pytest.approx(
        42, abs=0.3
    )
    # date right 4 字; 署名 centred over it; the seal centred on both
    assert RIGHT - date.x1 == pytest.approx(std.DATE_SEALED_RIGHT_CHARS * CHAR, abs=0.5)
    assert (organ.x0 + organ.x1) / 2 == pytest.approx((date.x0 + date.x1) / 2, abs=1)
    assert seal.cx == pytest.approx((date.x0 + date.x1) / 2, abs=1)
    # top within one line below the last body line; 署名 and date below the seal's centre, pressed by it
    body = last_body(lines, organ.top)
    assert body.bottom <= seal.top <= body.bottom + PITCH
    assert seal.cy < organ.top < date.top < seal.bottom
    assert (organ.top + organ.bottom) / 2 - seal.cy < PITCH


@pytest.mark.parametrize("kind", KINDS)
def test_signature_stamp(outputs: dict[str, Output], kind: str) -> None:  # noqa: F811
    """§7.3.5.3: two empty lines below the body, 签名章 right 4 字, 职务 2 字 to its left and vertically
    centred on it, the date right 4 字 after one empty line below the 签名章."""
    pdf = getattr(outputs["b"], kind)
    page = signoff_page(pdf)
    lines = body_lines(page)
    title, date = find(lines, "局长"), find(lines, DATE)
    (stamp,) = images(pdf, page.number)
    assert RIGHT - stamp.x1 == pytest.approx(std.SIGNATURE_STAMP_RIGHT_CHARS * CHAR, abs=0.5)
    assert stamp.x0 - title.x1 == pytest.approx(std.SIGNATURE_TITLE_GAP_CHARS * CHAR, abs=0.6)
    assert (title.top + title.bottom) / 2 == pytest.approx(stamp.cy, abs=1.5)
    body = last_body(lines, title.top)
    assert title.baseline - body.baseline == pytest.approx(3 * PITCH, abs=0.3)
    assert RIGHT - date.x1 == pytest.approx(std.SIGNATURE_STAMP_RIGHT_CHARS * CHAR, abs=0.5)
    assert PITCH <= date.top - stamp.bottom < 2 * PITCH + 3


@pytest.mark.parametrize("kind", KINDS)
def test_joint_sealed(outputs: dict[str, Output], kind: str) -> None:  # noqa: F811
    pdf = getattr(outputs["c"], kind)
    page = signoff_page(pdf)
    lines = body_lines(page)
    seals = images(pdf, page.number)
    assert len(seals) == 3
    assert len({round(s.top) for s in seals}) == 1  # one tidy row
    for s, t in itertools.combinations(seals, 2):
        assert ((s.cx - t.cx) ** 2 + (s.cy - t.cy) ** 2) ** 0.5 > (s.x1 - s.x0)  # round seals: apart
    assert min(s.x0 for s in seals) >= std.MARGIN_LEFT.mm - 0.1 and max(s.x1 for s in seals) <= RIGHT + 0.1
    date = find(lines, DATE)
    assert seals[-1].cx == pytest.approx((date.x0 + date.x1) / 2, abs=1)
    assert seals[-1].top < date.top < seals[-1].bottom
    organs = sorted(
        (ch for ln in lines for ch in [ln] if "局" in ln.text and "常德" in ln.text),
        key=lambda ln: ln.x0,
    )
    names = "".join(text_of(ln) for ln in organs)
    for seal, name in zip(seals, ("常德市民政局", "常德市财政局", "常德市教育局"), strict=True):
        assert name in names
        chars = _chars_of(pdf, page.number, name)
        assert chars.cx == pytest.approx(seal.cx, abs=1)
        assert seal.cy < chars.top < seal.bottom
    body = last_body(lines, min(s.top for s in seals) + PITCH)
    assert body.bottom <= min(s.top for s in seals) <= body.bottom + PITCH


def _chars_of(pdf, page: int, text: str) -> Box:
    import pdfplumber

    k = 72 / 25.4
    with pdfplumber.open(pdf) as doc:
        chars = [c for c in doc.pages[page - 1].chars if c["text"].strip()]
    for i in range(len(chars) - len(text) + 1):
        run = chars[i : i + len(text)]
        if "".join(c["text"] for c in run) == text:
            return Box(run[0]["x0"] / k, run[-1]["x1"] / k, run[0]["top"] / k, run[0]["bottom"] / k)
    raise AssertionError(text)


@pytest.mark.parametrize("kind", KINDS)
def test_unsealed_joint(outputs: dict[str, Output], kind: str) -> None:  # noqa: F811
    """§7.3.5.2: 主办机关 first, the other below it; the date 2 字 right of the 署名's first character."""
    pdf = getattr(outputs["b3"], kind)
    page = signoff_page(pdf)
    lines = body_lines(page)
    first, second, date = find(lines, "常德市民政局"), find(lines, "常德市财政局"), find(lines, DATE)
    assert second.baseline - first.baseline == pytest.approx(PITCH, abs=0.2)
    assert date.baseline - second.baseline == pytest.approx(PITCH, abs=0.2)
    assert first.x0 == pytest.approx(second.x0, abs=0.3)
    assert (date.x0 - first.x0) / CHAR == pytest.approx(std.DATE_OFFSET_CHARS, abs=0.1)
    assert images(pdf, page.number) == []


@pytest.mark.parametrize("kind", KINDS)
def test_signoff_never_alone(outputs: dict[str, Output], kind: str) -> None:  # noqa: F811
    """§7.3.5.5: the 落款 and its seal stay with body text; never a page of only a signature."""
    pdf = getattr(outputs["keep"], kind)
    page = signoff_page(pdf)
    lines = body_lines(page)
    organ = find(lines, "常德市民政局")
    assert any(ln.bottom < organ.top and text_of(ln).endswith("。") for ln in lines)
    (seal,) = images(pdf, page.number)
    assert seal.bottom <= std.TEXT_BOTTOM.mm + 3  # the seal is on the page, not cut off


def test_docx_seal_is_a_floating_picture(outputs: dict[str, Output]) -> None:  # noqa: F811
    with zipfile.ZipFile(outputs["a"].docx) as z:
        xml = z.read("word/document.xml").decode()
        media = [n for n in z.namelist() if n.startswith("word/media/")]
    assert xml.count("<wp:anchor ") == 1 and "<wp:inline" not in xml
    anchor = xml[xml.index("<wp:anchor ") : xml.index("</wp:anchor>")]
    assert 'behindDoc="0"' in anchor and "<wp:wrapNone/>" in anchor and "r:embed=" in anchor
    assert 'relativeFrom="paragraph"' in anchor
    # anchored in the date paragraph
    para = xml[: xml.index("<wp:anchor ")].rsplit("<w:p>", 1)[-1].rsplit("<w:p ", 1)[-1]
    assert DATE in para
    assert len(media) == 1


def test_geometry_in_units() -> None:
    """The same block in both measures: only the date's width differs (LibreOffice's digit spacing)."""
    fonts = resolve()
    s = DOCS["a"].signoff
    assert isinstance(s, Signoff)
    pdf, docx = sign_block(s, pdf_measure(fonts)), sign_block(s, docx_measure(fonts))
    assert pdf.date_row == docx.date_row == 3  # two empty rows, 署名, date (A8.2)
    (stamp,) = pdf.stamps
    assert 0 <= stamp.top < 1  # top within the first row below the body
    assert stamp.cx == pytest.approx(pdf.rows[3][0].centre)
    assert docx.stamps[0].cx == pytest.approx(docx.rows[3][0].centre)
    assert docx.rows[3][0].width > pdf.rows[3][0].width + 0.5
