"""The ``annual-report`` document kind: a 政府信息公开工作年度报告 in the national format (2019 试行 / 2021).

Data → Document: the six parts 一…六 (headings from the template), narrative text from ``sections`` (handled
as the sectioned ``report`` kind handles it), and the three official tables (表二、表三、表四) built from
``t2``/``t3``/``t4`` by ``tables.py``. Every rule R1–R14 runs on the way and comes back as findings.

Which format: ``version`` in the data when given; otherwise the template's (annual-report-2019 /
annual-report-2021); otherwise the year's. R14 then says whether it fits the year.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticUndefined

from ...catalog import Template
from ...data.loader import Loaded
from ...errors import Finding, Severity, TemplateError
from ...messages import Text
from ...model import Block, Document, Heading, Paragraph, Signoff, Table
from ...source import SourceRef
from ...templating import render_fragment
from ..composer import Composer
from ..dates import CNDate
from ..items import Items
from ..report import report_document
from .crossyear import check_previous_organ
from .labels import (
    ORGAN_LEVEL_ZH,
    SECTIONS,
    T3_COLUMNS,
    T4_COLUMNS,
    T4_GROUPS,
    TABLE_NAME_ZH,
    TABLE_TITLE,
    VERSION_INFO,
    OrganLevel,
    SectionSpec,
)
from .narrative import check_r12_narrative
from .rules import check_tables
from .tables import AnnualReport, report_from_data, t2_table, t3_table, t4_table, version_for_year
from .textrules import canonical_headings, check_r13_dates, check_r14_sections, deadline

E, W, N = Severity.ERROR, Severity.WARNING, Severity.NOTICE

# Parts that are narrative only: a report must say something there (if only “无”).
REQUIRED_TEXT = ("overall", "problems", "other_matters")
SECTION_BY_KEY: dict[str, SectionSpec] = {s.key: s for s in SECTIONS}
TABLE_KEYS = ("t2", "t3", "t4")
ACCEPTS_PREVIOUS = True  # api.prepare passes ``previous=`` (the --previous data file) to compose


def _deadline_zh(level: OrganLevel) -> str:
    """The 公布期限 of ``level`` in words (from R13's own ``deadline``), e.g. 次年1月31日."""
    d = deadline(2000, level)
    return f"次年{d.month}月{d.day}日"


def _version_years() -> dict[str, str]:
    """The report years each format version is for, in words, as ``version_for_year`` decides them."""
    first_2021 = min(y for y in range(2019, 2101) if version_for_year(y) == "2021")
    return {
        "2019": "、".join(str(y) for y in range(2019, first_2021)) + " 年度",
        "2021": f"{first_2021} 年度起",
    }


def _versions_zh() -> str:
    """Each format version, its document and the report years it applies to."""
    years = _version_years()
    return "；".join(
        f"{v} 即《{info['name']}》（{info['document_number']}），用于 {years[v]}"
        for v, info in VERSION_INFO.items()
    )


def _sections_zh() -> str:
    """The six parts as data keys, with what each needs."""
    parts = []
    for s in SECTIONS:
        if s.key in REQUIRED_TEXT:
            need = "必填"
        else:
            table = next(k for k, t in TABLE_TITLE.items() if s.heading.endswith(t))
            need = f"可不填，{TABLE_NAME_ZH[table]}之前的说明"
        parts.append(f"{s.key}（{s.heading}，{need}）")
    return (
        "六个部分的正文，每部分一段或多段文字，键名为："
        + "；".join(parts)
        + "。键也可写作标题（如“一、总体情况”）；没有可报告的内容时写“无。”"
    )


def _table_zh(key: str) -> str:
    """What a table field holds and where its cells are filled."""
    what = {
        "t2": "按《条例》第二十条各项分栏填写件数、数量或金额，栏目随格式版本而异",
        "t3": f"每行 {len(T3_COLUMNS)} 个数，依次为" + "、".join(c.label for c in T3_COLUMNS),
        "t4": "、".join(g.label for g in T4_GROUPS)
        + f"各一组，每组 {len(T4_COLUMNS)} 个数，依次为"
        + "、".join(c.label for c in T4_COLUMNS),
    }[key]
    return (
        f"各格的数字：{what}。"
        "在 docgen init 写出的 YAML 结构中逐格填写（每格的官方栏目名写在注释中），"
        "或在 docgen init --xlsx 生成的工作簿中填写；没有的填 0，空白（~）的格使涉及它的核对无法进行"
    )


def _table_field(key: str) -> Any:
    """``t2``/``t3``/``t4``: plain data, read cell by cell by ``report_from_data``."""
    return Field(
        default=None,
        title=f"{TABLE_NAME_ZH[key]} {TABLE_TITLE[key]}",
        description=_table_zh(key),
        json_schema_extra={"type_zh": "表（按 docgen init 写出的结构填写）"},
    )


class AnnualReportData(BaseModel):
    """What a data file for the annual-report templates holds. The tables stay plain data here: they are
    read by ``report_from_data``, which keeps blanks and bad cells as findings instead of refusing the file.
    Titles and descriptions are what ``docgen fields`` prints and ``docgen init`` writes as comments;
    ``type_zh`` names a type the annotation cannot (a field read leniently as ``Any``)."""

    model_config = ConfigDict(extra="forbid")
    template: str = Field(
        title="模板名",
        description="或 ".join(f"annual-report-{v}（用于 {y}）" for v, y in _version_years().items())
        + "，决定格式版本",
        examples=["annual-report-2021"],
    )
    organ: Annotated[str, BeforeValidator(lambda v: "" if v is None else v)] = Field(
        default="",
        title="发文机关",
        description="发文机关全称，用于标题和落款",
        examples=["某某市民政局"],
    )
    organ_level: Any = Field(
        default="department",
        title="机关层级",
        description="或 ".join(f"{level}（{zh}）" for level, zh in ORGAN_LEVEL_ZH.items())
        + "，也可写中文“"
        + "”“".join(ORGAN_LEVEL_ZH.values())
        + "”；决定公布期限（R13，《条例》第四十九条）："
        + "，".join(f"{zh}的成文日期不晚于{_deadline_zh(level)}" for level, zh in ORGAN_LEVEL_ZH.items()),
        json_schema_extra={"type_zh": "/".join(ORGAN_LEVEL_ZH) + " 之一"},
    )
    year: int = Field(
        ge=2008,
        le=2100,
        title="报告年度",
        description="统计年度（1月1日至12月31日），用于标题和核对；也决定适用的格式（见 version）",
        examples=[2024],
    )
    version: Any = Field(
        default=None,
        title="格式版本",
        description=f"年度报告的全国统一格式：{_versions_zh()}。不填时按模板确定；与模板或年度不符时报错（R14）",
        json_schema_extra={"type_zh": " 或 ".join(VERSION_INFO)},
    )
    date: CNDate | None = Field(
        default=None,
        title="成文日期",
        description="写作 2025-01-20、2025年1月20日 或 二〇二五年一月二十日；"
        "应在统计年度之后、公布期限之内（见 organ_level，R13）",
        examples=["2025-01-20"],
    )
    title: str | None = Field(
        default=None,
        title="标题",
        description="不填时用模板的标题（发文机关+年度+年政府信息公开工作年度报告）",
    )
    signature: str | None = Field(default=None, title="署名", description="落款署名，不填时为发文机关")
    addressee: str | None = Field(default=None, title="主送机关", description="主送机关，年度报告一般不写")
    preface: Items = Field(
        default_factory=list,
        title="导语",
        description="“一、总体情况”之前的文字；不填时写明编制依据、统计期限和查阅方式",
    )
    sections: dict[str, Items | None] = Field(
        default_factory=dict, title="各部分正文", description=_sections_zh()
    )
    t2: Any = _table_field("t2")
    t3: Any = _table_field("t3")
    t4: Any = _table_field("t4")
    fix_punctuation: bool = Field(
        default=True, title="自动更正半角标点", description="把中文语境中的半角标点改为全角，并逐处提示"
    )


MODEL = AnnualReportData

# Read leniently by the model (so a blank becomes a finding, not a refusal) but reported as errors by
# ``check`` when missing: a secretary must fill them.
CHECKED_REQUIRED = ("organ", "date", "sections", *TABLE_KEYS)


def field_overrides(template: Template) -> dict[str, dict[str, Any]]:
    """What ``template`` changes in the fields as ``docgen fields``/``init`` show them: its own name and
    format version as the examples, and the fields ``check`` requires marked 必填."""
    over: dict[str, dict[str, Any]] = {"template": {"example": template.name}}
    if template.spec.get("version"):
        over["version"] = {"example": int(template.spec["version"])}
    for name in CHECKED_REQUIRED:
        over[name] = {"required": True, "default": PydanticUndefined}
    return over


def _section_of(key: str) -> SectionSpec | None:
    """A data key of ``sections``: the spec's key (``overall``) or the heading (``一、总体情况``, variants)."""
    if key in SECTION_BY_KEY:
        return SECTION_BY_KEY[key]
    heading = canonical_headings([key])[0]
    return next((s for s in SECTIONS if s.heading == heading), None)


def _is_empty(items: list[Any] | None) -> bool:
    return not items or all(isinstance(i, str) and not i.strip() for i in items)


def load_report(loaded: Loaded, template_version: str | None = None) -> tuple[AnnualReport, list[Finding]]:
    """The tables of a loaded data file (YAML, JSON or workbook) as an ``AnnualReport``, with the findings
    met while reading. Used for the report itself and for ``--previous``."""
    values = loaded.values
    raw = {k: values[k] for k in ("year", "organ", "organ_level", *TABLE_KEYS) if k in values}
    has_version = values.get("version") not in (None, "")
    if has_version:
        raw["version"] = str(values["version"])
    elif template_version:
        raw["version"] = template_version

    def locate(path: tuple[str | int, ...]) -> SourceRef | None:
        if path[:1] == ("version",) and not has_version:
            return loaded.locate(("template",))
        return loaded.locate(path)

    return report_from_data(raw, locate)


def _previous_report(
    previous: Loaded | None, findings: list[Finding], report_now: AnnualReport
) -> AnnualReport | None:
    """Last year's tables for R9–R11, with a warning when they are of another organ or have errors."""
    if previous is None:
        return None
    report, found = load_report(previous)
    findings += check_previous_organ(report_now, report, previous.locate(("organ",)))
    errors = [f for f in found if f.severity is E]
    if errors:
        findings.append(
            Finding.of(
                W,
                "previous",
                "annual.previous.has_errors",
                previous.locate(()),
                count=len(errors),
                first=errors[0].text(),
            )
        )
    return report


def _table(key: str, report: AnnualReport) -> Table:
    build = {"t2": t2_table, "t3": t3_table, "t4": t4_table}[key]
    part = {"t2": report.t2, "t3": report.t3, "t4": report.t4}[key]
    return build(part, report.source, caption=TABLE_TITLE[key])  # type: ignore[operator]


def compose(
    data: AnnualReportData, template: Template, loaded: Loaded, previous: Loaded | None = None
) -> tuple[Document, list[Finding]]:
    c = Composer(data, loaded)  # type: ignore[arg-type]  # the fields report_document reads are shared
    locate = loaded.locate
    declared_version = template.spec.get("version")
    declared_version = str(declared_version) if declared_version is not None else None

    report, found = load_report(loaded, declared_version)
    c.findings += found
    if (
        declared_version
        and data.version not in (None, "")
        and report.version != declared_version
        and str(data.version)[:4] in ("2019", "2021")
    ):
        c.findings.append(
            Finding.of(
                E,
                "R14",
                "annual.r14.template_version",
                locate(("version",)),
                version=report.version,
                name=template.name,
                declared_version=declared_version,
            )
        )
    c.findings += check_tables(report, _previous_report(previous, c.findings, report))

    info = VERSION_INFO[report.version]
    context = {
        **data.model_dump(exclude={"t2", "t3", "t4"}),
        "version": report.version,
        "format_name": info["name"],
        "document_number": info["document_number"],
        "year_version": version_for_year(data.year),
    }

    if not data.organ.strip():
        c.findings.append(Finding.of(E, "missing-field", "annual.missing.organ", locate(("organ",))))
    if data.date is None:
        c.findings.append(Finding.of(E, "missing-field", "annual.missing.date", locate(("date",))))

    # --- title and preface ---------------------------------------------------------------------------
    if data.title:
        title = c.text(data.title, locate(("title",)))
    elif isinstance(template.spec.get("title"), str):
        title = render_fragment(template.spec["title"], context, template.where("title"))
    else:
        raise TemplateError.of("report.no_title", source=locate(()))
    if not _is_empty(data.preface):
        body: list[Block] = c.items(data.preface, ("preface",))
        preamble = "\n".join(b.text for b in body if isinstance(b, Paragraph))
    elif isinstance(template.spec.get("preface"), str):
        text = render_fragment(template.spec["preface"], context, template.where("preface"))
        body = [
            Paragraph("".join(p.split("\n")).strip(), source=template.where("preface"))
            for p in text.split("\n\n")
            if p.strip()
        ]
        preamble = None
    else:
        body, preamble = [], None
    c.findings += check_r13_dates(
        data.year,
        data.date,
        report.organ_level,
        preamble=preamble,
        source=locate(("date",)),
        preamble_source=locate(("preface",)),
    )

    # --- the narrative of each part, keyed by section ------------------------------------------------
    texts: dict[str, tuple[list[Any], tuple[str | int, ...]]] = {}
    for key, items in data.sections.items():
        spec = _section_of(key)
        where = locate(("sections", key))
        if spec is None:
            c.findings.append(
                Finding.of(
                    E,
                    "R14",
                    "annual.r14.unknown_section",
                    where,
                    key=key,
                    keys="、".join(s.key for s in SECTIONS),
                    heading=SECTIONS[0].heading,
                )
            )
            continue
        if spec.key in texts:
            c.findings.append(
                Finding.of(E, "R14", "annual.r14.section_twice", where, part=Text(spec.heading, str(spec.no)))
            )
            continue
        if key != spec.key and key != spec.heading:
            c.findings.append(
                Finding.of(N, "R14", "annual.r14.section_variant", where, key=key, heading=spec.heading)
            )
        texts[spec.key] = (items or [], ("sections", key))

    # --- the parts, as the template lists them ------------------------------------------------------
    declared = template.spec.get("sections") or []
    numerals = "一二三四五六七八九十"
    headings: list[str] = []
    heading_refs: list[SourceRef | None] = []
    for n, section in enumerate(declared):
        heading = render_fragment(section["heading"], context, template.where("sections", n, "heading"))
        headings.append(f"{numerals[n]}、{heading}")
        heading_refs.append(template.where("sections", n))
    c.findings += check_r14_sections(headings, heading_refs)

    for n, section in enumerate(declared):
        key = section["key"]
        body.append(Heading(1, headings[n], template.where("sections", n)))
        items, path = texts.get(key, ([], ("sections", key)))
        if _is_empty(items):
            if key in REQUIRED_TEXT:
                spec = SECTION_BY_KEY.get(key)
                c.findings.append(
                    Finding.of(
                        E,
                        "R14",
                        "annual.r14.section_empty",
                        locate(path),
                        heading=spec.heading if spec else headings[n],
                        key=key,
                    )
                )
        else:
            blocks = c.items(items, path)
            body.extend(blocks)
            if key == "overall":
                for b in blocks:
                    if isinstance(b, Paragraph):
                        c.findings += check_r12_narrative(b.lead + b.text, report, b.source)
        table = section.get("table")
        if table:
            if table not in TABLE_KEYS:
                raise TemplateError.of(
                    "annual.unknown_table", source=template.where("sections", n, "table"), table=table
                )
            body.append(_table(table, report))
    for key in texts:
        if key not in {s["key"] for s in declared}:
            c.findings.append(
                Finding.of(
                    E,
                    "R14",
                    "annual.r14.template_lacks_part",
                    locate(texts[key][1]),
                    name=template.name,
                    part=Text(SECTION_BY_KEY[key].heading, repr(key)),
                )
            )

    signature = data.signature or data.organ
    signoff = (
        Signoff(signature, data.date, source=locate(("date",))) if data.date and signature.strip() else None
    )
    return report_document(c, template, title, body, signoff), c.findings
