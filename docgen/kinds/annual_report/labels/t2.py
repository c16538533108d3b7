"""表二 主动公开政府信息情况 (B2), both versions: its blocks, their value columns and rows, character for
character, and the grid's column widths."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .outline import Version

ColumnKind = Literal["int", "signed", "decimal", "money"]


@dataclass(frozen=True, slots=True)
class T2Column:
    """A value column of a T2 block. ``span`` is how many grid columns its cells cover."""

    key: str
    label: str
    kind: ColumnKind
    en: str
    span: int = 1


@dataclass(frozen=True, slots=True)
class T2Row:
    key: str
    label: str
    en: str


@dataclass(frozen=True, slots=True)
class T2Block:
    """A block of T2: a caption row spanning the grid (e.g. 第二十条第（一）项), a header row, data rows."""

    key: str
    caption: str
    columns: tuple[T2Column, ...]
    rows: tuple[T2Row, ...]
    label_header: str = "信息内容"


_DECISIONS_2021 = (T2Column("decisions", "本年处理决定数量", "int", "decisions this year", span=3),)
_ITEMS_2019 = (
    T2Column("prev_year_items", "上一年项目数量", "int", "items last year"),
    T2Column("change", "本年增/减", "signed", "change this year", span=2),
    T2Column("decisions", "处理决定数量", "int", "decisions"),
)

T2_BLOCKS: dict[Version, tuple[T2Block, ...]] = {
    "2021": (
        T2Block(
            "art20_1",
            "第二十条第（一）项",
            (
                T2Column("made", "本年制发件数", "int", "issued this year"),
                T2Column("repealed", "本年废止件数", "int", "repealed this year"),
                T2Column("valid", "现行有效件数", "int", "currently valid"),
            ),
            (
                T2Row("regulations", "规章", "rules"),
                T2Row("normative_documents", "行政规范性文件", "normative documents"),
            ),
        ),
        T2Block(
            "art20_5", "第二十条第（五）项", _DECISIONS_2021, (T2Row("licensing", "行政许可", "licensing"),)
        ),
        T2Block(
            "art20_6",
            "第二十条第（六）项",
            _DECISIONS_2021,
            (
                T2Row("punishment", "行政处罚", "penalties"),
                T2Row("coercion", "行政强制", "coercive measures"),
            ),
        ),
        T2Block(
            "art20_8",
            "第二十条第（八）项",
            (
                T2Column(
                    "amount", "本年收费金额（单位：万元）", "decimal", "fees this year (10k yuan)", span=3
                ),
            ),
            (T2Row("fees", "行政事业性收费", "administrative fees"),),
        ),
    ),
    "2019": (
        T2Block(
            "art20_1",
            "第二十条第（一）项",
            (
                T2Column("new_made", "本年新制作数量", "int", "newly made"),
                T2Column("new_published", "本年新公开数量", "int", "newly published", span=2),
                T2Column("total_published", "对外公开总数量", "int", "published in total"),
            ),
            (
                T2Row("regulations", "规章", "rules"),
                T2Row("normative_documents", "规范性文件", "normative documents"),
            ),
        ),
        T2Block(
            "art20_5",
            "第二十条第（五）项",
            _ITEMS_2019,
            (
                T2Row("licensing", "行政许可", "licensing"),
                T2Row("other_services", "其他对外管理服务事项", "other external services"),
            ),
        ),
        T2Block(
            "art20_6",
            "第二十条第（六）项",
            _ITEMS_2019,
            (
                T2Row("punishment", "行政处罚", "penalties"),
                T2Row("coercion", "行政强制", "coercive measures"),
            ),
        ),
        T2Block(
            "art20_8",
            "第二十条第（八）项",
            (
                T2Column("prev_year_items", "上一年项目数量", "int", "items last year", span=2),
                T2Column("change", "本年增/减", "signed", "change this year", span=2),
            ),
            (T2Row("fees", "行政事业性收费", "administrative fees"),),
        ),
        T2Block(
            "art20_9",
            "第二十条第（九）项",
            (
                T2Column("procurement_items", "采购项目数量", "int", "procurement items", span=2),
                T2Column("procurement_amount", "采购总金额", "money", "procurement amount", span=2),
            ),
            (T2Row("central_procurement", "政府集中采购", "central government procurement"),),
        ),
    ),
}

# Relative column widths, in millimetres of the 156 mm 版心. The 2019 grid has four value columns of
# 2 : 1 : 1 : 2 so that both its three-column blocks (spans 1, 2, 1) and its two-column blocks (spans 2, 2)
# come out with equal value columns.
# The 2019 label column is 46 mm so that 其他对外管理服务事项 stays on one line.
T2_WIDTHS: dict[Version, tuple[float, ...]] = {
    "2021": (44.0, 112 / 3, 112 / 3, 112 / 3),
    "2019": (46.0, 110 / 3, 110 / 6, 110 / 6, 110 / 3),
}
