"""Units from a manifest: a CSV or XLSX table with one row per unit, or a workbook with one sheet per unit.

Apart from discovery because reading a table is its own trade: text encodings Chinese Excel and WPS write,
CSV cells turned into values as YAML would read them, column names that must name one value each.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..messages import Text
from ..source import SourceRef
from .units import Unit, deep_merge, set_path, unit_from_file

UNIT_COLUMNS = ("unit", "单位", "单位名称")
DATA_COLUMNS = ("data", "数据文件", "file")
NAME_COLUMNS = (*UNIT_COLUMNS, *DATA_COLUMNS)  # always text, even when they look like numbers


def _check_columns(manifest: Path, header: list[str]) -> None:
    """A manifest's columns must name one value each: ``organ`` and ``organ.x`` cannot both be set, nor
    can a column appear twice. Refused before any row is read."""
    cols = [h for h in header if h]
    problem = next((f"列“{c}”出现了两次" for c in cols if cols.count(c) > 1), "")
    if not problem:
        problem = next(
            (
                f"列“{a}”与“{b}”冲突：{a} 是一个值，{b} 又把它当作一组字段"
                for a in cols
                for b in cols
                if b.startswith(f"{a}.")
            ),
            "",
        )
    if problem:
        raise InputError.of(
            "batch.manifest.conflicting_columns",
            source=SourceRef(str(manifest), line=1),
            problem=problem,
        )
    if not any(c in UNIT_COLUMNS for c in cols):
        raise InputError.of(
            "batch.manifest.no_unit_column",
            source=SourceRef(str(manifest), line=1),
            unit_columns=Text(" / ".join(UNIT_COLUMNS), ", ".join(UNIT_COLUMNS)),
            cols="、".join(cols) or "（无）",
        )


def from_rows(
    manifest: Path,
    rows: Iterator[tuple[int, dict[str, Any]]],
    base: dict,
    base_pos: dict,
    base_files: list[str],
) -> list[Unit]:
    """A unit per manifest row: its values from the row's cells, or from the data file a ``data`` column
    names, with the cells over them."""
    units = []
    for line, row in rows:
        name = next((str(row[c]).strip() for c in UNIT_COLUMNS if row.get(c) not in (None, "")), "")
        where = SourceRef(str(manifest), line=line)
        if not name:
            raise InputError.of("batch.manifest.row_without_unit", source=where, line=line)
        data_file = next((str(row[c]).strip() for c in DATA_COLUMNS if row.get(c) not in (None, "")), "")
        extra: dict[str, Any] = {}
        extra_pos: dict[tuple, SourceRef] = {}
        for i, (col, value) in enumerate(row.items(), start=1):
            if col in UNIT_COLUMNS or col in DATA_COLUMNS or value in (None, ""):
                continue
            # the cell's row and column, so that a bad value is found without searching the row
            extra_pos[set_path(extra, col, value)] = SourceRef(str(manifest), line=line, column=i)
        label, label_en = f"{manifest.name} 第 {line} 行", f"{manifest.name} line {line}"
        if data_file:
            path = Path(data_file)
            path = path if path.is_absolute() else manifest.parent / path
            units.append(
                unit_from_file(
                    path,
                    extra,
                    base,
                    base_pos,
                    [*base_files, str(manifest)],
                    extra_pos,
                    name,
                    label,
                    label_en,
                )
            )
        else:
            values = deep_merge(base, extra)
            units.append(
                Unit(
                    name,
                    values,
                    {**base_pos, (): where, **extra_pos},
                    str(manifest),
                    [*base_files, str(manifest)],
                    label,
                    label_en,
                )
            )
    if not units:
        raise InputError.of("batch.manifest.no_units", source=SourceRef(str(manifest)))
    return units


def _csv_text(path: Path) -> str:
    """A CSV manifest's text: UTF-8 (with or without BOM), UTF-16 (Excel's “Unicode 文本”), or GB18030 —
    what Chinese Excel and WPS save by default (GBK is its subset)."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError.of(
            "batch.manifest.unreadable",
            source=SourceRef(str(path)),
            reason=Text(str(e.strerror or e), str(e)),
        ) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode("utf-16")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise InputError.of(
                "batch.manifest.encoding", source=SourceRef(str(path), line=line), line=line
            ) from None
    if "\x00" in text:
        raise InputError.of("batch.manifest.not_text", source=SourceRef(str(path)))
    return text


