"""A sectioned report (报告): title, optional preface, numbered sections of paragraphs, 落款.

Used by the annual reports. The template names the sections and their headings; the data gives the text.
Paragraph text is written naturally: a paragraph that starts with ``（一）``, ``1.`` or ``（1）`` is
recognised as a heading (a line of its own) or a run-in heading (up to its first 。), as a secretary
writes them.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import unicodedata
from typing import Annotated, Any, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag
from pydantic_core import PydanticUndefined

from ..catalog import Template
from ..data.loader import Loaded
from ..errors import Finding, Severity, TemplateError, ValueErrorEn
from ..model import (
    Block,
    Cell,
    Document,
    Heading,
    Meta,
    Paragraph,
    Signoff,
    Table,
    Title,
    chinese_date,
)
from ..punctuation import describe, fix_punctuation
from ..source import SourceRef
from ..templating import render_fragment

_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0, "Ｏ": 0, "O": 0}
_CN_YEAR = "[〇○零Ｏ一二三四五六七八九]{4}"
_CN_SMALL = "[一二三四五六七八九十廿卅]{1,3}"
# 2018-03-16, 2018.3.16, 2018/3/16 (the four-digit year first: never ambiguous) …
_NUMERIC_DATE = re.compile(r"^(\d{4})\s*([./-])\s*(\d{1,2})\s*\2\s*(\d{1,2})$")
# … and 2018年3月16日, 二〇一八年三月十六日 or a mixture (2018年三月十六日), 日 optional
_WRITTEN_DATE = re.compile(
    rf"^(\d{{4}}|{_CN_YEAR})\s*年\s*(\d{{1,2}}|{_CN_SMALL})\s*月\s*(\d{{1,2}}|{_CN_SMALL})\s*日?$"
)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _cn_number(text: str) -> int:
    """``2018`` / ``二〇一八`` (digit by digit) / ``十六``, ``二十``, ``廿一`` (tens): the number they write."""
    if text.isdigit():
        return int(text)
    if all(c in _CN_DIGITS for c in text):
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    text = text.replace("廿", "二十").replace("卅", "三十")
    tens, ten, units = text.partition("十")
    if not ten or any(c not in _CN_DIGITS for c in tens + units) or len(tens) > 1 or len(units) > 1:
        raise ValueError(text)
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def parse_date_text(value: str) -> dt.date:
    """A date as offices write it: ``2018-03-16``, ``2018.3.16``, ``2018年3月16日`` or in Chinese numerals
    ``二〇一八年三月十六日`` (full-width digits too). Raises ValueError with the Chinese reason, which
    validation shows at the field's line: an impossible date (二〇一二年二月三十日) is refused, not moved."""
    text = unicodedata.normalize("NFKC", value).strip()
    m = _NUMERIC_DATE.match(text)
    parts = (m[1], m[3], m[4]) if m else None
    if parts is None and (w := _WRITTEN_DATE.match(text)):
        parts = (w[1], w[2], w[3])
    if parts is None:
        raise ValueErrorEn(
            f"“{value}”不是日期，应写作 2018-03-16、2018年3月16日 或 二〇一八年三月十六日",
            f"{value!r} is not a date; write 2018-03-16, 2018年3月16日 or 二〇一八年三月十六日",
        )
    try:
        year, month, day = (_cn_number(p) for p in parts)
    except ValueError:
        raise ValueErrorEn(
            f"“{value}”不是日期：数字写法有误，应写作 2018年3月16日 或 二〇一八年三月十六日",
            f"{value!r} is not a date: its numerals are wrong; write 2018年3月16日 or 二〇一八年三月十六日",
        ) from None
    try:
        return dt.date(year, month, day)
    except ValueError:
        what = f"{year}年没有{month}月" if not 1 <= month <= 12 else f"{year}年{month}月没有{day}日"
        what_en = (
            f"there is no month {month}" if not 1 <= month <= 12 else f"{year}-{month:02d} has no day {day}"
        )
        raise ValueErrorEn(
            f"“{value}”不是有效日期：{what}", f"{value!r} is not a valid date: {what_en}"
        ) from None


