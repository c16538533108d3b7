"""汇总: the annual-report tables of many units summed cell by cell.

Each unit is validated first; a unit whose tables break an identity (R1–R4, R6 …) is left out and listed
with its reason, so the roll-up never adds up numbers that do not add up. Units are named by their 发文机关
(a bureau files the roll-up by organ, not by the name a file came back with). Output: an .xlsx (the three
summed tables, a sheet per table with one row per unit and the total, the excluded units with where their
problem is, a chart comparing the units' headline numbers) and a PDF/DOCX table document in the format of
a report, whose list of excluded units says the problem in plain words (file positions are for the people
who fix the data: terminal and .xlsx).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .batch import Unit, discover, unit_loaded
from .errors import DocgenError, InputError, Severity
from .kinds.annual_report import report_tables, sum_reports
from .kinds.annual_report.kind import load_report
from .kinds.annual_report.tables import Amount, AnnualReport, t2_cell
from .messages import EMPTY, Text, msg
from .model import Cell, Document, Heading, Meta, Paragraph, Table, Title
from .output import safe_name


@dataclass(frozen=True)
class Excluded:
    """A unit left out of the sum: its name, the problem in plain words (for the printed roll-up) and
    the same with where it is (file, line or sheet!cell: for the terminal and the .xlsx)."""

    unit: str
    reason: str
    detail: str
    source: str = ""
    detail_en: str = ""  # the detail for ``--lang en``


@dataclass
class Rollup:
    total: AnnualReport
    included: list[str]
    excluded: list[Excluded] = field(default_factory=list)
    year: int = 0
    reports: list[AnnualReport] = field(default_factory=list)  # the included units', in order


def organ_of(unit: Unit) -> str:
    """The unit's 发文机关, else its name."""
    organ = unit.values.get("organ")
    return organ.strip() if isinstance(organ, str) and organ.strip() else unit.name


def collect(units: list[Unit]) -> Rollup:
    from .kinds.annual_report import check_tables

    reports: list[AnnualReport] = []
    included: list[str] = []
    excluded: list[Excluded] = []
    for unit in units:
        name = organ_of(unit)
        if "__error__" in unit.values:
            detail = str(unit.values["__error__"]).splitlines()[0]
            plain = str(unit.values.get("__error_message__") or detail)
            detail_en = str(unit.values.get("__error_en__") or detail).splitlines()[0]
            excluded.append(Excluded(name, f"数据文件无法读取：{plain}", detail, unit.where, detail_en))
            continue
        try:
            report, findings = load_report(unit_loaded(unit))
        except DocgenError as e:
            first_line = e.text().splitlines()[0]
            excluded.append(Excluded(name, e.message, first_line, unit.where, e.text("en").splitlines()[0]))
            continue
        findings = [*findings, *check_tables(report)]
        errors = [f for f in findings if f.severity is Severity.ERROR]
        if errors:
            first = errors[0]
            more = msg("rollup.errors", count=len(errors)) if len(errors) > 1 else EMPTY
            excluded.append(
                Excluded(
                    name,
                    f"{more.zh}{first.message}",
                    f"{more.zh}{first.text()}",
                    unit.where,
                    f"{more.en}{first.text('en')}",
                )
            )
            continue
        # A blank cell is not a 0: a total over it would be a number nobody reported.
        blanks = "；".join(f.blank for f in findings if f.severity is Severity.UNCHECKED and f.blank)
        if blanks:
            blanks_en = "; ".join(
                f.blank_en or f.blank for f in findings if f.severity is Severity.UNCHECKED and f.blank
            )
            why = msg("rollup.blank_cells", cells=Text(blanks, blanks_en))
            excluded.append(Excluded(name, why.zh, why.zh, unit.where, why.en))
            continue
        if reports and (report.year, report.version) != (reports[0].year, reports[0].version):
            why = msg("rollup.other_year", year=report.year, version=report.version)
            excluded.append(Excluded(name, why.zh, why.zh, unit.where, why.en))
            continue
        if name in included:
            why = msg("rollup.duplicate", name=name)
            excluded.append(Excluded(name, why.zh, why.zh, unit.where, why.en))
            continue
        reports.append(report)
        included.append(name)
    if not reports:
        raise InputError.of(
            "rollup.nothing",
            details=[
                msg("rollup.excluded", unit=x.unit, detail=Text(x.detail, x.detail_en or x.detail))
                for x in excluded[:20]
            ],
        )
    total = sum_reports(reports, organ="汇总")
    return Rollup(total, included, excluded, reports[0].year, reports)


