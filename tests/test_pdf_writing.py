"""Writing the PDF: docgen's one HarfBuzz pass gives the bytes WeasyPrint's own two passes give, a face's
whole file is copied out of Pango only when something reads it, streams are deflated at level 6, and
the tunings of WeasyPrint's hot paths change no byte (table rules: no pixel), in every example: each is
rendered with the tunings and on plain WeasyPrint (``DOCGEN_PLAIN_WEASYPRINT=1``) and compared."""

from __future__ import annotations

import os
import types
import zlib
from pathlib import Path
from typing import Any

import pdfplumber
import pydyf
import pytest
from conftest import FIXED_TIME, ROOT
from measure import page_image
from PIL import ImageChops
from weasyprint.pdf.fonts import Font

from docgen import api
from docgen.model import Role
from docgen.render.options import RenderOptions
from docgen.render.pdf import weasy
from docgen.render.pdf.weasy import compat
from docgen.render.pdf.weasy.patching import Patches
from docgen.typeset.fonts import resolve

pytestmark = pytest.mark.skipif(not compat.active(), reason="docgen's WeasyPrint tunings are off")
W = compat.private()
fontembed, deflate, keeplayouts, textsetup, usedvalues, tablerules, nofloats, drawtext = weasy.tunings()


@pytest.fixture(scope="module")
def embedded() -> list[tuple[Font, dict[int, str], bool, bool]]:
    """Every face the annual report embeds (the Noto collection's title face among them), with the glyphs
    it uses, whether hints were kept, and whether its file was still uncopied when subsetting began."""
    seen = []
    clean = Font.clean

    def watch(font: Font, to_unicode: dict[int, str], hinting: bool) -> None:
        uncopied = isinstance(font.__dict__["file_content"], fontembed._Deferred)
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
    assert W is not None, "WeasyPrint is not the version pyproject.toml pins"
    assert set(vars(W)) == set(compat.SYMBOLS)


def test_one_pass_gives_weasyprints_two_pass_bytes(embedded) -> None:
    """WeasyPrint's own ``Font._harfbuzz_subset`` (kept in compat, not overwritten) and docgen's pass."""
    assert weasy.installed() is False and W.Font.__dict__["_harfbuzz_subset"] is W.Font_harfbuzz_subset
    for font, to_unicode, hinting, _ in embedded:
        theirs = types.SimpleNamespace(hb_face=font.hb_face, missing=font.missing, family=font.family)
        W.Font_harfbuzz_subset(theirs, to_unicode, hinting)
        ours = types.SimpleNamespace(hb_face=font.hb_face, missing=font.missing, family=font.family)
        fontembed._one_pass_subset(ours, to_unicode, hinting)
        assert ours.file_content == theirs.file_content == font.file_content, font.family


def test_whole_file_copied_only_when_read(embedded) -> None:
    assert all(uncopied for *_, uncopied in embedded)
    fangsong = resolve()[Role.FANGSONG].face
    font = next(f for f, *_ in embedded if f.family == fangsong.family)
    with weasy.tuned():
        font.file_content = fontembed._Deferred(font.hb_face)  # as Font.__init__ leaves it
        assert font.file_content == Path(fangsong.path).read_bytes()


def test_streams_deflated_at_the_default_level_while_docgen_writes() -> None:
    raw = "".join(f"{i} 0 0 rg {i % 97} {i % 89} 12 12 re f\n" for i in range(3000)).encode()

    def deflated() -> bytes:
        data = pydyf.Stream([raw], compress=True).data
        return data[data.index(b"stream\n") + 7 : data.rindex(b"\nendstream")]

    with weasy.tuned():
        body = deflated()
    assert zlib.decompress(body) == raw
    assert body == zlib.compress(raw, deflate.LEVEL) != zlib.compress(raw, 9)
    assert deflated() == zlib.compress(raw, 9)  # pydyf's own level for everyone else


@pytest.fixture(scope="module")
def annual_pdf() -> bytes:
    """The annual report's PDF as docgen writes it, every tuning installed."""
    return _annual_pdf()


def _annual_pdf() -> bytes:
    doc = api.prepare(ROOT / "inputs" / "annual-2024-example.yaml").document
    return api.render_document(doc, ("pdf",), RenderOptions(timestamp=FIXED_TIME))[0]["pdf"]


