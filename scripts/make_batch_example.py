#!/usr/bin/env python3
"""Writes inputs/batch-2024/: 12 subordinate units' annual reports (2021 format) for `docgen batch` and
`docgen rollup`, with shared text in _defaults.yaml and two units carrying deliberate errors.

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


if __name__ == "__main__":
    main()
