"""Tables: geometry, borders, cell properties, and the rows of a table written as text and parsed once."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml import etree

from ....units import Length
from .core import PPR_SEQ, TBLPR_SEQ, TCPR_SEQ, TRPR_SEQ, set_child


# --- Tables ---------------------------------------------------------------------------------------------
def set_table_geometry(tbl: BaseOxmlElement, col_twips: Sequence[int], border: Length) -> None:
    """Fixed layout, full width, both ``w:gridCol`` and the table width set (LibreOffice reads the grid
    and ignores cell widths alone), single borders of ``border`` everywhere."""
    tblpr = tbl.tblPr
    set_child(tblpr, "w:tblW", TBLPR_SEQ, w_w=sum(col_twips), w_type="dxa")
    set_child(tblpr, "w:jc", TBLPR_SEQ, w_val="center")
    borders = set_child(tblpr, "w:tblBorders", TBLPR_SEQ)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        add_border(borders, side, border)
    set_child(tblpr, "w:tblLayout", TBLPR_SEQ, w_type="fixed")
    set_grid(tbl, col_twips)


def add_border(parent: etree._Element, side: str, width: Length | None, color: str = "000000") -> None:
    """One edge of ``w:pBdr``/``w:tblBorders``/``w:tcBorders``: single, ``width`` thick, or ``nil`` (None).
    Callers add the edges in the schema order of the parent (top, left, bottom, right, insideH, insideV)."""
    edge = etree.SubElement(parent, qn(f"w:{side}"))
    if width is None:
        edge.set(qn("w:val"), "nil")
        return
    for key, value in (("val", "single"), ("sz", width.eighth_points), ("space", 0), ("color", color)):
        edge.set(qn(f"w:{key}"), str(value))


def set_bottom_border(ppr: BaseOxmlElement, width: Length, color: str) -> None:
    """A paragraph's bottom border (the 版头's red separator)."""
    add_border(set_child(ppr, "w:pBdr", PPR_SEQ), "bottom", width, color)


def set_hanging(ppr: BaseOxmlElement, *, left: Length, hanging: Length, right: Length | None = None) -> None:
    """A hanging indent: wrapped lines start at ``left``, the first line ``hanging`` to the left of it."""
    right_twips = right.twips if right is not None else 0
    set_child(ppr, "w:ind", PPR_SEQ, w_left=left.twips, w_right=right_twips, w_hanging=hanging.twips)


def set_grid(tbl: BaseOxmlElement, col_twips: Sequence[int]) -> None:
    """``w:tblGrid``: one ``w:gridCol`` per column (LibreOffice reads the grid, not the cell widths)."""
    grid = tbl.tblGrid
    for old in list(grid):
        grid.remove(old)
    for w in col_twips:
        etree.SubElement(grid, qn("w:gridCol")).set(qn("w:w"), str(w))  # tblGrid holds only gridCol


def set_cell_borders(tc: BaseOxmlElement, top: Length | None, bottom: Length | None) -> None:
    """A cell's ``w:tcBorders``: rules above and below (None: none), never at the sides."""
    tcb = set_child(tc.get_or_add_tcPr(), "w:tcBorders", TCPR_SEQ)
    for side, width in (("top", top), ("left", None), ("bottom", bottom), ("right", None)):
        add_border(tcb, side, width)


def set_cell_margins(tbl: BaseOxmlElement, side: Length) -> None:
    """Left and right cell padding; top and bottom 0 so a one-line row is as tall as its line."""
    mar = set_child(tbl.tblPr, "w:tblCellMar", TBLPR_SEQ)
    for edge, width in (("top", Length(0)), ("left", side), ("bottom", Length(0)), ("right", side)):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(width.twips))
        el.set(qn("w:type"), "dxa")
        mar.append(el)  # appended in the schema order of tblCellMar: top, left, bottom, right


def set_cell_width(tc: BaseOxmlElement, twips: int) -> None:
    set_child(tc.get_or_add_tcPr(), "w:tcW", TCPR_SEQ, w_w=twips, w_type="dxa")