def document(r: Rollup, organ: str) -> Document:
    t2, t3, t4 = report_tables(r.total)
    title = f"{organ}{r.year}年度政府信息公开工作情况汇总"
    body = [
        Paragraph(
            f"本表汇总{len(r.included)}个单位的{r.year}年度政府信息公开工作年度报告统计数据："
            f"{'、'.join(r.included)}。"
        ),
    ]
    if r.excluded:
        reasons = "；".join(f"{x.unit}（{x.reason.rstrip('。')}）" for x in r.excluded)
        body.append(Paragraph(f"以下{len(r.excluded)}个单位的数据未通过校验，未计入汇总：{reasons}。"))
    body += [
        Heading(1, "一、主动公开政府信息情况"),
        t2,
        Heading(1, "二、收到和处理政府信息公开申请情况"),
        t3,
        Heading(1, "三、政府信息公开行政复议、行政诉讼情况"),
        t4,
    ]
    return Document(
        Meta(title, organ, dt.date.today(), subject="政府信息公开工作年度报告汇总", template="rollup"),
        Title(title),
        tuple(body),
    )


# --- the workbook -------------------------------------------------------------------------------------------
EXCLUDED_SHEET = "未计入单位"
CHART_SHEET = "图表"
PER_UNIT = {"t2": "表二（各单位）", "t3": "表三（各单位）", "t4": "表四（各单位）"}
HEADLINES = ("新收申请", "予以公开", "行政复议", "行政诉讼")


def headline(report: AnnualReport) -> tuple[int, int, int, int]:
    """What the bureau looks at first: applications received, granted in full, 复议 and 诉讼 cases."""
    t3, t4 = report.t3, report.t4
    litigation = t4.value("litigation_direct", "total") + t4.value("litigation_after_review", "total")
    return (
        t3.value("new_received", "total"),
        t3.value("granted", "total"),
        t4.value("review", "total"),
        litigation,
    )


def workbook(r: Rollup) -> bytes:
    """The three summed tables laid out as printed (merged label cells); a sheet per table with one row
    per unit and the total; the excluded units; a chart of the headline numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    wb = Workbook()
    thin = Side(style="thin")
    first = True
    for name, table in zip(("表二", "表三", "表四"), report_tables(r.total), strict=True):
        ws = wb.active if first else wb.create_sheet()
        first = False
        ws.title = name
        _write_table(ws, table, Alignment, Border(left=thin, right=thin, top=thin, bottom=thin), Font)
    for key, columns in _columns(r.total.version).items():
        ws = wb.create_sheet(PER_UNIT[key])
        ws.append(["单位", *(label for _, label in columns)])
        for organ, report in zip(r.included, r.reports, strict=True):
            ws.append([organ, *(_export(_at(report, path)) for path, _ in columns)])
        ws.append(["合计", *(_export(_at(r.total, path)) for path, _ in columns)])
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
        ws.column_dimensions["A"].width = 24
        ws.freeze_panes = "B2"
    ws = wb.create_sheet(EXCLUDED_SHEET)
    ws.append(["单位", "来源", "问题", "位置与详情"])
    for x in r.excluded:
        ws.append([x.unit, x.source, x.reason, x.detail])
    for col, width in zip("ABCD", (24, 20, 60, 80), strict=True):
        ws.column_dimensions[col].width = width
    _chart_sheet(wb.create_sheet(CHART_SHEET), r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _chart_sheet(ws: Any, r: Rollup) -> None:
    """The units side by side on the headline numbers (an Excel bar chart over the sheet's own table)."""
    from openpyxl.chart import BarChart, Reference

    ws.append(["单位", *HEADLINES])
    for organ, report in zip(r.included, r.reports, strict=True):
        ws.append([organ, *headline(report)])
    chart = BarChart()
    chart.type = "col"
    chart.title = f"{r.year}年度各单位政府信息公开主要数据"
    chart.y_axis.title = "件数"
    chart.add_data(
        Reference(ws, min_col=2, max_col=1 + len(HEADLINES), min_row=1, max_row=ws.max_row),
        titles_from_data=True,
    )
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=ws.max_row))
    chart.width, chart.height = max(16.0, 2.5 * len(r.included)), 9.0
    ws.add_chart(chart, f"{chr(ord('A') + len(HEADLINES) + 2)}2")
    ws.column_dimensions["A"].width = 24


