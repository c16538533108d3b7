"""A sectioned report (报告): title, optional preface, numbered sections of paragraphs, 落款.

Used by the annual reports. The template names the sections and their headings; the data gives the text.
Paragraph text is written naturally: a paragraph that starts with ``（一）``, ``1.`` or ``（1）`` is
recognised as a heading (a line of its own) or a run-in heading (up to its first 。), as a secretary
writes them.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from ..catalog import Template
from ..data.loader import Loaded
from ..errors import Finding, Severity, TemplateError
from ..model import Block, Document, Heading, Meta, Paragraph, Signoff, Title, chinese_date
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
        raise ValueError(f"“{value}”不是日期，应写作 2018-03-16、2018年3月16日 或 二〇一八年三月十六日")
    try:
        year, month, day = (_cn_number(p) for p in parts)
    except ValueError:
        raise ValueError(
            f"“{value}”不是日期：数字写法有误，应写作 2018年3月16日 或 二〇一八年三月十六日"
        ) from None
    try:
        return dt.date(year, month, day)
    except ValueError:
        what = f"{year}年没有{month}月" if not 1 <= month <= 12 else f"{year}年{month}月没有{day}日"
        raise ValueError(f"“{value}”不是有效日期：{what}") from None


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
    heading: str = Field(min_length=1, title="标题文字")
    level: int = Field(default=2, ge=1, le=4, title="标题层级")


class ParagraphItem(BaseModel):
    """A paragraph taken as it is, without heading recognition."""

    model_config = ConfigDict(extra="forbid")
    paragraph: str = Field(min_length=1, title="段落")


Item = str | HeadingItem | ParagraphItem


def _as_list(value: Any) -> Any:
    """A block of text (paragraphs separated by blank lines) stands for a list of one item."""
    return [value] if isinstance(value, str) else value


Items = Annotated[list[Item], BeforeValidator(_as_list)]


class ReportData(BaseModel):
    model_config = ConfigDict(extra="forbid")
    template: str = Field(title="模板名")
    organ: str = Field(min_length=1, title="发文机关")
    year: int | None = Field(default=None, ge=1949, le=2100, title="报告年度")
    date: CNDate = Field(title="成文日期")
    title: str | None = Field(default=None, title="标题")
    signature: str | None = Field(default=None, title="署名")
    addressee: str | None = Field(default=None, title="主送机关")
    preface: Items = Field(default_factory=list, title="导语")
    sections: dict[str, Items] = Field(title="各部分正文")
    fix_punctuation: bool = Field(default=True, title="自动更正半角标点")


MODEL = ReportData

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

    def items(self, items: list[Item], path: tuple[str | int, ...]) -> list[Block]:
        blocks: list[Block] = []
        for i, item in enumerate(items):
            where = self.loaded.locate((*path, i))
            if isinstance(item, HeadingItem):
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
        )
    body: list[Block] = c.items(data.preface, ("preface",))
    declared = template.spec.get("sections") or []
    keys = [s["key"] for s in declared]
    for key in data.sections:
        if key not in keys:
            c.findings.append(
                Finding(
                    Severity.ERROR,
                    "unknown-section",
                    f"模板“{template.name}”没有“{key}”这一部分（应为：{'、'.join(keys)}）",
                    loaded.locate(("sections", key)),
                    f"unknown section {key!r}",
                )
            )
    numerals = "一二三四五六七八九十"
    for n, section in enumerate(declared):
        heading = render_fragment(section["heading"], context, template.where("sections", n, "heading"))
        body.append(Heading(1, f"{numerals[n]}、{heading}", template.where("sections", n)))
        if section["key"] not in data.sections:
            c.findings.append(
                Finding(
                    Severity.ERROR,
                    "missing-section",
                    f"缺少第{numerals[n]}部分“{heading}”（sections.{section['key']}）",
                    loaded.locate(("sections",)),
                    f"missing section {section['key']!r}",
                )
            )
            continue
        body.extend(c.items(data.sections[section["key"]], ("sections", section["key"])))
    signoff = Signoff(data.signature or data.organ, data.date, source=loaded.locate(("date",)))
    return report_document(c, template, title, body, signoff), c.findings


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
