"""A sectioned report (报告): title, optional preface, numbered sections of paragraphs, 落款.

Used by the annual reports. The template names the sections and their headings; the data gives the text.
Paragraph text is written naturally: a paragraph that starts with ``（一）``, ``1.`` or ``（1）`` is
recognised as a heading (a line of its own) or a run-in heading (up to its first 。), as a secretary
writes them. What every kind shares lives beside it: the dates (``dates.py``), the items a body is written in
(``items.py``) and the composer that makes blocks of them (``composer.py``).
"""

from __future__ import annotations

import difflib
import re
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag
from pydantic_core import PydanticUndefined

from ..catalog import Template
from ..data.loader import Loaded
from ..errors import Finding, Severity, TemplateError
from ..messages import Text
from ..model import Block, Document, Heading, Meta, Signoff, Title
from ..source import SourceRef
from ..templating import render_fragment
from .composer import Composer
from .dates import CNDate
from .items import Items, ReportItems, TableData


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


_NUMERALS = "一二三四五六七八九"


def cn_ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十: the numbers of 一、 headings."""
    tens, units = divmod(n, 10)
    return (("" if tens == 1 else _NUMERALS[tens - 1]) + "十" if tens else "") + (
        _NUMERALS[units - 1] if units else ""
    )


_NUMBERED = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]\s*")


def compose(data: ReportData, template: Template, loaded: Loaded) -> tuple[Document, list[Finding]]:
    c = Composer(data, loaded)
    context = data.model_dump()
    title_src = template.spec.get("title")
    if data.title:
        title = c.text(data.title, loaded.locate(("title",)))
    elif isinstance(title_src, str):
        title = render_fragment(title_src, context, template.where("title"))
    else:
        raise TemplateError.of("report.no_title", source=loaded.locate(()))
    if data.year is None and not data.title and "year" in str(title_src):
        c.findings.append(
            Finding.of(Severity.ERROR, "missing-field", "report.year_missing", loaded.locate(("year",)))
        )
    body: list[Block] = c.items(data.preface, ("preface",))
    if isinstance(data.sections, list):
        body += _listed_parts(c, data.sections)
    else:
        body += _template_parts(c, template, data.sections, context)
    signoff = Signoff(data.signature or data.organ, data.date, source=loaded.locate(("date",)))
    return report_document(c, template, title, body, signoff), c.findings


def _empty(c: Composer, number: int, heading: str, where: SourceRef) -> Finding:
    return Finding.of(
        Severity.ERROR,
        "empty-section",
        "report.part_empty",
        where,
        number=Text(cn_ordinal(number), str(number)),
        heading=heading,
    )


def _template_parts(
    c: Composer, template: Template, sections: dict[str, list[Any]], context: dict[str, Any]
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
                Finding.of(
                    Severity.ERROR,
                    "unknown-section",
                    "report.unknown_section",
                    locate(("sections", key)),
                    name=template.name,
                    key=key,
                    meant=" —— " + meant if meant else "",
                    keys="、".join(keys),
                )
            )
    for n, section in enumerate(declared):
        heading = render_fragment(section["heading"], context, template.where("sections", n, "heading"))
        number = cn_ordinal(n + 1)
        body.append(Heading(1, f"{number}、{heading}", template.where("sections", n)))
        if section["key"] not in sections:
            c.findings.append(
                Finding.of(
                    Severity.ERROR,
                    "missing-section",
                    "report.missing_section",
                    locate(("sections",)),
                    number=number,
                    heading=heading,
                    section_key=section["key"],
                )
            )
            continue
        blocks = c.items(sections[section["key"]], ("sections", section["key"]))
        if not blocks:
            c.findings.append(_empty(c, n + 1, heading, locate(("sections", section["key"]))))
        body.extend(blocks)
    return body


def _listed_parts(c: Composer, parts: list[PartData]) -> list[Block]:
    """Parts the data declares, in order, each with its heading (numbered 一、二、… here), its text and
    its statistics tables: the six-part provincial templates and any other layout."""
    locate = c.loaded.locate
    body: list[Block] = []
    for n, part in enumerate(parts):
        where = locate(("sections", n, "heading"))
        heading = c.text(part.heading.strip(), where)
        if m := _NUMBERED.match(heading):
            c.findings.append(
                Finding.of(
                    Severity.NOTICE,
                    "heading-number",
                    "report.number_dropped",
                    where,
                    strip=m.group().strip(),
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
    c: Composer, template: Template, title: str, body: list[Block], signoff: Signoff | None
) -> Document:
    """A report's Document: the organ as author, the year and the template's keyword as keywords (shared by
    the pre-2019 report and the national-format annual report)."""
    data, locate = c.data, c.loaded.locate
    typed = Title.typed(title, locate(("title",)))
    meta = Meta(
        title=typed.text,
        author=data.organ,
        date=data.date,
        subject=template.description,
        keywords=tuple(k for k in (data.organ, str(data.year or ""), template.spec.get("keyword", "")) if k),
        template=template.name,
    )
    return Document(
        meta=meta,
        title=typed,
        body=tuple(body),
        addressee=c.text(data.addressee, locate(("addressee",))) if data.addressee else "",
        signoff=signoff,
    )
