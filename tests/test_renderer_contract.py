"""One renderer contract: every output format has one renderer in one registry (docgen.render.RENDERERS),
all with the signature ``(Document, PagePlan, FontSet, RenderOptions) -> Rendered``, following the PagePlan
of the one pagination step (``docgen.render.paginate``); both layout renderers reach every block type of
docgen/model.py the same way (one dispatch table, render/dispatch.py), both refuse a block type they do not
know, and both name their modules for the parts of a 公文 they write."""

from __future__ import annotations

import ast
import inspect
import io
import os
import subprocess
import sys
import typing
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import FIXED_TIME, ROOT
from lxml import etree
from measure import read_pdf

from docgen import api, model
from docgen.errors import LayoutError
from docgen.model import Attendance, Cell, Document, Heading, Meta, Paragraph, Table, Title
from docgen.render import RENDERERS, Rendered, dispatch, paginate, render_formats
from docgen.render.docx import DocxWriter, render_docx
from docgen.render.options import RenderOptions
from docgen.render.pdf.html import HtmlBuilder
from docgen.typeset.fonts import FontSet, resolve
from docgen.typeset.plan import PagePlan

VISITORS = (HtmlBuilder, DocxWriter)

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


@pytest.mark.parametrize("renderer", VISITORS, ids=lambda r: r.__name__)
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


def _imported(path: Path) -> list[str]:
    """Every module ``path`` imports, as written (relative imports without their dots)."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            names.append(node.module or "")
        elif isinstance(node, ast.Import):
            names += [a.name for a in node.names]
    return names


def test_the_docx_writer_does_not_run_the_pdf_engine() -> None:
    """The PagePlan comes from the one pagination step, through the caller: no module of render/docx/
    imports the PDF renderer, and a 版记 without a plan is refused rather than laid out by the writer."""
    root = RENDER / "docx"
    modules = [*root.glob("*.py"), *root.glob("*/*.py")]
    assert len(modules) > 10
    for path in modules:
        for name in _imported(path):
            assert "pdf" not in name.split("."), (path.name, name)
    doc = api.prepare(Path(__file__).resolve().parent.parent / "inputs" / "notice-2024.yaml").document
    assert doc.colophon is not None
    with pytest.raises(ValueError, match="PagePlan"):
        render_docx(doc, None, resolve(), RenderOptions(timestamp=FIXED_TIME))


RENDER = Path(__file__).resolve().parent.parent / "docgen" / "render"


def test_the_layout_engine_knows_nothing_of_finalize() -> None:
    """render/pdf/engine.py lays out, for every variant alike: what a 定稿 adds (properties, PDF/A,
    associated files) is the PDF writer's (render/pdf/writer.py), so the engine imports nothing of it."""
    names = _imported(RENDER / "pdf" / "engine.py")
    assert any("weasy" in n for n in names)  # the scan sees the engine's imports
    assert not [n for n in names if "finalize" in n.split(".")], names


def test_the_registry_covers_every_output_format() -> None:
    """Every format the CLI offers (api.OUTPUT_FORMATS) has its renderer, and no renderer is unreachable."""
    assert tuple(RENDERERS) == api.OUTPUT_FORMATS
    assert set(api.FORMATS) <= set(RENDERERS)


def test_every_renderer_has_the_one_signature() -> None:
    """(Document, PagePlan, FontSet, RenderOptions) -> Rendered, the plan required: no renderer lays out
    for itself or takes another renderer's output."""
    expected = [Document, PagePlan, FontSet, RenderOptions]
    names = set()
    for fmt in RENDERERS:
        renderer = RENDERERS[fmt]
        params = list(inspect.signature(renderer).parameters.values())
        hints = typing.get_type_hints(renderer)
        assert [hints[p.name] for p in params] == expected, fmt
        assert hints["return"] is Rendered, fmt
        assert all(p.default is inspect.Parameter.empty for p in params), fmt
        names.add(tuple(p.name for p in params))
    assert len(names) == 1, names  # the same parameter names too: callable by keyword alike


