"""Opening a workbook docgen reads (unit data, manifests, a sheet per unit) within its limits: the zip's
members and sizes before openpyxl parses anything, then one load that keeps the formulas whose result was not
saved and checks every cell's text against the data files' limits."""

from __future__ import annotations

import contextvars
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..messages import Text, msg
from ..source import SourceRef
from .loader import not_found


def cell_name(row: int, col: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(col)}{row}"


def open_workbook(path: Path, data_only: bool) -> Any:
    """Every workbook docgen opens (unit data, manifests, a sheet per unit) is checked for its size first."""
    from openpyxl import load_workbook

    check_zip(path)
    try:
        return load_workbook(path, data_only=data_only)
    except FileNotFoundError:
        raise not_found(path) from None
    except Exception as e:  # openpyxl raises zipfile, KeyError, ValueError… for what is not a workbook
        raise InputError.of(
            "xlsx.unreadable",
            source=SourceRef(str(path)),
            error_type=type(e).__name__,
            error=e,
        ) from None


# A workbook is a zip of XML that openpyxl builds into objects: 17 MB of sheet XML take it 24 s. docgen's own
# workbook holds 55 KB of XML; one saved by Excel or WPS a few hundred KB. (README, "Limits".)
MAX_MEMBERS = 500  # files inside the workbook's zip
MAX_XML_BYTES = 5 * 1024 * 1024  # uncompressed XML, what openpyxl parses
MAX_UNCOMPRESSED = 30 * 1024 * 1024  # all members, pictures included
MAX_RATIO = 100  # uncompressed / compressed, for a member of more than RATIO_FROM bytes (XML compresses ~10x)
RATIO_FROM = 1024 * 1024
MAX_ROWS = 1_000  # rows of the 基本信息 and 正文 sheets (each read row by row)


def _too_big(path: Path, what: Text) -> InputError:
    return InputError.of("xlsx.limit", source=SourceRef(str(path)), what=what)


def check_zip(path: Path) -> None:
    """What the workbook's zip declares (members, sizes, compression ratios) and what its members really inflate
    to, read in chunks and stopped at the limit, before openpyxl parses anything: a 1.2 MB workbook inflating to
    1.2 GB took 28 s and 3.7 GB. Not a zip at all: left to openpyxl's error, which ``open_workbook`` translates.
    ``open_workbook`` calls it for every workbook docgen reads (unit data, manifests, a sheet per unit)."""
    import zipfile

    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise _too_big(path, msg("xlsx.limit.members", count=len(infos), max=MAX_MEMBERS))
        for declared in (True, False):
            total = xml = 0
            for info in infos:
                size = info.file_size if declared else _inflated_size(zf, info, MAX_UNCOMPRESSED - total)
                total += size
                xml += size if info.filename.lower().endswith((".xml", ".rels")) else 0
                if size > RATIO_FROM and size > MAX_RATIO * max(info.compress_size, 1):
                    ratio = size // max(info.compress_size, 1)
                    raise _too_big(path, msg("xlsx.limit.ratio", name=info.filename, ratio=ratio))
                if total > MAX_UNCOMPRESSED or xml > MAX_XML_BYTES:
                    mb, xml_mb = MAX_UNCOMPRESSED // 1024 // 1024, MAX_XML_BYTES // 1024 // 1024
                    if xml > MAX_XML_BYTES:
                        raise _too_big(path, msg("xlsx.limit.xml", max=mb, xml_max=xml_mb))
                    raise _too_big(path, msg("xlsx.limit.inflated", max=mb, xml_max=xml_mb))


def _inflated_size(zf: Any, info: Any, budget: int) -> int:
    """The bytes a member really inflates to, reading no further than ``budget`` + 1."""
    import zipfile

    size = 0
    try:
        with zf.open(info) as f:
            while chunk := f.read(min(1 << 20, budget + 1 - size)):
                size += len(chunk)
                if size > budget:
                    break
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError):
        return 0  # damaged or encrypted: openpyxl's own error follows
    return size


