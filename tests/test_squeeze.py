"""A8.9 (§7.3.5.5): when the 落款 does not fit under the last body line, the lines are set closer instead of
leaving it on a page of its own — and beyond what closer lines can do, the last body lines go with it."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
from conftest import docx_to_pdf
from measure import body_lines, read_pdf

from docgen import standard as std
from docgen.model import Document, Meta, Paragraph, Signoff, Title
from docgen.render import render_formats
from docgen.render.options import RenderOptions
from docgen.typeset.fonts import resolve
from docgen.typeset.plan import PagePlan

PITCH = std.LINE_PITCH.mm


def document(lines: int, sealed: bool = False) -> Document:
    """A title and ``lines`` body lines of pure Chinese text (two-line paragraphs), then the 落款."""
    paras = [Paragraph("国" * 54) for _ in range(lines // 2)] + ([Paragraph("国" * 26)] if lines % 2 else [])
    return Document(
        Meta("t", "常德市民政局"),
        Title("关于测试的通知"),
        tuple(paras),
        signoff=Signoff("常德市民政局", dt.date(2024, 1, 5), sealed=sealed),
    )


def pdf_and_plan(doc: Document) -> tuple[bytes, PagePlan]:
    blobs, plan, _ = render_formats(doc, ("pdf",), resolve(), RenderOptions())
    return blobs["pdf"], plan


@pytest.fixture(scope="module")
def squeezed(tmp_path_factory: pytest.TempPathFactory):
    fonts = resolve()
    out = tmp_path_factory.mktemp("squeeze")
    doc = document(19)
    blobs, plan, _ = render_formats(doc, ("pdf", "docx"), fonts, RenderOptions())
    (out / "s.pdf").write_bytes(blobs["pdf"])
    (out / "s.docx").write_bytes(blobs["docx"])
    return out, plan


def test_pdf_sets_lines_closer_and_keeps_one_page(squeezed) -> None:
    out, plan = squeezed
    assert plan.squeeze is not None and plan.page_count == 1
    assert std.SQUEEZE_MIN_PITCH.pt <= plan.squeeze.pitch < std.LINE_PITCH.pt
    (page,) = read_pdf(out / "s.pdf")
    lines = body_lines(page)
    assert [ln.text for ln in lines[-2:]] == ["常德市民政局", "2024年1月5日"]
    body = [ln for ln in lines if ln.size == std.BODY_SIZE.pt][:-2]
    steps = {round(b.baseline - a.baseline, 2) for a, b in itertools.pairwise(body)}
    assert steps == {round(plan.squeeze.pitch * 25.4 / 72, 2)}  # evenly, at the squeezed pitch
    assert lines[-1].bottom <= std.TEXT_BOTTOM.mm


def test_docx_follows_the_same_decision(squeezed) -> None:
    out, _plan = squeezed
    pages = read_pdf(docx_to_pdf(out / "s.docx", out))
    assert len(pages) == 1
    lines = body_lines(pages[0])
    assert [ln.text for ln in lines[-2:]] == ["常德市民政局", "2024年1月5日"]


def test_beyond_the_least_pitch_the_last_lines_go_with_the_signoff() -> None:
    _pdf, plan = pdf_and_plan(document(21))
    assert plan.squeeze is None and plan.page_count == 2


def test_a_page_that_fits_is_not_touched(tmp_path: Path) -> None:
    pdf, plan = pdf_and_plan(document(15))
    assert plan.squeeze is None and plan.page_count == 1
    (tmp_path / "f.pdf").write_bytes(pdf)
    lines = body_lines(read_pdf(tmp_path / "f.pdf")[0])
    assert round(lines[3].baseline - lines[2].baseline, 2) == round(PITCH, 2)


def test_sealed_signoff_squeezed_with_its_seal(tmp_path: Path) -> None:
    import pdfplumber

    from docgen.data.images import load_image
    from docgen.source import SourceRef

    seal = load_image(
        Path(__file__).resolve().parent.parent / "inputs" / "seals" / "specimen-seal.png", SourceRef("x")
    )
    doc = document(18, sealed=True)
    doc = Document(
        doc.meta, doc.title, doc.body, signoff=Signoff("常德市民政局", dt.date(2024, 1, 5), True, seal)
    )
    pdf, plan = pdf_and_plan(doc)
    assert plan.squeeze is not None and plan.page_count == 1
    (tmp_path / "s.pdf").write_bytes(pdf)
    lines = body_lines(read_pdf(tmp_path / "s.pdf")[0])
    last_body = [ln for ln in lines if ln.text.startswith("国")][-1]
    with pdfplumber.open(tmp_path / "s.pdf") as p:
        (img,) = p.pages[0].images
    top = img["top"] * 25.4 / 72
    # §7.3.5.1: the seal's top within one line below the last body line, even squeezed
    assert last_body.bottom - 1 <= top <= last_body.baseline + plan.squeeze.pitch * 25.4 / 72 + 1


def test_signoff_never_alone_when_squeezing_cannot_help(tmp_path: Path) -> None:
    pdf, _plan = pdf_and_plan(document(21))
    (tmp_path / "k.pdf").write_bytes(pdf)
    last = body_lines(read_pdf(tmp_path / "k.pdf")[-1])
    assert any(ln.text.startswith("国") for ln in last)  # body lines came along with the 落款
