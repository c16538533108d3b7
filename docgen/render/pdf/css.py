"""The PDF's CSS, computed from standard.py and the resolved fonts. No length is chosen here."""

from __future__ import annotations

from ... import standard as std
from ...model import Role
from ...typeset.fonts import FontChoice, FontSet
from ...units import Length, pt
from .colophon import colophon_css

ROLE_CLASS = {
    Role.FANGSONG: "fs",
    Role.HEI: "hei",
    Role.KAI: "kai",
    Role.SONG: "song",
    Role.XIAOBIAOSONG: "xbs",
}


# docgen's user-agent stylesheet. The HTML is docgen's own: matching every element against the ~250 rules
# of WeasyPrint's HTML5 sheet, for elements docgen never writes, cost a fifth of the layout time.
# Every element html.py and its helpers write is here; anything else would be laid out inline.
UA_STYLESHEET = """
html, body, div, p, h1, h2 { display: block }
head, meta, title, style { display: none }
h1 { bookmark-level: 1; bookmark-label: content(text) }
h2 { bookmark-level: 2; bookmark-label: content(text) }
table { display: table; box-sizing: border-box }
colgroup { display: table-column-group }
col { display: table-column }
thead { display: table-header-group; vertical-align: middle }
tbody { display: table-row-group; vertical-align: middle }
tr { display: table-row; vertical-align: inherit }
td, th { display: table-cell; vertical-align: inherit }
img { overflow: hidden }
"""


def _family(choice: FontChoice) -> str:
    fams = ", ".join(f'"{f}"' for f in choice.css_families)
    return f"font-family: {fams}, serif; font-weight: {choice.css_weight};"


def folio_padding(fonts: FontSet) -> Length:
    """Padding above the page number so that its 一字线's stroke lies 7 mm below the 版心 (§7.5).

    The margin box starts at the 版心's bottom edge; the line box is one font size tall, its baseline
    placed by the face's ascent and descent as Pango places it, and the dash stroke sits at the middle of
    the glyph's outline above that baseline (both measured once per font file: typeset/fonts.py).
    """
    asc, desc = fonts.vertical(Role.SONG)
    y_min, y_max = fonts.ink(Role.SONG, std.FOLIO_DASH)
    size = std.FOLIO_SIZE.pt
    baseline = (size - (asc + desc) * size) / 2 + asc * size
    stroke = baseline - (y_min + y_max) / 2 * size
    return std.FOLIO_DASH_BELOW_TEXT - pt(stroke)


def stylesheet(fonts: FontSet) -> str:
    song = fonts[Role.SONG]
    folio = f"""
        content: "{std.FOLIO_DASH}{std.FOLIO_SPACE}" counter(page) "{std.FOLIO_SPACE}{std.FOLIO_DASH}";
        {_family(song)} font-size: {std.FOLIO_SIZE.css()}; line-height: {std.FOLIO_SIZE.css()};
        white-space: nowrap; vertical-align: top; padding-top: {folio_padding(fonts).css()};
    """
    roles = "\n".join(f".{cls} {{ {_family(fonts[role])} }}" for role, cls in ROLE_CLASS.items())
    pitch = std.LINE_PITCH.css()
    return f"""
@page {{
  size: {std.PAGE_WIDTH.css()} {std.PAGE_HEIGHT.css()};
  margin: {std.MARGIN_TOP.css()} {std.MARGIN_RIGHT.css()} {std.MARGIN_BOTTOM.css()} {std.MARGIN_LEFT.css()};
}}
@page :right {{ @bottom-right {{ {folio} text-align: right; padding-right: {std.FOLIO_INSET.css()}; }} }}
@page :left {{ @bottom-left {{ {folio} text-align: left; padding-left: {std.FOLIO_INSET.css()}; }} }}
html {{ font-size: {std.BODY_SIZE.css()}; color: black; }}
body {{ margin: 0; {_family(fonts[Role.FANGSONG])} }}
{roles}
.ln {{
  display: block; height: {pitch}; line-height: {pitch}; white-space: pre; margin: 0;
  font-size: {std.BODY_SIZE.css()}; font-kerning: none; font-variant-ligatures: none;
}}
/* Runs in another face sit inside a line whose strut is the body face; with no height of their own they
   cannot move the line's baseline off the grid. */
.ln span {{ line-height: 0; }}
p, div, h1, h2 {{ margin: 0; padding: 0; }}
.title .ln {{ text-align: center; }}
.title .ln span {{ font-size: {std.TITLE_SIZE.css()}; }}
.blank {{ height: {pitch}; }}
.heading {{ break-after: avoid; }}
.signoff {{ break-inside: avoid; break-before: avoid; }}
/* 附件说明 stays whole and with the last body lines, so the 落款 that follows it never stands alone */
.attachment-notes {{ break-inside: avoid; break-before: avoid; }}
/* 纪要 出席/请假/列席 lists stay together, with the last body lines */
p.attendance, .attendance-gap {{ break-inside: avoid; break-before: avoid; }}
table {{
  border-collapse: collapse; width: {std.TEXT_WIDTH.css()}; margin: 0; table-layout: fixed;
  font-size: {std.TABLE_SIZE.css()}; line-height: {std.TABLE_LINE.css()};
}}
thead {{ display: table-header-group; }}
td.span-top, th.span-top {{ vertical-align: top; }}
.span-label {{ height: 0; overflow: visible; }}
tr {{ break-inside: avoid; }}
/* the collapsed outer rule adds its width to the table's height: give it back to stay on the grid */
table {{ margin-bottom: -{std.TABLE_RULE.css()}; }}
td, th {{
  border: {std.TABLE_RULE.css()} solid black; padding: {std.TABLE_CELL_PAD.css()} {(std.TABLE_CELL_PAD - std.TABLE_RULE / 2).css()};
  font-weight: normal; vertical-align: middle;
}}
/* each cell's lines as typeset/cellbreak.py broke them (the DOCX sets the same lines) */
td, th {{ white-space: pre; }}
.al-left {{ text-align: left; }} .al-center {{ text-align: center; }} .al-right {{ text-align: right; }}
{colophon_css()}
"""
