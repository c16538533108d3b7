"""Consistency rules R1–R14 of the annual report (spec B7), each a function returning Findings.

Why findings and not exceptions: real reports are often incomplete (blank cells, a 总计 column left empty),
and a secretary needs every problem at once, each named in the words printed in the table, with the numbers,
the signed difference (the suspect cell minus what the other cells say it should be) and the line or cell of
the input to fix. Identities that the format itself states (R1–R4, R6, R7, R14) are errors; plausibility and
cross-year checks (R5, R8's soft part, R9–R13) are warnings.

Blank cells are never read as 0: the national format writes a matter that did not occur as 0, so a blank is
an unfilled cell, not a zero. A rule with a blank operand is not evaluated — neither an error nor a pass — and
says so in an UNCHECKED finding that names the rule, the place and the blank cells; every table with blanks
gets one UNCHECKED finding listing them compactly (``Finding.blank``), which ``check`` sums up and
``render --final`` refuses.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

from ...errors import Finding, Severity
from ...source import SourceRef
from .labels import (
    T2_BLOCKS,
    T3_ALL_COLS,
    T3_APPLICANT_COLS,
    T3_COL,
    T3_DATA_ROWS,
    T3_GROUPS,
    T3_LEAF_RESULT_ROWS,
    T3_ORG_COLS,
    T3_ORG_HEADER,
    T3_ROW,
    T3_ROWS,
    T4_COLUMNS,
    T4_GROUPS,
    T4_PARTS,
    Version,
    norm,
    t3_row_name,
    t3_row_name_en,
    t4_group_name,
)
from .tables import T3, T4, AnnualReport, format_value, t2_cell
from .textrules import (
    canonical_headings,
    check_r13_dates,
    check_r14_sections,
    check_r14_version,
    deadline,
    line_at,
)

E, W, N, U = Severity.ERROR, Severity.WARNING, Severity.NOTICE, Severity.UNCHECKED

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
    group's enumerator: ``（三）至（七）`` rather than ``（三）1至（七）``."""

    def end(key: str, first: bool) -> str:
        spec = T3_ROW[version][key]
        if spec.layout == "l3" and spec.parent:
            leaves = _t3_leaves(version, spec.parent)
            if key == leaves[0 if first else -1] and set(leaves) <= set(run):
                return _t3_short(version, spec.parent)
        return _t3_short(version, key)

    a, b = end(run[0], True), end(run[-1], False)
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
    return Finding(
        U,
        code,
        f"{zh}为{BLANK_ZH}（{n} 个单元格）：全国统一格式要求没有发生的事项填 0；{BLANK_ZH}不当作 0，"
        "用到这些单元格的核对未进行",
        report.source(*blanks[0]),
        f"{en}: {n} cells {BLANK_EN}; the national format writes 0 for what did not occur; blanks are not "
        "read as 0 and the checks that need them were not made",
        blank=zh,
        blank_en=en,
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
        Finding(
            U,
            code,
            f"{what_zh}，未核对：{'；'.join(named_zh)}为{BLANK_ZH}",
            source,
            f"{what_en}, not checked: {'; '.join(named_en)} {BLANK_EN}",
        )
    ]


# --- R1: every T3/T4 cell a whole number ≥ 0; blanks listed -----------------------------------------------------


def check_r1_cells(report: AnnualReport) -> list[Finding]:
    """R1: negative numbers are errors; the blank cells of 表三 and of 表四 are listed, one finding per table
    (not read as 0). Cells whose input was not a number at all were reported while loading."""
    lines: list[tuple[str, str, list[tuple[CellPath, str]]]] = [
        (
            _t3_where(report, row),
            f'Table 3 row "{t3_row_name_en(report.version, row)}"',
            [(("t3", row, c), _col(c)) for c in T3_ALL_COLS],
        )
        for row in T3_DATA_ROWS[report.version]
    ]
    lines += [
        (
            f"表四 “{t4_group_name(g.key)}”",
            f'Table 4 "{g.en}"',
            [(("t4", g.key, c.key), c.label) for c in T4_COLUMNS],
        )
        for g in T4_GROUPS
    ]
    out: list[Finding] = []
    for where, where_en, cells in lines:
        for path, label in cells:
            value = _value(report, path)
            if value is not None and value < 0:
                out.append(
                    Finding(
                        E,
                        "R1",
                        f"{where}“{label}”列：{value} 为负数，应为不小于 0 的整数",
                        report.source(*path),
                        f"{where_en}, column {path[-1]}: {value} is negative; counts are whole numbers ≥ 0",
                    )
                )
    for table in ("t3", "t4"):
        blanks = _blanks(report, ((table, *c) for c in _table_cells(report.version, table)))
        if blanks:
            out.append(_blank_report("R1", report, blanks))
    return out


