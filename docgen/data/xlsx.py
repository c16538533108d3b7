"""Annual-report workbooks: written by ``docgen init … --xlsx`` and read back by ``load_workbook_data``.

The workbook is laid out like the official tables: sheets 表二、表三、表四 are the printed grids, merged
headers and all, built from the same table builders the renderers use (``kinds.annual_report.tables``), so
a cell of the workbook is a cell of the printed table. Labels are locked (sheet protection without a
password); number cells are unlocked and validated. 基本信息 holds the fields and the 落款, 正文 the narrative
of the six parts.

Reading maps each value back to the data path the YAML form uses (``("t3", "denied.state_secret",
"natural_person")``) and remembers its cell, so every message points at ``表三!D12``.
"""

from __future__ import annotations

import contextvars
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Table
from ..source import SourceRef
from .loader import Loaded, Locator, not_found

Path_ = tuple[str | int, ...]

INFO_SHEET = "基本信息"
TEXT_SHEET = "正文"
TABLE_SHEETS = {"t2": "表二", "t3": "表三", "t4": "表四"}
TITLE_ROW = 1  # the table's title; the grid starts on the next row
GRID_TOP = 2
MARK = "@"  # SourceRef.file of the marker positions the builders are given: the canonical path follows


@dataclass(frozen=True)
class Field_:
    key: str
    label: str
    note: str
    kind: str = "text"  # text | int | date | level | locked


INFO_FIELDS: tuple[Field_, ...] = (
    Field_("template", "模板", "生成时按年度选定，不要修改", "locked"),
    Field_(
        "version",
        "格式版本",
        "2019 = 2019 年（试行）格式；2021 = 2021 年格式。决定表格的行列，不要修改",
        "locked",
    ),
    Field_("year", "报告年度", "统计年度，如 2024", "int"),
    Field_("organ", "发文机关", "全称，如 某某市民政局；也用于标题和落款"),
    Field_("organ_level", "机关层级", "部门（次年1月31日前公布）或 人民政府（次年3月31日前公布）", "level"),
    Field_("date", "成文日期", "如 2025-01-20", "date"),
    Field_("title", "标题", "可不填：默认为“发文机关+年度+年政府信息公开工作年度报告”"),
    Field_("signature", "署名", "可不填：默认为发文机关"),
)
LEVELS = {"部门": "department", "人民政府": "government"}
LEVEL_NAMES = {v: k for k, v in LEVELS.items()}

# 正文 sheet: (data path, label, note)
TEXT_ROWS: tuple[tuple[Path_, str, str], ...] = (
    (("preface",), "导语", "可不填：默认写明编制依据、统计期限和查阅方式"),
    (
        ("sections", "overall"),
        "一、总体情况",
        "必填。分段请在单元格内换行（Alt+Enter）；“（一）主动公开。”等开头自动识别为小标题",
    ),
    (("sections", "active_disclosure"), "二、主动公开政府信息情况", "可不填：印在表二之前的说明"),
    (("sections", "applications"), "三、收到和处理政府信息公开申请情况", "可不填：印在表三之前的说明"),
    (
        ("sections", "review_litigation"),
        "四、政府信息公开行政复议、行政诉讼情况",
        "可不填：印在表四之前的说明",
    ),
    (("sections", "problems"), "五、存在的主要问题及改进情况", "必填"),
    (("sections", "other_matters"), "六、其他需要报告的事项", "必填；没有时写“无。”"),
)


def _marker(*path: str | int) -> SourceRef:
    return SourceRef(MARK, cell="|".join(map(str, path)))


def table_layouts(version: str) -> dict[str, Table]:
    """The three tables of ``version`` with every number cell's source a marker naming its data path."""
    from ..kinds.annual_report.tables import empty_report, t2_table, t3_table, t4_table

    report = empty_report(2021 if version == "2021" else 2019, version)  # type: ignore[arg-type]
    return {
        "t2": t2_table(report.t2, _marker),
        "t3": t3_table(report.t3, _marker),
        "t4": t4_table(report.t4, _marker),
    }


@dataclass(frozen=True)
class Slot:
    row: int  # 1-based worksheet row
    col: int  # 1-based worksheet column
    rowspan: int
    colspan: int
    text: str
    path: Path_ | None  # the data path of a number cell; None for a label


