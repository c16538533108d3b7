"""One renderer contract: both renderers reach every block type of docgen/model.py the same way (one
dispatch table, render/dispatch.py), both refuse a block type they do not know, and both name their modules
for the parts of a 公文 they write."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import FIXED_TIME
from lxml import etree
from measure import read_pdf

from docgen import api, model
from docgen.model import Attendance, Cell, Document, Heading, Meta, Paragraph, Table, Title
from docgen.render import dispatch
from docgen.render.docx import DocxWriter, render_docx
from docgen.render.options import RenderOptions
from docgen.render.pdf.html import HtmlBuilder
from docgen.typeset.fonts import resolve

RENDERERS = (HtmlBuilder, DocxWriter)

# one block of each model type, its text unmistakable in both outputs
SAMPLES: dict[type, model.Block] = {
    Heading: Heading(2, "（一）第二层标题甲"),
    Paragraph: Paragraph("正文段落乙。", lead="一是引领丙。", lead_level=2),
    Table: Table(
        rows=((Cell("表头丁", header=True), Cell("表头戊", header=True)), (Cell("己"), Cell("庚"))),
        widths=(1, 1),
        header_rows=1,
    ),
    Attendance: Attendance("出席", "辛某某、壬某某"),
}
TEXTS = {
    Heading: ["第二层标题甲"],
    Paragraph: ["一是引领丙", "正文段落乙"],
    Table: ["表头丁", "庚"],
    Attendance: ["出席", "辛某某"],
}


def test_every_block_type_has_a_sample() -> None:
    """A new block type in model.py must be added here, and so to both renderers."""
    assert set(SAMPLES) == set(model.BLOCK_TYPES) == set(TEXTS)


@pytest.mark.parametrize("renderer", RENDERERS, ids=lambda r: r.__name__)
@pytest.mark.parametrize("block_type", model.BLOCK_TYPES, ids=lambda t: t.__name__)
def test_both_renderers_dispatch_every_block_type_alike(renderer: type, block_type: type) -> None:
    assert renderer.HANDLERS is dispatch.BLOCK_HANDLERS  # the one table, not a copy
    name = renderer.HANDLERS[block_type]
    assert callable(getattr(renderer, name, None)), f"{renderer.__name__}.{name}"


@pytest.mark.parametrize("block_type", model.BLOCK_TYPES, ids=lambda t: t.__name__)
def test_every_block_type_reaches_both_outputs(block_type: type, tmp_path: Path) -> None:
    doc = Document(meta=Meta("块", "docgen"), title=Title("块类型"), body=(SAMPLES[block_type],))
    blobs, _, _ = api.render_document(doc, ("pdf", "docx"), RenderOptions(timestamp=FIXED_TIME))
    (tmp_path / "b.pdf").write_bytes(blobs["pdf"])
    pdf_text = "".join(line.text for page in read_pdf(tmp_path / "b.pdf") for line in page.lines)
    with zipfile.ZipFile(io.BytesIO(blobs["docx"])) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    docx_text = "".join(root.itertext())
    for text in TEXTS[block_type]:
        assert text in pdf_text, (text, pdf_text)
        assert text in docx_text, (text, docx_text)


def test_both_renderers_refuse_an_unknown_block_type() -> None:
    @dataclass(frozen=True)
    class Sidebar:
        text: str

    doc = Document(meta=Meta("t", "a"), title=Title("标题"), body=(Sidebar("x"),))  # type: ignore[arg-type]
    for formats in (("pdf",), ("docx",)):
        with pytest.raises(NotImplementedError, match="Sidebar"):
            api.render_document(doc, formats, RenderOptions(timestamp=FIXED_TIME))


def test_both_renderers_name_their_modules_alike() -> None:
    """Each part of a 公文 has a module of the same name in render/pdf/ and render/docx/, and the
    masthead modules hold only the 版头."""
    root = Path(__file__).resolve().parent.parent / "docgen" / "render"
    parts = {"masthead", "attachments", "note", "attendance", "signoff", "colophon", "draft"}
    for package in ("pdf", "docx"):
        modules = {p.stem for p in (root / package).glob("*.py")}
        assert parts <= modules, (package, parts - modules)
        masthead = (root / package / "masthead.py").read_text(encoding="utf-8")
        for foreign in ("attachment_notes", "doc.note", "attachments", "Attendance"):
            assert foreign not in masthead, (package, foreign)


def test_the_docx_writer_does_not_run_the_pdf_engine() -> None:
    """The PagePlan comes from the one pagination step, through the caller: no module of render/docx/
    imports the PDF renderer, and a 版记 without a plan is refused rather than laid out by the writer."""
    import ast

    root = Path(__file__).resolve().parent.parent / "docgen" / "render" / "docx"
    for path in root.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                assert "pdf" not in (node.module or "").split("."), (path.name, node.module)
    doc = api.prepare(Path(__file__).resolve().parent.parent / "inputs" / "notice-2024.yaml").document
    assert doc.colophon is not None
    with pytest.raises(ValueError, match="PagePlan"):
        render_docx(doc, None, resolve(), RenderOptions(timestamp=FIXED_TIME))