def _date(value: Any) -> Any:
    """Accept 2018-03-16 (YAML date) and the written forms of ``parse_date_text``."""
    if isinstance(value, str):
        return parse_date_text(value)
    if isinstance(value, dt.datetime):
        return value.date()
    return value


DATE_FIELDS = {"date": "成文日期", "print_date": "印发日期"}


def date_notices(loaded: Loaded) -> list[Finding]:
    """A notice for each date written otherwise than ``2018-03-16`` or as printed (``2018年3月16日``): the
    document prints it in Arabic numerals (GB/T 9704 §7.3.5.4), so the secretary sees what was made of it."""
    found = []
    for key, label in DATE_FIELDS.items():
        raw = loaded.values.get(key)
        if not isinstance(raw, str) or ISO_DATE.match(raw.strip()):
            continue
        try:
            printed = chinese_date(parse_date_text(raw))
        except ValueError:
            continue  # refused by validation already
        if raw.strip() != printed:
            found.append(
                Finding(
                    Severity.NOTICE,
                    "date-normalised",
                    f"{label}“{raw.strip()}”按 {printed} 处理（公文中的日期用阿拉伯数字，GB/T 9704 §7.3.5.4）",
                    loaded.locate((key,)),
                    f"the date {raw.strip()!r} is taken as {printed}",
                )
            )
    return found


CNDate = Annotated[dt.date, BeforeValidator(_date)]


class HeadingItem(BaseModel):
    model_config = ConfigDict(extra="forbid")
    heading: str = Field(
        min_length=1, title="标题文字", description="单独成行的标题，含序号（如“（一）主动公开”）"
    )
    level: int = Field(
        default=2, ge=1, le=4, title="标题层级", description="1 一、 · 2 （一） · 3 1. · 4 （1）"
    )


class ParagraphItem(BaseModel):
    """A paragraph taken as it is, without heading recognition."""

    model_config = ConfigDict(extra="forbid")
    paragraph: str = Field(min_length=1, title="段落", description="照原样排为一段，不识别开头的序号")


def _cell_as_typed(value: Any) -> Any:
    """A table cell keeps what was typed: YAML's ``yes`` (a bool) or ``2016-01-01`` (a date) become their
    text, which the number check then refuses at the cell's line, instead of a silent 1 or a type error."""
    if isinstance(value, bool):
        return str(value).lower()
    if value is None or isinstance(value, str | int | float):
        return value
    return str(value)


Cell_ = Annotated[str | int | float | None, BeforeValidator(_cell_as_typed)]  # a table cell as typed


class TableData(BaseModel):
    """A simple statistics table (统计表) of a pre-2019 report: one header row, a label column (and a 单位
    column), numbers in the others. Built into the same ``model.Table`` the annual report's tables are."""

    model_config = ConfigDict(extra="forbid")
    title: str | None = Field(
        default=None,
        title="表名",
        description="表格名称，排在表格第一行",
        examples=["2016年政府信息公开情况统计表"],
    )
    header: list[str] = Field(
        min_length=2,
        title="表头",
        description="表头一行：各列名称",
        examples=[["统计指标", "单位", "统计数"]],
    )
    rows: list[list[Cell_]] = Field(
        min_length=1,
        title="表行",
        description="每行一个列表，与表头列数相同：先写项目名称（和单位），再写数字；分组行的数字可留空",
        examples=[[["主动公开政府信息数", "条", 1256]]],
    )
    label_columns: int = Field(
        default=1,
        ge=1,
        title="文字列数",
        description="左起几列是文字（项目名称）；名为“单位”的列也按文字处理",
    )


class TableItem(BaseModel):
    model_config = ConfigDict(extra="forbid")
    table: TableData = Field(title="统计表", description="一张统计表，排在前后文字之间")


