"""model.Table → a real Word table inside the 版心 (§8): merged cells, repeating header rows, exact widths.

The cell grid, each cell's lines, the type size and the row heights come from typeset.cellbreak (shared
with the PDF), the column widths from ``column_twips``; ``add_table`` writes them, merged cells as
``gridSpan``/``vMerge``, the lines separated by ``w:br``, every element through ``ooxml``'s builders.
"""

from __future__ import annotations

from collections.abc import Callable

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.table import Table as DocxTable
from docx.text.run import Run
from lxml import etree

from ... import standard as std
from ...model import Table
from ...typeset.cellbreak import layout_table, place_cells
from ...typeset.fonts import FontSet
from ...units import Length
from . import ooxml
from .styles import TABLE, TABLE_TEXT

# w:jc of a cell's paragraph; centred is the table text style's own alignment
_JC: dict[str, str | None] = {"left": "left", "center": None, "right": "right"}


def column_twips(widths: tuple[float, ...], total: int) -> list[int]:
    """Relative widths → twips summing exactly to ``total`` (rounding error goes to the last column)."""
    scale = total / sum(widths)
    cols = [round(w * scale) for w in widths]
    cols[-1] += total - sum(cols)
    return cols


def add_table(
    document: DocxDocument,
    table: Table,
    fonts: FontSet,
    style_run: Callable[[Run], None],
    style_id: Callable[[str], str],
) -> DocxTable:
    """Write ``table`` at the end of the body, spanning the whole 版心 width.

    A short table (at most half a page of rows) is kept on one page (``keepNext`` on all rows but the
    last); a longer one may break between rows and repeats its header rows. The last row is shorter by
    one rule: LibreOffice adds the bottom border's width to the table's height."""
    placements, ncols = place_cells(table)
    cols = column_twips(table.widths, std.TEXT_WIDTH.twips)
    layout = layout_table(table, fonts)
    heights = layout.heights
    lines = {(c.row, c.col): c.lines for c in layout.cells}
    # (python-docx's Document.add_table finds the section with an XPath over the whole body, per table)
    out = document._body.add_table(0, ncols, std.TEXT_WIDTH)
    out._tbl.tblPr.style = style_id(TABLE)
    ooxml.set_table_geometry(out._tbl, cols, std.TABLE_RULE)
    ooxml.set_cell_margins(out._tbl, std.TABLE_CELL_PAD)
    keep_together = sum(heights) <= std.TEXT_HEIGHT / 2
    # a dense table (typeset.cellbreak) is set smaller than the table text style, with its own line height
    line = None if layout.size == std.TABLE_SIZE else layout.line
    rows = ooxml.TableRows(style_id(TABLE_TEXT), line, _run_properties(style_run, layout.size))
    starts = {(p.row, p.col): p for p in placements}
    below = {(p.row + dr, p.col): p for p in placements for dr in range(1, p.cell.rowspan)}
    last = len(table.rows) - 1
    for r in range(len(table.rows)):
        # w:tblHeader: the row repeats at the top of every page the table continues on
        rows.row(heights[r] - std.TABLE_RULE if r == last else heights[r], header=r < table.header_rows)
        c = 0
        while c < ncols:
            p = starts.get((r, c)) or below[(r, c)]
            width = sum(cols[c : c + p.cell.colspan])
            c += p.cell.colspan
            if p.row != r:  # a row below the top of a vertically merged cell
                rows.merged_cell(width, p.cell.colspan)
                continue
            # labels spanning body rows sit at the top of their rows, as in the PDF (where a centred one
            # would be centred on rows that may fall on the next page)
            valign = "top" if p.cell.rowspan > 1 and p.row >= table.header_rows else "center"
            kept = p.row + p.cell.rowspan - 1 in table.keep_with_next
            keep = (keep_together or kept) and p.row + p.cell.rowspan < len(table.rows)
            rows.cell(width, p.cell.colspan, lines[(p.row, p.col)], restart=p.cell.rowspan > 1, valign=valign,
                      keep=keep, jc=_JC[p.cell.align])  # fmt: skip
    rows.append_to(out._tbl)
    return out


def _run_properties(style_run: Callable[[Run], None], size: Length) -> etree._Element:
    """The ``w:rPr`` the writer gives a run (the writer's styling stays the one source), with ``size``
    where it is not the table text style's; each cell's run gets a copy."""
    r = OxmlElement("w:r")
    style_run(Run(r, None))  # type: ignore[arg-type]
    if size != std.TABLE_SIZE:
        ooxml.set_size(r.rPr, size)
    return r.rPr
