"""Batch production: every subordinate unit's documents in one run.

Units come from a folder of data files, or from a manifest (CSV / XLSX: one row per unit). Shared defaults
are deep-merged under each unit's values. Units run in parallel (a local process pool by default, a Dask
cluster when asked); one unit's bad data never stops the others. Every unit ends as a row of the batch
report with its status, messages, outputs and their SHA-256. ``resume`` skips units whose inputs, template
and docgen version are unchanged since their outputs were written.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import resource
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .data.loader import WORKBOOK_SUFFIXES, Loaded, Locator, load_data
from .errors import DocgenError, Finding, InputError, OutputError, Severity, ValidationFailed
from .output import safe_name, write_all
from .render.options import RenderOptions
from .source import SourceRef

DATA_SUFFIXES = (".yaml", ".yml", ".json")
STATE_FILE = ".docgen-batch-state.json"
REPORT_NAME = "batch-report"
UNIT_COLUMNS = ("unit", "单位", "单位名称")
DATA_COLUMNS = ("data", "数据文件", "file")
NAME_COLUMNS = (*UNIT_COLUMNS, *DATA_COLUMNS)  # always text, even when they look like numbers


@dataclass
class Unit:
    """One unit's inputs: its values (defaults merged in), positions, and the files they came from."""

    name: str
    values: dict[str, Any]
    positions: dict[tuple, SourceRef]
    file: str  # the unit's own data file (or the manifest) for messages
    sources: list[str]  # every input file, hashed for --resume
    where: str = ""  # where the unit was found ("a.xlsx", "units.csv 第 3 行"): unique within a batch
    where_en: str = ""  # the same in English ("units.csv line 3"), when it differs


