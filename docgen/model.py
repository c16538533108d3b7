"""The format-neutral Document: a small, closed set of frozen element types.

Templates produce this model; renderers are functions of it. Nothing tied to one output format enters
it (no HTML, no OOXML). Each element carries the SourceRef of the input that produced it, so a warning
about a glyph or a line can name the line of the data file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from .source import SourceRef
from .units import Length


class Role(StrEnum):
    """The typeface classes GB/T 9704 names (§5.2.2, §7): each element is set in one of them."""

    FANGSONG = "仿宋"  # body, level 3–4 headings, 落款, 版记
    HEI = "黑体"  # level 1 headings, 密级, 紧急程度, 附件 label
    KAI = "楷体"  # level 2 headings, 签发人 names
    SONG = "宋体"  # page numbers
    XIAOBIAOSONG = "小标宋"  # title, 发文机关标志


@dataclass(frozen=True, slots=True)
class Meta:
    """Document metadata carried into the PDF info/XMP and the DOCX core properties."""

    title: str
    author: str  # the issuing organ
    date: dt.date | None = None
    subject: str = ""
    keywords: tuple[str, ...] = ()
    lang: str = "zh-CN"
    template: str = ""


@dataclass(frozen=True, slots=True)
class Title:
    """标题, §7.3.1: 2号小标宋, centred. ``breaks`` are manual line-break positions (character offsets)."""

    text: str
    breaks: tuple[int, ...] = ()
    source: SourceRef | None = None


@dataclass(frozen=True, slots=True)
class Heading:
    """A stand-alone heading line, §7.3.3: level 1 一、(黑体), 2 （一）(楷体), 3 1. and 4 （1）(仿宋)."""

    level: int
    text: str
    source: SourceRef | None = None


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A body paragraph, indented 2 字. ``lead`` is a run-in heading (e.g. ``1.不断强化组织保障。``) set in
    the font of ``lead_level`` and followed on the same line by ``text``."""

    text: str
    lead: str = ""
    lead_level: int = 0
    source: SourceRef | None = None


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    header: bool = False
    align: str = "center"  # "left" | "center" | "right"
    source: SourceRef | None = None


@dataclass(frozen=True, slots=True)
class Table:
    """A table inside the 版心 (§8). ``widths`` are relative column widths; the first ``header_rows`` rows
    repeat when the table crosses a page."""

    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...]
    header_rows: int = 0
    caption: str = ""
    source: SourceRef | None = None


Block = Heading | Paragraph | Table
BLOCK_TYPES: tuple[type, ...] = (Heading, Paragraph, Table)


@dataclass(frozen=True, slots=True)
class Signoff:
    """落款, §7.3.5: 发文机关署名 and 成文日期. ``sealed`` selects §7.3.5.1 over §7.3.5.2."""

    organ: str
    date: dt.date
    sealed: bool = False
    source: SourceRef | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """One 公文, format-neutral. Zones follow §7.1: 主体 (title … 落款)."""

    meta: Meta
    title: Title
    body: tuple[Block, ...]
    addressee: str = ""  # 主送机关, §7.3.2
    signoff: Signoff | None = None
    notices: tuple = field(
        default=(), compare=False
    )  # Findings raised while composing (e.g. punctuation fixed)

    def blocks(self) -> tuple[Block, ...]:
        return self.body


def chinese_date(d: dt.date) -> str:
    """成文日期, §7.3.5.4: Arabic digits, full year, month and day without leading zeros."""
    return f"{d.year}年{d.month}月{d.day}日"