def _without(tuning: Any, monkeypatch: pytest.MonkeyPatch, only: int | None = None) -> None:
    """Render without what ``tuning`` replaces (or only without its ``only``-th attribute)."""
    patches = tuning.PATCHES
    assert patches.attributes or patches.functions
    kept = () if only is None else patches.attributes[:only] + patches.attributes[only + 1 :]
    functions = () if only is None else patches.functions
    monkeypatch.setattr(tuning, "PATCHES", Patches(attributes=kept, functions=functions))


@pytest.mark.parametrize(
    "tuning",
    [keeplayouts, textsetup, usedvalues, nofloats, drawtext],
    ids=lambda m: m.__name__.split(".")[-1],
)
def test_tunings_change_no_byte(tuning: Any, annual_pdf: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    _without(tuning, monkeypatch)
    assert _annual_pdf() == annual_pdf


def test_collapsed_borders_resolved_as_weasyprint_does(
    annual_pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert tablerules.PATCHES.attributes[0][1] == "collapse_table_borders"
    _without(tablerules, monkeypatch, only=0)
    assert _annual_pdf() == annual_pdf


def test_table_rules_drawn_whole_look_the_same(
    annual_pdf: bytes, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "tuned.pdf").write_bytes(annual_pdf)
    assert tablerules.PATCHES.attributes[1][1] == "draw_collapsed_borders"
    _without(tablerules, monkeypatch, only=1)
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


# --- every example, with the tunings and on plain WeasyPrint ----------------------------------------------


def _example_cases() -> list[tuple[str, Path, RenderOptions, str | None]]:
    """Every data file in inputs/ (the one with errors rendered as a draft), and the variants that reach
    other code: the 草稿 mark, the archival PDF/A of ``--final``, an SVG seal (name, data, options, from → to
    in the data file)."""
    plain = RenderOptions(timestamp=FIXED_TIME, draft=True, draft_mark=False)
    cases = [(p.stem, p, plain, None) for p in sorted((ROOT / "inputs").glob("*.yaml"))]
    notice, letter = ROOT / "inputs" / "notice-2024.yaml", ROOT / "inputs" / "letter-2024.yaml"
    svg = ROOT / "docgen" / "assets" / "seal-specimen.svg"
    return [
        *cases,
        ("notice-draft-mark", notice, RenderOptions(timestamp=FIXED_TIME, draft=True), None),
        ("notice-final-pdfa", notice, RenderOptions(timestamp=FIXED_TIME, final=True, pdf_variant="pdf/a-3b"),
         None),
        ("letter-svg-seal", letter, plain, f"seal: seals/specimen-seal.png → seal: {svg}"),
    ]  # fmt: skip


def _render_example(path: Path, options: RenderOptions, edit: str | None, tmp_path: Path) -> bytes:
    if edit is not None:
        old, new = edit.split(" → ")
        text = path.read_text(encoding="utf-8")
        assert old in text
        path = tmp_path / path.name
        path.write_text(text.replace(old, new), encoding="utf-8")
    doc = api.prepare(path).document
    return api.render_document(doc, ("pdf",), options)[0]["pdf"]


@pytest.mark.parametrize("name, path, options, edit", [pytest.param(*c, id=c[0]) for c in _example_cases()])
def test_every_example_the_same_on_plain_weasyprint(
    name: str,
    path: Path,
    options: RenderOptions,
    edit: str | None,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """The bytes are the same with every tuning that keeps them (layout, text, fonts, the tree handed over)
    as on plain WeasyPrint; the two that change bytes, by design, change no pixel: streams deflated at
    level 6 instead of 9 (other compressed bytes) and table rules drawn whole (117 strokes instead of 848 in
    the annual report: another content stream). Pages compared rasterised at 100 dpi."""
    tuned = _render_example(path, options, edit, tmp_path)
    monkeypatch.setattr(deflate, "PATCHES", Patches())
    rules = tablerules.PATCHES.attributes
    monkeypatch.setattr(tablerules, "PATCHES", Patches(attributes=rules[:1]))  # resolving only, not drawing
    same_bytes = _render_example(path, options, edit, tmp_path)
    monkeypatch.setenv(compat.PLAIN_ENV, "1")
    assert not compat.active()
    plain = _render_example(path, options, edit, tmp_path)
    assert same_bytes == plain, name
    assert tuned != plain  # (deflated at another level: the comparison below compares something)
    (tmp_path / "tuned.pdf").write_bytes(tuned)
    (tmp_path / "plain.pdf").write_bytes(plain)
    with pdfplumber.open(tmp_path / "tuned.pdf") as a, pdfplumber.open(tmp_path / "plain.pdf") as b:
        assert len(a.pages) == len(b.pages) > 0
        pages = len(a.pages)
    for page in range(1, pages + 1):
        a = page_image(tmp_path / "tuned.pdf", page, 100, "L")
        b = page_image(tmp_path / "plain.pdf", page, 100, "L")
        assert ImageChops.difference(a, b).getbbox() is None, (name, page)


def _forget_kept_streams() -> None:
    fontembed._subsets.clear()
    with fontembed._lock:
        fontembed._held.clear()
    deflate._deflated.clear()


def test_subsets_and_deflated_fonts_kept_by_the_process_give_the_same_bytes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A second document with the same faces and glyphs takes the subsets and their deflated streams from
    the process's caches (no HarfBuzz subsetting, no deflating of a font), and its PDF is byte for byte
    the one made without any cache."""
    _forget_kept_streams()
    compressions: list[int] = []
    real = zlib.compressobj
    monkeypatch.setattr(zlib, "compressobj", lambda *a, **k: (compressions.append(1), real(*a, **k))[1])
    first = _annual_pdf()
    made = len(compressions)
    assert fontembed._subsets and deflate._deflated
    subsets: list[object] = []
    monkeypatch.setattr(fontembed, "subset_face", lambda *a: subsets.append(a))
    second = _annual_pdf()
    assert second == first and subsets == []
    # the pages' contents are deflated again; the fonts are not
    assert 0 < len(compressions) - made == made - len(deflate._deflated)
    monkeypatch.undo()
    monkeypatch.setattr(fontembed._subsets, "budget", 0)
    monkeypatch.setattr(deflate, "CACHE_FROM", 2**62)
    _forget_kept_streams()
    assert _annual_pdf() == first and not fontembed._subsets and not deflate._deflated


def test_the_kept_streams_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Least recently used out first, under the byte budget; the same bytes as zlib either way."""
    _forget_kept_streams()
    monkeypatch.setattr(deflate, "CACHE_FROM", 1000)
    monkeypatch.setattr(deflate._deflated, "budget", 40_000)
    payloads = [bytes([i]) * 500 + os.urandom(9_500) for i in range(8)]
    for raw in payloads + payloads[-2:]:
        with weasy.tuned():
            data = pydyf.Stream([raw], compress=True).data
        assert zlib.decompress(data[data.index(b"stream\n") + 7 : data.rindex(b"\nendstream")]) == raw
    assert deflate._deflated.size <= 40_000 and 2 <= len(deflate._deflated) < len(payloads)
    _forget_kept_streams()


@pytest.mark.parametrize(
    "text, handed_back",
    [
        ("第一行：2024年，公开信息 1,560 条（含 ﬁ 连字）。", 1),  # CJK, digits in another face, a ligature
        ("a\u0301\u0301\u0301 q\u0323\u0323 \u05e9\u05dc\u05d5\u05dd", 3),  # marks raised and lowered; RTL
        ("\U000f0000 \ue000 \u2028 \u200b", 4),  # glyphs no font has (.notdef); an empty glyph
    ],
    ids=["cjk", "marks-rtl", "notdef"],
)
def test_lines_drawn_from_whole_glyph_arrays_give_weasyprints_bytes(
    text: str, handed_back: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docgen's line drawing (drawtext.py) writes WeasyPrint's content stream, for the lines it draws
    itself and for those it hands back to WeasyPrint (raised glyphs, missing glyphs, an ellipsis: the
    third paragraph)."""
    from weasyprint import HTML

    html = (
        "<style>@page{size:A5;margin:1cm} p{font:16pt serif;letter-spacing:-0.3pt;margin:0}"
        " .cut{width:3cm;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}</style>"
        f"<p>{text}</p><p style='letter-spacing:0.7pt'>{text}</p><p class=cut>{text}</p>"
    )
    plain = HTML(string=html).write_pdf()
    original, calls = drawtext._ORIGINAL, []
    monkeypatch.setattr(drawtext, "_ORIGINAL", lambda *a: (calls.append(a), original(*a))[1])
    drawtext.PATCHES.install()
    try:
        drawn = HTML(string=html).write_pdf()
    finally:
        drawtext.PATCHES.uninstall()
    assert drawn == plain
    assert len(calls) == handed_back