@dataclass
class UnitResult:
    unit: str
    status: str  # "produced" | "failed" | "skipped" | "interrupted"
    messages: list[str] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)  # path → sha256
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # the worker's CPU time for this unit (steadier than wall time on a busy host)
    fingerprint: str = ""
    peak_mb: float = 0.0  # the worker's peak resident memory after this unit
    source: str = ""  # Unit.where
    # Everything the render told (api.diagnostics): {severity, code, origin, message}
    findings: list[dict[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Job:
    """What a worker needs for one unit: plain data, so it pickles for processes and Dask alike."""

    unit: Unit
    stem: str  # output path without suffix, relative to out_dir
    out_dir: str
    formats: tuple[str, ...]
    templates: str | None
    timestamp: str | None
    draft: bool
    fingerprint: str
    write: bool = True  # False: return the bytes (Dask without a shared folder)
    final: SignOff | None = None  # 定稿 (render --final) instead of a draft
    lang: str = "zh"  # the language of the report's messages


@dataclass(frozen=True)
class SignOff:
    """``batch --final``: the sign-off every unit's final document records."""

    signer: str | None = None
    approved: str | None = None  # ISO date
    version: str = "1"


# --- discovering units -------------------------------------------------------------------------------------
def deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = value
    return out


FOLDER_DEFAULTS = ("_defaults.yaml", "_defaults.yml", "_defaults.json")
UNIT_SUFFIXES = (*DATA_SUFFIXES, *WORKBOOK_SUFFIXES)
MANIFEST_SUFFIXES = (".csv", *WORKBOOK_SUFFIXES)


def folder_defaults(source: Path) -> Path | None:
    """The defaults file a data folder carries (``_defaults.yaml``), used when none is named: a folder
    prepared for a batch holds its shared values beside the units (files starting with ``_`` are no unit)."""
    found = (Path(source) / name for name in FOLDER_DEFAULTS)
    return next((p for p in found if p.is_file()), None)


def discover(source: Path, defaults: Path | None = None) -> list[Unit]:
    """The units of a batch, in a stable order. Two units of the same name are refused here, before
    anything runs: their outputs, report rows and resume state would overwrite each other."""
    source = Path(source)
    base: dict[str, Any] = {}
    base_pos: dict[tuple, SourceRef] = {}
    base_files: list[str] = []
    if defaults is not None:
        d = load_data(defaults)
        base, base_pos, base_files = d.values, dict(d.locate.positions), [str(defaults)]
    if source.is_dir():
        units = _from_folder(source, base, base_pos, base_files)
    elif not source.exists():
        from .data.loader import not_found

        raise not_found(source)
    elif source.suffix.lower() in DATA_SUFFIXES:  # one unit's file (check --defaults)
        units = [_unit_from_file(source, {}, base, base_pos, base_files)]
    elif source.suffix.lower() == ".csv":
        units = _from_rows(source, _csv_rows(source), base, base_pos, base_files)
    elif source.suffix.lower() in WORKBOOK_SUFFIXES:
        kind = workbook_kind(source)
        if kind == "report":  # one filled `init --xlsx` workbook: one unit
            units = [_unit_from_file(source, {}, base, base_pos, base_files)]
        elif kind == "manifest":
            units = _from_rows(source, _xlsx_rows(source), base, base_pos, base_files)
        else:
            units = _from_sheets(source, base, base_pos, base_files)
    else:
        raise InputError(
            message="批量来源应为数据文件夹、CSV 或 XLSX 清单",
            message_en="the batch source must be a folder of data files or a CSV/XLSX manifest",
            source=SourceRef(str(source)),
        )
    _refuse_same_names(units)
    return units


def _from_folder(source: Path, base: dict, base_pos: dict, base_files: list[str]) -> list[Unit]:
    """Every data file and filled workbook of the folder (not ``_defaults.yaml``, not Excel's ``~$`` lock
    files, not a batch report left there)."""
    files = sorted(
        p
        for p in source.iterdir()
        if p.is_file()
        and p.suffix.lower() in UNIT_SUFFIXES
        and not p.name.startswith(("_", ".", "~$"))
        and p.stem != REPORT_NAME
    )
    if not files:
        raise InputError(
            message="文件夹中没有数据文件（.yaml/.yml/.json/.xlsx）",
            message_en="no data files (.yaml/.yml/.json/.xlsx) in the folder",
            source=SourceRef(str(source)),
        )
    from .chars import SURROGATE, shown

    # A name that is not UTF-8 could not be written into the report, the manifest or a message: refused
    # before anything runs rather than after the units (their outputs half there).
    if undecodable := [shown(f.name) for f in files if SURROGATE.search(f.name)]:
        raise InputError(
            message=f"文件夹中有 {len(undecodable)} 个文件名含有不是 UTF-8 编码的字节（常见于在 GBK 系统上打包的文件）："
            + "、".join(undecodable[:5]),
            message_en=f"{len(undecodable)} file names in the folder hold bytes that are not UTF-8: "
            + ", ".join(undecodable[:5]),
            source=SourceRef(str(source)),
            hint="把这些文件改名为 UTF-8 编码的名称后重试（例如 convmv -f gbk -t utf-8 --notest -r 文件夹）",
            hint_en="give these files UTF-8 names and retry (e.g. convmv -f gbk -t utf-8 --notest -r FOLDER)",
        )
    return [_unit_from_file(f, {}, base, base_pos, base_files) for f in files]


def _own_name(path: Path, values: dict[str, Any]) -> str:
    """A workbook names its unit in its own 发文机关 (else 署名) cell: collected workbooks come back as
    ``年报.xlsx``, ``年报(1).xlsx`` …; a YAML/JSON file is named by its file name, as it was prepared."""
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        for key in ("organ", "signature"):
            v = values.get(key)
            if isinstance(v, str) and v.strip():
                return v.strip()
    return path.stem


def _positions(loaded: Loaded) -> tuple[dict[tuple, SourceRef], dict[tuple, SourceRef]]:
    """A loaded file's positions as a plain map (a Unit travels to worker processes by pickle; a workbook's
    locator is a closure): the positions of its values, and of the cells it left blank (organ, date …)."""
    locate = loaded.locate
    if locate.resolver is None:
        return dict(locate.positions), {}
    found: dict[tuple, SourceRef] = {}

    def walk(node: Any, path: tuple) -> None:
        found[path] = locate(path)
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, (*path, k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, (*path, i))

    walk(loaded.values, ())
    from .data.xlsx import INFO_FIELDS, TEXT_ROWS

    blanks = {p: locate(p) for p in [*((f.key,) for f in INFO_FIELDS), *(p for p, _, _ in TEXT_ROWS)]}
    return found, {p: ref for p, ref in blanks.items() if p not in found}


def _unit_from_file(
    path: Path,
    extra: dict,
    base: dict,
    base_pos: dict,
    base_files: list[str],
    extra_pos: dict | None = None,
    name: str | None = None,
    where: str = "",
    where_en: str = "",
) -> Unit:
    try:
        loaded = load_data(path)
        values, (positions, blanks) = loaded.values, _positions(loaded)
    except DocgenError as e:  # the unit fails later with this message; discovery goes on
        values, positions, blanks = (
            {"__error__": e.text(), "__error_message__": e.message, "__error_en__": e.text("en")},
            {},
            {},
        )
    merged = deep_merge(deep_merge(base, values), extra)
    return Unit(
        name or _own_name(path, values),
        merged,
        {**blanks, **base_pos, **positions, **(extra_pos or {})},
        str(path),
        [*base_files, str(path)],
        where or path.name,
        where_en,
    )


def _refuse_same_names(units: list[Unit]) -> None:
    seen: dict[str, Unit] = {}
    clashes: list[str] = []
    clashes_en: list[str] = []
    for u in units:
        key = u.name.strip().casefold()
        if key in seen:
            clashes.append(f"“{u.name}”：{seen[key].where} 与 {u.where}")
            clashes_en.append(
                f"{u.name!r}: {seen[key].where_en or seen[key].where} and {u.where_en or u.where}"
            )
        else:
            seen[key] = u
    if clashes:
        raise InputError(
            message=f"有 {len(clashes)} 个单位名称重复，未开始生成（两份数据的结果会相互覆盖）",
            message_en=f"{len(clashes)} unit names occur twice; nothing was run (their results would overwrite each other)",
            details=clashes,
            details_en=clashes_en,
            hint="每个单位只保留一份数据；工作簿的单位名称取自“基本信息”表的“发文机关”，请核对是否填错",
            hint_en="keep one file per unit; a workbook's unit name is its 发文机关 cell",
        )


def _set_path(values: dict, dotted: str, value: Any) -> tuple[str, ...]:
    keys = dotted.split(".")
    node = values
    for k in keys[:-1]:
        node = node.setdefault(k, {})
    node[keys[-1]] = value
    return tuple(keys)


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
        raise InputError(
            message=f"清单的表头有误：{problem}",
            message_en=f"conflicting manifest columns: {problem}",
            source=SourceRef(str(manifest), line=1),
            hint="每个字段只保留一列（带点的列名如 sections.problems 填写其中一项）",
            hint_en="keep one column per field",
        )
    if not any(c in UNIT_COLUMNS for c in cols):
        raise InputError(
            message=f"清单没有单位名称列（{' / '.join(UNIT_COLUMNS)}）；现有的列：{'、'.join(cols) or '（无）'}",
            message_en=f"the manifest has no unit column ({', '.join(UNIT_COLUMNS)})",
            source=SourceRef(str(manifest), line=1),
            hint="第一行为表头，其中一列名为 unit（或“单位”），每行一个单位；示例见 inputs/batch-manifest.csv",
            hint_en="the first row is the header and one column is named unit; see inputs/batch-manifest.csv",
        )


def _from_rows(
    manifest: Path,
    rows: Iterator[tuple[int, dict[str, Any]]],
    base: dict,
    base_pos: dict,
    base_files: list[str],
) -> list[Unit]:
    units = []
    for line, row in rows:
        name = next((str(row[c]).strip() for c in UNIT_COLUMNS if row.get(c) not in (None, "")), "")
        where = SourceRef(str(manifest), line=line)
        if not name:
            raise InputError(
                message=f"清单第 {line} 行缺少单位名称（unit 列）",
                message_en="a row lacks the unit name",
                source=where,
            )
        data_file = next((str(row[c]).strip() for c in DATA_COLUMNS if row.get(c) not in (None, "")), "")
        extra: dict[str, Any] = {}
        extra_pos: dict[tuple, SourceRef] = {}
        for i, (col, value) in enumerate(row.items(), start=1):
            if col in UNIT_COLUMNS or col in DATA_COLUMNS or value in (None, ""):
                continue
            # the cell's row and column, so that a bad value is found without searching the row
            extra_pos[_set_path(extra, col, value)] = SourceRef(str(manifest), line=line, column=i)
        label, label_en = f"{manifest.name} 第 {line} 行", f"{manifest.name} line {line}"
        if data_file:
            path = Path(data_file)
            path = path if path.is_absolute() else manifest.parent / path
            units.append(
                _unit_from_file(
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
        raise InputError(
            message="清单中没有单位（表头之下没有数据行）",
            message_en="the manifest lists no units",
            source=SourceRef(str(manifest)),
        )
    return units


def _csv_text(path: Path) -> str:
    """A CSV manifest's text: UTF-8 (with or without BOM), UTF-16 (Excel's “Unicode 文本”), or GB18030 —
    what Chinese Excel and WPS save by default (GBK is its subset)."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(
            message=f"无法读取清单：{e.strerror or e}", message_en=str(e), source=SourceRef(str(path))
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
            raise InputError(
                message=f"清单的文字编码无法识别（第 {line} 行起既不是 UTF-8，也不是 GB18030/GBK）",
                message_en=f"the manifest is neither UTF-8 nor GB18030/GBK (from line {line})",
                source=SourceRef(str(path), line=line),
                hint="在 Excel 中“另存为”→“CSV UTF-8（逗号分隔）”；或在记事本中“另存为”，编码选 UTF-8",
                hint_en="save it again as “CSV UTF-8 (comma delimited)”",
            ) from None
    if "\x00" in text:
        raise InputError(
            message="清单不是文本格式的 CSV 文件",
            message_en="the manifest is not a text CSV file",
            source=SourceRef(str(path)),
            hint="Excel 工作簿请保存为 .xlsx 后直接使用，或“另存为”→“CSV UTF-8（逗号分隔）”",
            hint_en="use an Excel workbook as .xlsx directly, or save it as “CSV UTF-8 (comma delimited)”",
        )
    return text


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
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
    from .data.xlsx import INFO_SHEET, _open

    wb = _open(path, data_only=True)
    if INFO_SHEET in wb.sheetnames:
        return "report"
    header = next(wb.worksheets[0].iter_rows(values_only=True, max_row=1), ())
    return "manifest" if any(str(h).strip() in UNIT_COLUMNS for h in header if h is not None) else "sheets"


def _from_sheets(path: Path, base: dict, base_pos: dict, base_files: list[str]) -> list[Unit]:
    """One workbook, one sheet per unit: the sheet's name is the unit, its rows are ``field | value``
    (dotted fields such as ``t3.new_received.total`` reach into nested data)."""
    from .data.xlsx import _open

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
                raise InputError(
                    message=f"字段“{field_name}”与第 {fields[clash]} 行的“{clash}”冲突（重复或相互包含）",
                    message_en=f"field {field_name!r} conflicts with {clash!r} on row {fields[clash]}",
                    source=SourceRef(str(path), sheet=ws.title, cell=f"A{r}"),
                    hint="每个字段只写一行",
                    hint_en="write each field on one row only",
                )
            fields[field_name] = r
            key = _set_path(values, field_name, value)
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
        raise InputError(
            message="工作簿中没有单位数据（每个工作表一个单位：字段 | 值）",
            message_en="no unit sheets in the workbook",
            source=SourceRef(str(path)),
            hint="示例见 inputs/batch-sheets.xlsx；或用 docgen init annual-report --xlsx 生成的工作簿（每个单位一个文件）",
            hint_en="see inputs/batch-sheets.xlsx; or use the workbooks of docgen init annual-report --xlsx"
            " (one file per unit)",
        )
    return units


def _xlsx_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    from .data.xlsx import _open

    ws = _open(path, data_only=True).worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, [])]
    _check_columns(path, header)
    for i, row in enumerate(rows, start=2):
        if all(v in (None, "") for v in row):
            continue
        yield i, {h: _cell(v) for h, v in zip(header, row, strict=False) if h}


def _cell(value: Any) -> Any:
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


# --- names ---------------------------------------------------------------------------------------------------
def output_stem(pattern: str, unit: Unit) -> str:
    """The unit's output path (without suffix) from a pattern such as ``{unit}/{year}-年度报告``.

    Each path component is made safe; ``..``, absolute paths and drive letters cannot come out of it."""
    fields = {k: v for k, v in unit.values.items() if isinstance(v, str | int) and not k.startswith("_")}
    fields["unit"] = unit.name
    try:
        raw = pattern.format_map(fields)
    except KeyError as e:  # a field this unit lacks
        key = e.args[0]
        raise InputError(
            message=f"输出文件名模式“{pattern}”用到的字段“{key}”在单位“{unit.name}”的数据中不存在",
            message_en=f"the name pattern {pattern!r} uses {key!r}, which unit {unit.name!r} lacks",
            source=SourceRef(unit.file),
            hint=f"可用的字段：{'、'.join('{' + k + '}' for k in fields)}",
            hint_en=f"fields: {', '.join('{' + k + '}' for k in fields)}",
        ) from None
    except (ValueError, IndexError, AttributeError, TypeError) as e:
        raise InputError(
            message=f"输出文件名模式“{pattern}”有误：{e}",
            message_en=f"bad name pattern {pattern!r}: {e}",
            hint="模式中用 {字段名} 引用数据，如 {unit}/{year}-年度报告；花括号本身写作 {{ }}",
            hint_en="use {field} references such as {unit}/{year}-report; write braces as {{ }}",
        ) from None
    parts = [
        safe_name(p, fallback="unit") for p in re.split(r"[/\\]+", raw) if p.strip() not in ("", ".", "..")
    ]
    return "/".join(parts) or safe_name(unit.name)


# --- fingerprints (resume) ---------------------------------------------------------------------------------
def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fingerprint(
    unit: Unit, template_dir: Path | None, formats: tuple[str, ...], draft: bool, final: SignOff | None = None
) -> str:
    h = hashlib.sha256()
    h.update(json.dumps(unit.values, sort_keys=True, default=str, ensure_ascii=False).encode())
    for src in unit.sources:
        p = Path(src)
        h.update(p.read_bytes() if p.is_file() else src.encode())
    if template_dir is not None and template_dir.is_dir():
        for f in sorted(template_dir.rglob("*")):
            if f.is_file():
                h.update(f.read_bytes())
    h.update(f"{__version__}|{','.join(formats)}|{draft}|{final}".encode())
    return h.hexdigest()


# --- one unit (runs in a worker) ----------------------------------------------------------------------------
_warm = False
PRELOAD = (
    "docgen.api",
    "docgen.batch",
    "docgen.render.pdf.engine",
    "docgen.render.docx.writer",
    "docgen.warmup",
)
# A worker's memory is flat after its first documents (~97 MB for annual reports, measured over 50);
# a fresh worker every 200 documents bounds whatever WeasyPrint's caches gather over many different ones.
RECYCLE_AFTER = 200


def warm_worker() -> None:
    """Load fonts and WeasyPrint once per worker process."""
    global _warm
    if not _warm:
        from .render.pdf import engine  # noqa: F401
        from .typeset.fonts import resolve

        resolve()
        _warm = True


# --- processes end with the batch ---------------------------------------------------------------------------
MAIN_PID_ENV = "DOCGEN_BATCH_MAIN_PID"  # the batch's main process, for the fork server it starts
_fork_server_pid = 0  # set in the fork server; its forked workers inherit it
PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """End this process when ``parent`` dies, however it dies (SIGKILL included): a worker or fork server
    left behind keeps writing into the output folder for minutes. On Linux the kernel sends SIGKILL
    (``prctl(PR_SET_PDEATHSIG)``); elsewhere a thread polls the parent's id once a second."""
    import signal

    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl")
    except (OSError, AttributeError):
        import threading
        import time

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(1.0)
            os._exit(1)

        threading.Thread(target=watch, name="docgen-parent-watch", daemon=True).start()
    if os.getppid() != parent:  # it died before the request took effect
        os._exit(1)


def serve_as_fork_server() -> None:
    """Run in the fork server (docgen/warmup.py): it ends with the batch's main process, and its workers
    with it."""
    global _fork_server_pid
    _fork_server_pid = os.getpid()
    main = int(os.environ.get(MAIN_PID_ENV) or 0)
    if main:
        die_with_parent(main)


def _worker_init() -> None:
    """A pool worker: ends with its fork server; leaves Ctrl-C to the main process, which lets the units in
    progress finish so that the report says exactly what is on disk."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(_fork_server_pid or os.getppid())
    warm_worker()


def warm_up() -> None:
    """Render the annual report's blank form once (as a draft, nothing written but a temporary data file):
    the faces loaded by Pango, the stylesheet parsed, the DOCX base package built, every lazy import made.
    Run by the fork server (docgen/warmup.py), so every worker it forks starts warm: a worker's first
    document cost ~0.6 s more than the next ones. Never fails: a worker warms itself on its first unit."""
    import tempfile

    from . import api

    try:
        with tempfile.TemporaryDirectory(prefix="docgen-warm-") as tmp:
            prepared = api.prepare(api.init("annual-report", 2024, Path(tmp)))
            api.render_document(prepared.document, ("pdf", "docx"), RenderOptions(draft=True))
    except Exception:  # a cold worker is slower, not wrong
        return
    warm_worker()


def _say(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh


def finding_row(f: Finding, lang: str = "zh") -> dict[str, str]:
    """A finding as a row of the batch report (what, how bad, which part of docgen told it, where)."""
    from .api import origin_of

    return {
        "severity": f.severity.value,
        "code": f.code,
        "origin": origin_of(f),
        "message": f.text(lang),
    }


def unit_loaded(unit: Unit) -> Loaded:
    """The unit's values as a loaded data file (its own file's positions, the defaults' for the rest)."""
    return Loaded(Path(unit.file), unit.values, Locator(unit.file, unit.positions))


def unit_error(unit: Unit) -> InputError | None:
    """The error that kept the unit's own file from loading (found at discovery)."""
    if "__error__" in unit.values:
        text = str(unit.values["__error__"])
        return InputError(message=text, message_en=str(unit.values.get("__error_en__") or text))
    return None


def missing_template(unit: Unit) -> InputError | None:
    """A manifest row or sheet without a template: told in manifest terms (a column, --template, the
    defaults file) rather than the data file's “add a line at the top”."""
    from_manifest = any(Path(f).suffix.lower() in MANIFEST_SUFFIXES for f in unit.sources)
    if isinstance(unit.values.get("template"), str) or not from_manifest:
        return None
    return InputError(
        message=f"单位“{unit.name}”（{unit.where}）没有指定模板（template）",
        message_en=f"unit {unit.name!r} ({unit.where_en or unit.where}) names no template",
        hint="在清单中加一列 template（如 annual-report-2021；docgen templates 列出可用模板），"
        "或用 --template 指定，或写进 --defaults 文件",
        hint_en="add a template column to the manifest (e.g. annual-report-2021), or use --template or --defaults",
    )


def check_unit(unit: Unit, templates: Path | None = None, previous: Path | None = None) -> list[Finding]:
    """A unit's findings without rendering (``docgen check FOLDER``, ``batch --check-only``)."""
    from . import api

    try:
        if error := unit_error(unit) or missing_template(unit):
            raise error
        return api.prepare_loaded(unit_loaded(unit), templates, previous=previous).findings
    except DocgenError as e:
        return [
            *getattr(e, "findings", []),
            Finding(Severity.ERROR, "input", e.text(), message_en=e.text("en"), origin="data"),
        ]


def run_unit(job: Job) -> tuple[UnitResult, dict[str, bytes]]:
    """Prepare and render one unit. Never raises for the unit's own faults: they become its result, with
    everything a single render would tell (findings, font fallbacks, WeasyPrint's warnings)."""
    import time

    from . import api

    warm_worker()
    start, cpu = time.perf_counter(), time.process_time()
    unit = job.unit
    result = UnitResult(unit.name, "failed", fingerprint=job.fingerprint, source=unit.where)
    blobs: dict[str, bytes] = {}
    findings: list[Finding] = []
    try:
        if error := unit_error(unit) or missing_template(unit):
            raise error
        prepared = api.prepare_loaded(unit_loaded(unit), Path(job.templates) if job.templates else None)
        findings = list(prepared.findings)
        ts = dt.datetime.fromisoformat(job.timestamp) if job.timestamp else None
        options = RenderOptions(formats=job.formats, draft=job.draft, timestamp=ts, lang=job.lang)
        if job.final is not None:
            findings, written = _render_final(job, prepared, options)
            result.outputs = {
                p.relative_to(job.out_dir).as_posix(): _sha256(p.read_bytes()) for p in map(Path, written)
            }
        else:
            if prepared.errors and not job.draft:
                raise ValidationFailed(prepared.findings)
            fallbacks = api.fontlib.resolve().fallbacks(api.font_uses(prepared.document))
            rendered, _plan, warnings = api.render_document(prepared.document, job.formats, options)
            findings = api.diagnostics(prepared.findings, fallbacks, warnings)
            blobs = {f"{job.stem}.{fmt}": data for fmt, data in rendered.items()}
            if job.write:
                targets = {Path(job.out_dir) / rel: data for rel, data in blobs.items()}
                for t in targets:
                    t.parent.mkdir(parents=True, exist_ok=True)
                write_all(targets)
            result.outputs = {rel: _sha256(data) for rel, data in blobs.items()}
        result.messages = [f.text(job.lang) for f in findings if f.severity is not Severity.NOTICE]
        result.status = "produced"
    except DocgenError as e:
        findings = getattr(e, "findings", None) or findings
        errors = [f.text(job.lang) for f in findings if f.severity is Severity.ERROR]
        result.messages = [e.text(job.lang)] if not errors or not isinstance(e, ValidationFailed) else errors
        if not isinstance(e, ValidationFailed):
            findings = [*findings, Finding(Severity.ERROR, "input", e.text(job.lang), origin="data")]
    except Exception as e:  # a defect must not take the other units down with it
        result.messages = [f"内部错误 {type(e).__name__}: {e}"]
        findings = [
            *findings,
            Finding(
                Severity.ERROR,
                "internal",
                result.messages[0],
                message_en=f"internal error {type(e).__name__}: {e}",
                origin="docgen",
            ),
        ]
    result.findings = [finding_row(f, job.lang) for f in findings]
    result.seconds = time.perf_counter() - start
    result.cpu_seconds = time.process_time() - cpu
    result.peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result, ({} if job.write else blobs)


def _render_final(job: Job, prepared: Any, options: RenderOptions) -> tuple[list[Finding], list[Path]]:
    """``render --final`` for one unit: refused (ValidationFailed) when its data has errors."""
    from dataclasses import replace

    from . import api
    from .finalize.final import render_final
    from .render.options import Approval

    assert job.final is not None
    if signed := _signed(job):
        raise InputError(
            message="已有签了名的定稿，不覆盖",
            message_en="a signed final exists; not overwritten",
            source=SourceRef(str(signed)),
            hint="如确需重新生成，请先把这一组定稿文件移到别处（签名后的定稿是存档件）",
            hint_en="move the signed final's files away first if it really must be made again",
        )
    stem = Path(job.out_dir) / job.stem
    stem.parent.mkdir(parents=True, exist_ok=True)
    approved = dt.date.fromisoformat(job.final.approved) if job.final.approved else None
    approval = Approval(job.final.signer or "", approved, job.final.version)
    done = render_final(prepared, stem, replace(options, final=True, approval=approval))
    return api.diagnostics(done.findings, done.fonts, done.warnings), done.outputs


# --- the run -------------------------------------------------------------------------------------------------
STATUS_TEXT = {
    "produced": ("已生成", "produced"),
    "failed": ("失败", "failed"),
    "skipped": ("跳过（未改变）", "skipped (unchanged)"),
    "interrupted": ("已中止", "interrupted"),
}


def status_text(status: str, lang: str = "zh") -> str:
    zh, en = STATUS_TEXT.get(status, (status, status))
    return _say(lang, zh, en)


@dataclass
class BatchReport:
    started: str
    finished: str
    results: list[UnitResult]
    out_dir: str

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def failed(self) -> bool:
        return any(r.status in ("failed", "interrupted") for r in self.results)


Progress = Callable[[UnitResult], None]


def plan_jobs(
    units: list[Unit],
    out_dir: Path,
    pattern: str,
    formats: tuple[str, ...],
    templates: Path | None,
    timestamp: dt.datetime | None,
    draft: bool,
    write: bool = True,
    final: SignOff | None = None,
    lang: str = "zh",
) -> list[Job]:
    stems: dict[str, str] = {}
    jobs = []
    for unit in units:
        stem = output_stem(pattern, unit)
        key = stem.lower()
        if key in stems:
            raise InputError(
                message=f"单位“{unit.name}”和“{stems[key]}”的输出文件名相同（{stem}），会相互覆盖",
                message_en=f"units {unit.name!r} and {stems[key]!r} would write the same file {stem}",
                hint="在 --name 模式中加入 {unit}，或修改单位名称",
                hint_en="put {unit} in the --name pattern",
            )
        stems[key] = unit.name
        template_dir = None
        t = unit.values.get("template")
        if isinstance(t, str):
            from .catalog import search_path

            template_dir = next((d / t for d in search_path(templates) if (d / t).is_dir()), None)
        fp = fingerprint(unit, template_dir, formats, draft, final)
        jobs.append(
            Job(
                unit,
                stem,
                str(out_dir),
                formats,
                str(templates) if templates else None,
                timestamp.isoformat() if timestamp else None,
                draft,
                fp,
                write,
                final,
                lang,
            )
        )
    return jobs


def _load_state(out_dir: Path) -> dict[str, Any]:
    try:
        state = json.loads((out_dir / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _unchanged(job: Job, state: dict[str, Any], out_dir: Path) -> UnitResult | None:
    prev = state.get(job.unit.name)
    if not isinstance(prev, dict) or prev.get("fingerprint") != job.fingerprint:
        return None
    outputs = prev.get("outputs") or {}
    if prev.get("status") != "produced" or not outputs:
        return None
    changed = any(
        not (out_dir / rel).is_file() or _sha256((out_dir / rel).read_bytes()) != sha
        for rel, sha in outputs.items()
    )
    if changed and not _signed(job):  # a final signed since (docgen sign) has changed on purpose
        return None
    return UnitResult(
        job.unit.name,
        "skipped",
        [_say(job.lang, "未改变，跳过（--resume）", "unchanged, skipped (--resume)")],
        dict(outputs),
        fingerprint=job.fingerprint,
        source=job.unit.where,
    )


def _remember(state: dict[str, Any], r: UnitResult) -> None:
    """A unit's outcome in the resume state: produced units with the fingerprint of what made them."""
    if r.status == "produced" and r.fingerprint:
        state[r.unit] = {"fingerprint": r.fingerprint, "status": "produced", "outputs": r.outputs}
    elif r.status == "failed":
        state.pop(r.unit, None)


def _save_state(out_dir: Path, state: dict[str, Any]) -> None:
    """Written after every unit (atomically: write_all), so a batch killed at any moment resumes where it
    was."""
    with contextlib.suppress(OutputError):  # resume information is a convenience; outputs and report matter
        write_all({out_dir / STATE_FILE: json.dumps(state, ensure_ascii=False, indent=1).encode()})


def _remove_partials(out_dir: Path) -> None:
    """Temporary files write_all left when its process was killed mid-write (``.NAME.xxxx.part``)."""
    for p in out_dir.rglob(".*.part"):
        with contextlib.suppress(OSError):
            p.unlink()


def _signed(job: Job) -> Path | None:
    """The manifest of this unit's final when ``docgen sign`` has signed it (a batch must not overwrite it)."""
    if job.final is None:
        return None
    from .finalize.manifest import manifest_path

    path = manifest_path(Path(job.out_dir) / job.stem)
    try:
        signed = json.loads(path.read_text(encoding="utf-8")).get("signature")
    except (OSError, ValueError, AttributeError):
        return None
    return path if signed else None


def _expected(job: Job) -> list[Path]:
    stem = Path(job.out_dir) / job.stem
    paths = [stem.with_name(f"{stem.name}.{fmt}") for fmt in job.formats]
    if job.final is not None:
        from .finalize.manifest import manifest_path

        paths.append(manifest_path(stem))
    return paths


def _on_disk(job: Job, out_dir: Path, since_ns: int) -> UnitResult:
    """A unit whose result never came back (the batch was stopped): what its files on disk are. A worker
    may have written them just before the stop; older ones are from an earlier run."""
    lang = job.lang
    present = [p for p in _expected(job) if p.is_file()]
    fresh = [p for p in present if p.stat().st_mtime_ns >= since_ns]
    outputs = {p.relative_to(out_dir).as_posix(): _sha256(p.read_bytes()) for p in present}
    if present and len(fresh) == len(_expected(job)):
        msg = _say(lang, "中止前已写出", "written before the stop")
        return UnitResult(job.unit.name, "produced", [msg], outputs, source=job.unit.where)
    if fresh:
        msg = _say(lang, "已中止：只写出了一部分文件", "interrupted: only some files were written")
    elif present:
        msg = _say(lang, "已中止，未生成；磁盘上是先前生成的文件", "interrupted; the files on disk are older")
    else:
        msg = _say(lang, "已中止，未生成", "interrupted, not produced")
    return UnitResult(job.unit.name, "interrupted", [msg], outputs, source=job.unit.where)


Done = Callable[[int, UnitResult], None]


def run(
    jobs: list[Job],
    out_dir: Path,
    n_jobs: int,
    resume: bool = False,
    progress: Progress | None = None,
    executor: str = "local",
    scheduler: str | None = None,
    verbose: bool = False,
) -> BatchReport:
    import time

    started = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    since = time.time_ns()
    _remove_partials(out_dir)
    state = _load_state(out_dir)
    results: dict[int, UnitResult] = {}  # by the job's index: unique whatever the units are called

    def done(i: int, res: UnitResult) -> None:
        results[i] = res
        _remember(state, res)
        _save_state(out_dir, state)
        if progress:
            progress(res)

    try:
        todo: list[tuple[int, Job]] = []
        for i, job in enumerate(jobs):
            skipped = _unchanged(job, state, out_dir) if resume else None
            if skipped:
                results[i] = skipped
                if progress:
                    progress(skipped)
            else:
                todo.append((i, job))
        if executor == "dask":
            _run_dask(todo, out_dir, scheduler, done)
        elif n_jobs <= 1 or len(todo) <= 1:
            for i, job in todo:
                done(i, run_unit(job)[0])
        else:
            _run_pool(todo, n_jobs, done)
    except KeyboardInterrupt:
        pass
    finally:
        _remove_partials(out_dir)
        ordered = [results.get(i) or _on_disk(j, out_dir, since) for i, j in enumerate(jobs)]
        report = BatchReport(
            started, dt.datetime.now().astimezone().isoformat(timespec="seconds"), ordered, str(out_dir)
        )
        write_report(report, out_dir, jobs[0].lang if jobs else "zh", verbose)
    return report


def _run_pool(todo: list[tuple[int, Job]], n_jobs: int, done: Done) -> None:
    import multiprocessing as mp

    ctx = mp.get_context("forkserver")
    # The fork server imports docgen, WeasyPrint and python-docx once (~1.5 s); every worker forked from it
    # starts with them loaded. (No effect when this process already started its fork server.)
    ctx.set_forkserver_preload(list(PRELOAD))
    os.environ[MAIN_PID_ENV] = str(os.getpid())  # the fork server ends with this process
    pool = ProcessPoolExecutor(
        max_workers=n_jobs, mp_context=ctx, initializer=_worker_init, max_tasks_per_child=RECYCLE_AFTER
    )
    pending: dict[Future, tuple[int, Job]] = {pool.submit(run_unit, job): (i, job) for i, job in todo}
    try:
        try:
            _collect(pending, done)
        except KeyboardInterrupt:
            # Units not started are dropped; those in progress finish and are reported (workers ignore
            # Ctrl-C), so the report lists what is on disk. A second Ctrl-C stops them too.
            for fut in list(pending):
                if fut.cancel():
                    del pending[fut]
            try:
                _collect(pending, done)
            except KeyboardInterrupt:
                for proc in list(getattr(pool, "_processes", {}).values()):
                    proc.terminate()
            raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _collect(pending: dict[Future, tuple[int, Job]], done: Done) -> None:
    while pending:
        finished, _ = wait(pending, return_when=FIRST_COMPLETED)
        for fut in finished:
            i, job = pending.pop(fut)
            if fut.cancelled():
                continue
            try:
                res, _ = fut.result()
            except Exception as e:  # a worker died (out of memory, killed)
                res = UnitResult(
                    job.unit.name,
                    "failed",
                    [_say(job.lang, f"工作进程异常退出：{e}", f"the worker process died: {e}")],
                    source=job.unit.where,
                )
            done(i, res)


def _run_dask(todo: list[tuple[int, Job]], out_dir: Path, scheduler: str | None, done: Done) -> None:
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise InputError(
            message="未安装 Dask：pip install 'docgen[dask]'",
            message_en="Dask is not installed",
            hint="pip install 'docgen[dask]'",
            hint_en="pip install 'docgen[dask]'",
        ) from None
    if not scheduler:
        raise InputError(
            message="--executor dask 需要 --scheduler tcp://主机:端口",
            message_en="--executor dask needs --scheduler tcp://HOST:PORT",
        )
    try:
        client = Client(scheduler, timeout="10s")
    except OSError as e:
        raise InputError(
            message=f"无法连接 Dask 调度器 {scheduler}：{e}", message_en=f"cannot reach {scheduler}"
        ) from None
    try:
        futures = {
            client.submit(run_unit, job, key=f"docgen-{i}-{job.fingerprint[:12]}", pure=False): (i, job)
            for i, job in todo
        }
        for fut in as_completed(futures):
            i, job = futures[fut]
            try:
                res, blobs = fut.result()
                if blobs:  # outputs came back as bytes: written here, atomically
                    targets = {out_dir / rel: data for rel, data in blobs.items()}
                    for t in targets:
                        t.parent.mkdir(parents=True, exist_ok=True)
                    write_all(targets)
            except Exception as e:
                res = UnitResult(
                    job.unit.name,
                    "failed",
                    [_say(job.lang, f"Dask 任务失败：{e}", f"the Dask task failed: {e}")],
                    source=job.unit.where,
                )
            done(i, res)
    finally:
        client.close()


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: str) -> str:
    """A cell a spreadsheet will not run as a formula: ``=HYPERLINK(…)`` from a unit name becomes text
    (OWASP's CSV-injection advice: a leading apostrophe)."""
    return f"'{value}" if value.startswith(FORMULA_START) else value


def write_report(report: BatchReport, out_dir: Path, lang: str = "zh", verbose: bool = False) -> list[Path]:
    """batch-report.json (UTF-8 text) and .csv (UTF-8 with BOM, for Excel): counts of every status, and a
    row per unit that did something (produced, failed, interrupted; skipped ones too with ``verbose``)."""
    shown = [r for r in report.results if verbose or r.status != "skipped"]
    rows = [{**asdict(r), "status_text": status_text(r.status, lang)} for r in shown]
    payload = {
        "docgen": __version__,
        "started": report.started,
        "finished": report.finished,
        "produced": report.count("produced"),
        "failed": report.count("failed"),
        "skipped": report.count("skipped"),
        "interrupted": report.count("interrupted"),
        "units": rows,
    }
    buf = io.StringIO()
    w = csv.writer(buf)
    header = (
        ("单位", "来源", "状态", "说明", "诊断", "输出文件", "SHA-256", "用时（秒）")
        if lang != "en"
        else ("unit", "source", "status", "messages", "diagnostics", "outputs", "sha256", "seconds")
    )
    w.writerow(header)
    severity = {"error": ("错误", "error"), "warning": ("警告", "warning"), "notice": ("提示", "notice")}
    origin = {"data": "数据", "rules": "规则", "punctuation": "标点", "fonts": "字体", "layout": "排版"}
    for r in shown:
        diag = "\n".join(
            f"[{_say(lang, *severity.get(f['severity'], (f['severity'],) * 2))}·"
            f"{_say(lang, origin.get(f['origin'], f['origin']), f['origin'])}] {f['message']}"
            for f in r.findings
        )
        cells = [
            r.unit,
            r.source,
            status_text(r.status, lang),
            " | ".join(r.messages),
            diag,
            " ".join(r.outputs),
            " ".join(r.outputs.values()),
            f"{r.seconds:.2f}",
        ]
        w.writerow([csv_safe(c) for c in cells])
    return write_all(
        {
            out_dir / f"{REPORT_NAME}.json": json.dumps(payload, ensure_ascii=False, indent=1).encode(
                "utf-8"
            ),
            out_dir / f"{REPORT_NAME}.csv": buf.getvalue().encode("utf-8-sig"),
        }
    )


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
