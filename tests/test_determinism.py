"""Rendering is a function of its inputs: the same data rendered twice in one process gives the same bytes,
PDF and DOCX, for every example (masthead, seals, 版记, drafts, attachments), and no renderer reads the clock.

Two renders in one process is the case that matters: a counter or cache that outlives one document (the
masthead's drawing ids once did) shows only from the second render on.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from conftest import FIXED_TIME, ROOT

from docgen import api
from docgen.render import paginate
from docgen.render.docx import render_docx
from docgen.render.options import UNDATED, RenderOptions
from docgen.typeset.fonts import resolve

EXAMPLES = sorted((ROOT / "inputs").glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_renders_the_same_bytes_twice(path: Path) -> None:
    doc = api.prepare(path).document
    # the errors example renders only as a draft; the others plain (drafts: the 草稿 mark is covered too)
    options = RenderOptions(timestamp=FIXED_TIME, draft="errors" in path.name)
    first, _, _ = api.render_document(doc, ("pdf", "docx"), options)
    second, _, _ = api.render_document(doc, ("pdf", "docx"), options)
    assert first["pdf"] == second["pdf"]
    if first["docx"] != second["docx"]:
        with (
            zipfile.ZipFile(io.BytesIO(first["docx"])) as a,
            zipfile.ZipFile(io.BytesIO(second["docx"])) as b,
        ):
            differ = [n for n in a.namelist() if a.read(n) != b.read(n)]
        pytest.fail(f"{path.name}: the second DOCX differs in {differ}")


def test_drawing_ids_start_afresh_for_each_document() -> None:
    """The 发文机关标志's text box takes the first drawing ids of its own document, whatever came before."""
    doc = api.prepare(ROOT / "inputs" / "notice-2024.yaml").document
    options = RenderOptions(timestamp=FIXED_TIME)
    for _ in range(2):
        blob = api.render_document(doc, ("docx",), options)[0]["docx"]
        with zipfile.ZipFile(io.BytesIO(blob)) as z:
            xml = z.read("word/document.xml").decode()
        assert 'relativeHeight="4000"' in xml and '<wp:docPr id="4001" name="发文机关标志"/>' in xml


def _core_created(docx: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        core = z.read("docProps/core.xml").decode()
    return core.split("<dcterms:created", 1)[1].split(">", 1)[1].split("<", 1)[0]


def test_the_renderer_reads_no_clock() -> None:
    """Without a time the DOCX writer records the ZIP epoch, never the wall clock: the time is its
    caller's to give."""
    doc = api.prepare(ROOT / "inputs" / "minutes-2024.yaml").document
    fonts = resolve()
    blob = render_docx(doc, paginate(doc, fonts, RenderOptions()), fonts, RenderOptions()).data
    assert _core_created(blob) == UNDATED.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_api_gives_the_renderers_the_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """api.render_document reads the clock once (api.now) and hands it to the renderers; a plain draft
    PDF stays without dates, as before."""
    when = dt.datetime(2025, 6, 1, 8, 30, tzinfo=dt.UTC)
    monkeypatch.setattr(api, "now", lambda: when)
    doc = api.prepare(ROOT / "inputs" / "minutes-2024.yaml").document
    blobs, _, _ = api.render_document(doc, ("pdf", "docx"), RenderOptions())
    assert _core_created(blobs["docx"]) == "2025-06-01T08:30:00Z"
    assert b"/CreationDate" not in blobs["pdf"]
