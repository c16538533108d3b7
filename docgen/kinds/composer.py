"""From the items of a data file to the Document's blocks, for every kind: headings recognised at the start
of a paragraph (§7.3.3 numbering), half-width punctuation made full-width with a notice, statistics tables
built and their numbers checked. Each kind's composer extends ``Composer``."""

from __future__ import annotations

import math
import re
import unicodedata
from typing import TYPE_CHECKING, Any

from ..data.loader import Loaded
from ..errors import Finding, Severity
from ..model import Block, Cell, Heading, Paragraph, Table
from ..punctuation import describe, fix_punctuation
from ..source import SourceRef
from .dates import date_notices
from .items import Cell_, HeadingItem, ParagraphItem, TableData, TableItem

if TYPE_CHECKING:
    from .report import ReportData  # the fields a composer reads; a kind's own data has the same ones
_LEVEL1 = re.compile(r"^[一二三四五六七八九十]+、")
_LEVEL2 = re.compile(r"^（[一二三四五六七八九十]+）")
_LEVEL3 = re.compile(r"^\d+[.．](?!\d)")
_LEVEL4 = re.compile(r"^（\d+）")
_SENTENCE_END = "。！？"


def structure(text: str, source: SourceRef | None) -> Block:
    """Recognise a heading at the start of a paragraph (§7.3.3 numbering)."""
    for level, pattern in ((1, _LEVEL1), (2, _LEVEL2), (3, _LEVEL3), (4, _LEVEL4)):
        if not pattern.match(text):
            continue
        end = min((text.find(p) for p in _SENTENCE_END if p in text), default=-1)
        if end == -1 or end == len(text) - 1:
            # a short line without inner punctuation is a heading; a whole sentence stays a paragraph
            if len(text) <= 40 and not any(p in text for p in "，；："):
                return Heading(level, text, source)
            return Paragraph(text, source=source)
        if level == 1:  # 一、 headings stand on their own line; a long 一、 item is an ordinary paragraph
            return Paragraph(text, source=source)
        return Paragraph(text[end + 1 :], lead=text[: end + 1], lead_level=level, source=source)
    return Paragraph(text, source=source)


class Composer:
    def __init__(self, data: ReportData, loaded: Loaded) -> None:
        self.data = data
        self.loaded = loaded
        self.findings: list[Finding] = date_notices(loaded)

    def text(self, raw: str, where: SourceRef) -> str:
        if not self.data.fix_punctuation:
            return raw
        fixed, fixes = fix_punctuation(raw)
        if widths := [f for f in fixes if f.width]:
            self.findings.append(
                Finding.of(
                    Severity.NOTICE,
                    "punctuation",
                    "composer.punctuation_fixed",
                    where,
                    count=len(widths),
                    fixes=describe(widths),
                )
            )
        if forms := [f for f in fixes if not f.width]:
            self.findings.append(
                Finding.of(
                    Severity.NOTICE,
                    "punctuation",
                    "composer.forms_fixed",
                    where,
                    count=len(forms),
                    fixes=describe(forms),
                )
            )
        return fixed

    def items(self, items: list[Any], path: tuple[str | int, ...]) -> list[Block]:
        blocks: list[Block] = []
        for i, item in enumerate(items):
            where = self.loaded.locate((*path, i))
            if isinstance(item, TableItem):
                blocks.append(self.table(item.table, (*path, i, "table")))
            elif isinstance(item, HeadingItem):
                blocks.append(Heading(item.level, self.text(item.heading, where), where))
            elif isinstance(item, ParagraphItem):
                blocks.append(Paragraph(self.text(item.paragraph, where), source=where))
            else:
                # a block of text holds paragraphs separated by blank lines; each keeps its own line
                offset = 0
                for para in item.split("\n\n"):
                    lead = len(para) - len(para.lstrip("\n"))
                    line = where.line + item.count("\n", 0, offset + lead) if where.line else None
                    offset += len(para) + 2
                    if not para.strip():
                        continue
                    at = SourceRef(where.file, line) if line else where
                    text = "".join(para.split("\n")).strip()
                    blocks.append(structure(self.text(text, at), at))
        return blocks

    def table(self, data: TableData, path: tuple[str | int, ...]) -> Table:
        """A statistics table as a ``model.Table``, laid out like the annual report's tables (header cells
        centred, labels left, numbers centred); a cell that is not a number is an error at its own line."""
        locate = self.loaded.locate
        grid = len(data.header)
        text_cols = {
            i for i, h in enumerate(data.header) if i < data.label_columns or h.strip() in _UNIT_HEADERS
        }
        rows: list[tuple[Cell, ...]] = []
        if data.title:
            rows.append((Cell(self.text(data.title, locate((*path, "title"))), colspan=grid, header=True),))
        rows.append(
            tuple(
                Cell(self.text(h, locate((*path, "header", i))), header=True)
                for i, h in enumerate(data.header)
            )
        )
        header_rows = len(rows)
        for r, raw in enumerate(data.rows):
            where = locate((*path, "rows", r))
            if len(raw) != grid:
                self.findings.append(
                    Finding.of(
                        Severity.ERROR,
                        "table-row",
                        "composer.row_cells",
                        where,
                        row=r + 1,
                        cells=len(raw),
                        columns=grid,
                    )
                )
                raw = [*raw[:grid], *[None] * (grid - len(raw))]
            cells = []
            for k, value in enumerate(raw):
                at = locate((*path, "rows", r, k))
                if k in text_cols:
                    text = "" if value is None else self.text(str(value), at)
                    cells.append(Cell(text, align="left" if k < data.label_columns else "center", source=at))
                else:
                    cells.append(Cell(self._number(value, at, data.header[k]), align="center", source=at))
            rows.append(tuple(cells))
        return Table(
            rows=tuple(rows),
            widths=_widths(rows, text_cols),
            header_rows=header_rows,
            caption=data.title or "",
            source=locate(path),
            keep_with_next=tuple(range(header_rows)),
        )

    def _number(self, value: Cell_, where: SourceRef, column: str) -> str:
        """A number cell as printed: digits as typed (ASCII or full-width, 1,234 grouping, decimals, a
        percentage), blank for a blank; anything else (``132件``, ``12,5``, ``约30``, ``-3``) an error."""
        if value is None:
            return ""
        if isinstance(value, int | float):
            if math.isfinite(value) and value >= 0:
                return str(value)
            text = str(value)
        else:
            text = unicodedata.normalize("NFKC", value).strip()
            if not text or _NUMBER.match(text):
                return text
        self.findings.append(
            Finding.of(
                Severity.ERROR,
                "table-number",
                "composer.not_a_number",
                where,
                column=column,
                value=value,
            )
        )
        return text


def _widths(rows: list[tuple[Cell, ...]], text_cols: set[int]) -> tuple[float, ...]:
    """Relative column widths from the longest text of each column (header row included, the title row
    not): a label column gets room for its labels, a number column for its numbers, none under 2 字."""
    grid = max(len(r) for r in rows)
    longest = [2.0] * grid
    for row in rows:
        if len(row) != grid:
            continue
        for k, cell in enumerate(row):
            size = sum(1 if ord(ch) > 0x2E7F else 0.55 for ch in cell.text)
            longest[k] = max(longest[k], min(size if k in text_cols else size + 1, 14.0))
    return tuple(longest)


_UNIT_HEADERS = ("单位", "计量单位")
_NUMBER = re.compile(r"^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?$")
