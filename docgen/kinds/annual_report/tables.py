"""The annual report's tables T2, T3 and T4 as format-neutral ``docgen.model.Table`` blocks — and, for the
callers that import from here, the whole public surface of the tables: the model (``models.py``), reading
from plain data (``loading.py``) and adding units up (``summing.py``).

The builders follow the official grids of 国办公开办函〔2019〕60号 and 〔2021〕30号 cell for cell, with the
merged headers; every label comes from the format declaration in ``labels/``, every number cell carries
the SourceRef of its input. The workbook of ``docgen init --xlsx`` is laid out from these same tables
(``data/xlsx.py``), so a cell of the workbook is a cell of the printed table.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ...model import Cell, Table
from ...source import SourceRef
from .labels import (
    T2_BLOCKS,
    T2_WIDTHS,
    T3_ALL_COLS,
    T3_APPLICANT_HEADER,
    T3_COL,
    T3_NOTE,
    T3_ORG_COLS,
    T3_ORG_HEADER,
    T3_ROWS,
    T3_WIDTHS,
    T4_COLUMNS,
    T4_GROUPS,
    T4_LITIGATION_HEADER,
    T4_REVIEW_HEADER,
    T4_WIDTHS,
    label_words,
)
from .loading import report_from_data
from .models import (
    T2,
    T3,
    T4,
    AnnualReport,
    Locate,
    Path,
    SourceLookup,
    T2v2019,
    T2v2021,
    T3Row,
    T4Counts,
    empty_report,
    t2_cell,
    version_for_year,
)
from .summing import sum_reports, sum_t2, sum_t3, sum_t4
from .values import Amount, Count, parse_amount, parse_count, parse_decimal


def format_value(value: Any) -> str:
    """A value as printed: blank stays empty; decimals without exponent or trailing zeros; an Amount with
    its unit."""
    if value is None:
        return ""
    if isinstance(value, Amount):
        return f"{format_value(value.value)}{value.unit}"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _signed(value: Count) -> str:
    """本年增/减 is printed with its sign: ``+461``, ``-3``, ``0``."""
    return "" if value is None else (f"+{value}" if value > 0 else str(value))


def _no_source(*_path: str | int) -> SourceRef | None:
    return None


def _head(text: str, colspan: int = 1, rowspan: int = 1) -> Cell:
    return Cell(text, colspan=colspan, rowspan=rowspan, header=True, align="center", words=label_words(text))


def _label(text: str, colspan: int = 1, rowspan: int = 1, align: str = "left") -> Cell:
    return Cell(text, colspan=colspan, rowspan=rowspan, header=False, align=align, words=label_words(text))


def _num(text: str, source: SourceRef | None, colspan: int = 1) -> Cell:
    return Cell(text, colspan=colspan, align="center", source=source)


def t2_table(t2: T2v2019 | T2v2021, source: SourceLookup | None = None, caption: str = "") -> Table:
    """表二 主动公开政府信息情况 in the official grid of its version (B2): each 第二十条第（…）项 block is a
    caption row over the whole grid, a 信息内容 header row and its data rows.

    ``header_rows`` is 0 on purpose: the table has no header common to all blocks, and repeating the first
    block's header on a new page would mislabel the blocks below it.
    """
    src = source or _no_source
    widths = T2_WIDTHS[t2.version]
    grid = len(widths)
    rows: list[tuple[Cell, ...]] = []
    keep: list[int] = []  # a block's caption and header row never end a page
    for block in T2_BLOCKS[t2.version]:
        keep += [len(rows), len(rows) + 1]
        rows.append((_head(block.caption, colspan=grid),))
        rows.append((_head(block.label_header), *(_head(c.label, colspan=c.span) for c in block.columns)))
        for row in block.rows:
            cells = [_label(row.label)]
            for col in block.columns:
                value = t2_cell(t2, block.key, row.key, col.key)
                text = _signed(value) if col.kind == "signed" else format_value(value)
                cells.append(_num(text, src("t2", block.key, row.key, col.key), colspan=col.span))
            rows.append(tuple(cells))
    return Table(
        rows=tuple(rows),
        widths=widths,
        header_rows=0,
        caption=caption,
        source=src("t2"),
        keep_with_next=tuple(keep),
    )


def t3_table(t3: T3, source: SourceLookup | None = None, caption: str = "") -> Table:
    """表三 收到和处理政府信息公开申请情况 (B3): three header rows (the 勾稽关系 note over the three label
    columns, 申请人情况 / 自然人 · 法人或其他组织 · 总计 / the five kinds of organisation), then one row per
    data row with the label cells of its layout. Cells covered by a rowspan are omitted, as in HTML."""
    src = source or _no_source
    rows: list[tuple[Cell, ...]] = [
        (_head(T3_NOTE, colspan=3, rowspan=3), _head(T3_APPLICANT_HEADER, colspan=7)),
        (
            _head(T3_COL["natural_person"].label, rowspan=2),
            _head(T3_ORG_HEADER, colspan=5),
            _head(T3_COL["total"].label, rowspan=2),
        ),
        tuple(_head(T3_COL[c].label) for c in T3_ORG_COLS),
    ]
    pending: list[Cell] = []  # label cells of group rows, placed on the group's first data row
    for spec in T3_ROWS[t3.version]:
        if spec.layout == "l1":
            pending.append(_label(spec.label, rowspan=spec.rowspan, align="center"))
            continue
        if not spec.data:  # l2: a group label in column 2
            pending.append(_label(spec.label, rowspan=spec.rowspan))
            continue
        span = {"span3": 3, "span23": 2, "l3": 1}[spec.layout]
        label = _label(spec.label, colspan=span)
        numbers = [_num(format_value(t3.cell(spec.key, c)), src("t3", spec.key, c)) for c in T3_ALL_COLS]
        rows.append((*pending, label, *numbers))
        pending = []
    return Table(rows=tuple(rows), widths=T3_WIDTHS, header_rows=3, caption=caption, source=src("t3"))


def t4_table(t4: T4, source: SourceLookup | None = None, caption: str = "") -> Table:
    """表四 政府信息公开行政复议、行政诉讼情况 (B4): 行政复议 (5) · 行政诉讼 (10, split into 未经复议直接起诉
    and 复议后起诉), the five result columns under each, one data row of 15 numbers."""
    src = source or _no_source
    review, direct, after = T4_GROUPS
    rows: list[tuple[Cell, ...]] = [
        (_head(T4_REVIEW_HEADER, colspan=5), _head(T4_LITIGATION_HEADER, colspan=10)),
        (
            *(_head(c.label, rowspan=2) for c in T4_COLUMNS),
            _head(direct.label, colspan=5),
            _head(after.label, colspan=5),
        ),
        tuple(_head(c.label) for _ in range(2) for c in T4_COLUMNS),
        tuple(
            _num(format_value(t4.cell(g.key, c.key)), src("t4", g.key, c.key))
            for g in (review, direct, after)
            for c in T4_COLUMNS
        ),
    ]
    return Table(
        rows=tuple(rows),
        widths=T4_WIDTHS,
        header_rows=3,
        caption=caption,
        source=src("t4"),
        keep_with_next=(0, 1, 2),
    )


def report_tables(report: AnnualReport) -> tuple[Table, Table, Table]:
    """表二, 表三 and 表四 of a report, each cell carrying the SourceRef of its input."""
    return (
        t2_table(report.t2, report.source),
        t3_table(report.t3, report.source),
        t4_table(report.t4, report.source),
    )


__all__ = [
    "T2",
    "T3",
    "T4",
    "Amount",
    "AnnualReport",
    "Count",
    "Locate",
    "Path",
    "SourceLookup",
    "T2v2019",
    "T2v2021",
    "T3Row",
    "T4Counts",
    "empty_report",
    "format_value",
    "parse_amount",
    "parse_count",
    "parse_decimal",
    "report_from_data",
    "report_tables",
    "sum_reports",
    "sum_t2",
    "sum_t3",
    "sum_t4",
    "t2_cell",
    "t2_table",
    "t3_table",
    "t4_table",
    "version_for_year",
]
