"""Reading a filled annual-report workbook (``load_workbook_data``) into the same plain data a YAML file
gives: each value of 基本信息, 正文 and the tables mapped back to its data path, with the sheet!cell it came
from, so every message points at ``表三!D12``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..source import SourceRef
from .loader import Loaded, Locator
from .xlsx import (
    INFO_FIELDS,
    INFO_SHEET,
    LEVELS,
    TABLE_SHEETS,
    TEXT_ROWS,
    TEXT_SHEET,
    Path_,
    slots,
    table_layouts,
)
from .xlsx_open import cell_name, load_once


def _put(values: dict[str, Any], path: Path_, value: Any) -> None:
    node = values
    for k in path[:-1]:
        node = node.setdefault(k, {})
    node[path[-1]] = value


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").strip()
        return value or None
    return value


def _paragraphs(value: Any) -> Any:
    """A cell's text: each line break (Alt+Enter) starts a paragraph."""
    if not isinstance(value, str):
        return value
    lines = [ln.strip() for ln in value.split("\n")]
    return "\n\n".join(ln for ln in lines if ln)


def load_workbook_data(path: Path) -> Loaded:
    """Read a filled annual-report workbook into the same plain data a YAML file gives, with the
    sheet!cell of every value."""
    path = Path(path)
    file = str(path)
    wb, formulas = load_once(path, (INFO_SHEET, TEXT_SHEET))

    def ref(sheet: str, row: int | None = None, col: int | None = None) -> SourceRef:
        return SourceRef(file, sheet=sheet, cell=cell_name(row, col) if row and col else None)

    for name in (INFO_SHEET, TEXT_SHEET, *TABLE_SHEETS.values()):
        if name not in wb.sheetnames:
            raise InputError.of("xlsx.no_sheet", source=SourceRef(file), name=name)

    def value(sheet: str, row: int, col: int) -> Any:
        v = _plain(wb[sheet].cell(row, col).value)
        f = formulas[sheet].cell(row, col).value
        if v is None and isinstance(f, str) and f.startswith("="):
            raise InputError.of("xlsx.cell.formula_without_result", source=ref(sheet, row, col), f=f)
        return v

    values: dict[str, Any] = {}
    exact: dict[Path_, SourceRef] = {(): SourceRef(file, sheet=INFO_SHEET)}

    ws = wb[INFO_SHEET]
    by_label = {f.label: f for f in INFO_FIELDS}
    for r in range(2, ws.max_row + 1):
        label = _plain(ws.cell(r, 1).value)
        f = by_label.get(str(label)) if label is not None else None
        if f is None:
            continue
        v = value(INFO_SHEET, r, 2)
        if f.kind == "level" and isinstance(v, str):
            v = LEVELS.get(v, v)
        if f.key == "version" and v is not None:
            v = str(v)
        exact[(f.key,)] = ref(INFO_SHEET, r, 2)
        if v is not None:
            values[f.key] = v
    if "template" not in values:
        raise InputError.of("xlsx.no_template", source=ref(INFO_SHEET))
    version = str(values.get("version") or "")
    if version not in ("2019", "2021"):
        from ..kinds.annual_report.tables import version_for_year

        year = values.get("year")
        version = version_for_year(year) if isinstance(year, int) else "2021"

    ws = wb[TEXT_SHEET]
    by_text = {label: p for p, label, _ in TEXT_ROWS}
    exact[("sections",)] = ref(TEXT_SHEET)
    for r in range(2, ws.max_row + 1):
        label = _plain(ws.cell(r, 1).value)
        p = by_text.get(str(label)) if label is not None else None
        if p is None:
            continue
        exact[p] = ref(TEXT_SHEET, r, 2)
        v = _paragraphs(value(TEXT_SHEET, r, 2))
        if v is not None:
            _put(values, p, v if isinstance(v, str) else str(v))
    values.setdefault("sections", {})

    for key, table in table_layouts(version).items():
        sheet = TABLE_SHEETS[key]
        ws = wb[sheet]
        exact[(key,)] = ref(sheet)
        values[key] = {}
        for s in slots(table):
            if s.path is None:
                found = _plain(ws.cell(s.row, s.col).value)
                if s.text and str(found or "") != s.text:
                    raise InputError.of(
                        "xlsx.moved",
                        source=ref(sheet, s.row, s.col),
                        text=s.text,
                        found=found or "（空）",
                        version=version,
                    )
                continue
            exact[s.path] = ref(sheet, s.row, s.col)
            exact[s.path[:2]] = exact.get(s.path[:2]) or ref(sheet, s.row, s.col)
            _put(values, s.path, value(sheet, s.row, s.col))

    def resolver(p: Path_) -> SourceRef | None:
        p = tuple(str(k) if not isinstance(k, int) else k for k in p)
        while p:
            if p in exact:
                return exact[p]
            p = p[:-1]
        return exact[()]

    return Loaded(path=path, values=values, locate=Locator(file, resolver=resolver))