def _columns(version: str) -> dict[str, list[tuple[tuple, str]]]:
    """Every number cell of each table, in the printed order, with a label a reader knows it by."""
    from .data.xlsx import slots, table_layouts

    return {
        key: [(s.path, _label(version, s.path)) for s in slots(table) if s.path is not None]
        for key, table in table_layouts(version).items()
    }


def _label(version: str, path: tuple) -> str:
    from .kinds.annual_report.labels import T2_BLOCKS, T3_COL, T3_ROWS, T4_COLUMNS, T4_GROUPS

    if path[0] == "t2":
        block = next(b for b in T2_BLOCKS[version] if b.key == path[1])  # type: ignore[index]
        row = next(x for x in block.rows if x.key == path[2])
        col = next(c for c in block.columns if c.key == path[3])
        return f"{block.caption} {row.label}·{col.label}"
    if path[0] == "t3":
        specs = {s.key: s for s in T3_ROWS[version]}  # type: ignore[index]
        spec = specs[path[1]]
        parent = specs.get(spec.parent or "")
        lead = parent.label if parent is not None and parent.key != "results_header" else ""
        return f"{lead}{spec.label}·{T3_COL[path[2]].label}"
    group = next(g for g in T4_GROUPS if g.key == path[1])
    col = next(c for c in T4_COLUMNS if c.key == path[2])
    return f"{group.parent_label}{group.label}·{col.label}"


def _at(report: AnnualReport, path: tuple) -> Any:
    if path[0] == "t2":
        return t2_cell(report.t2, *path[1:])
    if path[0] == "t3":
        return report.t3.cell(path[1], path[2])
    return report.t4.cell(path[1], path[2])


def _export(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Amount):
        from .kinds.annual_report.tables import format_value

        return format_value(value)
    return value


def _write_table(ws, table: Table, Alignment, border, Font) -> None:
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(table.rows, start=1):
        c = 1
        for cell in row:
            while (r, c) in taken:
                c += 1
            target = ws.cell(row=r, column=c, value=_value(cell))
            target.alignment = Alignment(
                wrap_text=True, vertical="center", horizontal="left" if cell.align == "left" else "center"
            )
            target.border = border
            if cell.header:
                target.font = Font(bold=True)
            if cell.colspan > 1 or cell.rowspan > 1:
                ws.merge_cells(
                    start_row=r, start_column=c, end_row=r + cell.rowspan - 1, end_column=c + cell.colspan - 1
                )
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
    total = sum(table.widths)
    for i, w in enumerate(table.widths, start=1):
        ws.column_dimensions[_col(i)].width = max(6.0, 120 * w / total)


def _value(cell: Cell) -> int | float | str:
    text = cell.text
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def _col(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i)


def run(source: Path, defaults: Path | None, organ: str) -> tuple[Rollup, Document, bytes]:
    units = discover(source, defaults)
    r = collect(units)
    return r, document(r, organ), workbook(r)


def stem(organ: str, year: int) -> str:
    return safe_name(f"{organ}{year}年度政府信息公开工作情况汇总")
