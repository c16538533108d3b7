"""The OFD's font resources: the files of the faces the PDF pass used, subset to the characters printed.

The PDF names each face after its Pango description (``FandolFang``, ``Noto-Serif-CJK-SC-Bold``); these are
matched to docgen's resolved faces (typeset/fonts.py: each role's face and its fallback) and, failing that,
to any installed face of that family. The subset keeps its ``cmap``, so an OFD reader maps the Unicode
characters of ``TextCode`` to the glyphs the PDF printed and the text stays extractable.

The subset is stored with TrueType outlines: the stand-ins (Fandol, Noto CJK) are CFF-flavoured OpenType,
which many OFD readers (and the PDF libraries they are built on, such as ReportLab) cannot load. Cubic
outlines become quadratic ones within 1/1000 em (6 µm at 三号), invisible in print.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import uharfbuzz as hb
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

from ...typeset.fonts import FontFace, FontSet, installed_faces

_STYLE_WEIGHTS = {"Bold": 700, "Black": 900, "Heavy": 900, "SemiBold": 600, "Medium": 500}


@dataclass(frozen=True, slots=True)
class FontFile:
    """A subset face ready to store: its file name inside the OFD and the bytes."""

    face: FontFace
    name: str
    data: bytes

    @property
    def bold(self) -> bool:
        return self.face.weight >= 600


def _key(name: str) -> str:
    return name.replace(" ", "-").lower()


def face_for(pdf_name: str, fonts: FontSet) -> FontFace | None:
    """The font file behind a PDF font name (subset tag already removed)."""
    known = {c.face for c in fonts.choices.values()} | {
        c.fallback for c in fonts.choices.values() if c.fallback is not None
    }
    by_name = {_key(f.name): f for f in sorted(known, key=lambda f: (f.path, f.index))}
    wanted = _key(pdf_name)
    if wanted in by_name:
        return by_name[wanted]
    # Not a face of the FontSet: a family fontconfig substituted. Longest family name that prefixes it.
    style = pdf_name.replace(" ", "-").rsplit("-", 1)[-1]
    weight = _STYLE_WEIGHTS.get(style, 400)
    best: FontFace | None = None
    for face in installed_faces():
        family = _key(face.family)
        if wanted == family or wanted.startswith(family + "-"):
            score = (len(family), -abs(face.weight - weight))
            if best is None or score > (len(_key(best.family)), -abs(best.weight - weight)):
                best = face
    return best


# tables an OFD reader never applies: it draws each glyph at the position TextCode gives
DROP_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "DSIG", "VORG", "vhea", "vmtx", "SVG ", "EBDT", "EBLC")


def subset_face(face: FontFace, chars: str) -> bytes:
    """``face`` with only the glyphs of ``chars`` (and .notdef), unhinted, with TrueType outlines.

    HarfBuzz subsets (in milliseconds, where fontTools takes seconds on a CJK CFF face) and draws the
    outlines for the conversion; fontTools writes the font."""
    source = hb.Face(hb.Blob.from_file_path(face.path), face.index)
    request = hb.SubsetInput()
    request.unicode_set.update(sorted({ord(c) for c in chars}))
    request.flags = hb.SubsetFlags.DESUBROUTINIZE | hb.SubsetFlags.NO_HINTING | hb.SubsetFlags.NOTDEF_OUTLINE
    drop = request.sets(hb.SubsetInputSets.DROP_TABLE_TAG)
    for tag in DROP_TABLES:
        drop.add(int.from_bytes(tag.encode("ascii"), "big"))
    subset = hb.subset(source, request)
    font = TTFont(io.BytesIO(subset.blob.data), recalcTimestamp=False)
    if "CFF " in font:
        outlines = hb.Font(subset)
        upem = font["head"].unitsPerEm
        outlines.scale = (upem, upem)
        to_truetype(font, outlines)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def to_truetype(font: TTFont, outlines: hb.Font, max_err_em: float = 0.001) -> None:
    """Replace a font's CFF outlines by TrueType ones (``glyf``), in place; ``outlines`` draws each glyph."""
    order = font.getGlyphOrder()
    max_err = max_err_em * font["head"].unitsPerEm
    glyphs = {}
    for gid, name in enumerate(order):
        pen = TTGlyphPen(None)
        # CFF contours run counter-clockwise, TrueType ones clockwise
        outlines.draw_glyph_with_pen(gid, Cu2QuPen(pen, max_err, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyphs.items():  # TrueType keeps each glyph's left side bearing equal to its xMin
        advance, _ = hmtx.metrics[name]
        hmtx.metrics[name] = (advance, getattr(glyph, "xMin", 0))
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in (
        "maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
        "maxStackElements", "maxSizeOfInstructions", "maxComponentElements",
    ):  # fmt: skip
        setattr(maxp, field, 1 if field == "maxZones" else 0)
    post = font["post"]
    post.formatType = 3.0  # no glyph names: a reader finds glyphs through cmap
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\x00\x01\x00\x00"


def font_file(face: FontFace, chars: str, number: int) -> FontFile:
    """The subset of ``face`` for ``chars``, named for resource ``number``."""
    return FontFile(face, f"font_{number}.ttf", subset_face(face, chars))
