"""The 草稿 mark stands at one position, standard.DRAFT_MARK_EM_TOP, in the PDF and in the DOCX as
LibreOffice sets it (they once sat ~25 mm and ~20.6 mm down, from two unrelated constants)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXED_TIME, ROOT, docx_to_pdf
from measure import read_pdf

from docgen import api
from docgen import standard as std
from docgen.model import Role
from docgen.render.options import RenderOptions
from docgen.typeset.fonts import resolve
from docgen.typeset.masthead import em_ascent


@pytest.fixture(scope="module")
def marked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("draft-mark")
    doc = api.prepare(ROOT / "inputs" / "minutes-2024.yaml").document
    blobs, _, _ = api.render_document(doc, ("pdf", "docx"), RenderOptions(timestamp=FIXED_TIME, draft=True))
    (out / "m.pdf").write_bytes(blobs["pdf"])
    (out / "m.docx").write_bytes(blobs["docx"])
    return {"pdf": out / "m.pdf", "lo": docx_to_pdf(out / "m.docx", out / "lo")}


def _marks(pdf: Path) -> list[tuple[float, float]]:
    """(baseline, right edge) in mm of each line reading 草稿, page by page."""
    return [
        (ln.baseline, ln.x1)
        for page in read_pdf(pdf)
        for ln in page.lines
        if "".join(ln.text.split()) == std.DRAFT_MARK_TEXT
    ]


@pytest.mark.parametrize("which", ["pdf", "lo"])
def test_draft_mark_baseline_is_where_the_standard_module_says(which: str, marked: dict[str, Path]) -> None:
    size = std.DRAFT_MARK_SIZE
    baseline = (std.DRAFT_MARK_EM_TOP + size * em_ascent(resolve(), Role.HEI)).mm
    marks = _marks(marked[which])
    assert len(marks) == len(read_pdf(marked[which])) >= 1  # one on every page
    for y, _ in marks:
        assert y == pytest.approx(baseline, abs=0.1), (which, marks)


def test_draft_mark_same_place_in_both(marked: dict[str, Path]) -> None:
    pdf, lo = _marks(marked["pdf"]), _marks(marked["lo"])
    assert [round(y, 1) for y, _ in pdf] == [round(y, 1) for y, _ in lo]
    # right-aligned to the 版心's right edge in both (the letter-spacing after the last character hangs out)
    for (_, a), (_, b) in zip(pdf, lo, strict=True):
        assert a == pytest.approx(b, abs=0.3)