def _item_kind(value: Any) -> str | None:
    """Which kind of item a value is, from its shape: a string, or a mapping named by its key. Choosing by
    the key (not by trying each kind) keeps a mistake inside a table reported at the table's own field."""
    if isinstance(value, str):
        return "<text>"
    if isinstance(value, dict):
        return next((f"<{k}>" for k in ("heading", "paragraph", "table") if k in value), None)
    return None


_ITEM_ERROR = "item_kind"  # validation.py words it in Chinese


def _items_of(*kinds: Any) -> Any:
    return Annotated[
        Union[tuple(Annotated[k, Tag(t)] for t, k in kinds)],  # noqa: UP007  (a union built from a list)
        Discriminator(
            _item_kind,
            custom_error_type=_ITEM_ERROR,
            custom_error_message="an item is a text, or a mapping with heading, paragraph or table",
        ),
    ]


Item = _items_of(("<text>", str), ("<heading>", HeadingItem), ("<paragraph>", ParagraphItem))
ReportItem = _items_of(
    ("<text>", str), ("<heading>", HeadingItem), ("<paragraph>", ParagraphItem), ("<table>", TableItem)
)
ITEM_TAGS: dict[str, type[BaseModel]] = {
    "<heading>": HeadingItem,
    "<paragraph>": ParagraphItem,
    "<table>": TableItem,
}


def _as_list(value: Any) -> Any:
    """A block of text (paragraphs separated by blank lines) stands for a list of one item."""
    return [value] if isinstance(value, str) else value


Items = Annotated[list[Item], BeforeValidator(_as_list)]
ReportItems = Annotated[list[ReportItem], BeforeValidator(_as_list)]


class PartData(BaseModel):
    """One part of a report whose data declares its own parts (a six-part provincial template …)."""

    model_config = ConfigDict(extra="forbid")
    heading: str = Field(
        min_length=1,
        title="部分标题",
        description="本部分的标题，不写序号（一、二、……按顺序自动编排）",
        examples=["主动公开政府信息情况"],
    )
    body: ReportItems = Field(
        default_factory=list,
        title="正文",
        description="本部分的文字，段与段之间空一行；也可写成列表，其中一项可以是 table:（统计表）",
    )
    table: TableData | None = Field(default=None, title="统计表", description="排在本部分文字之后的统计表")


def _sections_kind(value: Any) -> str | None:
    return "<keyed>" if isinstance(value, dict) else "<listed>" if isinstance(value, list) else None


Sections = Annotated[
    Annotated[dict[str, ReportItems], Tag("<keyed>")] | Annotated[list[PartData], Tag("<listed>")],
    Discriminator(
        _sections_kind,
        custom_error_type="sections_shape",
        custom_error_message="sections is a mapping of parts by key, or a list of parts",
    ),
]


class ReportData(BaseModel):
    """The fields of a sectioned report (the pre-2019 annual report). Titles and descriptions are what
    ``docgen fields`` prints and ``docgen init`` writes as comments."""

    model_config = ConfigDict(extra="forbid")
    template: str = Field(
        title="模板名",
        description="使用的模板（docgen templates 列出全部）",
        examples=["annual-report-pre2019"],
    )
    organ: str = Field(
        min_length=1, title="发文机关", description="发文机关全称，用于标题和落款", examples=["常德市民政局"]
    )
    year: int | None = Field(
        default=None,
        ge=1949,
        le=2100,
        title="报告年度",
        description="报告所述的年度，用于标题",
        examples=[2017],
    )
    date: CNDate = Field(
        title="成文日期",
        description="写作 2018-03-16、2018年3月16日 或 二〇一八年三月十六日，印出时用阿拉伯数字",
        examples=["2018-03-16"],
    )
    title: str | None = Field(
        default=None, title="标题", description="不填时用模板的标题（发文机关+年度+年度政府信息公开工作报告）"
    )
    signature: str | None = Field(default=None, title="署名", description="落款署名，不填时为发文机关")
    addressee: str | None = Field(default=None, title="主送机关", description="主送机关，多数年度报告不写")
    preface: Items = Field(default_factory=list, title="导语", description="“一、”之前的说明文字")
    sections: Sections = Field(
        title="各部分正文",
        description="按模板的各部分填写（概述、主动公开……，键名见 docgen init）；"
        "或写成列表，每项一个 heading（标题）和 body（正文），自定各部分及其标题（如六部分格式）",
    )
    fix_punctuation: bool = Field(
        default=True, title="自动更正半角标点", description="把中文语境中的半角标点改为全角，并逐处提示"
    )


