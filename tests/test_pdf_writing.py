"""Writing the PDF: docgen's one HarfBuzz pass gives the bytes WeasyPrint's two passes gave, a face's
whole file is copied out of Pango only when something reads it, streams are deflated at level 6, and
the tunings of WeasyPrint's hot paths change no byte (table rules: no pixel)."""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any

import pdfplumber
import pydyf
import pytest
from conftest import FIXED_TIME
from measure import page_image
from PIL import ImageChops
from weasyprint.pdf.fonts import Font
from weasyprint.text.ffi import harfbuzz_subset
from weasyprint.text.fonts import get_hb_object_data

from docgen import api
from docgen.model import Role
from docgen.render.options import RenderOptions
from docgen.render.pdf import deflate, fontembed, keeplayouts, nofloats, tablerules, textsetup, usedvalues
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


@pytest.fixture(scope="module")
def annual_pdf() -> bytes:
    """The annual report's PDF as docgen writes it, every tuning installed."""
    return _annual_pdf()


def _annual_pdf() -> bytes:
    doc = api.prepare(ROOT / "inputs" / "annual-2024-example.yaml").document
    return api.render_document(doc, ("pdf",), RenderOptions(timestamp=FIXED_TIME))[0]["pdf"]


def _without(tuning: Any, monkeypatch: pytest.MonkeyPatch, only: int | None = None) -> None:
    """Put WeasyPrint's originals back for what ``tuning`` replaced (or only its ``only``-th patch)."""
    assert tuning.install() and tuning.PATCHES
    patches = tuning.PATCHES if only is None else [tuning.PATCHES[only]]
    for owner, name, original in patches:
        monkeypatch.setattr(owner, name, original)


@pytest.mark.parametrize(
    "tuning", [keeplayouts, textsetup, usedvalues, nofloats], ids=lambda m: m.__name__.split(".")[-1]
)
def test_tunings_change_no_byte(tuning: Any, annual_pdf: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    _without(tuning, monkeypatch)
    assert _annual_pdf() == annual_pdf


def test_collapsed_borders_resolved_as_weasyprint_does(
    annual_pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    _without(tablerules, monkeypatch, only=0)
    assert tablerules.PATCHES[0][1] == "collapse_table_borders"
    assert _annual_pdf() == annual_pdf


def test_table_rules_drawn_whole_look_the_same(
    annual_pdf: bytes, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "tuned.pdf").write_bytes(annual_pdf)
    _without(tablerules, monkeypatch, only=1)
    assert tablerules.PATCHES[1][1] == "draw_collapsed_borders"
    (tmp_path / "edges.pdf").write_bytes(_annual_pdf())
    with pdfplumber.open(tmp_path / "tuned.pdf") as tuned, pdfplumber.open(tmp_path / "edges.pdf") as edges:
        assert len(tuned.pages) == len(edges.pages) == 6
        rules = sum(len(page.lines) for page in tuned.pages)
        assert 0 < rules < sum(len(page.lines) for page in edges.pages) / 5  # 117 strokes instead of 848
    for page in range(1, 7):
        a = page_image(tmp_path / "tuned.pdf", page, 150, "L")
        b = page_image(tmp_path / "edges.pdf", page, 150, "L")
        assert ImageChops.difference(a, b).getbbox() is None, page  # the same to the pixel


def test_only_touching_edges_of_one_line_style_and_colour_become_one_rule() -> None:
    from tinycss2.color4 import parse_color

    black, red = parse_color("black"), parse_color("red")
    edges = [
        [0.0, 10.0, 50.0, 10.0, 1.0, "solid", black],
        [50.0, 10.0, 80.0, 10.0, 1.0, "solid", black],  # touches the first: joined
        [90.0, 10.0, 99.0, 10.0, 1.0, "solid", black],  # a gap: its own rule
        [80.0, 10.0, 90.0, 10.0, 1.0, "solid", red],  # another colour
        [0.0, 20.0, 50.0, 20.0, 1.0, "solid", black],  # another line
        [50.0, 20.0, 80.0, 20.0, 1.0, "dashed", black],  # a pattern keeps its own edge
        [5.0, 0.0, 5.0, 10.0, 0.5, "solid", black],  # vertical, joined with the next
        [5.0, 10.0, 5.0, 30.0, 0.5, "solid", black],
    ]
    rules = [[tuple(e[:5]) for e in rule] for rule in tablerules._rules([e[:] for e in edges])]
    assert rules == [
        [(0.0, 10.0, 80.0, 10.0, 1.0), (90.0, 10.0, 99.0, 10.0, 1.0)],
        [(80.0, 10.0, 90.0, 10.0, 1.0)],
        [(0.0, 20.0, 50.0, 20.0, 1.0)],
        [(50.0, 20.0, 80.0, 20.0, 1.0)],
        [(5.0, 0.0, 5.0, 30.0, 0.5)],
    ]
