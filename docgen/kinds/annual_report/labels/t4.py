"""表四 政府信息公开行政复议、行政诉讼情况 (B4), the same in both versions: its three groups, five columns
and widths."""

from __future__ import annotations

from dataclasses import dataclass

from .t3 import T3Column


@dataclass(frozen=True, slots=True)
class T4Group:
    key: str
    label: str
    en: str
    parent_label: str = ""


T4_REVIEW_HEADER = "行政复议"
T4_LITIGATION_HEADER = "行政诉讼"
T4_GROUPS: tuple[T4Group, ...] = (
    T4Group("review", "行政复议", "administrative review"),
    T4Group("litigation_direct", "未经复议直接起诉", "lawsuits without prior review", "行政诉讼"),
    T4Group("litigation_after_review", "复议后起诉", "lawsuits after review", "行政诉讼"),
)
T4_COLUMNS: tuple[T3Column, ...] = (
    T3Column("upheld", "结果维持", "upheld", ("维持",)),
    T3Column("corrected", "结果纠正", "corrected", ("纠正",)),
    T3Column("other_result", "其他结果", "other result", ("其他",)),
    T3Column("pending", "尚未审结", "pending"),
    T3Column("total", "总计", "total"),
)
T4_PARTS: tuple[str, ...] = ("upheld", "corrected", "other_result", "pending")
T4_WIDTHS: tuple[float, ...] = (156 / 15,) * 15


def t4_group_name(key: str) -> str:
    """``行政复议`` or ``行政诉讼—未经复议直接起诉``: the header path a reader follows."""
    g = next(g for g in T4_GROUPS if g.key == key)
    return f"{g.parent_label}—{g.label}" if g.parent_label else g.label