def set_cell_valign(tc: BaseOxmlElement, value: str) -> None:
    set_child(tc.get_or_add_tcPr(), "w:vAlign", TCPR_SEQ, w_val=value)


def set_cant_split(tr: BaseOxmlElement) -> None:
    set_child(tr.get_or_add_trPr(), "w:cantSplit", TRPR_SEQ)


# --- Table rows -------------------------------------------------------------------------------------------
class TableRows:
    """The rows of one table, in schema order, written as WordprocessingML text and parsed once
    (``append_to``): building ~300 cells through python-docx's API (and merging them with its ``merge``,
    which recomputes the grid on every call) was most of an annual report's DOCX time, and building them
    element by element with lxml still twice what one parse costs. Every value is escaped here.

    ``style_id``, ``line`` (an exact line height, None: the style's) and ``rpr`` (the run properties each
    cell's run gets a copy of) are the same for every cell of a table."""

    def __init__(self, style_id: str, line: Length | None, rpr: BaseOxmlElement) -> None:
        self._parts: list[str] = []
        self._open = False
        spacing = (
            f'<w:spacing w:before="0" w:after="0" w:line="{line.twips}" w:lineRule="exact"/>'
            if line is not None
            else ""
        )
        self._style = f'<w:pStyle w:val="{escape(style_id, _QUOTE)}"/>'
        self._spacing = spacing
        self._rpr = etree.tostring(rpr, encoding="unicode").replace(f" {nsdecls('w')}", "")

    def row(self, height: Length, *, header: bool) -> None:
        """Start a row that never splits, at least ``height`` tall; a header row repeats on every page."""
        if self._open:
            self._parts.append("</w:tr>")
        self._open = True
        repeat = "<w:tblHeader/>" if header else ""
        self._parts.append(
            f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{height.twips}" w:hRule="atLeast"/>{repeat}</w:trPr>'
        )

    def merged_cell(self, width: int, colspan: int) -> None:
        """The part of a vertically merged cell in a row below its first (``vMerge`` continue, empty)."""
        self._parts.append(f"<w:tc><w:tcPr>{_cell_width(width, colspan)}<w:vMerge/></w:tcPr><w:p/></w:tc>")

    def cell(
        self, width: int, colspan: int, lines: Sequence[str], *, restart: bool, valign: str, keep: bool,
        jc: str | None,
    ) -> None:  # fmt: skip
        """A cell whose one paragraph holds one run of ``lines`` (joined by ``w:br``); ``restart`` begins a
        vertical merge, ``keep`` keeps it with the next row, ``jc`` None keeps the style's alignment."""
        merge = '<w:vMerge w:val="restart"/>' if restart else ""
        keep_next = "<w:keepNext/>" if keep else ""
        align = f'<w:jc w:val="{jc}"/>' if jc is not None else ""
        text = "<w:br/>".join(_text(line) for line in lines)
        self._parts.append(
            f'<w:tc><w:tcPr>{_cell_width(width, colspan)}{merge}<w:vAlign w:val="{valign}"/></w:tcPr>'
            f"<w:p><w:pPr>{self._style}{keep_next}{self._spacing}{align}</w:pPr>"
            f"<w:r>{self._rpr}{text}</w:r></w:p></w:tc>"
        )

    def append_to(self, tbl: BaseOxmlElement) -> None:
        if self._open:
            self._parts.append("</w:tr>")
            self._open = False
        for tr in parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(self._parts)}</w:tbl>"):
            tbl.append(tr)
        self._parts = []


_QUOTE = {'"': "&quot;"}


def _cell_width(width: int, colspan: int) -> str:
    span = f'<w:gridSpan w:val="{colspan}"/>' if colspan > 1 else ""
    return f'<w:tcW w:w="{width}" w:type="dxa"/>{span}'


def _text(line: str) -> str:
    """One line of a cell as a ``w:t`` (its spaces kept where they lead or trail)."""
    space = ' xml:space="preserve"' if line.strip() != line else ""
    return f"<w:t{space}>{escape(line)}</w:t>"
