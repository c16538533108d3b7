"""``docgen init``: a ready-to-fill data file for a document kind and year.

For the annual report: a YAML file with every field and a Chinese comment on each, the number cells blank
(``~``: ``docgen check`` then lists what is still unfilled), or a workbook laid out like the official tables
(``data/xlsx.py``). The year picks the format: 2019 (试行) for 2019–2020, 2021 from 2021 on.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from .errors import InputError, OutputError
from .source import SourceRef

KINDS = ("annual-report",)


def init_data(kind: str, year: int, out: Path, *, xlsx: bool = False, force: bool = False) -> Path:
    if kind not in KINDS:
        raise InputError(
            message=f"不支持为“{kind}”生成数据文件",
            message_en=f"cannot initialise data for {kind!r}",
            hint=f"可用：{'、'.join(KINDS)}",
            hint_en=f"available: {', '.join(KINDS)}",
        )
    if not 2019 <= year <= 2100:
        raise InputError(
            message=f"年度 {year} 不在全国统一格式的适用范围（2019 年度起）",
            message_en=f"year {year} predates the national format (2019 on)",
            hint="2019 年以前的年度报告请参考 inputs/changde-2017.yaml（模板 annual-report-pre2019）",
        )
    from .kinds.annual_report.tables import version_for_year

    out = Path(out)
    if out.suffix.lower() not in (".xlsx", ".yaml", ".yml"):  # a folder
        out = out / f"annual-report-{year}.{'xlsx' if xlsx else 'yaml'}"
    xlsx = out.suffix.lower() == ".xlsx"
    if out.exists() and not force:
        raise OutputError(
            message="文件已存在，未覆盖",
            message_en="the file exists; not overwritten",
            source=SourceRef(str(out)),
            hint="换一个文件名（-o），或加 --force 覆盖",
            hint_en="choose another name (-o) or add --force",
        )
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(
            message=f"无法创建文件夹：{e.strerror}", message_en=str(e), source=SourceRef(str(out.parent))
        ) from None
    version = version_for_year(year)
    values: dict[str, Any] = {
        "template": f"annual-report-{version}",
        "version": version,
        "year": year,
        "organ": None,
        "organ_level": "department",
        "date": dt.date(year + 1, 1, 20),
    }
    try:
        if xlsx:
            from .data.xlsx import write_workbook

            write_workbook(out, values, version)
        else:
            out.write_text(annual_report_yaml(year, version), encoding="utf-8")
    except OSError as e:
        raise OutputError(
            message=f"无法写入：{e.strerror}", message_en=str(e), source=SourceRef(str(out))
        ) from None
    return out


def _row(key: str, label: str, values: str, indent: int = 2) -> str:
    return f"{' ' * indent}{key}: {values}   # {label}"


def annual_report_yaml(year: int, version: str) -> str:
    """The YAML skeleton: every field, each number blank (``~``), each with the official label."""
    from .kinds.annual_report.labels import (
        T2_BLOCKS,
        T3_COLUMNS,
        T3_ROWS,
        T4_COLUMNS,
        T4_GROUPS,
        VERSION_INFO,
    )

    info = VERSION_INFO[version]  # type: ignore[index]
    lines = [
        f"# {year}年政府信息公开工作年度报告 —— 《{info['name']}》（{info['document_number']}）",
        "# 填写说明：把 ~（空白）换成数字；没有的填 0。文字部分写在 | 之后、缩进两格，段与段之间空一行。",
        "# 检查：docgen check 本文件 [--previous 上年数据文件]；生成：docgen render 本文件",
        f"template: annual-report-{version}",
        f"year: {year}                   # 报告年度（统计年度）",
        "organ:                       # 发文机关全称，如 某某市民政局（也用于标题和落款）",
        "organ_level: department      # department = 部门（次年1月31日前公布）；government = 人民政府（3月31日前）",
        f"date: {year + 1}-01-20             # 成文日期",
        "# title:                     # 标题，可不填（默认：发文机关+年度+年政府信息公开工作年度报告）",
        "# signature:                 # 落款署名，可不填（默认为发文机关）",
        "# preface: |                 # 导语，可不填（默认写明编制依据、统计期限和查阅方式）",
        "",
        "sections:",
        "  overall: |                 # 一、总体情况（必填；“（一）主动公开。”等开头自动识别为小标题）",
        "    ",
        "  # active_disclosure: |     # 二、主动公开政府信息情况：表二之前的说明，可不填",
        "  # applications: |          # 三、收到和处理政府信息公开申请情况：表三之前的说明，可不填",
        "  # review_litigation: |     # 四、政府信息公开行政复议、行政诉讼情况：表四之前的说明，可不填",
        "  problems: |                # 五、存在的主要问题及改进情况（必填）",
        "    ",
        "  other_matters: |           # 六、其他需要报告的事项（必填；没有时写“无。”）",
        "    ",
        "",
        "# 表二 主动公开政府信息情况",
        "t2:",
    ]
    for block in T2_BLOCKS[version]:  # type: ignore[index]
        cols = "、".join(c.label for c in block.columns)
        lines.append(f"  {block.key}:   # {block.caption}：{cols}")
        for row in block.rows:
            if len(block.columns) == 1:
                lines.append(_row(row.key, row.label, "~", 4))
            else:
                cells = ", ".join(f"{c.key}: ~" for c in block.columns)
                lines.append(_row(row.key, row.label, "{" + cells + "}", 4))
    cols = "、".join(c.label for c in T3_COLUMNS)
    lines += [
        "",
        "# 表三 收到和处理政府信息公开申请情况",
        f"# 每行 7 个数，依次为：{cols}",
        "# 勾稽关系：一 + 二 = 三（七）总计 + 四；每行总计 = 前 6 列之和",
        "t3:",
    ]
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
    cols = "、".join(c.label for c in T4_COLUMNS)
    lines += ["", "# 表四 政府信息公开行政复议、行政诉讼情况", f"# 每组依次为：{cols}", "t4:"]
    for g in T4_GROUPS:
        cells = ", ".join(f"{c.key}: ~" for c in T4_COLUMNS)
        label = f"{g.parent_label}—{g.label}" if g.parent_label else g.label
        lines.append(_row(g.key, label, "{" + cells + "}"))
    return "\n".join(lines) + "\n"
