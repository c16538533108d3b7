"""model.Table → a real Word table inside the 版心 (§8): merged cells, repeating header rows, exact widths.

The cell grid is computed here as plain data (``place_cells``, ``column_twips``) so it can be tested
without a document; ``add_table`` then writes it with python-docx, merging cells through its own
``merge`` (which writes ``gridSpan``/``vMerge`` correctly) and the raw properties through ``ooxml``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.run import Run

from ... import standard as std
from ...model import Cell, Role, Table
from ...typeset.fonts import FontSet
from ...units import Length, twips
from . import ooxml
from .styles import TABLE, TABLE_TEXT

_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a model cell lands on the grid: its top-left slot and extent."""

    row: int
    col: int
    cell: Cell


def place_cells(table: Table) -> tuple[list[Placement], int]:
    """Lay the cells out as HTML does: each cell takes the next free slot of its row, and slots taken by
    a rowspan from above are skipped. Returns the placements and the number of columns."""
    taken: set[tuple[int, int]] = set()
    placements: list[Placement] = []
    ncols = len(table.widths)
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            placements.append(Placement(r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
        ncols = max(ncols, c)
    if len(table.widths) != ncols:
        raise ValueError(f"table has {ncols} columns but {len(table.widths)} widths")
    if any(r >= len(table.rows) for r, _ in taken):
        raise ValueError("a rowspan reaches past the last row of the table")
    return placements, ncols


def column_twips(widths: tuple[float, ...], total: int) -> list[int]:
    """Relative widths → twips summing exactly to ``total`` (rounding error goes to the last column)."""
    scale = total / sum(widths)
    cols = [round(w * scale) for w in widths]
    cols[-1] += total - sum(cols)
    return cols


def row_heights(table: Table, placements: list[Placement], cols: list[int], fonts: FontSet) -> list[Length]:
    """Each row's height as a whole number of grid lines, so the text after the table is back on the
    22-line grid: lines of ``TABLE_LINE`` a cell needs (font advances over the cell's inner width),
    rounded up to grid pitches. Cells spanning rows are left out (their rows are at least one pitch)."""
    heights = [std.LINE_PITCH] * len(table.rows)
    for p in placements:
        if p.cell.rowspan > 1:
            continue
        inner = twips(sum(cols[p.col : p.col + p.cell.colspan])) - 2 * std.TABLE_CELL_PAD
        width = fonts.width(Role.FANGSONG, p.cell.text, std.TABLE_SIZE.pt)
        lines = max(1, math.ceil(width / inner.pt - 1e-9))
        pitches = math.ceil(lines * std.TABLE_LINE / std.LINE_PITCH - 1e-9)
        heights[p.row] = max(heights[p.row], std.LINE_PITCH * pitches)
    return heights


def add_table(
    document: DocxDocument, table: Table, fonts: FontSet, style_run: Callable[[Run], None]
) -> DocxTable:
    """Write ``table`` at the end of the body, spanning the whole 版心 width.

    A short table (at most half a page of rows) is kept on one page (``keepNext`` on all rows but the
    last); a longer one may break between rows and repeats its header rows. The last row is shorter by
    one rule: LibreOffice adds the bottom border's width to the table's height."""
    placements, ncols = place_cells(table)
    cols = column_twips(table.widths, std.TEXT_WIDTH.twips)
    heights = row_heights(table, placements, cols, fonts)
    out = document.add_table(rows=len(table.rows), cols=ncols)
    out.style = document.styles[TABLE]
    ooxml.set_table_geometry(out._tbl, cols, std.TABLE_RULE)
    ooxml.set_cell_margins(out._tbl, std.TABLE_CELL_PAD)
    keep_together = sum(heights) <= std.TEXT_HEIGHT / 2
    last = len(out.rows) - 1
    for r, row in enumerate(out.rows):
        ooxml.set_cant_split(row._tr)
        ooxml.set_row_height(row._tr, heights[r] - std.TABLE_RULE if r == last else heights[r])
        if r < table.header_rows:
            ooxml.mark_header_row(row._tr)
    # The cells, taken once before any merge: python-docx's ``Table.cell`` rebuilds the whole grid on every
    # call, which made a 45-row table take seconds. Merges never overlap, so each placement's corners are
    # still in place when its turn comes.
    grid = [list(tr.tc_lst) for tr in out._tbl.tr_lst]
    text_style = document.styles[TABLE_TEXT].style_id
    # Every slot gets its grid width first; merging then sums them into the merged cell.
    for tcs in grid:
        for c, tc in enumerate(tcs):
            ooxml.set_cell_width(tc, cols[c])
    for p in placements:
        top_left = _Cell(grid[p.row][p.col], out)
        if p.cell.colspan > 1 or p.cell.rowspan > 1:
            corner = grid[p.row + p.cell.rowspan - 1][p.col + p.cell.colspan - 1]
            top_left = top_left.merge(_Cell(corner, out))
        ooxml.set_cell_width(top_left._tc, sum(cols[p.col : p.col + p.cell.colspan]))
        # labels spanning body rows sit at the top of their rows, as in the PDF (where a centred one would be
        # centred on rows that may fall on the next page)
        spans_body = p.cell.rowspan > 1 and p.row >= table.header_rows
        ooxml.set_cell_valign(top_left._tc, "top" if spans_body else "center")
        para = top_left.paragraphs[0]
        para._p.style = text_style  # pStyle set directly: the lookup by style object rescans styles.xml
        if p.cell.align != "center":
            para.alignment = _ALIGN[p.cell.align]
        kept = p.row + p.cell.rowspan - 1 in table.keep_with_next
        if (keep_together or kept) and p.row + p.cell.rowspan < len(table.rows):
            para.paragraph_format.keep_with_next = True
        run = para.add_run(p.cell.text)
        style_run(run)
    return out
