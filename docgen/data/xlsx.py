"""Annual-report workbooks, their layout: which sheet, row and cell holds each field, text and number,
shared by the writer (``xlsx_write``, for ``docgen init … --xlsx``), the reader (``xlsx_read``) and the
editor (``serve``). Opening a workbook within its limits is ``xlsx_open``.

The workbook is laid out like the official tables: sheets 表二、表三、表四 are the printed grids, merged
headers and all, built from the same table builders the renderers use (``kinds.annual_report.tables``), so
a cell of the workbook is a cell of the printed table. Labels are locked (sheet protection without a
password); number cells are unlocked and validated. 基本信息 holds the fields and the 落款, 正文 the narrative
of the six parts.

Reading maps each value back to the data path the YAML form uses (``("t3", "denied.state_secret",
"natural_person")``) and remembers its cell, so every message points at ``表三!D12``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Table
from ..source import SourceRef
from .xlsx_open import open_workbook as _open  # noqa: F401  (the name batch opens its unit lists by)

Path_ = tuple[str | int, ...]

INFO_SHEET = "基本信息"
TEXT_SHEET = "正文"
TABLE_SHEETS = {"t2": "表二", "t3": "表三", "t4": "表四"}
TITLE_ROW = 1  # the table's title; the grid starts on the next row
GRID_TOP = 2
MARK = "@"  # SourceRef.file of the marker positions the builders are given: the canonical path follows


@dataclass(frozen=True)
class Field_:
    key: str
    label: str
    note: str
    kind: str = "text"  # text | int | date | level | locked


INFO_FIELDS: tuple[Field_, ...] = (
    Field_("template", "模板", "生成时按年度选定，不要修改", "locked"),
    Field_(
        "version",
        "格式版本",
        "2019 = 2019 年（试行）格式；2021 = 2021 年格式。决定表格的行列，不要修改",
        "locked",
    ),
    Field_("year", "报告年度", "统计年度，如 2024", "int"),
    Field_("organ", "发文机关", "全称，如 某某市民政局；也用于标题和落款"),
    Field_("organ_level", "机关层级", "部门（次年1月31日前公布）或 人民政府（次年3月31日前公布）", "level"),
    Field_("date", "成文日期", "如 2025-01-20", "date"),
    Field_("title", "标题", "可不填：默认为“发文机关+年度+年政府信息公开工作年度报告”"),
    Field_("signature", "署名", "可不填：默认为发文机关"),
)
LEVELS = {"部门": "department", "人民政府": "government"}
LEVEL_NAMES = {v: k for k, v in LEVELS.items()}

# 正文 sheet: (data path, label, note)
TEXT_ROWS: tuple[tuple[Path_, str, str], ...] = (
    (("preface",), "导语", "可不填：默认写明编制依据、统计期限和查阅方式"),
    (
        ("sections", "overall"),
        "一、总体情况",
        "必填。分段请在单元格内换行（Alt+Enter）；“（一）主动公开。”等开头自动识别为小标题",
    ),
    (("sections", "active_disclosure"), "二、主动公开政府信息情况", "可不填：印在表二之前的说明"),
    (("sections", "applications"), "三、收到和处理政府信息公开申请情况", "可不填：印在表三之前的说明"),
    (
        ("sections", "review_litigation"),
        "四、政府信息公开行政复议、行政诉讼情况",
        "可不填：印在表四之前的说明",
    ),
    (("sections", "problems"), "五、存在的主要问题及改进情况", "必填"),
    (("sections", "other_matters"), "六、其他需要报告的事项", "必填；没有时写“无。”"),
)


def _marker(*path: str | int) -> SourceRef:
    return SourceRef(MARK, cell="|".join(map(str, path)))


def table_layouts(version: str) -> dict[str, Table]:
    """The three tables of ``version`` with every number cell's source a marker naming its data path."""
    from ..kinds.annual_report.tables import empty_report, t2_table, t3_table, t4_table

    report = empty_report(2021 if version == "2021" else 2019, version)  # type: ignore[arg-type]
    return {
        "t2": t2_table(report.t2, _marker),
        "t3": t3_table(report.t3, _marker),
        "t4": t4_table(report.t4, _marker),
    }


@dataclass(frozen=True)
class Slot:
    row: int  # 1-based worksheet row
    col: int  # 1-based worksheet column
    rowspan: int
    colspan: int
    text: str
    path: Path_ | None  # the data path of a number cell; None for a label


def slots(table: Table) -> Iterator[Slot]:
    from ..render.docx.tables import place_cells

    placements, _ = place_cells(table)
    for p in placements:
        src = p.cell.source
        path = tuple(src.cell.split("|")) if src is not None and src.file == MARK and src.cell else None
        yield Slot(GRID_TOP + p.row, 1 + p.col, p.cell.rowspan, p.cell.colspan, p.cell.text, path)


def number_kind(path: Path_) -> str:
    """int (≥ 0), signed (本年增/减), decimal (万元) or money (amount with unit) for a number cell."""
    if path[0] != "t2":
        return "int"
    from ..kinds.annual_report.labels import T2_BLOCKS

    for blocks in T2_BLOCKS.values():
        for b in blocks:
            if b.key == path[1]:
                for c in b.columns:
                    if c.key == path[3]:
                        return c.kind
    return "int"
