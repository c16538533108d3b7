"""Writing the PDF: docgen's one HarfBuzz pass gives the bytes WeasyPrint's two passes gave, a face's
whole file is copied out of Pango only when something reads it, streams are deflated at level 6, Pango
layouts kept from layout to drawing change nothing."""

from __future__ import annotations

import zlib
from pathlib import Path

import pydyf
import pytest
from conftest import FIXED_TIME
from weasyprint.pdf.fonts import Font
from weasyprint.text.ffi import harfbuzz_subset
from weasyprint.text.fonts import get_hb_object_data
from weasyprint.text.line_break import Layout

from docgen import api
from docgen.model import Role
from docgen.render.options import RenderOptions
from docgen.render.pdf import deflate, fontembed, keeplayouts
from docgen.typeset.fonts import resolve

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def embedded() -> list[tuple[Font, dict[int, str], bool, bool]]:
    """Every face the annual report embeds (the Noto collection's title face among them), with the glyphs
    it uses, whether hints were kept, and whether its file was still uncopied when subsetting began."""
    seen = []
    clean = Font.clean

    def watch(font: Font, to_unicode: dict[int, str], hinting: bool) -> None:
        uncopied = isinstance(font.__dict__["_file_content"], fontembed._Deferred)
        seen.append((font, dict(to_unicode), hinting, uncopied))
        clean(font, to_unicode, hinting)

    doc = api.prepare(ROOT / "inputs" / "annual-2024-example.yaml").document
    Font.clean = watch
    try:
        api.render_document(doc, ("pdf",), RenderOptions())
    finally:
        Font.clean = clean
    assert len(seen) >= 4
    return seen


def test_active_on_the_pinned_weasyprint() -> None:
    assert fontembed.install(), "WeasyPrint is not the version pyproject.toml pins"


def test_one_pass_gives_weasyprints_two_pass_bytes(embedded) -> None:
    for font, to_unicode, hinting, _ in embedded:
        notdef = bool(font.missing)
        keep_ids = fontembed.subset_face(font.hb_face, list(to_unicode), fontembed.subset_flags(True, notdef))
        flags = fontembed.subset_flags(hinting, notdef) & ~harfbuzz_subset.HB_SUBSET_FLAGS_RETAIN_GIDS
        trimmed = fontembed.subset_face(keep_ids, list(range(max(to_unicode) + 1)), flags)
        assert get_hb_object_data(trimmed) == font.file_content, font.family


def test_whole_file_copied_only_when_read(embedded) -> None:
    assert all(uncopied for *_, uncopied in embedded)
    fangsong = resolve()[Role.FANGSONG].face
    font = next(f for f, *_ in embedded if f.family == fangsong.family)
    font.file_content = fontembed._Deferred(font.hb_face)  # as Font.__init__ leaves it
    assert font.file_content == Path(fangsong.path).read_bytes()


def test_streams_deflated_at_the_default_level() -> None:
    deflate.install()
    raw = "".join(f"{i} 0 0 rg {i % 97} {i % 89} 12 12 re f\n" for i in range(3000)).encode()
    data = pydyf.Stream([raw], compress=True).data
    body = data[data.index(b"stream\n") + 7 : data.rindex(b"\nendstream")]
    assert zlib.decompress(body) == raw
    assert body == zlib.compress(raw, deflate.LEVEL) != zlib.compress(raw, 9)


def test_kept_layouts_draw_the_same_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = api.prepare(ROOT / "inputs" / "annual-2024-example.yaml").document
    options = RenderOptions(timestamp=FIXED_TIME)
    assert keeplayouts.install()
    kept = api.render_document(doc, ("pdf",), options)[0]["pdf"]
    monkeypatch.setattr(Layout, "deactivate", keeplayouts.ORIGINAL[0])
    monkeypatch.setattr(Layout, "reactivate", keeplayouts.ORIGINAL[1])
    assert api.render_document(doc, ("pdf",), options)[0]["pdf"] == kept
