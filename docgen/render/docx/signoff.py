"""落款 in the DOCX: the SignBlock's rows as 落款 paragraphs, each seal a floating picture (``wp:anchor``,
in front of the text, no wrapping) anchored to the paragraph of its row, offset from the column and from
that paragraph, so it moves with the 落款 when the text above changes."""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Emu
from docx.text.paragraph import Paragraph as DocxParagraph

from ... import standard as std
from ...errors import LayoutError
from ...model import Role
from ...typeset.fonts import FontSet
from ...typeset.signblock import Item, Measure, SignBlock, Stamp, sign_block
from ...typeset.signoff import width_in_chars
from . import ooxml, styles

if TYPE_CHECKING:
    from .writer import DocxWriter

# a CJK character next to an ASCII letter or digit: LibreOffice puts DOCX_DIGIT_SPACE there
_BOUNDARY = re.compile(
    r"(?<=[\u2e80-\u9fff\uff00-\uffef])(?=[0-9A-Za-z])|(?<=[0-9A-Za-z])(?=[\u2e80-\u9fff\uff00-\uffef])"
)
# stacking order of the seals (relativeHeight): above anything Word itself would put on the page
SEAL_Z = 251659264
RASTER = ("image/png", "image/jpeg", "image/gif", "image/bmp", "image/tiff")


def docx_measure(fonts: FontSet) -> Measure:
    """Width in 字 of 3号 仿宋 text as LibreOffice sets the DOCX: advances, the runs' character spacing,
    and LibreOffice's space between Chinese and digits (which it adds whatever autoSpaceDN says)."""

    def measure(text: str) -> float:
        width = fonts.width(Role.FANGSONG, text, std.BODY_SIZE.pt) + std.DOCX_CHAR_SPACING.pt * len(text)
        width += std.DOCX_DIGIT_SPACE.pt * len(_BOUNDARY.findall(text))
        return width / std.CHAR_PITCH.pt

    return measure


def font_measure(fonts: FontSet) -> Measure:
    """W(x) of spec A8: the font's advances in 字 (half-width digits ½), no consumer's spacing."""
    return lambda text: width_in_chars(text, fonts)


def write_signoff(writer: DocxWriter) -> SignBlock | None:
    signoff = writer.doc.signoff
    if signoff is None:
        return None
    # unsealed, the date is placed by its left edge (2 字 right of the 署名's), so LibreOffice's wider
    # digits need no allowance: the plain font measure keeps the standard's numbers (A8.4)
    measure = docx_measure(writer.fonts) if signoff.mode != "unsealed" else font_measure(writer.fonts)
    block = sign_block(signoff, measure)
    # never a page holding only the 落款 (§7.3.5.5): it keeps the last body lines with it
    if writer.out.paragraphs:
        writer.out.paragraphs[-1].paragraph_format.keep_with_next = True
    paras = []
    for r, items in enumerate(block.rows):
        para = writer._paragraph(styles.SIGNOFF if items else styles.NORMAL)  # empty rows: blank grid lines
        paras.append(para)
        if r < len(block.rows) - 1:
            para.paragraph_format.keep_with_next = True
        _place(writer, para, items)
    for k, stamp in enumerate(block.stamps):
        if stamp.image is not None:
            anchor_picture(paras[stamp.row], stamp, k + 1)
    return block


def _place(writer: DocxWriter, para: DocxParagraph, items: tuple[Item, ...]) -> None:
    fmt = para.paragraph_format
    char = std.CHAR_PITCH
    if len(items) == 1 and items[0].anchor != "center":
        item = items[0]
        if item.anchor == "left":
            para.alignment = WD_ALIGN_PARAGRAPH.LEFT
            fmt.left_indent = Emu(char * item.x)
        else:
            fmt.right_indent = Emu(char * item.right)  # the 落款 style is right-aligned
        writer._run(para, item.text, Role.FANGSONG)
        return
    # several items on one line (联合行文 署名 each centred on its seal): tab stops, no measuring needed
    para.alignment = WD_ALIGN_PARAGRAPH.LEFT
    kinds = {
        "left": WD_TAB_ALIGNMENT.LEFT,
        "right": WD_TAB_ALIGNMENT.RIGHT,
        "center": WD_TAB_ALIGNMENT.CENTER,
    }
    for item in items:
        pos = {"left": item.x, "right": item.x + item.width, "center": item.centre}[item.anchor]
        fmt.tab_stops.add_tab_stop(Emu(char * pos), kinds[item.anchor])
        writer._run(para, "\t" + item.text, Role.FANGSONG)


def anchor_picture(para: DocxParagraph, stamp: Stamp, ident: int) -> None:
    """The stamp as ``wp:anchor``: ``behindDoc="0"`` and ``wrapNone`` (in front of the text, which shows
    through its transparency), horizontally from the column's left edge, vertically from the paragraph."""
    image = stamp.image
    assert image is not None
    # an SVG seal travels with a transparent PNG made when it was loaded (data/images.py)
    data = image.data if image.mime in RASTER else image.raster
    if not data:
        raise LayoutError.of(
            "docx.seal.not_raster", shown=image.name or image.mime, mime=image.mime, name=image.name
        )
    run = para.add_run()
    run.add_picture(io.BytesIO(data), width=Emu(image.width), height=Emu(image.height))
    ooxml.float_picture(
        run,
        x=std.CHAR_PITCH * stamp.left,
        y=std.LINE_PITCH * (stamp.top - stamp.row),
        z=SEAL_Z + ident,
        locked=False,
        relative_from=("column", "paragraph"),
    )
