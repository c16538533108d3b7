"""A text line's glyphs read from Pango in one copy per run, and their ``TJ`` pieces written once.

WeasyPrint 70 draws each line (``draw_first_line``) by reading every glyph's id, advance and offsets as
separate cffi struct accesses and formatting its hex id, offset and kerning anew: ~12 % of a seed
report's render (~19 ms of ~160), the largest pure-Python cost left in writing its PDF. Here each run's
glyph array is copied out whole (``PangoGlyphInfo`` is five 32-bit fields), a glyph's hex id and width
are looked up once per document font and size, and the numbers around it once per (width, offset,
advance): ~9 ms. Every piece comes from WeasyPrint's own expressions, so the content stream is byte for
byte WeasyPrint's (tests/test_pdf_writing.py).

Only the lines docgen writes take this path: plain text in outline fonts. A line with an ellipsis, a
raised or lowered glyph, a glyph no font has, or a bitmap, SVG, PNG or COLR font is drawn by WeasyPrint's
own function, decided before anything is written to the stream.
"""

from __future__ import annotations

import struct
from typing import Any

from . import compat
from .patching import Patches

W = compat.require()
ffi, pango = W.ffi, W.pango
_ORIGINAL = W.draw_first_line
FROM_UNITS = W.FROM_UNITS
EMPTY = pango.PANGO_GLYPH_EMPTY
UNKNOWN = pango.PANGO_GLYPH_UNKNOWN_FLAG
_INFO = struct.Struct("=IiiiI")  # glyph; geometry: width, x_offset, y_offset; attr
_SIZE = ffi.sizeof("PangoGlyphInfo")
_OLD_PANGO = pango.pango_version() < 14802  # WeasyPrint's workaround for Pango issue 530


Glyph = tuple[int, int, int, int, int]  # a PangoGlyphInfo: glyph; geometry: width, x_offset, y_offset; attr
Run = tuple[bool, Any, float, list[str]]  # the Pango font changed, the font, its size, the glyphs' TJ pieces


class _Pieces:
    """What WeasyPrint writes into a line's ``TJ`` string for the glyphs of one font at one size, kept on
    the document's font: each glyph's hex id and width (its text recorded on the way, as WeasyPrint
    does), and the offset and kerning numbers of each (width, offset, advance): a line's advances differ
    from another's (its letter-spacing), but within a line most glyphs share them."""

    def __init__(self, font: Any, font_size: float) -> None:
        self.font, self.size = font, font_size
        self.glyphs: dict[int, tuple[str, int]] = {}  # glyph id: its hex, its logical width
        # (logical width, x offset, advance): the numbers before and after the glyph
        self.spacing: dict[tuple[int, int, int], tuple[str, str]] = {}

    def glyph(self, stream: Any, layout: Any, glyph_item: Any, infos: list[Glyph], i: int) -> tuple[str, int]:
        """Glyph ``i`` of the run, first met: its text recorded, its width measured (WeasyPrint's steps)."""
        glyph_id, font, font_size = infos[i][0], self.font, self.size
        if glyph_id not in font.to_unicode:
            item = glyph_item.item
            clusters = ffi.unpack(glyph_item.glyphs.log_clusters, len(infos))
            t1 = clusters[i]
            if item.analysis.level % 2:  # rtl
                t2 = item.length if i == 0 else clusters[i - 1]
            else:
                t2 = item.length if i == len(infos) - 1 else clusters[i + 1]
            utf8_text = layout.text.encode()
            font.to_unicode[glyph_id] = utf8_text[item.offset + t1 : item.offset + t2].decode()
        logical_width = font.widths.get(glyph_id)
        if logical_width is None:
            pango.pango_font_get_glyph_extents(
                glyph_item.item.analysis.font, glyph_id, stream.ink_rect, stream.logical_rect
            )
            logical_width = round(stream.logical_rect.width * 1000 * FROM_UNITS / font_size)
            font.widths[glyph_id] = logical_width
        known = self.glyphs[glyph_id] = (f"{glyph_id:04x}", logical_width)
        return known

    def around(self, logical_width: int, x_offset: int, width: int) -> tuple[str, str]:
        """The numbers WeasyPrint writes before a glyph (its offset) and after it (its kerning)."""
        font_size = self.size
        offset = x_offset / font_size
        kerning = logical_width + offset - width * 1000 * FROM_UNITS / font_size
        numbers = self.spacing[logical_width, x_offset, width] = (
            f">{-offset}<" if offset else "",
            f">{int(kerning)}<" if kerning else "",
        )
        return numbers


