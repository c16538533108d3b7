"""The format-neutral Document: a small, closed set of frozen element types.

Templates produce this model; renderers are functions of it. Nothing tied to one output format enters
it (no HTML, no OOXML). Each element carries the SourceRef of the input that produced it, so a warning
about a glyph or a line can name the line of the data file.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
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

    @property
    def en(self) -> str:
        """The role as ``--lang en`` names it: the Chinese name (what a typesetter calls it) in pinyin,
        the name itself after it."""
        return f"{_ROLE_PINYIN[self]} ({self.value})"


_ROLE_PINYIN = {
    Role.FANGSONG: "FangSong",
    Role.HEI: "Hei",
    Role.KAI: "Kai",
    Role.SONG: "Song",
    Role.XIAOBIAOSONG: "XiaoBiaoSong",
}


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

    @classmethod
    def typed(cls, raw: str, source: SourceRef | None = None) -> Title:
        """A title as the secretary typed it: ``|`` or a line break (a YAML block, Alt+Enter in a cell)
        where a line is to end. The text keeps no break character, so the PDF's and the DOCX's metadata
        name the title on one line."""
        return cls(*segmented(raw), source)


def segmented(raw: str) -> tuple[str, tuple[int, ...]]:
    """Text written with ``|`` (or a line break) where it divides — a title's lines, a label's words
    (``其他对外|管理|服务|事项``) — as the text without them and the offsets of the divisions; spaces
    around a division are dropped."""
    parts = [p for p in re.split(r"\s*[|\n]\s*", raw.strip()) if p]
    return "".join(parts), tuple(itertools.accumulate(len(p) for p in parts[:-1]))


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
    """A table cell. ``words``: offsets in ``text`` where one word ends and the next begins, where a line
    may break without splitting a word. Chinese has no spaces and docgen carries no dictionary, so the
    kind that prints a fixed text (the annual report's official labels) says where its words are; the
    cell carries them, so that a Document breaks its cells alike in every process, whatever kinds that
    process has imported."""

    text: str
    colspan: int = 1
    rowspan: int = 1
    header: bool = False
    align: str = "center"  # "left" | "center" | "right"
    source: SourceRef | None = None
    words: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Table:
    """A table inside the 版心 (§8). ``widths`` are relative column widths; the first ``header_rows`` rows
    repeat when the table crosses a page. ``keep_with_next``: indices of rows that must not end a page (a
    block's caption and header rows stay with its first data row)."""

    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...]
    header_rows: int = 0
    caption: str = ""
    source: SourceRef | None = None
    keep_with_next: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Attendance:
    """纪要 attendance line, §10.3: ``label`` (出席 / 请假 / 列席) in 黑体, then ``names`` in 仿宋,
    wrapped lines aligned after the colon."""

    label: str
    names: str
    source: SourceRef | None = None


Block = Heading | Paragraph | Table | Attendance
BLOCK_TYPES: tuple[type, ...] = (Heading, Paragraph, Table, Attendance)


class DocFormat(StrEnum):
    """The layouts of GB/T 9704: the ordinary 文件格式 and the special formats of §10."""

    STANDARD = "standard"  # 文件格式 (§7)
    LETTER = "letter"  # 信函格式 (§10.1)
    ORDER = "order"  # 命令（令）格式 (§10.2)
    MINUTES = "minutes"  # 纪要格式 (§10.3)


@dataclass(frozen=True, slots=True)
class Image:
    """An image the user supplied (seal, 签名章), carried as bytes so renderers read no files.

    ``width``/``height`` are the printed size (a seal is usually 42 mm across)."""

    data: bytes = field(repr=False)
    mime: str  # "image/png" | "image/svg+xml"
    width: Length
    height: Length
    name: str = ""  # the file name, for messages
    raster: bytes = field(default=b"", repr=False)  # a transparent PNG of an SVG, for the DOCX


@dataclass(frozen=True, slots=True)
class Masthead:
    """版头, §7.2 (and the heads of §10's special formats).

    ``issuers``: the 发文机关标志 names, 主办机关 first (several = 联合行文, stacked, with ``suffix`` to the
    right, centred on the block). ``suffix``: "文件" or "" (standard), "命令"/"令" (order), "纪要" (minutes).
    ``signers``: 签发人 names; non-empty means an 上行文 (发文字号 left, 签发人 right on the same line).
    ``doc_number``: 发文字号 (order format: the 令号, e.g. 第1号)."""

    issuers: tuple[str, ...]
    suffix: str = "文件"
    copy_number: str = ""  # 份号, 6 digits
    secrecy: str = ""  # 密级和保密期限, e.g. 机密★1年
    urgency: str = ""  # 紧急程度: 特急 / 加急
    doc_number: str = ""
    signers: tuple[str, ...] = ()
    source: SourceRef | None = None

    @property
    def upward(self) -> bool:
        return bool(self.signers)


@dataclass(frozen=True, slots=True)
class Party:
    """One issuing organ in a 落款: its 署名 and, when sealed, its seal image."""

    organ: str
    seal: Image | None = None
    title: str = ""  # the signer's 职务 in the 签名章 case (§7.3.5.3, 联合行文: each organ's in full)


@dataclass(frozen=True, slots=True)
class Signoff:
    """落款, §7.3.5: 发文机关署名 and 成文日期.

    Three cases: ``sealed`` (§7.3.5.1, each party's seal over its 署名, the last one also over the date),
    unsealed (§7.3.5.2), and 签发人签名章 (§7.3.5.3) when ``signature_title`` (the signer's 职务) is given,
    with ``seal`` then the 签名章 image. ``others``: the further organs of a 联合行文, in issuing order."""

    organ: str
    date: dt.date
    sealed: bool = False
    seal: Image | None = None
    others: tuple[Party, ...] = ()
    signature_title: str = ""
    source: SourceRef | None = None

    @property
    def parties(self) -> tuple[Party, ...]:
        return (Party(self.organ, self.seal), *self.others)

    @property
    def mode(self) -> str:
        """ "signature" (签名章) | "sealed" | "unsealed"."""
        if self.signature_title:
            return "signature"
        return "sealed" if self.sealed else "unsealed"


@dataclass(frozen=True, slots=True)
class Attachment:
    """附件, §7.3.7: on a new page; "附件" + number in 3号黑体 at the top left (line 1), its title centred
    on line 3 (2号小标宋), then its body like 正文. ``number`` is None when there is only one attachment."""

    number: int | None
    title: str
    body: tuple[Block, ...]
    source: SourceRef | None = None

    @property
    def label(self) -> str:
        return "附件" if self.number is None else f"附件{self.number}"


@dataclass(frozen=True, slots=True)
class Colophon:
    """版记, §7.4: bottom-anchored on the last (even) page. ``addressee`` is a 主送 moved here (§7.4.2);
    ``cc`` the 抄送机关; ``printer``/``print_date`` the 印发机关 and 印发日期 (absent in the letter format)."""

    cc: tuple[str, ...] = ()
    addressee: tuple[str, ...] = ()
    printer: str = ""
    print_date: dt.date | None = None
    source: SourceRef | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """One 公文, format-neutral. Zones follow §7.1: 版头 (masthead), 主体 (title … 附件), 版记 (colophon)."""

    meta: Meta
    title: Title
    body: tuple[Block, ...]
    addressee: str = ""  # 主送机关, §7.3.2, with its full-width colon
    signoff: Signoff | None = None
    format: DocFormat = DocFormat.STANDARD
    masthead: Masthead | None = None
    attachment_notes: tuple[str, ...] = ()  # 附件说明, §7.3.4: the attachment names, in order
    note: str = ""  # 附注, §7.3.6, without its parentheses
    attachments: tuple[Attachment, ...] = ()
    colophon: Colophon | None = None

    def blocks(self) -> tuple[Block, ...]:
        return self.body


def chinese_date(d: dt.date) -> str:
    """成文日期, §7.3.5.4: Arabic digits, full year, month and day without leading zeros."""
    return f"{d.year}年{d.month}月{d.day}日"