def csv_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """A CSV manifest's rows (line number, cells by column), blank rows skipped, the delimiter sniffed."""
    text = _csv_text(path)
    try:
        delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",\t;").delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip() for h in next(reader, [])]
    _check_columns(path, header)
    for i, row in enumerate(reader, start=2):
        if not any(v.strip() for v in row):
            continue
        cells = zip(header, row, strict=False)
        yield i, {k: v.strip() if k in NAME_COLUMNS else _scalar(v) for k, v in cells if k}


def workbook_kind(path: Path) -> str:
    """``report`` (a filled ``init --xlsx`` workbook), ``manifest`` (units named in a column of its first
    sheet) or ``sheets`` (each sheet a unit)."""
    from ..data.xlsx import INFO_SHEET, _open

    wb = _open(path, data_only=True)
    if INFO_SHEET in wb.sheetnames:
        return "report"
    header = next(wb.worksheets[0].iter_rows(values_only=True, max_row=1), ())
    return "manifest" if any(str(h).strip() in UNIT_COLUMNS for h in header if h is not None) else "sheets"


def from_sheets(path: Path, base: dict, base_pos: dict, base_files: list[str]) -> list[Unit]:
    """One workbook, one sheet per unit: the sheet's name is the unit, its rows are ``field | value``
    (dotted fields such as ``t3.new_received.total`` reach into nested data)."""
    from ..data.xlsx import _open

    wb = _open(path, data_only=True)
    units = []
    for ws in wb.worksheets:
        values: dict[str, Any] = {}
        positions: dict[tuple, SourceRef] = {(): SourceRef(str(path), sheet=ws.title)}
        fields: dict[str, int] = {}
        for r, row in enumerate(ws.iter_rows(values_only=True), start=1):
            if not row or row[0] in (None, "") or str(row[0]).strip() in ("字段", "field"):
                continue
            value = row[1] if len(row) > 1 else None
            if isinstance(value, dt.datetime):
                value = value.date()
            if value in (None, ""):
                continue
            field_name = str(row[0]).strip()
            clash = next(
                (
                    f
                    for f in fields
                    if f == field_name or field_name.startswith(f"{f}.") or f.startswith(f"{field_name}.")
                ),
                None,
            )
            if clash is not None:
                raise InputError.of(
                    "batch.sheets.field_conflict",
                    source=SourceRef(str(path), sheet=ws.title, cell=f"A{r}"),
                    field_name=field_name,
                    row=fields[clash],
                    clash=clash,
                )
            fields[field_name] = r
            key = set_path(values, field_name, value)
            positions[key] = SourceRef(str(path), sheet=ws.title, cell=f"B{r}")
        if values:
            units.append(
                Unit(
                    ws.title,
                    deep_merge(base, values),
                    {**base_pos, **positions},
                    str(path),
                    [*base_files, str(path)],
                    f"{path.name} 工作表“{ws.title}”",
                    f"{path.name} sheet {ws.title!r}",
                )
            )
    if not units:
        raise InputError.of("batch.sheets.none", source=SourceRef(str(path)))
    return units


def xlsx_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """An XLSX manifest's rows from its first sheet (row number, cells by column), blank rows skipped."""
    from ..data.xlsx import _open

    ws = _open(path, data_only=True).worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, [])]
    _check_columns(path, header)
    for i, row in enumerate(rows, start=2):
        if all(v in (None, "") for v in row):
            continue
        yield i, {h: _cell(v) for h, v in zip(header, row, strict=False) if h}


def _cell(value: Any) -> Any:
    """A workbook cell as a value: a date without a time is a date; text is stripped."""
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    return value.strip() if isinstance(value, str) else value


def _scalar(text: str | None) -> Any:
    """CSV cells are text; numbers and dates become values as YAML would read them (Chinese Excel writes
    dates as 2025/1/20)."""
    if text is None:
        return None
    t = text.strip()
    if re.fullmatch(r"-?(0|[1-9]\d*)", t):  # 0736…, 001: codes and numbers kept as written
        return int(t)
    if re.fullmatch(r"-?(0|[1-9]\d*)\.\d+", t):
        return float(t)
    if m := re.fullmatch(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})", t):
        with contextlib.suppress(ValueError):
            return dt.date(*map(int, m.groups()))
    return t
