"""汇总: the annual-report tables of many units summed cell by cell.

Each unit is validated first; a unit whose tables break an identity (R1–R4, R6 …) is left out and listed
with its reason, so the roll-up never adds up numbers that do not add up. Output: an .xlsx with the three
tables and the list of units, and a PDF/DOCX table document in the same format as a report.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from .batch import Unit, discover
from .data.loader import Loaded, Locator
from .errors import DocgenError, InputError, Severity
from .kinds.annual_report import report_tables, sum_reports
from .kinds.annual_report.kind import load_report
from .kinds.annual_report.tables import AnnualReport
from .model import Cell, Document, Heading, Meta, Paragraph, Table, Title
from .output import safe_name


@dataclass
class Rollup:
    total: AnnualReport
    included: list[str]
    excluded: list[tuple[str, str]] = field(default_factory=list)  # unit, reason
    year: int = 0


def collect(units: list[Unit]) -> Rollup:
    reports: list[AnnualReport] = []
    included: list[str] = []
    excluded: list[tuple[str, str]] = []
    for unit in units:
        if "__error__" in unit.values:
            excluded.append((unit.name, str(unit.values["__error__"]).splitlines()[0]))
            continue
        try:
            report, findings = load_report(
                Loaded(Path(unit.file), unit.values, Locator(unit.file, unit.positions))
            )
        except DocgenError as e:
            excluded.append((unit.name, e.text().splitlines()[0]))
            continue
        from .kinds.annual_report import check_tables

        errors = [f for f in [*findings, *check_tables(report)] if f.severity is Severity.ERROR]
        if errors:
            excluded.append((unit.name, f"{len(errors)} 处错误，第一处：{errors[0].text()}"))
            continue
        if reports and (report.year, report.version) != (reports[0].year, reports[0].version):
            excluded.append((unit.name, f"年度或格式不同（{report.year} 年，{report.version} 版）"))
            continue
        reports.append(report)
        included.append(unit.name)
    if not reports:
        raise InputError(
            message="没有可以汇总的单位：每个单位都有错误",
            message_en="no unit can be rolled up",
            details=[f"{u}：{why}" for u, why in excluded[:20]],
        )
    total = sum_reports(reports, organ="汇总")
    return Rollup(total, included, excluded, reports[0].year)


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
        body.append(
            Paragraph(
                f"以下{len(r.excluded)}个单位的数据未通过校验，未计入汇总："
                f"{'；'.join(f'{u}（{why}）' for u, why in r.excluded)}。"
            )
        )
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


def workbook(r: Rollup) -> bytes:
    """The three summed tables laid out as printed (merged label cells), plus the list of units."""
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
    ws = wb.create_sheet("单位")
    ws.append(["单位", "是否计入", "原因"])
    for u in r.included:
        ws.append([u, "计入", ""])
    for u, why in r.excluded:
        ws.append([u, "未计入", why])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


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
