"""How the annual report's rules name cells, blanks and differences (spec B7), and the findings for blanks.

Blank cells are never read as 0: the national format writes a matter that did not occur as 0, so a blank is
an unfilled cell, not a zero. A rule with a blank operand is not evaluated — neither an error nor a pass — and
says so in an UNCHECKED finding that names the rule, the place and the blank cells (``_not_evaluated``); every
table with blanks gets one UNCHECKED finding listing them compactly (``Finding.blank``, ``_blank_report``),
which ``check`` sums up and ``render --final`` refuses. The rules themselves are in ``tablerules.py``
(one year's tables), ``crossyear.py`` (R9–R11) and ``narrative.py`` (R12); ``rules.py`` runs them all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from ...errors import Finding, Severity
from ...messages import Text
from .labels import (
    T2_BLOCKS,
    T3_ALL_COLS,
    T3_COL,
    T3_DATA_ROWS,
    T3_ROW,
    T3_ROWS,
    T4_COLUMNS,
    T4_GROUPS,
    Version,
    t3_row_name,
    t4_group_name,
)
from .tables import AnnualReport, t2_cell

U = Severity.UNCHECKED

CellPath = tuple[str, ...]  # ("t3", row, col), ("t4", group, col) or ("t2", block, row, col)
MINUS = "\u2212"  # the minus sign of a signed difference (not the hyphen of 2019-2020)
BLANK_ZH, BLANK_EN = "空白", "blank"  # the one word for a blank cell in every message


def signed(n: Any) -> str:
    """A difference as messages print it, sign always shown: ``+1``, ``−6``, ``0``."""
    return f"+{n}" if n > 0 else (f"{MINUS}{-n}" if n < 0 else "0")


def _col(col: str) -> str:
    return T3_COL[col].label


def _t3_where(report: AnnualReport, row: str) -> str:
    return f"表三 “{t3_row_name(report.version, row)}”行"


def _sum(values: Iterable[int | None]) -> int | None:
    """The sum, or None when a term is blank: a blank is never added as 0."""
    total = 0
    for v in values:
        if v is None:
            return None
        total += v
    return total


# --- Blank cells: finding and naming them ---------------------------------------------------------------------


def _value(report: AnnualReport, path: CellPath) -> Any:
    table, *rest = path
    if table == "t3":
        return report.t3.cell(*rest)
    if table == "t4":
        return report.t4.cell(*rest)
    return t2_cell(report.t2, *rest)


def _blanks(report: AnnualReport, paths: Iterable[CellPath]) -> list[CellPath]:
    """The cells left blank (a cell whose input was not a number is None too, but was reported as an error
    while loading: it is not called blank)."""
    return [p for p in paths if _value(report, p) is None and not report.invalid(*p)]


_ENUMERATOR = re.compile(r"^(?:（[一二三四五六七八九十]+）|[一二三四五六七八九十]+(?=、)|\d+(?=[.．、]))")


def _t3_short(version: Version, key: str) -> str:
    """A row of 表三 by its printed enumerators: ``一``, ``（三）``, ``（三）1``."""
    spec = T3_ROW[version][key]
    m = _ENUMERATOR.match(spec.label)
    own = m.group(0) if m else spec.label
    return _t3_short(version, spec.parent) + own if spec.layout == "l3" and spec.parent else own


def _t3_leaves(version: Version, group: str) -> list[str]:
    return [r.key for r in T3_ROWS[version] if r.parent == group and r.data]


def _t3_run(version: Version, run: list[str]) -> tuple[str, str]:
    """Consecutive data rows of 表三 by their enumerators, a group that is wholly inside named by the
    group's enumerator: ``（三）至（七）`` rather than ``（三）1至（七）``; a run that crosses from the rows
    under 三、本年度办理结果 to a numbered row names its end under 三 by 三: ``三（三）至四``, not ``（三）至四``
    (which reads as if （三） came before 四 at one level)."""

    def end(key: str, first: bool) -> str:
        spec = T3_ROW[version][key]
        if spec.layout == "l3" and spec.parent:
            leaves = _t3_leaves(version, spec.parent)
            if key == leaves[0 if first else -1] and set(leaves) <= set(run):
                return _t3_short(version, spec.parent)
        return _t3_short(version, key)

    a, b = end(run[0], True), end(run[-1], False)
    top = [T3_ROW[version][k].parent is None for k in (run[0], run[-1])]
    if top[0] != top[1]:  # a run into or out of 三、本年度办理结果: its rows named under 三, ``三（三）至四``
        under = _t3_short(version, "results_header")
        a, b = (a, under + b) if top[0] else (under + a, b)
    return (a if a == b else f"{a}{'、' if len(run) == 2 else '至'}{b}"), (
        run[0] if len(run) == 1 else f"{run[0]}–{run[-1]}"
    )


def _t3_cells(version: Version, cells: set[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """Blank cells of 表三, compactly: consecutive rows blank in the same columns form a run, runs blank in
    the same columns share one phrase (``第二、四行“商业企业”列``), and rows blank in every column are named
    by their rows alone (``第（三）至（七）行``)."""
    runs: dict[tuple[str, ...], list[list[str]]] = {}  # blank columns → runs of rows, in table order
    last: tuple[str, ...] = ()
    for row in T3_DATA_ROWS[version]:
        cols = tuple(c for c in T3_ALL_COLS if (row, c) in cells)
        if cols and cols == last:
            runs[cols][-1].append(row)
        elif cols:
            runs.setdefault(cols, []).append([row])
        last = cols
    zh, en = [], []
    for cols, group in runs.items():
        names = [_t3_run(version, run) for run in group]
        rows_zh = f"第{'、'.join(a for a, _ in names)}行"
        rows_en = f"row{'s' if len(group) > 1 or len(group[0]) > 1 else ''} {', '.join(b for _, b in names)}"
        if cols == T3_ALL_COLS:
            zh.append(rows_zh)
            en.append(rows_en)
        else:
            zh.append(rows_zh + "".join(f"“{_col(c)}”" for c in cols) + "列")
            en.append(f"{rows_en} column{'s' if len(cols) > 1 else ''} {', '.join(cols)}")
    return zh, en


def _t4_cells(cells: set[tuple[str, str]]) -> tuple[list[str], list[str]]:
    zh, en = [], []
    for g in T4_GROUPS:
        cols = [c for c in T4_COLUMNS if (g.key, c.key) in cells]
        if not cols:
            continue
        if len(cols) == len(T4_COLUMNS):
            zh.append(f"“{t4_group_name(g.key)}”各列")
            en.append(f"{g.key} (all columns)")
        else:
            zh.append(f"“{t4_group_name(g.key)}”的" + "".join(f"“{c.label}”" for c in cols) + "列")
            en.append(f"{g.key} {', '.join(c.key for c in cols)}")
    return zh, en


def _t2_cells(version: Version, cells: set[tuple[str, str, str]]) -> tuple[list[str], list[str]]:
    zh, en = [], []
    for block in T2_BLOCKS[version]:
        for row in block.rows:
            cols = [c for c in block.columns if (block.key, row.key, c.key) in cells]
            if not cols:
                continue
            whole = len(cols) == len(block.columns) and len(cols) > 1
            zh.append(
                f"{block.caption}“{row.label}”行"
                + ("" if whole else "".join(f"“{c.label}”" for c in cols) + "列")
            )
            en.append(f"{block.key} {row.key}" + ("" if whole else f" {', '.join(c.key for c in cols)}"))
    return zh, en


def _table_cells(version: Version, table: str) -> list[tuple[str, ...]]:
    """Every value cell of a table, as (row, column) or, in 表二, (block, row, column)."""
    if table == "t3":
        return [(r, c) for r in T3_DATA_ROWS[version] for c in T3_ALL_COLS]
    if table == "t4":
        return [(g.key, c.key) for g in T4_GROUPS for c in T4_COLUMNS]
    return [(b.key, r.key, c.key) for b in T2_BLOCKS[version] for r in b.rows for c in b.columns]


def blank_where(report: AnnualReport, paths: Iterable[CellPath]) -> tuple[str, str]:
    """Where the given cells are, compactly and in the printed table's words (Chinese, English):
    ``表三 第（三）至（七）行；表四 “行政复议”的“结果纠正”列``."""
    paths = list(paths)
    parts_zh, parts_en = [], []
    for table, name_zh, name_en in (
        ("t2", "表二", "Table 2"),
        ("t3", "表三", "Table 3"),
        ("t4", "表四", "Table 4"),
    ):
        cells = {p[1:] for p in paths if p[0] == table}
        if not cells:
            continue
        if cells == set(_table_cells(report.version, table)):
            parts_zh.append(f"{name_zh} 全部单元格")
            parts_en.append(f"{name_en} (every cell)")
            continue
        if table == "t3":
            zh, en = _t3_cells(report.version, cells)  # type: ignore[arg-type]
        elif table == "t4":
            zh, en = _t4_cells(cells)  # type: ignore[arg-type]
        else:
            zh, en = _t2_cells(report.version, cells)  # type: ignore[arg-type]
        parts_zh.append(f"{name_zh} {'，'.join(zh)}")
        parts_en.append(f"{name_en} {'; '.join(en)}")
    return "；".join(parts_zh), "; ".join(parts_en)


def _blank_report(code: str, report: AnnualReport, blanks: list[CellPath]) -> Finding:
    """The one finding per table that lists its blank cells (the cells a final document must fill)."""
    zh, en = blank_where(report, blanks)
    n = len(blanks)
    where = Text(zh, en)
    return Finding.of(
        U,
        code,
        "annual.blank.cells",
        report.source(*blanks[0]),
        blank=where,
        where=where,
        count=n,
        word=Text(BLANK_ZH, BLANK_EN),
    )


Side = tuple[AnnualReport, Sequence[CellPath], str]  # a report, the cells a rule reads in it, how to name it


def _not_evaluated(code: str, what_zh: str, what_en: str, *sides: Side) -> list[Finding] | None:
    """None when every operand holds a number (the rule can be evaluated). Otherwise the rule is not
    evaluated: one UNCHECKED finding naming the blank cells and pointing at the first (where to type), or
    nothing when the missing operands were not numbers at all (already errors)."""
    if all(_value(r, p) is not None for r, paths, _ in sides for p in paths):
        return None
    named_zh, named_en, source = [], [], None
    for r, paths, label in sides:
        blanks = _blanks(r, paths)
        if not blanks:
            continue
        zh, en = blank_where(r, blanks)
        named_zh.append(f"{label}{zh}")
        named_en.append(f"{label and f'the {r.year} report, '}{en}")
        source = source or r.source(*blanks[0])
    if not named_zh:
        return []
    return [
        Finding.of(
            U,
            code,
            "annual.blank.unchecked",
            source,
            what=Text(what_zh, what_en),
            named=Text("；".join(named_zh), "; ".join(named_en)),
            word=Text(BLANK_ZH, BLANK_EN),
        )
    ]
