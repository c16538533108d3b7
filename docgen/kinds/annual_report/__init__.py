"""政府信息公开工作年度报告 (national format, 2019 试行 and 2021): the tables' data model, the consistency
rules R1–R14, and the tables as format-neutral ``docgen.model.Table`` blocks. Pure Python, no rendering.

Typical use::

    report, findings = report_from_data(data, locate)   # data: the dict loaded from YAML/JSON/XLSX
    findings += check_report(report, previous, narrative=text, issued=date, headings=headings)
    t2, t3, t4 = report_tables(report)
"""

from .crossyear import check_r9_carry_over, check_r10_valid_documents, check_r11_item_counts
from .labels import SECTIONS, VERSION_INFO, OrganLevel, Version
from .narrative import check_r12_narrative
from .rules import check_report, check_tables
from .tablerules import (
    check_r1_cells,
    check_r2_row_totals,
    check_r3_result_total,
    check_r4_balance,
    check_r5_subtotals,
    check_r6_t4_totals,
    check_r7_r8_t2,
    group_subtotal,
    implied_subtotals,
    org_subtotal,
)
from .tables import (
    T3,
    T4,
    Amount,
    AnnualReport,
    Locate,
    T2v2019,
    T2v2021,
    T3Row,
    T4Counts,
    empty_report,
    report_from_data,
    report_tables,
    sum_reports,
    sum_t2,
    sum_t3,
    sum_t4,
    t2_table,
    t3_table,
    t4_table,
    version_for_year,
)
from .textrules import canonical_headings, check_r13_dates, check_r14_sections, check_r14_version, deadline

__all__ = [
    "SECTIONS",
    "T3",
    "T4",
    "VERSION_INFO",
    "Amount",
    "AnnualReport",
    "Locate",
    "OrganLevel",
    "T2v2019",
    "T2v2021",
    "T3Row",
    "T4Counts",
    "Version",
    "canonical_headings",
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
    "empty_report",
    "group_subtotal",
    "implied_subtotals",
    "org_subtotal",
    "report_from_data",
    "report_tables",
    "sum_reports",
    "sum_t2",
    "sum_t3",
    "sum_t4",
    "t2_table",
    "t3_table",
    "t4_table",
    "version_for_year",
]
