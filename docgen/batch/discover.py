"""Discovering a batch's units: from a folder of data files, one data file, or a manifest, in a stable order,
with the shared defaults merged under each. Every refusal that concerns the batch as a whole (no data files,
undecodable names, two units of one name) happens here, before anything runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..data.loader import WORKBOOK_SUFFIXES, load_data
from ..errors import InputError
from ..source import SourceRef
from .manifest import csv_rows, from_rows, from_sheets, workbook_kind, xlsx_rows
from .report import REPORT_NAME
from .units import Unit, unit_from_file

DATA_SUFFIXES = (".yaml", ".yml", ".json")


FOLDER_DEFAULTS = ("_defaults.yaml", "_defaults.yml", "_defaults.json")


UNIT_SUFFIXES = (*DATA_SUFFIXES, *WORKBOOK_SUFFIXES)


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
        from ..data.loader import not_found

        raise not_found(source)
    elif source.suffix.lower() in DATA_SUFFIXES:  # one unit's file (check --defaults)
        units = [unit_from_file(source, {}, base, base_pos, base_files)]
    elif source.suffix.lower() == ".csv":
        units = from_rows(source, csv_rows(source), base, base_pos, base_files)
    elif source.suffix.lower() in WORKBOOK_SUFFIXES:
        kind = workbook_kind(source)
        if kind == "report":  # one filled `init --xlsx` workbook: one unit
            units = [unit_from_file(source, {}, base, base_pos, base_files)]
        elif kind == "manifest":
            units = from_rows(source, xlsx_rows(source), base, base_pos, base_files)
        else:
            units = from_sheets(source, base, base_pos, base_files)
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
    from ..chars import SURROGATE, shown

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
    return [unit_from_file(f, {}, base, base_pos, base_files) for f in files]


def _refuse_same_names(units: list[Unit]) -> None:
    """Two units whose names differ only in case or surrounding spaces would write the same files: refused."""
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
