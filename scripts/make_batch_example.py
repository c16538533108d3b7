#!/usr/bin/env python3
"""Writes inputs/batch-2024/: 12 subordinate units' annual reports (2021 format) for `docgen batch` and
`docgen rollup`, with shared text in _defaults.yaml and two units carrying deliberate errors; and the two
manifest shapes the README documents: inputs/batch-manifest.csv (a row per unit: its data file and values
of its own) and inputs/batch-sheets.xlsx (a sheet per unit: field | value).

Each unit's tables are the example report's tables scaled by a whole factor, so every identity still holds.
Run again to regenerate; the output is committed so the README's examples work without it."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "annual-2024-example.yaml"
OUT = ROOT / "inputs" / "batch-2024"
UNITS = [
    "武陵区民政局",
    "鼎城区民政局",
    "津市市民政局",
    "澧县民政局",
    "临澧县民政局",
    "桃源县民政局",
    "汉寿县民政局",
    "石门县民政局",
    "安乡县民政局",
    "西湖管理区社会事务局",
    "西洞庭管理区社会事务局",
    "柳叶湖旅游度假区社会事务局",
]
DEFAULTS = """# 各单位共用的部分（深度合并到每个单位的数据之下；单位文件中的同名字段优先）。
template: annual-report-2021
organ_level: department
year: 2024
sections:
  overall: |
    2024年，本单位认真贯彻落实《中华人民共和国政府信息公开条例》，围绕民政中心工作，持续深化政务公开，主动公开、依申请公开、政府信息管理、平台建设和监督保障各项工作有序推进。具体数据见下列统计表。
  problems: |
    政策解读形式较为单一，依申请公开答复的规范化水平有待进一步提高。2025年将丰富解读形式，加强业务培训，提升办理质量。
  other_matters: |
    本单位2024年未收取信息处理费。
"""


def scaled(node, k: int):
    if isinstance(node, bool):
        return node
    if isinstance(node, int):
        return node * k
    if isinstance(node, list):
        return [scaled(v, k) for v in node]
    if isinstance(node, dict):
        return {key: scaled(v, k) for key, v in node.items()}
    return node


def main() -> None:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.yaml"):
        old.unlink()
    (OUT / "_defaults.yaml").write_text(DEFAULTS, encoding="utf-8")
    for i, organ in enumerate(UNITS):
        k = i % 4 + 1
        unit = {
            "organ": organ,
            "date": f"2025-01-{10 + i}",
            "t2": scaled(data["t2"], k),
            "t3": scaled(data["t3"], k),
            "t4": scaled(data["t4"], k),
        }
        text = yaml.safe_dump(unit, allow_unicode=True, sort_keys=False, default_flow_style=None, width=200)
        if i == 3:  # deliberate: a row total that does not add up (R2/R4)
            text = re.sub(
                r"new_received: \[(\d+), ", lambda m: f"new_received: [{int(m[1]) + 1}, ", text, count=1
            )
            text = "# 故意错误：“本年新收”自然人一栏多填 1，行合计与勾稽关系不成立\n" + text
        if i == 7:  # deliberate: an impossible date
            text = text.replace("date: '2025-01-17'", "date: 2025-02-30")
            text = "# 故意错误：成文日期 2 月 30 日不存在\n" + text
        (OUT / f"{i + 1:02d}-{organ}.yaml").write_text(text, encoding="utf-8")
    write_manifests()


# A CSV manifest as Excel saves it (“CSV UTF-8”, with BOM): each row a unit, its data file, and values of
# its own that override the file and the shared defaults (dotted columns reach into nested fields). Dates
# as Chinese Excel writes them (2025/1/15) are read as dates.
MANIFEST_CSV = """unit,data,date,sections.other_matters
武陵区民政局,batch-2024/01-武陵区民政局.yaml,2025-01-10,本单位2024年未收取信息处理费；全年更新政务公开专栏12次。
鼎城区民政局,batch-2024/02-鼎城区民政局.yaml,2025/1/15,本单位2024年未收取信息处理费。
津市市民政局,batch-2024/03-津市市民政局.yaml,2025-01-12,无。
"""

# A workbook with a sheet per unit: the sheet's name is the unit, each row a field and its value. Shown
# with the pre-2019 report, whose content is text only.
SHEET_UNITS = ("桃源县民政局", "汉寿县民政局")


def write_manifests() -> None:
    from openpyxl import Workbook

    (ROOT / "inputs" / "batch-manifest.csv").write_bytes(MANIFEST_CSV.encode("utf-8-sig"))
    wb = Workbook()
    wb.remove(wb.active)
    for i, organ in enumerate(SHEET_UNITS):
        ws = wb.create_sheet(organ)
        ws.append(["字段", "值"])
        for field, value in {
            "template": "annual-report-pre2019",
            "organ": organ,
            "year": 2017,
            "date": f"2018-03-{15 + i}",
            "preface": f"本年度报告根据《中华人民共和国政府信息公开条例》编制，由{organ}负责解释。",
            "sections.overview": f"2017年，{organ}进一步加强政府信息公开工作，明确专人负责。",
            "sections.proactive": f"本单位2017年度主动公开政府信息{120 + 30 * i}条。",
            "sections.on_request": f"本单位2017年度共受理政府信息公开申请{2 + i}件，均按时答复。",
            "sections.consultation": "全年接受政府信息公开咨询20余人次。",
            "sections.review_litigation": "本年度未发生因政府信息公开引起的行政复议和行政诉讼。",
            "sections.expenditure": "本年度未收取任何费用。",
            "sections.other_work": "无。",
            "sections.problems": "信息公开的时效性有待进一步提高，将加强业务培训。",
        }.items():
            ws.append([field, value])
        ws.column_dimensions["A"].width = 28
        ws.column_dimensions["B"].width = 80
    wb.save(ROOT / "inputs" / "batch-sheets.xlsx")


if __name__ == "__main__":
    main()