# --- R2–R4: the arithmetic of T3 ------------------------------------------------------------------------------


def t3_row_total(report: AnnualReport, row: str) -> int | None:
    """R2's figure: the 总计 a row of 表三 should state (自然人 + the five organisations), None with a blank."""
    return _sum(report.t3.cell(row, c) for c in T3_APPLICANT_COLS)


def t3_result_total(report: AnnualReport, col: str) -> int | None:
    """R3's figure: the （七）总计 a column of 表三 should state (rows （一） to （六）), None with a blank."""
    return _sum(report.t3.cell(r, col) for r in T3_LEAF_RESULT_ROWS[report.version])


def t4_total(report: AnnualReport, group: str) -> int | None:
    """R6's figure: the 总计 a group of 表四 should state (its four results), None with a blank."""
    return _sum(report.t4.cell(group, p) for p in T4_PARTS)


def expected_totals(report: AnnualReport) -> dict[CellPath, int | None]:
    """Every total cell the secretary types, with the figure its parts add up to — the very sums R2, R3 and
    R6 compare the typed totals with (None while a part is blank: a blank is never added as 0). The editor
    shows them read-only beside the typed totals, so no second implementation of the arithmetic exists.
    The 总计 column holds its rows' sums (R2), （七）总计 its columns' sums (R3); where they meet, the row's sum,
    as the R2 finding at that cell says."""
    out: dict[CellPath, int | None] = {
        ("t3", row, "total"): t3_row_total(report, row) for row in T3_DATA_ROWS[report.version]
    }
    out |= {("t3", "result_total", col): t3_result_total(report, col) for col in T3_APPLICANT_COLS}
    out |= {("t4", g.key, "total"): t4_total(report, g.key) for g in T4_GROUPS}
    return out


def check_r2_row_totals(report: AnnualReport) -> list[Finding]:
    """R2: in every row of 表三, 总计 = 自然人 + the five kinds of 法人或其他组织."""
    t3, out = report.t3, []
    for row in T3_DATA_ROWS[report.version]:
        paths = [("t3", row, c) for c in T3_ALL_COLS]
        skipped = _not_evaluated(
            "R2",
            f"{_t3_where(report, row)}：自然人与法人或其他组织各列之和 = 总计",
            f'Table 3 row "{t3_row_name_en(report.version, row)}": applicants add up to the total',
            (report, paths, ""),
        )
        if skipped is not None:
            out += skipped
            continue
        parts = [t3.cell(row, c) for c in T3_APPLICANT_COLS]
        total, expected = t3.cell(row, "total"), t3_row_total(report, row)
        if total == expected:
            continue
        terms = "+ ".join(f"{_col(c)}（{v}）" for c, v in zip(T3_APPLICANT_COLS, parts, strict=True))
        diff = signed(total - expected)  # type: ignore[operator]
        out.append(
            Finding(
                E,
                "R2",
                f"{_t3_where(report, row)}：{terms}= {expected} ≠ 总计（{total}），相差 {diff}",
                report.source("t3", row, "total"),
                f'Table 3 row "{t3_row_name_en(report.version, row)}": '
                f"{' + '.join(map(str, parts))} = {expected} ≠ total ({total}), difference {diff}",
            )
        )
    return out


def check_r3_result_total(report: AnnualReport) -> list[Finding]:
    """R3: in every column, （七）总计 = the sum of all leaf rows of （一） to （六）."""
    t3, out = report.t3, []
    leaves = T3_LEAF_RESULT_ROWS[report.version]
    for col in T3_ALL_COLS:
        skipped = _not_evaluated(
            "R3",
            f"表三 “{_col(col)}”列：（一）至（六）各项之和 = （七）总计",
            f'Table 3 column "{T3_COL[col].en}": rows (1)–(6) add up to (7) total',
            (report, [("t3", r, col) for r in (*leaves, "result_total")], ""),
        )
        if skipped is not None:
            out += skipped
            continue
        expected = t3_result_total(report, col)
        stated = t3.value("result_total", col)
        if stated == expected:
            continue
        diff = signed(stated - expected)
        out.append(
            Finding(
                E,
                "R3",
                f"表三 “{_col(col)}”列：（一）至（六）各项之和（{expected}）≠ （七）总计（{stated}），相差 {diff}",
                report.source("t3", "result_total", col),
                f'Table 3 column "{T3_COL[col].en}": rows (1)–(6) add up to {expected} ≠ (7) total '
                f"({stated}), difference {diff}",
            )
        )
    return out


