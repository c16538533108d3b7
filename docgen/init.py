"""``docgen init``: a ready-to-fill data file for any template (and the annual report by year).

For a 公文 or the pre-2019 report: a YAML file with every field the template uses, the required ones open
(value blank: ``docgen check`` says what is still 未填写), the optional ones (密级 ``secrecy``, ``closing``,
``signature`` …) commented out with an example or their default, each with its Chinese meaning as a
comment, all generated from the data models by ``fields.py`` (the same text ``docgen fields`` prints).
For the annual report in the national format: every table cell blank (``~``) with its official label, or a
workbook laid out like the official tables (``data/xlsx.py``). The year picks the format: 2019 (试行) for
2019–2020, 2021 from 2021 on.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from .catalog import Template, find
from .errors import InputError, OutputError
from .messages import Text
from .output import write_all
from .source import SourceRef

KINDS = ("annual-report",)  # a kind name: the national-format annual report, its template chosen by year
ANNUAL_KIND = "annual-report"


def init_data(
    kind: str,
    year: int | None,
    out: Path,
    *,
    xlsx: bool = False,
    force: bool = False,
    templates: Path | None = None,
) -> Path:
    """``kind``: a template name (``docgen templates``) or ``annual-report`` (the national format of
    ``year``). Refuses to overwrite a file unless ``force``."""
    template = None if kind in KINDS else find(kind, templates)
    if template is None or template.kind == ANNUAL_KIND:
        year, version = _annual_year(kind, template, year)
        name = f"annual-report-{year}"
    else:
        if xlsx:
            raise InputError.of("init.xlsx.not_annual", kind=kind)
        version, name = None, template.name
    out = Path(out)
    if out.suffix.lower() not in (".xlsx", ".yaml", ".yml"):  # a folder
        out = out / f"{name}.{'xlsx' if xlsx else 'yaml'}"
    xlsx = out.suffix.lower() == ".xlsx"
    if xlsx and version is None:
        raise InputError.of("init.xlsx.not_annual_out", source=SourceRef(str(out)))
    if out.exists() and not force:
        raise OutputError.of("init.exists", source=SourceRef(str(out)))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError.of(
            "init.mkdir_failed", source=SourceRef(str(out.parent)), reason=Text(str(e.strerror), str(e))
        ) from None
    if version is None:
        assert template is not None
        write_all({out: template_yaml(template, year).encode("utf-8")})
        return out
    assert year is not None
    try:
        if xlsx:
            from .data.xlsx_write import write_workbook

            write_workbook(out, {**annual_values(year, version), "version": version, "organ": None}, version)
        else:
            write_all({out: annual_report_yaml(year, version).encode("utf-8")})
    except OSError as e:
        raise OutputError.of(
            "init.write_failed", source=SourceRef(str(out)), reason=Text(str(e.strerror), str(e))
        ) from None
    return out


def _annual_year(kind: str, template: Template | None, year: int | None) -> tuple[int, str]:
    """The year and format version of a national-format annual report: ``--year`` when given (it must fit
    the template's format), else the last year the template's format applies to, up to last year."""
    from .kinds.annual_report.tables import version_for_year

    declared = str(template.spec.get("version")) if template is not None else None
    if year is None:
        if declared is None:
            raise InputError.of("init.year.missing", kind=kind, year=dt.date.today().year - 1)
        year = 2020 if declared == "2019" else dt.date.today().year - 1
    if not 2019 <= year <= 2100:
        raise InputError.of("init.year.out_of_range", year=year)
    version = version_for_year(year)
    if declared is not None and version != declared:
        raise InputError.of(
            "init.year.wrong_format", year=year, version=version, kind=kind, declared=declared
        )
    return year, version


def template_yaml(template: Template, year: int | None = None) -> str:
    """The ready-to-fill YAML of a template of the ``gongwen`` or ``report`` kind: every field it uses,
    with its meaning from the data model (``fields.py``)."""
    from .fields import field_lines, template_fields

    lines = [
        f"# {template.description} —— 待填写的数据文件（docgen init {template.name} 生成）",
        "# 冒号后为空的字段必须填写；以“# ”开头的字段可不填，需要时删去行首的“# ”再填写。",
        "# 多段文字写在“|”之后的各行，每行缩进两格，段与段之间空一行。",
        f"# 每个字段的说明：docgen fields {template.name}；检查：docgen check 本文件；生成：docgen render 本文件",
    ]
    for spec in template_fields(template):
        if spec.name == "template":
            lines.append(f"template: {template.name}")
        elif spec.name == "year" and year is not None:
            lines.append(f"year: {year}")
        elif spec.name == "sections" and template.spec.get("sections"):
            lines += _template_sections(template, spec)
        else:
            lines += field_lines(spec)
    return "\n".join(lines) + "\n"


def _template_sections(template: Template, spec: Any) -> list[str]:
    """``sections`` of a report: one text block per part the template declares, and, commented out, the
    list form in which the data declares its own parts (a six-part provincial template, a 统计表)."""
    from .fields import field_lines
    from .kinds.report import cn_ordinal

    lines = ["", f"# {spec.title}：按模板的各部分填写（标题由模板给出）", "sections:"]
    for n, section in enumerate(template.spec["sections"]):
        lines += [
            f"  {section['key']}: |{' ' * 8}# {cn_ordinal(n + 1)}、{section['heading']}（必填）",
            "    ",
        ]
    lines += [
        "",
        "# 也可以不用模板的各部分，自己列出各部分及其标题（如六部分格式）并附统计表：",
        "# 把上面的 sections 整段换成下面的列表（删去行首的“# ”），每部分一项。",
        "# sections:",
        "#   - heading: 概述",
        "#     body: |",
        "#       ……",
    ]
    for child in spec.children:
        if child.key in ("heading", "body"):
            continue
        lines += ["#   " + ln for ln in field_lines(child, 2, commented=False)]
    return [*lines, ""]


def _row(key: str, label: str, values: str, indent: int = 2) -> str:
    return f"{' ' * indent}{key}: {values}   # {label}"


def annual_report_yaml(year: int, version: str) -> str:
    """The YAML skeleton: every top-level field with its meaning from the data model (``fields.py``, the
    text ``docgen fields`` prints), the year, level and date filled in, each table cell blank (``~``) with
    its official label."""
    from .fields import field_lines, template_fields, value_line
    from .kinds.annual_report.labels import VERSION_INFO

    info = VERSION_INFO[version]  # type: ignore[index]
    lines = [
        f"# {year}年政府信息公开工作年度报告 —— 《{info['name']}》（{info['document_number']}）",
        "# 填写说明：把 ~（空白）换成数字；没有的填 0。文字部分写在 | 之后、缩进两格，段与段之间空一行。",
        "# 以“# ”开头的字段可不填，需要时删去行首的“# ”再填写。",
        f"# 每个字段的说明：docgen fields annual-report-{version}；"
        "检查：docgen check 本文件 [--previous 上年数据文件]；生成：docgen render 本文件",
    ]
    values = annual_values(year, version)
    tables = {"t2": _t2_lines, "t3": _t3_lines, "t4": _t4_lines}
    for spec in template_fields(find(f"annual-report-{version}")):
        if spec.name in values:
            lines.append(value_line(spec, values[spec.name]))
        elif spec.name == "sections":
            lines += ["", value_line(spec), *_SECTION_LINES, ""]
        elif spec.name in tables:
            lines += [value_line(spec), *tables[spec.name](version), ""]
        else:
            lines += field_lines(spec)
    while not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def annual_values(year: int, version: str) -> dict[str, Any]:
    """What ``init`` fills in for the user, in the YAML file and in the workbook alike."""
    return {
        "template": f"annual-report-{version}",
        "year": year,
        "organ_level": "department",
        "date": dt.date(year + 1, 1, 20),
    }


# The six parts under ``sections``, as the national format's templates list them.
_SECTION_LINES = [
    "  overall: |                 # 一、总体情况（必填；“（一）主动公开。”等开头自动识别为小标题）",
    "    ",
    "  # active_disclosure: |     # 二、主动公开政府信息情况：表二之前的说明，可不填",
    "  # applications: |          # 三、收到和处理政府信息公开申请情况：表三之前的说明，可不填",
    "  # review_litigation: |     # 四、政府信息公开行政复议、行政诉讼情况：表四之前的说明，可不填",
    "  problems: |                # 五、存在的主要问题及改进情况（必填）",
    "    ",
    "  other_matters: |           # 六、其他需要报告的事项（必填；没有时写“无。”）",
    "    ",
]


def _t2_lines(version: str) -> list[str]:
    """表二 under ``t2:``: each block with its caption and columns, each row blank with its label."""
    from .kinds.annual_report.labels import T2_BLOCKS

    lines = []
    for block in T2_BLOCKS[version]:  # type: ignore[index]
        cols = "、".join(c.label for c in block.columns)
        lines.append(f"  {block.key}:   # {block.caption}：{cols}")
        for row in block.rows:
            if len(block.columns) == 1:
                lines.append(_row(row.key, row.label, "~", 4))
            else:
                cells = ", ".join(f"{c.key}: ~" for c in block.columns)
                lines.append(_row(row.key, row.label, "{" + cells + "}", 4))
    return lines


def _t3_lines(version: str) -> list[str]:
    """表三 under ``t3:``: each row seven blanks with its label (the column order is in t3's comment)."""
    from .kinds.annual_report.labels import T3_ROWS

    lines = ["  # 勾稽关系：一 + 二 = 三（七）总计 + 四；每行总计 = 前 6 列之和"]
    blank7 = "[" + ", ".join(["~"] * 7) + "]"
    for spec in T3_ROWS[version]:  # type: ignore[index]
        if spec.key == "results_header":
            lines.append(f"  # {spec.label}")
            continue
        if not spec.data:
            lines.append(f"  {spec.key}:   # {spec.label}")
            continue
        if spec.parent and spec.parent != "results_header":
            lines.append(_row(spec.key.rsplit(".", 1)[-1], spec.label, blank7, 4))
        else:
            lines.append(_row(spec.key, spec.label, blank7))
    return lines


def _t4_lines(version: str) -> list[str]:
    """表四 under ``t4:`` (the same in both formats): each group's five cells blank, with its label."""
    from .kinds.annual_report.labels import T4_COLUMNS, T4_GROUPS, t4_group_name

    lines = []
    for g in T4_GROUPS:
        cells = ", ".join(f"{c.key}: ~" for c in T4_COLUMNS)
        lines.append(_row(g.key, t4_group_name(g.key), "{" + cells + "}"))
    return lines