def slots(table: Table) -> Iterator[Slot]:
    from ..render.docx.tables import place_cells

    placements, _ = place_cells(table)
    for p in placements:
        src = p.cell.source
        path = tuple(src.cell.split("|")) if src is not None and src.file == MARK and src.cell else None
        yield Slot(GRID_TOP + p.row, 1 + p.col, p.cell.rowspan, p.cell.colspan, p.cell.text, path)


def number_kind(path: Path_) -> str:
    """int (≥ 0), signed (本年增/减), decimal (万元) or money (amount with unit) for a number cell."""
    if path[0] != "t2":
        return "int"
    from ..kinds.annual_report.labels import T2_BLOCKS

    for blocks in T2_BLOCKS.values():
        for b in blocks:
            if b.key == path[1]:
                for c in b.columns:
                    if c.key == path[3]:
                        return c.kind
    return "int"


def _cell_name(row: int, col: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(col)}{row}"


# --- writing ------------------------------------------------------------------------------------------------


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


def _put(values: dict[str, Any], path: Path_, value: Any) -> None:
    node = values
    for k in path[:-1]:
        node = node.setdefault(k, {})
    node[path[-1]] = value


# --- reading ------------------------------------------------------------------------------------------------


def _open(path: Path, data_only: bool) -> Any:
    """Every workbook docgen opens (unit data, manifests, a sheet per unit) is checked for its size first."""
    from openpyxl import load_workbook

    check_zip(path)
    try:
        return load_workbook(path, data_only=data_only)
    except FileNotFoundError:
        raise not_found(path) from None
    except Exception as e:  # openpyxl raises zipfile, KeyError, ValueError… for what is not a workbook
        raise InputError(
            message=f"无法读取 Excel 文件（{type(e).__name__}）",
            message_en=f"cannot read the workbook: {e}",
            source=SourceRef(str(path)),
            hint="请确认是 .xlsx 格式（在 Excel/WPS 中“另存为 Excel 工作簿”），且未加密",
            hint_en="save it as an .xlsx workbook, without a password",
        ) from None


# A workbook is a zip of XML that openpyxl builds into objects: 17 MB of sheet XML take it 24 s. docgen's own
# workbook holds 55 KB of XML; one saved by Excel or WPS a few hundred KB. (README, "Limits".)
MAX_MEMBERS = 500  # files inside the workbook's zip
MAX_XML_BYTES = 5 * 1024 * 1024  # uncompressed XML, what openpyxl parses
MAX_UNCOMPRESSED = 30 * 1024 * 1024  # all members, pictures included
MAX_RATIO = 100  # uncompressed / compressed, for a member of more than RATIO_FROM bytes (XML compresses ~10x)
RATIO_FROM = 1024 * 1024
MAX_ROWS = 1_000  # rows of the 基本信息 and 正文 sheets (each read row by row)


def _too_big(path: Path, zh: str, en: str) -> InputError:
    return InputError(
        message=f"Excel 文件超出限制：{zh}",
        message_en=f"the workbook exceeds a limit: {en}",
        source=SourceRef(str(path)),
        hint="这不像 docgen 生成的年度报告工作簿；请用 docgen init annual-report --xlsx 生成的工作簿填写（上限见 README“输入限制”）",
        hint_en="fill the workbook written by `docgen init annual-report --xlsx` (limits: README)",
    )