def check_r4_balance(report: AnnualReport) -> list[Finding]:
    """R4, the 勾稽关系 printed in the table: 一 + 二 = 三（七）总计 + 四, in every column. The difference is
    三（七）+ 四 minus 一 + 二: the finding points at （七）总计."""
    t3, out = report.t3, []
    for col in T3_ALL_COLS:
        rows = ("new_received", "carried_over", "result_total", "carry_forward")
        skipped = _not_evaluated(
            "R4",
            f"表三 “{_col(col)}”列：一 + 二 = 三（七）+ 四",
            f'Table 3 column "{T3_COL[col].en}": I + II = III(7) + IV',
            (report, [("t3", r, col) for r in rows], ""),
        )
        if skipped is not None:
            out += skipped
            continue
        a, b, c, d = (t3.value(r, col) for r in rows)
        if a + b == c + d:
            continue
        diff = signed(c + d - a - b)
        out.append(
            Finding(
                E,
                "R4",
                f"表三 “{_col(col)}”列：一（{a}）+ 二（{b}）≠ 三（七）（{c}）+ 四（{d}），相差 {diff}",
                report.source("t3", "result_total", col),
                f'Table 3 column "{T3_COL[col].en}": I ({a}) + II ({b}) ≠ III(7) ({c}) + IV ({d}), '
                f"difference {diff}",
            )
        )
    return out


# --- R5: implied subtotals ---------------------------------------------------------------------------------------


def group_subtotal(t3: T3, group: str, col: str) -> int:
    """The unprinted subtotal of a result group (不予公开, 无法提供, 不予处理, 其他处理) in one column, for
    narratives and summaries (blank cells add nothing here; the rules never use it on blanks)."""
    return sum(t3.value(r.key, col) for r in T3_ROWS[t3.version] if r.parent == group and r.data)


def org_subtotal(t3: T3, row: str) -> int:
    """The unprinted 法人或其他组织 subtotal of one row: the five kinds of organisation."""
    return sum(t3.value(row, c) for c in T3_ORG_COLS)


def implied_subtotals(t3: T3) -> dict[str, dict[str, int]]:
    """R5's derived figures, for narratives and summaries: ``{group: {column: n}}`` for the result groups
    and ``{"org_subtotal": {row: n}}`` for the 法人或其他组织 subtotal of every row."""
    out = {g: {c: group_subtotal(t3, g, c) for c in T3_ALL_COLS} for g in T3_GROUPS[t3.version]}
    out["org_subtotal"] = {r: org_subtotal(t3, r) for r in T3_DATA_ROWS[t3.version]}
    return out


def check_r5_subtotals(report: AnnualReport) -> list[Finding]:
    """R5: subtotals the input states (a group row such as ``denied: {total: 35}``, or an ``org_subtotal``
    column) must equal the sums they stand for. Warnings: the official table prints neither."""
    version, t3, out = report.version, report.t3, []
    for group, stated_row in t3.subtotals.items():
        spec = T3_ROW[version][group]
        leaves = _t3_leaves(version, group)
        n = sum(1 for r in T3_ROWS[version] if r.parent == group)
        for col in T3_ALL_COLS:
            stated = getattr(stated_row, col)
            if stated is None:
                continue
            skipped = _not_evaluated(
                "R5",
                f"表三 “{spec.label}”的“{_col(col)}”列小计（{stated}）= 其下 {n} 项之和",
                f'Table 3 group "{spec.en}", column {col}: stated subtotal {stated} = sum of its {n} rows',
                (report, [("t3", r, col) for r in leaves], ""),
            )
            if skipped is not None:
                out += skipped
                continue
            expected = group_subtotal(t3, group, col)
            if stated == expected:
                continue
            diff = signed(stated - expected)
            out.append(
                Finding(
                    W,
                    "R5",
                    f"表三 “{spec.label}”的“{_col(col)}”列小计（{stated}）≠ 其下 {n} 项之和（{expected}），"
                    f"相差 {diff}",
                    report.source("t3", group, col),
                    f'Table 3 group "{spec.en}", column {col}: stated subtotal {stated} ≠ sum of its {n} rows '
                    f"{expected}, difference {diff}",
                )
            )
    stated_org = [(r, _t3_where(report, r), t3.row(r).org_subtotal, [r]) for r in t3.rows]
    stated_org += [
        (g, f"表三 “{T3_ROW[version][g].label}”", row.org_subtotal, _t3_leaves(version, g))
        for g, row in t3.subtotals.items()
    ]
    five = "、".join(_col(c) for c in T3_ORG_COLS)
    for key, where, stated, rows in stated_org:
        if stated is None:
            continue
        skipped = _not_evaluated(
            "R5",
            f"{where}：“{T3_ORG_HEADER}”合计（{stated}）= {five}五列之和",
            f"Table 3 {key}: stated organisations subtotal {stated} = sum of the five organisation columns",
            (report, [("t3", r, c) for r in rows for c in T3_ORG_COLS], ""),
        )
        if skipped is not None:
            out += skipped
            continue
        expected = sum(org_subtotal(t3, r) for r in rows)
        if stated == expected:
            continue
        diff = signed(stated - expected)
        out.append(
            Finding(
                W,
                "R5",
                f"{where}：“{T3_ORG_HEADER}”合计（{stated}）≠ {five}五列之和（{expected}），相差 {diff}",
                report.source("t3", key, "org_subtotal"),
                f"Table 3 {key}: stated organisations subtotal {stated} ≠ sum of the five organisation columns "
                f"{expected}, difference {diff}",
            )
        )
    return out