class _UnsavedFormula(str):
    """A formula cell without a saved result, met while loading with ``data_only=True``."""


class _Formulas:
    """``formulas[sheet].cell(row, col).value``: the formula of a cell whose result was not saved, else None —
    what the second, formulas-only load of the workbook gave, recorded during the one load."""

    def __init__(self, found: dict[tuple[str, int, int], str]) -> None:
        self.found = found

    def __getitem__(self, sheet: str) -> _SheetFormulas:
        return _SheetFormulas(self.found, sheet)


@dataclass(frozen=True)
class _SheetFormulas:
    found: dict[tuple[str, int, int], str]
    sheet: str

    def cell(self, row: int, col: int) -> _Value:
        return _Value(self.found.get((self.sheet, row, col)))


@dataclass(frozen=True)
class _Value:
    value: str | None


_RECORD_FORMULAS: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "docgen_record_formulas", default=False
)


def _install_formula_recorder() -> None:
    """openpyxl's cell parser, extended to keep the formula of a cell whose result was not saved (it drops it
    under ``data_only=True``): the workbook is loaded once instead of twice. Active only where the context
    variable is set, so other loads in the process (the batch's unit lists) are unchanged."""
    from openpyxl.worksheet import _reader

    base = _reader.WorkSheetParser
    if getattr(base, "docgen_recorder", False):
        return

    class Recorder(base):  # type: ignore[misc, valid-type]
        docgen_recorder = True

        def parse_cell(self, element: Any) -> dict[str, Any]:
            cell = super().parse_cell(element)
            if (
                _RECORD_FORMULAS.get()
                and cell["value"] is None
                and element.find(_reader.FORMULA_TAG) is not None
            ):
                cell["value"] = _UnsavedFormula(self.parse_formula(element))
            return cell

    _reader.WorkSheetParser = Recorder


def _check_cell_text(
    path: Path, sheet: str, row: int, col: int, value: str, chars: int, paragraphs: int
) -> None:
    """The data files' text limits (loader.py), for cells: a cell's XML may hold far more than Excel's 32,767."""
    from .loader import MAX_FIELD_CHARS, MAX_PARAGRAPHS, MAX_TEXT_CHARS

    if len(value) > MAX_FIELD_CHARS:
        what = msg("xlsx.limit.cell_chars", length=len(value), max=MAX_FIELD_CHARS)
    elif chars > MAX_TEXT_CHARS:
        what = msg("xlsx.limit.text_chars", max=MAX_TEXT_CHARS)
    elif paragraphs > MAX_PARAGRAPHS:
        what = msg("xlsx.limit.paragraphs", max=MAX_PARAGRAPHS)
    else:
        return
    raise InputError.of(
        "xlsx.cell.limit", source=SourceRef(str(path), sheet=sheet, cell=cell_name(row, col)), what=what
    )


def load_once(path: Path, row_limited: tuple[str, ...]) -> tuple[Any, _Formulas]:
    """The workbook, checked for its size first, loaded once: the values Excel saved, and the formulas of the
    cells whose value was not saved (which the caller reports)."""
    _install_formula_recorder()
    token = _RECORD_FORMULAS.set(True)
    try:
        wb = open_workbook(path, data_only=True)
    finally:
        _RECORD_FORMULAS.reset(token)
    found: dict[tuple[str, int, int], str] = {}
    chars = paragraphs = 0
    for ws in wb.worksheets:
        for (row, col), cell in ws._cells.items():
            value = cell._value
            if isinstance(value, _UnsavedFormula):
                found[(ws.title, row, col)] = str(value)
                cell._value = None
            elif isinstance(value, str):
                chars, paragraphs = chars + len(value), paragraphs + 1 + value.count("\n")
                _check_cell_text(path, ws.title, row, col, value, chars, paragraphs)
        if ws.title in row_limited and ws.max_row > MAX_ROWS:
            raise _too_big(path, msg("xlsx.limit.rows", sheet=ws.title, rows=ws.max_row, max=MAX_ROWS))
    return wb, _Formulas(found)
