"""Consistency rules R1–R14 of the annual report (spec B7), all run together: ``check_tables`` (what the
tables alone allow) and ``check_report`` (also the narrative, the dates and the parts' headings). Each rule is
a function returning Findings, in the module named for what it reads: ``tablerules.py`` (one year's tables,
R1–R8), ``crossyear.py`` (last year's report, R9–R11), ``narrative.py`` (R12), ``textrules.py`` (R13, R14);
``blanks.py`` names cells and blanks the way every message does.

Why findings and not exceptions: real reports are often incomplete (blank cells, a 总计 column left empty),
and a secretary needs every problem at once, each named in the words printed in the table, with the numbers,
the signed difference (the suspect cell minus what the other cells say it should be) and the line or cell of
the input to fix. Identities that the format itself states (R1–R4, R6, R7, R14) are errors; plausibility and
cross-year checks (R5, R8's soft part, R9–R13) are warnings.

Blank cells are never read as 0 (``blanks.py``): a rule with a blank operand is not evaluated — neither an
error nor a pass — and says so in an UNCHECKED finding, which ``check`` sums up and ``render --final``
refuses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ...errors import Finding
from ...source import SourceRef
from .crossyear import (
    check_previous_organ,
    check_r9_carry_over,
    check_r10_valid_documents,
    check_r11_item_counts,
)
from .narrative import check_r12_narrative
from .tablerules import (
    check_r1_cells,
    check_r2_row_totals,
    check_r3_result_total,
    check_r4_balance,
    check_r5_subtotals,
    check_r6_t4_totals,
    check_r7_r8_t2,
    expected_totals,
)
from .tables import AnnualReport
from .textrules import check_r13_dates, check_r14_sections, check_r14_version

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


__all__ = ["check_report", "check_tables", "expected_totals"]