# --- R6: T4 totals ------------------------------------------------------------------------------------------------


def check_r6_t4_totals(report: AnnualReport) -> list[Finding]:
    """R6: in each of 行政复议, 未经复议直接起诉 and 复议后起诉, 总计 = 维持 + 纠正 + 其他结果 + 尚未审结."""
    t4, out = report.t4, []
    labels = {c.key: c.label for c in T4_COLUMNS}
    for g in T4_GROUPS:
        skipped = _not_evaluated(
            "R6",
            f"表四 “{t4_group_name(g.key)}”：{' + '.join(labels[p] for p in T4_PARTS)} = 总计",
            f'Table 4 "{g.en}": the four results add up to the total',
            (report, [("t4", g.key, c.key) for c in T4_COLUMNS], ""),
        )
        if skipped is not None:
            out += skipped
            continue
        parts = [t4.value(g.key, p) for p in T4_PARTS]
        expected, total = t4_total(report, g.key), t4.value(g.key, "total")
        if total == expected:
            continue
        diff = signed(total - expected)
        terms = "+ ".join(f"{labels[p]}（{v}）" for p, v in zip(T4_PARTS, parts, strict=True))
        out.append(
            Finding(
                E,
                "R6",
                f"表四 “{t4_group_name(g.key)}”：{terms}= {expected} ≠ 总计（{total}），相差 {diff}",
                report.source("t4", g.key, "total"),
                f'Table 4 "{g.en}": {" + ".join(map(str, parts))} = {expected} ≠ total ({total}), '
                f"difference {diff}",
            )
        )
    return out


# --- R7 / R8: T2 values ------------------------------------------------------------------------------------------


def check_r7_r8_t2(report: AnnualReport) -> list[Finding]:
    """R7 (2021) / R8 (2019): T2 counts and amounts are ≥ 0 (errors; only 本年增/减 may be negative); the
    blank cells of 表二 are listed in one finding; and, 2019 only, 对外公开总数量 ≥ 本年新公开数量 (warning)."""
    code = "R7" if report.version == "2021" else "R8"
    t2, out = report.t2, []
    for block in T2_BLOCKS[report.version]:
        for row in block.rows:
            where = f"表二 {block.caption}“{row.label}”行"
            where_en = f"Table 2 {block.key} row {row.key}"
            for col in block.columns:
                path = ("t2", block.key, row.key, col.key)
                value = _value(report, path)
                if value is None:
                    continue
                number = getattr(value, "value", value)
                if col.kind != "signed" and number < 0:
                    out.append(
                        Finding(
                            E,
                            code,
                            f"{where}“{col.label}”列：{format_value(value)} 为负数，应不小于 0",
                            report.source(*path),
                            f"{where_en}, column {col.key}: {format_value(value)} is negative",
                        )
                    )
    blanks = _blanks(report, (("t2", *c) for c in _table_cells(report.version, "t2")))
    if blanks:
        out.append(_blank_report(code, report, blanks))
    if report.version == "2019":
        for row in T2_BLOCKS["2019"][0].rows:
            where = f"表二 第二十条第（一）项“{row.label}”行"
            skipped = _not_evaluated(
                "R8",
                f"{where}：对外公开总数量 ≥ 本年新公开数量",
                f"Table 2 art20_1 row {row.key}: published in total ≥ newly published",
                (report, [("t2", "art20_1", row.key, c) for c in ("new_published", "total_published")], ""),
            )
            if skipped is not None:
                out += skipped
                continue
            new = t2_cell(t2, "art20_1", row.key, "new_published")
            total = t2_cell(t2, "art20_1", row.key, "total_published")
            if total < new:
                out.append(
                    Finding(
                        W,
                        "R8",
                        f"{where}：对外公开总数量（{total}）小于本年新公开数量（{new}），相差 {signed(total - new)}",
                        report.source("t2", "art20_1", row.key, "total_published"),
                        f"Table 2 art20_1 row {row.key}: published in total ({total}) is less than newly "
                        f"published ({new}), difference {signed(total - new)}",
                    )
                )
    return out