def check_zip(path: Path) -> None:
    """What the workbook's zip declares (members, sizes, compression ratios) and what its members really inflate
    to, read in chunks and stopped at the limit, before openpyxl parses anything: a 1.2 MB workbook inflating to
    1.2 GB took 28 s and 3.7 GB. Not a zip at all: left to openpyxl's error, which ``_open`` translates.
    ``_open`` calls it for every workbook docgen reads (unit data, manifests, a sheet per unit)."""
    import zipfile

    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise _too_big(path, f"包含 {len(infos)} 个文件（上限 {MAX_MEMBERS}）", f"{len(infos)} members")
        for declared in (True, False):
            total = xml = 0
            for info in infos:
                size = info.file_size if declared else _inflated_size(zf, info, MAX_UNCOMPRESSED - total)
                total += size
                xml += size if info.filename.lower().endswith((".xml", ".rels")) else 0
                if size > RATIO_FROM and size > MAX_RATIO * max(info.compress_size, 1):
                    raise _too_big(
                        path,
                        f"“{info.filename}”的压缩比异常（{size // max(info.compress_size, 1)} 倍），疑似压缩炸弹",
                        f"{info.filename} inflates {size // max(info.compress_size, 1)} times",
                    )
                if total > MAX_UNCOMPRESSED or xml > MAX_XML_BYTES:
                    raise _too_big(
                        path,
                        f"解压后超过 {(MAX_XML_BYTES if xml > MAX_XML_BYTES else MAX_UNCOMPRESSED) // 1024 // 1024} MB"
                        + ("（表格内容）" if xml > MAX_XML_BYTES else ""),
                        f"more than {MAX_UNCOMPRESSED // 1024 // 1024} MB uncompressed (XML at most "
                        f"{MAX_XML_BYTES // 1024 // 1024} MB)",
                    )


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
        zh, en = (
            f"文字过长（{len(value)} 字，每格上限 {MAX_FIELD_CHARS} 字）",
            f"text longer than {MAX_FIELD_CHARS}",
        )
    elif chars > MAX_TEXT_CHARS:
        zh, en = f"全工作簿文字超过 {MAX_TEXT_CHARS} 字", f"more than {MAX_TEXT_CHARS} characters of text"
    elif paragraphs > MAX_PARAGRAPHS:
        zh, en = f"段落过多（全工作簿超过 {MAX_PARAGRAPHS} 段）", f"more than {MAX_PARAGRAPHS} paragraphs"
    else:
        return
    raise InputError(
        message=f"单元格超出限制：{zh}",
        message_en=f"the cell exceeds a limit: {en}",
        source=SourceRef(str(path), sheet=sheet, cell=_cell_name(row, col)),
        hint="上限见 README“输入限制”",
        hint_en="the limits are listed in the README",
    )


def _load_once(path: Path) -> tuple[Any, _Formulas]:
    """The workbook, checked for its size first, loaded once: the values Excel saved, and the formulas of the
    cells whose value was not saved (which the caller reports)."""
    _install_formula_recorder()
    token = _RECORD_FORMULAS.set(True)
    try:
        wb = _open(path, data_only=True)
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
        if ws.title in (INFO_SHEET, TEXT_SHEET) and ws.max_row > MAX_ROWS:
            raise _too_big(
                path,
                f"工作表“{ws.title}”有 {ws.max_row} 行（上限 {MAX_ROWS}）",
                f"{ws.max_row} rows in {ws.title}",
            )
    return wb, _Formulas(found)


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
    wb, formulas = _load_once(path)

    def ref(sheet: str, row: int | None = None, col: int | None = None) -> SourceRef:
        return SourceRef(file, sheet=sheet, cell=_cell_name(row, col) if row and col else None)

    for name in (INFO_SHEET, TEXT_SHEET, *TABLE_SHEETS.values()):
        if name not in wb.sheetnames:
            raise InputError(
                message=f"工作簿缺少工作表“{name}”",
                message_en=f"the workbook has no sheet {name!r}",
                source=SourceRef(file),
                hint="请用 docgen init annual-report --year 年度 --xlsx 生成的工作簿填写，不要删除或改名工作表",
                hint_en="fill the workbook written by `docgen init annual-report --xlsx`",
            )

    def value(sheet: str, row: int, col: int) -> Any:
        v = _plain(wb[sheet].cell(row, col).value)
        f = formulas[sheet].cell(row, col).value
        if v is None and isinstance(f, str) and f.startswith("="):
            raise InputError(
                message=f"单元格是公式“{f}”，但文件中没有保存计算结果",
                message_en=f"the cell holds the formula {f} without a saved result",
                source=ref(sheet, row, col),
                hint="请在 Excel/WPS 中打开并保存一次，或直接填写数字",
                hint_en="open and save the workbook in Excel, or type the number",
            )
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
        raise InputError(
            message="“基本信息”表中缺少“模板”一项",
            message_en="the info sheet lacks the template row",
            source=ref(INFO_SHEET),
            hint="请用 docgen init annual-report --year 年度 --xlsx 生成的工作簿填写",
            hint_en="fill in the workbook made by docgen init annual-report --year YEAR --xlsx",
        )
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
                    raise InputError(
                        message=f"此处应为“{s.text}”，实为“{found or '（空）'}”：表格的行列被改动过",
                        message_en=f"expected the label {s.text!r} here: rows or columns were moved",
                        source=ref(sheet, s.row, s.col),
                        hint=f"请勿插入或删除行列；本工作簿按 {version} 年格式读取（见“基本信息”的“格式版本”）",
                        hint_en="do not insert or delete rows or columns",
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
