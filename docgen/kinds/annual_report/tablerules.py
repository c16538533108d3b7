"""The annual report's rules on one year's tables (spec B7): R1 (counts are whole numbers ≥ 0, blanks
listed), R2–R4 (the arithmetic of 表三), R5 (subtotals the input states), R6 (表四's totals) and R7/R8 (表二's
values), with the figures the arithmetic computes (``expected_totals``, ``implied_subtotals``) for the editor
and for summaries. Identities the format itself states are errors; R5 and R8's soft part are warnings.
"""

from __future__ import annotations

from ...errors import Finding, Severity
from ...messages import Text
from .blanks import (
    CellPath,
    _blank_report,
    _blanks,
    _col,
    _not_evaluated,
    _sum,
    _t3_leaves,
    _t3_where,
    _table_cells,
    _value,
    signed,
)
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
    t3_row_name_en,
    t4_group_name,
)
from .tables import T3, AnnualReport, format_value, t2_cell

E, W = Severity.ERROR, Severity.WARNING


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
                    Finding.of(
                        E,
                        "R1",
                        "annual.r.negative_count",
                        report.source(*path),
                        where=Text(where, where_en),
                        column=Text(label, str(path[-1])),
                        value=value,
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
            Finding.of(
                E,
                "R2",
                "annual.r.t3_row_total",
                report.source("t3", row, "total"),
                row=Text(_t3_where(report, row), t3_row_name_en(report.version, row)),
                terms=Text(terms, " + ".join(map(str, parts))),
                expected=expected,
                total=total,
                diff=diff,
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
            Finding.of(
                E,
                "R3",
                "annual.r.t3_column_total",
                report.source("t3", "result_total", col),
                column=Text(_col(col), T3_COL[col].en),
                expected=expected,
                stated=stated,
                diff=diff,
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
            Finding.of(
                E,
                "R4",
                "annual.r.t3_balance",
                report.source("t3", "result_total", col),
                column=Text(_col(col), T3_COL[col].en),
                a=a,
                b=b,
                c=c,
                d=d,
                diff=diff,
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
                Finding.of(
                    W,
                    "R5",
                    "annual.r.t3_group_subtotal",
                    report.source("t3", group, col),
                    group=Text(spec.label, spec.en),
                    column=Text(_col(col), str(col)),
                    stated=stated,
                    n=n,
                    expected=expected,
                    diff=diff,
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
            Finding.of(
                W,
                "R5",
                "annual.r.t3_org_subtotal",
                report.source("t3", key, "org_subtotal"),
                where=Text(where, key),
                header=T3_ORG_HEADER,
                stated=stated,
                five=five,
                expected=expected,
                diff=diff,
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
            Finding.of(
                E,
                "R6",
                "annual.r.t4_total",
                report.source("t4", g.key, "total"),
                group=Text(t4_group_name(g.key), g.en),
                terms=Text(terms, " + ".join(map(str, parts))),
                expected=expected,
                total=total,
                diff=diff,
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
                        Finding.of(
                            E,
                            code,
                            "annual.r.negative",
                            report.source(*path),
                            where=Text(where, where_en),
                            column=Text(col.label, col.key),
                            value=format_value(value),
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
                    Finding.of(
                        W,
                        "R8",
                        "annual.r.t2_published",
                        report.source("t2", "art20_1", row.key, "total_published"),
                        where=Text(where, row.key),
                        total=total,
                        new=new,
                        diff=signed(total - new),
                    )
                )
    return out