# --- R9–R11: cross-year ---------------------------------------------------------------------------------------


def _previous_usable(report: AnnualReport, previous: AnnualReport, code: str) -> list[Finding]:
    if previous.year == report.year - 1:
        return []
    return [
        Finding(
            W,
            code,
            f"作为上年报告提供的是 {previous.year} 年度，不是 {report.year - 1} 年度，未做跨年核对",
            report.source("year"),
            f"the previous report given is for {previous.year}, not {report.year - 1}; cross-year check skipped",
        )
    ]


def check_previous_organ(
    report: AnnualReport, previous: AnnualReport | None, source: SourceRef | None = None
) -> list[Finding]:
    """The cross-year rules R9–R11 compare one organ's two years: last year's data of another organ (a
    wrong file picked) is warned about, both names shown. Not refused: organs get renamed. ``source``: the
    organ's line in last year's file (else the file's year line)."""
    if previous is None or not report.organ.strip() or not previous.organ.strip():
        return []
    if norm(report.organ) == norm(previous.organ):
        return []
    return [
        Finding(
            W,
            "previous",
            f"上年数据（--previous）的发文机关是“{previous.organ}”，本报告是“{report.organ}”："
            "跨年核对（R9–R11）只对同一机关有意义，请确认上年数据文件选对了",
            source or previous.source("year"),
            f"the previous year's data (--previous) is of {previous.organ!r}, this report of {report.organ!r}: "
            "the cross-year checks (R9–R11) compare one organ's years; check the file",
        )
    ]


def _previous_label(previous: AnnualReport) -> str:
    return f"{previous.year} 年度报告"


def check_r9_carry_over(report: AnnualReport, previous: AnnualReport | None) -> list[Finding]:
    """R9: this year's 二、上年结转 equals last year's 四、结转下年度继续办理, column by column."""
    if previous is None:
        return []
    skip = _previous_usable(report, previous, "R9")
    if skip:
        return skip
    out = []
    for col in T3_ALL_COLS:
        skipped = _not_evaluated(
            "R9",
            f"表三 “二、上年结转政府信息公开申请数量”行“{_col(col)}”列 = {previous.year} 年度报告"
            "“四、结转下年度继续办理”",
            f"Table 3 column {col}: carried over = carried forward in the {previous.year} report",
            (report, [("t3", "carried_over", col)], ""),
            (previous, [("t3", "carry_forward", col)], _previous_label(previous)),
        )
        if skipped is not None:
            out += skipped
            continue
        now, before = report.t3.value("carried_over", col), previous.t3.value("carry_forward", col)
        if now == before:
            continue
        diff = signed(now - before)
        out.append(
            Finding(
                W,
                "R9",
                f"表三 “二、上年结转政府信息公开申请数量”行“{_col(col)}”列（{now}）≠ {previous.year} 年度报告"
                f"“四、结转下年度继续办理”（{before}），相差 {diff}",
                report.source("t3", "carried_over", col),
                f"Table 3 column {col}: carried over ({now}) ≠ carried forward in the {previous.year} report "
                f"({before}), difference {diff}",
            )
        )
    return out


