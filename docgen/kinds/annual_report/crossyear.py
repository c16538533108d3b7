"""The annual report's cross-year rules (spec B7), which compare this year's tables with last year's report
of the same organ: R9 (carried over = carried forward), R10 (2021: documents in force), R11 (2019: item
counts). Warnings: amendments and renamed organs legitimately break them.
"""

from __future__ import annotations

from ...errors import Finding, Severity
from ...messages import Text
from ...source import SourceRef
from .blanks import MINUS, _col, _not_evaluated, signed
from .labels import T2_BLOCKS, T3_ALL_COLS
from .matching import norm
from .tables import AnnualReport, t2_cell

W = Severity.WARNING


def _previous_usable(report: AnnualReport, previous: AnnualReport, code: str) -> list[Finding]:
    if previous.year == report.year - 1:
        return []
    return [
        Finding.of(
            W,
            code,
            "annual.previous.wrong_year",
            report.source("year"),
            given=previous.year,
            expected=report.year - 1,
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
        Finding.of(
            W,
            "previous",
            "annual.previous.other_organ",
            source or previous.source("year"),
            previous=previous.organ,
            current=report.organ,
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
            Finding.of(
                W,
                "R9",
                "annual.r.carried_over",
                report.source("t3", "carried_over", col),
                column=Text(_col(col), str(col)),
                now=now,
                year=previous.year,
                before=before,
                diff=diff,
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
            Finding.of(
                W,
                "R10",
                "annual.r.t2_valid",
                report.source("t2", "art20_1", row.key, "valid"),
                where=Text(where, row.key),
                before=before,
                made=made,
                minus=MINUS,
                repealed=repealed,
                expected=expected,
                valid=valid,
                diff=diff,
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
                Finding.of(
                    W,
                    "R11",
                    "annual.r.t2_items",
                    report.source("t2", block.key, row.key, "prev_year_items"),
                    where=where,
                    now=now,
                    year=previous.year,
                    before=before,
                    change=change,
                    total=before + change,
                    diff=diff,
                    block=block.key,
                    row=row.key,
                )
            )
    return out