def _runs(stream: Any, layout: Any, first_line: Any) -> list[Run] | None:
    """Each run of the line with its glyphs written as ``TJ`` pieces; the fonts added to the stream as
    WeasyPrint adds them (when the Pango font changes). None when a run needs WeasyPrint's drawing."""
    runs: list[Run] = []
    previous = font = pieces = None
    font_size = 0.0
    run = first_line.runs[0]
    while run != ffi.NULL:
        glyph_item = run.data
        run = run.next
        pango_font = glyph_item.item.analysis.font
        changed = pango_font != previous
        if changed:
            previous = pango_font
            font, font_size = stream.add_font(pango_font)
            if font.bitmap or font.svg or font.png or font.colr:
                return None
            kept = font.__dict__.setdefault("_docgen_pieces", {})
            pieces = kept.get(font_size) or kept.setdefault(font_size, _Pieces(font, font_size))
        assert pieces is not None
        glyphs, spacing = pieces.glyphs, pieces.spacing
        array = glyph_item.glyphs
        infos: list[Glyph] = list(_INFO.iter_unpack(ffi.buffer(array.glyphs, array.num_glyphs * _SIZE)))
        written = []
        for i, (glyph_id, width, x_offset, y_offset, _attr) in enumerate(infos):
            known = glyphs.get(glyph_id)
            if known is None:
                if glyph_id == EMPTY:
                    written.append(f">{-width / font_size}<")
                    continue
                if glyph_id & UNKNOWN:
                    return None
                known = pieces.glyph(stream, layout, glyph_item, infos, i)
            if y_offset:
                return None
            hex_id, logical_width = known
            before, after = spacing.get((logical_width, x_offset, width)) or pieces.around(
                logical_width, x_offset, width
            )
            written.append(before + hex_id + after)
        runs.append((changed, font, font_size, written))
    return runs


def draw_first_line(stream: Any, textbox: Any, text_overflow: str, block_ellipsis: Any, matrix: Any) -> list:
    """``draw.text.draw_first_line`` for plain lines in outline fonts (WeasyPrint's for the rest)."""
    if text_overflow == "ellipsis" or block_ellipsis != "none" or _OLD_PANGO:
        return _ORIGINAL(stream, textbox, text_overflow, block_ellipsis, matrix)  # type: ignore[no-any-return]
    if not textbox.text.strip() or textbox.style["font_size"] < 1e-6:
        return []
    layout = textbox.pango_layout
    pango.pango_layout_set_single_paragraph_mode(layout.layout, True)
    first_line, _index = layout.get_first_line()
    runs = _runs(stream, layout, first_line)
    if runs is None:
        return _ORIGINAL(stream, textbox, text_overflow, block_ellipsis, matrix)  # type: ignore[no-any-return]
    stream.set_text_matrix(*matrix.values)
    string = ""
    for changed, font, font_size, written in runs:
        if changed:
            if string:
                stream.show_text(string)
            string = ""
            stream.set_font_size(font.hash, font_size)
        run = "<" + "".join(written)  # the run's glyph list, closed (or dropped if empty) as WeasyPrint does
        string += run[:-1] if run.endswith("<") else run + ">"
    stream.show_text(string)
    return []


PATCHES = Patches(functions=((_ORIGINAL, draw_first_line),))