def check_r10_valid_documents(report: AnnualReport, previous: AnnualReport | None) -> list[Finding]:
    """R10 (2021 format, both years): 现行有效件数 = last year's + 本年制发件数 − 本年废止件数, for 规章 and
    行政规范性文件. A warning only: amendments and re-issues legitimately break it."""
    if previous is None or report.version != "2021" or previous.version != "2021":
        return []
    skip = _previous_usable(report, previous, "R10")
    if skip:
        return skip
    out = []
    for row in T2_BLOCKS["2021"][0].rows:
        where = f"表二 第二十条第（一）项“{row.label}”行"
        skipped = _not_evaluated(
            "R10",
            f"{where}：上年现行有效件数 + 本年制发件数 {MINUS} 本年废止件数 = 现行有效件数",
            f"Table 2 art20_1 row {row.key}: last year's valid + issued − repealed = valid",
            (report, [("t2", "art20_1", row.key, c) for c in ("made", "repealed", "valid")], ""),
            (previous, [("t2", "art20_1", row.key, "valid")], _previous_label(previous)),
        )
        if skipped is not None:
            out += skipped
            continue
        made, repealed, valid = (
            t2_cell(report.t2, "art20_1", row.key, c) for c in ("made", "repealed", "valid")
        )
        before = t2_cell(previous.t2, "art20_1", row.key, "valid")
        expected = before + made - repealed
        if valid == expected:
            continue
        diff = signed(valid - expected)
        out.append(
            Finding(
                W,
                "R10",
                f"{where}：上年现行有效件数（{before}）+ 本年制发件数（{made}）"
                f"{MINUS} 本年废止件数（{repealed}）= {expected} ≠ 现行有效件数（{valid}），相差 {diff}"
                "（修改、重新发布等情形可能导致不一致，请核实）",
                report.source("t2", "art20_1", row.key, "valid"),
                f"Table 2 art20_1 row {row.key}: last year's valid ({before}) + issued ({made}) − repealed "
                f"({repealed}) = {expected} ≠ valid ({valid}), difference {diff} (amendments may explain it)",
            )
        )
    return out


def check_r11_item_counts(report: AnnualReport, previous: AnnualReport | None) -> list[Finding]:
    """R11 (2019 format, both years): 上一年项目数量 this year = last year's 上一年项目数量 + 本年增/减."""
    if previous is None or report.version != "2019" or previous.version != "2019":
        return []
    skip = _previous_usable(report, previous, "R11")
    if skip:
        return skip
    out = []
    for block in T2_BLOCKS["2019"]:
        if block.key not in ("art20_5", "art20_6", "art20_8"):
            continue
        for row in block.rows:
            where = f"表二 {block.caption}“{row.label}”行"
            skipped = _not_evaluated(
                "R11",
                f"{where}：上一年项目数量 = {previous.year} 年度报告的上一年项目数量 + 本年增/减",
                f"Table 2 {block.key} row {row.key}: items last year = the {previous.year} report's + change",
                (report, [("t2", block.key, row.key, "prev_year_items")], ""),
                (
                    previous,
                    [("t2", block.key, row.key, c) for c in ("prev_year_items", "change")],
                    _previous_label(previous),
                ),
            )
            if skipped is not None:
                out += skipped
                continue
            now = t2_cell(report.t2, block.key, row.key, "prev_year_items")
            before = t2_cell(previous.t2, block.key, row.key, "prev_year_items")
            change = t2_cell(previous.t2, block.key, row.key, "change")
            if now == before + change:
                continue
            diff = signed(now - before - change)
            out.append(
                Finding(
                    W,
                    "R11",
                    f"{where}：上一年项目数量（{now}）≠ {previous.year} 年度报告的"
                    f"上一年项目数量（{before}）+ 本年增/减（{change:+d}）= {before + change}，相差 {diff}",
                    report.source("t2", block.key, row.key, "prev_year_items"),
                    f"Table 2 {block.key} row {row.key}: items last year ({now}) ≠ {previous.year} report's "
                    f"{before} {change:+d} = {before + change}, difference {diff}",
                )
            )
    return out


# --- R12: numbers in the narrative --------------------------------------------------------------------------

_STOP = "。；;！？!?\n"
_GAP = rf"[^\d{_STOP}]"
_RECEIPT = re.compile(rf"(?<!不予)(?<!未)(?:受理|新收|收到)(?P<gap>{_GAP}{{0,24}}?)(?P<n>\d[\d,]*)\s*件")
_REVIEW = re.compile(rf"行政复议(?P<gap>{_GAP}{{0,8}}?)(?P<n>\d+)\s*件")
_LITIGATION = re.compile(rf"(?P<admin>行政)?诉讼(?P<gap>{_GAP}{{0,8}}?)(?P<n>\d+)\s*件")
# A gap containing one of these words makes the number a part, a channel, a comparison or another year's:
# not the figure in the table. Skipping is the conservative choice (R12 is a soft check).
_RECEIPT_SKIP = (
    "自然人", "法人", "企业", "机构", "组织", "复议", "诉讼", "结转", "咨询", "信访", "网上", "网络", "当面",
    "信函", "邮寄", "邮件", "传真", "电话", "较", "比", "增", "减", "其中", "上年", "去年", "占",
)  # fmt: skip
_T4_SKIP = (
    "维持", "纠正", "纠错", "撤销", "确认", "驳回", "终止", "审结", "其他", "结果", "败诉", "胜诉", "较", "比",
    "增", "减", "其中", "上年", "去年", "后",
)  # fmt: skip
_OTHER_YEAR = re.compile(r"(上年|去年|上一年|前年|同期)")
_YEAR = re.compile(r"(\d{4})年")


