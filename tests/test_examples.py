"""Every example in inputs/ renders (PDF and DOCX), and the 版记 example lands in the case it stands for."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXED_TIME, ROOT

from docgen import api
from docgen.render.options import RenderOptions
from docgen.typeset.plan import ColophonPlacement

EXAMPLES = sorted(p for p in (ROOT / "inputs").glob("*.yaml") if "errors" not in p.name)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_renders(path: Path, tmp_path: Path) -> None:
    result = api.render(path, tmp_path, options=RenderOptions(timestamp=FIXED_TIME))
    assert sorted(p.suffix for p in result.outputs) == [".docx", ".pdf"]
    assert all(p.stat().st_size > 1000 for p in result.outputs)
    assert result.warnings == []
    assert result.plan is not None
    if result.plan.colophon is not ColophonPlacement.NONE:  # a 版记 ends the document on an even page
        assert result.plan.page_count % 2 == 0


def test_blank_page_example_is_case_c() -> None:
    doc = api.prepare(ROOT / "inputs" / "notice-blank-page-2024.yaml").document
    _, plan, _ = api.render_document(doc, ("pdf",), RenderOptions())
    assert plan.colophon is ColophonPlacement.AFTER_BLANK
    assert plan.numbered == (True, True, False, False)


def test_svg_seal_reaches_the_docx_as_png(tmp_path: Path) -> None:
    import zipfile

    text = (ROOT / "inputs" / "letter-2024.yaml").read_text(encoding="utf-8")
    svg = ROOT / "docgen" / "assets" / "seal-specimen.svg"
    data = tmp_path / "letter.yaml"
    data.write_text(text.replace("seal: seals/specimen-seal.png", f"seal: {svg}"), encoding="utf-8")
    result = api.render(data, tmp_path, options=RenderOptions(timestamp=FIXED_TIME))
    docx = next(p for p in result.outputs if p.suffix == ".docx")
    with zipfile.ZipFile(docx) as z:
        pngs = [z.read(n) for n in z.namelist() if n.startswith("word/media/") and n.endswith(".png")]
    seal = max(pngs, key=len)
    assert seal.startswith(b"\x89PNG") and len(seal) > 10_000
    from io import BytesIO

    from PIL import Image

    assert Image.open(BytesIO(seal)).mode == "RGBA"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_element_has_user_agent_styles(path: Path) -> None:
    """docgen gives WeasyPrint its own user-agent stylesheet, for the elements it writes: an element
    added to the HTML without a rule there would silently be laid out inline."""
    import re

    from docgen.render.pdf.css import UA_STYLESHEET
    from docgen.render.pdf.html import build_tree
    from docgen.typeset.fonts import resolve

    styled = set(re.findall(r"\b[a-z][a-z0-9]*\b", re.sub(r"\{[^}]*\}", "", UA_STYLESHEET))) | {"span"}
    doc = api.prepare(path).document
    for options in (RenderOptions(), RenderOptions(draft=True)):
        tags = {e.tag for e in build_tree(doc, resolve(), options).iter()}
        assert tags <= styled, tags - styled