def test_one_layout_pass_serves_every_format(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pagination step lays the document out once; the PDF writes those pages, the OFD reads that PDF,
    the DOCX follows the plan: nobody lays out again. The plan returned no longer holds the pages."""
    from docgen.render.pdf import engine

    calls: list[Document] = []
    real = engine.layout_document
    monkeypatch.setattr(engine, "layout_document", lambda doc, *a: calls.append(doc) or real(doc, *a))
    doc = Document(meta=Meta("一次", "docgen"), title=Title("一次排版"), body=(Paragraph("正文。"),))
    blobs, plan, warnings = render_formats(doc, ("ofd", "docx", "pdf"), resolve(), RenderOptions())
    assert calls == [doc]
    assert list(blobs) == ["pdf", "docx", "ofd"] and warnings == []
    assert plan.layout is None and plan.page_count == 1


def test_a_plan_made_elsewhere_is_laid_out_anew() -> None:
    """A PagePlan without pages for these data (made by hand, or paginated for other options) gives the
    same PDF as the pipeline, not a PDF of other pages."""
    doc = Document(meta=Meta("另排", "docgen"), title=Title("另行排版"), body=(Paragraph("正文。"),))
    fonts, options = resolve(), RenderOptions(timestamp=FIXED_TIME)
    piped = render_formats(doc, ("pdf",), fonts, options)[0]["pdf"]
    assert RENDERERS["pdf"](doc, PagePlan.simple(1), fonts, options).data == piped
    draft = paginate(doc, fonts, RenderOptions(timestamp=FIXED_TIME, draft=True))
    assert RENDERERS["pdf"](doc, draft, fonts, options).data == piped
    with pytest.raises(LayoutError):
        RENDERERS["pdf"](doc, PagePlan.simple(2), fonts, options)


def test_unknown_format_is_a_defect() -> None:
    doc = Document(meta=Meta("t", "a"), title=Title("标题"), body=())
    with pytest.raises(ValueError, match="xml"):
        render_formats(doc, ("pdf", "xml"), resolve(), RenderOptions())


def test_the_laid_out_pages_are_freed_with_the_render() -> None:
    """The pages the plan carried are let go inside the render's one collection (engine.one_collection),
    so a render leaves no cyclic garbage behind it: with the automatic collector off, as in a batch
    worker between documents, nothing is left for a later collection to find."""
    import gc

    doc = Document(meta=Meta("释放", "docgen"), title=Title("释放排版"), body=(Paragraph("正文。"),))
    render_formats(doc, ("pdf", "docx"), resolve(), RenderOptions())  # caches filled, survivors frozen
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        render_formats(doc, ("pdf", "docx"), resolve(), RenderOptions())
        assert gc.collect() == 0
    finally:
        if enabled:
            gc.enable()


def test_the_registry_loads_a_renderer_only_when_asked() -> None:
    """``docgen.render`` (and so ``render.options``, which the CLI imports at start) names its renderers
    without importing them: WeasyPrint and python-docx load only for a render."""
    import subprocess
    import sys

    code = (
        "import sys; import docgen.render, docgen.render.options, docgen.api; "
        "print(sorted(m for m in ('weasyprint', 'docx', 'docgen.render.pdf') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_first_document_s_collection_walks_only_what_it_made() -> None:
    """What the process holds before its first document (modules, classes) is frozen out of collections
    before that document is laid out, not after a full collection: that collection walked every object
    of the process, ~50 ms of a single cold ``docgen render``. Run in a fresh process (the freeze is once
    per process)."""
    code = (
        "import gc\n"
        "from docgen.render.pdf import engine\n"
        "assert gc.get_freeze_count() == 0 and not engine._frozen\n"
        "with engine.one_collection():\n"
        "    frozen = gc.get_freeze_count()\n"
        "    assert frozen > 10000, frozen\n"
        "    junk = [[i] for i in range(1000)]\n"
        "assert engine._frozen and gc.get_freeze_count() >= frozen\n"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