def _sentence_start(text: str, pos: int) -> int:
    return max((text.rfind(ch, 0, pos) for ch in _STOP), default=-1) + 1


def _about_other_year(text: str, start: int, year: int) -> bool:
    prefix = text[_sentence_start(text, start) : start]
    years = _YEAR.findall(prefix)
    return bool(_OTHER_YEAR.search(prefix[-8:])) or (bool(years) and int(years[-1]) != year)


def _group_totals(t4: T4, group: str) -> set[int]:
    """The figures a narrative may quote for a 表四 group: its 总计 and the sum of its four results, each
    only when the cells it needs are filled."""
    found = {t4.cell(group, "total"), _sum(t4.cell(group, p) for p in T4_PARTS)}
    return {v for v in found if v is not None}


def _typed_at(report: AnnualReport, path: CellPath) -> tuple[str, str]:
    """Where the table figure a narrative contradicts was typed: ``（表格数据：report.yaml 第 40 行）``.
    The finding itself points at the narrative; the figure in the table may be the wrong one."""
    ref = report.source(*path)
    if ref is None or not ref.file:
        return "", ""
    return f"（表格数据：{ref.describe()}）", f" (table figure: {ref.describe('en')})"


def check_r12_narrative(
    text: str, report: AnnualReport, source: SourceRef | None = None, section: str = "一、总体情况"
) -> list[Finding]:
    """R12 (soft): figures the narrative repeats must match the tables. Recognised, conservatively:
    “受理/新收/收到…申请…N件” against 表三 一 (总计; or 一 + 二, which some reports quote), “行政复议N件”
    against 表四 行政复议 总计, “行政诉讼N件” against 表四 行政诉讼. A number that reads as a part (其中,
    自然人…), a channel, a comparison or another year's figure is left alone. A blank table cell is never
    compared with (as 0): the check is then not evaluated.

    ``source`` is where ``text`` starts; a finding's line is that line plus the newlines before the match.
    """
    t3, t4, out = report.t3, report.t4, []
    received = t3.cell("new_received", "total")
    carried = t3.cell("carried_over", "total")
    accepted = {
        received,
        _sum(t3.cell("new_received", c) for c in T3_APPLICANT_COLS),
        None if received is None or carried is None else received + carried,
    }
    row_i = "表三“一、本年新收政府信息公开申请数量”行“总计”列"
    for m in _RECEIPT.finditer(text):
        gap, n = m.group("gap"), int(m.group("n").replace(",", ""))
        if (
            "申请" not in gap
            or any(w in gap for w in _RECEIPT_SKIP)
            or _about_other_year(text, m.start(), report.year)
        ):
            continue
        if n in accepted:
            continue
        quote = f"{section}中“{m.group(0)}”"
        path = ("t3", "new_received", "total")
        skipped = _not_evaluated(
            "R12",
            f"{quote}是否与{row_i}一致",
            f'the narrative\'s "{m.group(0)}" vs Table 3 row I',
            (report, [path], ""),
        )
        if skipped is not None:
            out += skipped
            continue
        at_zh, at_en = _typed_at(report, path)
        diff = signed(n - received)  # type: ignore[operator]
        out.append(
            Finding(
                W,
                "R12",
                f"{quote}与{row_i}（{received}）不一致，相差 {diff}{at_zh}",
                line_at(source, text, m.start()),
                f'the narrative says "{m.group(0)}" but Table 3 row I, total, is {received}; '
                f"difference {diff}{at_en}",
            )
        )
    for m in _REVIEW.finditer(text):
        gap, n = m.group("gap"), int(m.group("n"))
        if any(w in gap for w in (*_T4_SKIP, "诉讼")) or _about_other_year(text, m.start(), report.year):
            continue
        if n in _group_totals(t4, "review"):
            continue
        quote, path = f"{section}中“{m.group(0)}”", ("t4", "review", "total")
        skipped = _not_evaluated(
            "R12",
            f"{quote}是否与表四“行政复议”“总计”一致",
            f'the narrative\'s "{m.group(0)}" vs Table 4 review total',
            (report, [path], ""),
        )
        if skipped is not None:
            out += skipped
            continue
        expected = t4.value("review", "total")
        at_zh, at_en = _typed_at(report, path)
        out.append(
            Finding(
                W,
                "R12",
                f"{quote}与表四“行政复议”“总计”（{expected}）不一致，相差 {signed(n - expected)}{at_zh}",
                line_at(source, text, m.start()),
                f'the narrative says "{m.group(0)}" but Table 4 review total is {expected}; '
                f"difference {signed(n - expected)}{at_en}",
            )
        )
    for m in _LITIGATION.finditer(text):
        gap, n = m.group("gap"), int(m.group("n"))
        before = text[_sentence_start(text, m.start()) : m.start()]
        if m.group("admin") is None and "复议" not in before:
            continue  # a bare 诉讼 is read only right after the 复议 figure (“行政复议7件，诉讼9件”)
        if re.search(r"复议\D{0,6}$", before) or any(w in gap for w in _T4_SKIP):
            continue  # “行政复议和行政诉讼共N件”: a combined figure
        if _about_other_year(text, m.start(), report.year):
            continue
        direct, after = _group_totals(t4, "litigation_direct"), _group_totals(t4, "litigation_after_review")
        if n in direct | after | {d + a for d in direct for a in after}:
            continue
        quote = f"{section}中“{m.group(0)}”"
        paths = [("t4", "litigation_direct", "total"), ("t4", "litigation_after_review", "total")]
        skipped = _not_evaluated(
            "R12",
            f"{quote}是否与表四“行政诉讼”两项“总计”之和一致",
            f'the narrative\'s "{m.group(0)}" vs Table 4 lawsuits',
            (report, paths, ""),
        )
        if skipped is not None:
            out += skipped
            continue
        expected = t4.value("litigation_direct", "total") + t4.value("litigation_after_review", "total")
        at_zh, at_en = _typed_at(report, paths[0])
        out.append(
            Finding(
                W,
                "R12",
                f"{quote}与表四“行政诉讼”两项“总计”之和（{expected}）不一致，相差 {signed(n - expected)}{at_zh}",
                line_at(source, text, m.start()),
                f'the narrative says "{m.group(0)}" but Table 4 lawsuits total {expected}; '
                f"difference {signed(n - expected)}{at_en}",
            )
        )
    return out