MODEL = ReportData


def field_overrides(template: Template) -> dict[str, dict[str, Any]]:
    """What ``template`` changes in the fields: the year is needed where its title names the year."""
    over: dict[str, dict[str, Any]] = {"template": {"example": template.name}}
    if "year" in str(template.spec.get("title", "")):
        over["year"] = {"required": True, "default": PydanticUndefined}
    return over


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


class _Composer:
    def __init__(self, data: ReportData, loaded: Loaded) -> None:
        self.data = data
        self.loaded = loaded
        self.findings: list[Finding] = date_notices(loaded)

    def text(self, raw: str, where: SourceRef) -> str:
        if not self.data.fix_punctuation:
            return raw
        fixed, fixes = fix_punctuation(raw)
        if fixes:
            self.findings.append(
                Finding(
                    Severity.NOTICE,
                    "punctuation",
                    f"已将 {len(fixes)} 处半角标点改为全角：{describe(fixes)}",
                    where,
                    f"{len(fixes)} half-width punctuation marks made full-width",
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
                    Finding(
                        Severity.ERROR,
                        "table-row",
                        f"统计表第 {r + 1} 行有 {len(raw)} 格，表头有 {grid} 列；每行的格数须与表头相同（空格写 ~）",
                        where,
                        f"table row {r + 1} has {len(raw)} cells, the header {grid}",
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
            Finding(
                Severity.ERROR,
                "table-number",
                f"统计表“{column}”列的“{value}”不是数字：只填数字（如 1256、1,256、3.5、100%），"
                "单位写在表头或“单位”列；没有发生的填 0",
                where,
                f"{value!r} in column {column!r} is not a number",
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
_NUMERALS = "一二三四五六七八九"


def cn_ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十: the numbers of 一、 headings."""
    tens, units = divmod(n, 10)
    return (("" if tens == 1 else _NUMERALS[tens - 1]) + "十" if tens else "") + (
        _NUMERALS[units - 1] if units else ""
    )


_NUMBERED = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]\s*")


def compose(data: ReportData, template: Template, loaded: Loaded) -> tuple[Document, list[Finding]]:
    c = _Composer(data, loaded)
    context = data.model_dump()
    title_src = template.spec.get("title")
    if data.title:
        title = c.text(data.title, loaded.locate(("title",)))
    elif isinstance(title_src, str):
        title = render_fragment(title_src, context, template.where("title"))
    else:
        raise TemplateError(
            message="数据和模板都没有给出标题",
            message_en="neither data nor template gives a title",
            source=loaded.locate(()),
            hint="在数据中加上 title: 字段",
            hint_en="add a title: field to the data",
        )
    if data.year is None and not data.title and "year" in str(title_src):
        c.findings.append(
            Finding(
                Severity.ERROR,
                "missing-field",
                "未填写报告年度（year），标题中要用到",
                loaded.locate(("year",)),
                "year is empty; the title needs it",
            )
        )
    body: list[Block] = c.items(data.preface, ("preface",))
    if isinstance(data.sections, list):
        body += _listed_parts(c, data.sections)
    else:
        body += _template_parts(c, template, data.sections, context)
    signoff = Signoff(data.signature or data.organ, data.date, source=loaded.locate(("date",)))
    return report_document(c, template, title, body, signoff), c.findings


def _empty(c: _Composer, number: int, heading: str, where: SourceRef) -> Finding:
    return Finding(
        Severity.ERROR,
        "empty-section",
        f"第{cn_ordinal(number)}部分“{heading}”没有正文；没有可报告的内容时写“无。”",
        where,
        f"part {number} ({heading}) has no text",
    )


def _template_parts(
    c: _Composer, template: Template, sections: dict[str, list[Any]], context: dict[str, Any]
) -> list[Block]:
    """The parts the template declares (the eight of annual-report-pre2019), text from ``sections.KEY``."""
    locate = c.loaded.locate
    body: list[Block] = []
    declared = template.spec.get("sections") or []
    keys = [s["key"] for s in declared]
    headings = {s["key"]: s["heading"] for s in declared}
    for key in sections:
        if key not in keys:
            near = difflib.get_close_matches(key, keys, n=1, cutoff=0.6)
            meant = f"是否指 {near[0]}（{headings[near[0]]}）？" if near else ""
            c.findings.append(
                Finding(
                    Severity.ERROR,
                    "unknown-section",
                    f"模板“{template.name}”没有“{key}”这一部分{' —— ' + meant if meant else ''}"
                    f"（应为：{'、'.join(keys)}）",
                    locate(("sections", key)),
                    f"unknown section {key!r}",
                )
            )
    for n, section in enumerate(declared):
        heading = render_fragment(section["heading"], context, template.where("sections", n, "heading"))
        number = cn_ordinal(n + 1)
        body.append(Heading(1, f"{number}、{heading}", template.where("sections", n)))
        if section["key"] not in sections:
            c.findings.append(
                Finding(
                    Severity.ERROR,
                    "missing-section",
                    f"缺少第{number}部分“{heading}”（sections.{section['key']}）",
                    locate(("sections",)),
                    f"missing section {section['key']!r}",
                )
            )
            continue
        blocks = c.items(sections[section["key"]], ("sections", section["key"]))
        if not blocks:
            c.findings.append(_empty(c, n + 1, heading, locate(("sections", section["key"]))))
        body.extend(blocks)
    return body


def _listed_parts(c: _Composer, parts: list[PartData]) -> list[Block]:
    """Parts the data declares, in order, each with its heading (numbered 一、二、… here), its text and
    its statistics tables: the six-part provincial templates and any other layout."""
    locate = c.loaded.locate
    body: list[Block] = []
    for n, part in enumerate(parts):
        where = locate(("sections", n, "heading"))
        heading = c.text(part.heading.strip(), where)
        if m := _NUMBERED.match(heading):
            c.findings.append(
                Finding(
                    Severity.NOTICE,
                    "heading-number",
                    f"部分标题前的序号“{m.group().strip()}”已去掉：序号按顺序自动编排",
                    where,
                    "the number before a part's heading is dropped: parts are numbered in order",
                )
            )
            heading = heading[m.end() :]
        body.append(Heading(1, f"{cn_ordinal(n + 1)}、{heading}", where))
        blocks = c.items(part.body, ("sections", n, "body"))
        if part.table is not None:
            blocks.append(c.table(part.table, ("sections", n, "table")))
        if not blocks:
            c.findings.append(_empty(c, n + 1, heading, where))
        body.extend(blocks)
    return body


def report_document(
    c: _Composer, template: Template, title: str, body: list[Block], signoff: Signoff | None
) -> Document:
    """A report's Document: the organ as author, the year and the template's keyword as keywords (shared by
    the pre-2019 report and the national-format annual report)."""
    data, locate = c.data, c.loaded.locate
    meta = Meta(
        title=title,
        author=data.organ,
        date=data.date,
        subject=template.description,
        keywords=tuple(k for k in (data.organ, str(data.year or ""), template.spec.get("keyword", "")) if k),
        template=template.name,
    )
    return Document(
        meta=meta,
        title=Title(title, source=locate(("title",))),
        body=tuple(body),
        addressee=c.text(data.addressee, locate(("addressee",))) if data.addressee else "",
        signoff=signoff,
    )
