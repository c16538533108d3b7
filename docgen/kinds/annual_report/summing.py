"""Adding several units' tables up cell by cell: the roll-up a coordinating office publishes.

Why blanks are kept: a sum is blank only where every unit left the cell blank, so that the rules can still
tell an unfilled cell from a zero in the total. Positions (SourceRefs) do not survive a sum.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, TypeVar

from .labels import T2_BLOCKS, T3_ALL_COLS, T3_DATA_ROWS, T4_COLUMNS, T4_GROUPS, OrganLevel
from .models import T3, T4, AnnualReport, T2v2019, T2v2021, T3Row, t2_cell, t2_model
from .values import YUAN_PER_UNIT, Amount


def _add(values: Iterable[Any]) -> Any:
    """Sum of the non-blank values; blank only when every unit left the cell blank."""
    present = [v for v in values if v is not None]
    return sum(present[1:], present[0]) if present else None


def sum_t3(tables: Sequence[T3]) -> T3:
    """Cell-by-cell sum of several units' 表三 (same format version). Stated subtotals are not carried:
    a roll-up's subtotals are derived."""
    version = _same({t.version for t in tables}, "表三")
    rows = {
        r: T3Row(**{c: _add(t.cell(r, c) for t in tables) for c in T3_ALL_COLS})
        for r in T3_DATA_ROWS[version]
    }
    return T3(version=version, rows=rows)


def sum_t4(tables: Sequence[T4]) -> T4:
    """Cell-by-cell sum of several units' 表四."""
    if not tables:
        return T4()
    return T4.model_validate(
        {g.key: {c.key: _add(t.cell(g.key, c.key) for t in tables) for c in T4_COLUMNS} for g in T4_GROUPS}
    )


def _add_amounts(amounts: Iterable[Amount | None]) -> Amount | None:
    present = [a for a in amounts if a is not None]
    if not present:
        return None
    units = {a.unit for a in present}
    if len(units) == 1:
        return Amount(value=sum((a.value for a in present), Decimal(0)), unit=present[0].unit)
    if units <= set(YUAN_PER_UNIT):
        return Amount(value=sum((a.value * YUAN_PER_UNIT[a.unit] for a in present), Decimal(0)), unit="元")
    raise ValueError(f"采购总金额单位不一致，无法相加：{'、'.join(sorted(u or '（未注明）' for u in units))}")


def sum_t2(tables: Sequence[T2v2019 | T2v2021]) -> T2v2019 | T2v2021:
    """Cell-by-cell sum of several units' 表二 (same format version): counts, 本年增/减 (signed), amounts.
    2019 采购总金额 in different known units (元/万元/亿元) is summed in 元; unknown mixed units raise
    ValueError."""
    version = _same({t.version for t in tables}, "表二")
    data: dict[str, dict[str, dict[str, Any]]] = {}
    for block in T2_BLOCKS[version]:
        for row in block.rows:
            for col in block.columns:
                values = [t2_cell(t, block.key, row.key, col.key) for t in tables]
                total = _add_amounts(values) if col.kind == "money" else _add(values)
                data.setdefault(block.key, {}).setdefault(row.key, {})[col.key] = total
    return t2_model(version).model_validate(data)


def sum_reports(
    reports: Sequence[AnnualReport], *, organ: str = "", organ_level: OrganLevel = "government"
) -> AnnualReport:
    """A roll-up: one report whose tables are the cell-by-cell sums of ``reports`` (same year and version).

    Why: a coordinating office publishes the figures of all its units. The sum keeps blanks blank only
    where every unit left them blank; positions (SourceRefs) do not survive a sum.
    """
    if not reports:
        raise ValueError("没有可汇总的年度报告")
    year = _same({r.year for r in reports}, "报告年度")
    version = _same({r.version for r in reports}, "格式版本")
    return AnnualReport(
        year=year,
        version=version,
        organ=organ,
        organ_level=organ_level,
        t2=sum_t2([r.t2 for r in reports]),
        t3=sum_t3([r.t3 for r in reports]),
        t4=sum_t4([r.t4 for r in reports]),
    )


_T = TypeVar("_T")


def _same(values: set[_T], what: str) -> _T:
    if len(values) != 1:
        raise ValueError(
            f"{what}不一致，无法汇总：{', '.join(sorted(map(str, values)))}" if values else "没有数据"
        )
    return next(iter(values))


__all__ = ["sum_reports", "sum_t2", "sum_t3", "sum_t4"]