# --- All together -----------------------------------------------------------------------------------------------


def check_tables(report: AnnualReport, previous: AnnualReport | None = None) -> list[Finding]:
    """Every rule that needs only the tables (and last year's report, when given): R1–R11 and R14's
    version check. Rules with a blank operand come back as UNCHECKED findings, never as errors or passes."""
    return [
        *check_r14_version(report),
        *check_r1_cells(report),
        *check_r2_row_totals(report),
        *check_r3_result_total(report),
        *check_r4_balance(report),
        *check_r5_subtotals(report),
        *check_r6_t4_totals(report),
        *check_r7_r8_t2(report),
        *check_r9_carry_over(report, previous),
        *check_r10_valid_documents(report, previous),
        *check_r11_item_counts(report, previous),
    ]


def check_report(
    report: AnnualReport,
    previous: AnnualReport | None = None,
    *,
    narrative: str | None = None,
    narrative_source: SourceRef | None = None,
    issued: dt.date | None = None,
    issued_source: SourceRef | None = None,
    preamble: str | None = None,
    preamble_source: SourceRef | None = None,
    headings: Sequence[str] | None = None,
    heading_sources: Sequence[SourceRef | None] | None = None,
) -> list[Finding]:
    """All rules R1–R14 that the given inputs allow: the tables always; R12 with the 总体情况 text; R13 with
    the 成文日期 and/or the preamble; R14's section check with the list of part headings."""
    out = check_tables(report, previous) + check_previous_organ(report, previous)
    if narrative:
        out += check_r12_narrative(narrative, report, narrative_source)
    if issued is not None or preamble:
        out += check_r13_dates(
            report.year,
            issued,
            report.organ_level,
            preamble=preamble,
            source=issued_source,
            preamble_source=preamble_source,
        )
    if headings is not None:
        out += check_r14_sections(headings, heading_sources)
    return out


__all__ = [
    "blank_where",
    "canonical_headings",
    "check_previous_organ",
    "check_r1_cells",
    "check_r2_row_totals",
    "check_r3_result_total",
    "check_r4_balance",
    "check_r5_subtotals",
    "check_r6_t4_totals",
    "check_r7_r8_t2",
    "check_r9_carry_over",
    "check_r10_valid_documents",
    "check_r11_item_counts",
    "check_r12_narrative",
    "check_r13_dates",
    "check_r14_sections",
    "check_r14_version",
    "check_report",
    "check_tables",
    "deadline",
    "expected_totals",
    "group_subtotal",
    "implied_subtotals",
    "org_subtotal",
    "signed",
    "t3_result_total",
    "t3_row_total",
    "t4_total",
]
