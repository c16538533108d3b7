"""Writing the annual-report workbook ``docgen init annual-report --xlsx`` gives a secretary to fill: the
layout of ``xlsx.py`` with fonts, borders, locked labels, and each input cell unlocked and validated."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .xlsx import (
    INFO_FIELDS,
    INFO_SHEET,
    LEVEL_NAMES,
    TABLE_SHEETS,
    TEXT_ROWS,
    TEXT_SHEET,
    TITLE_ROW,
    Path_,
    number_kind,
    slots,
    table_layouts,
)


def write_workbook(path: Path, values: dict[str, Any], version: str) -> None:
    """A ready-to-fill workbook for one report: ``values`` gives the prefilled fields (template, year, …)."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..kinds.annual_report.labels import TABLE_NAME_ZH, TABLE_TITLE

    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    label_font = Font(name="仿宋", size=11)
    head_font = Font(name="黑体", size=11)
    input_fill = PatternFill("solid", fgColor="FFF9E5")
    unlocked = Protection(locked=False)
    wrap_center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrap_left = Alignment(horizontal="left", vertical="center", wrap_text=True)

    wb = Workbook()
    info = wb.active
    info.title = INFO_SHEET
    info.append(["项目", "填写内容", "说明"])
    for c in info[1]:
        c.font = head_font
    level_dv = DataValidation(type="list", formula1='"部门,人民政府"', allow_blank=False)
    year_dv = DataValidation(type="whole", operator="between", formula1="2008", formula2="2100")
    date_dv = DataValidation(type="date", operator="greaterThan", formula1="36526")
    for dv in (level_dv, year_dv, date_dv):
        dv.showErrorMessage = True
        dv.error = "请按“说明”一栏填写"
        info.add_data_validation(dv)
    for i, f in enumerate(INFO_FIELDS, start=2):
        value = values.get(f.key)
        if f.kind == "level":
            value = LEVEL_NAMES.get(str(value or "department"), "部门")
        info.cell(i, 1, f.label).font = label_font
        cell = info.cell(i, 2, value)
        info.cell(i, 3, f.note).alignment = wrap_left
        if f.kind != "locked":
            cell.protection = unlocked
            cell.fill = input_fill
        {"level": level_dv, "int": year_dv, "date": date_dv}.get(f.kind, DataValidation()).add(cell)
        if f.kind == "date":
            cell.number_format = "yyyy-mm-dd"
    info.column_dimensions["A"].width = 14
    info.column_dimensions["B"].width = 36
    info.column_dimensions["C"].width = 60
    info.protection.sheet = True

    text = wb.create_sheet(TEXT_SHEET)
    text.append(["部分", "正文", "说明"])
    for c in text[1]:
        c.font = head_font
    for i, (where, label, note) in enumerate(TEXT_ROWS, start=2):
        text.cell(i, 1, label).alignment = wrap_left
        cell = text.cell(i, 2, _text_value(values, where))
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        cell.protection = unlocked
        cell.fill = input_fill
        text.cell(i, 3, note).alignment = wrap_left
        text.row_dimensions[i].height = 120 if where[-1] in ("overall", "problems") else 60
    text.column_dimensions["A"].width = 22
    text.column_dimensions["B"].width = 90
    text.column_dimensions["C"].width = 36
    text.protection.sheet = True

    validations = {
        "int": ("whole", "greaterThanOrEqual", "0", "请填写不小于 0 的整数（没有就填 0）"),
        "signed": ("whole", "between", "-1000000000", "请填写整数，减少时填负数，如 -3"),
        "decimal": ("decimal", "greaterThanOrEqual", "0", "请填写不小于 0 的数（单位：万元）"),
    }
    for key, table in table_layouts(version).items():
        ws = wb.create_sheet(TABLE_SHEETS[key])
        ncols = len(table.widths)
        ws.cell(TITLE_ROW, 1, f"{TABLE_NAME_ZH[key]} {TABLE_TITLE[key]}").font = Font(name="黑体", size=14)
        ws.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=ncols)
        dvs: dict[str, DataValidation] = {}
        for kind, (vtype, op, f1, msg) in validations.items():
            dv = DataValidation(
                type=vtype, operator=op, formula1=f1, formula2="1000000000" if op == "between" else None
            )
            dv.showErrorMessage, dv.errorTitle, dv.error = True, "数字不符合要求", msg
            dv.showInputMessage, dv.prompt = True, msg
            ws.add_data_validation(dv)
            dvs[kind] = dv
        for s in slots(table):
            if s.rowspan > 1 or s.colspan > 1:
                ws.merge_cells(
                    start_row=s.row,
                    start_column=s.col,
                    end_row=s.row + s.rowspan - 1,
                    end_column=s.col + s.colspan - 1,
                )
            for r in range(s.row, s.row + s.rowspan):
                for c in range(s.col, s.col + s.colspan):
                    ws.cell(r, c).border = border
            cell = ws.cell(s.row, s.col)
            if s.path is None:
                cell.value = s.text
                cell.font = label_font
                cell.alignment = wrap_center if len(s.text) <= 8 or s.colspan > 3 else wrap_left
                continue
            cell.value = _get(values, s.path)
            cell.protection = unlocked
            cell.fill = input_fill
            cell.alignment = Alignment(horizontal="center", vertical="center")
            kind = number_kind(s.path)
            if kind in dvs:
                dvs[kind].add(cell)
            else:
                cell.comment = Comment("填写金额并注明单位，如 251000元 或 25.1万元", "docgen")
        for i, w in enumerate(table.widths, start=1):
            from openpyxl.utils import get_column_letter

            ws.column_dimensions[get_column_letter(i)].width = max(5.0, w * 0.55)
        ws.protection.sheet = True
        ws.protection.formatColumns = False
        ws.protection.formatRows = False
        ws.sheet_view.zoomScale = 100
    wb.save(path)


def _text_value(values: dict[str, Any], path: Path_) -> Any:
    v = _get(values, path)
    if isinstance(v, list):
        return "\n".join(str(x) for x in v)
    return v


def _get(values: dict[str, Any], path: Path_) -> Any:
    node: Any = values
    for k in path:
        if not isinstance(node, dict) or k not in node:
            return None
        node = node[k]
    return node
