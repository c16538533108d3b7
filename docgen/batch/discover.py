"""Discovering a batch's units: from a folder of data files, one data file, or a manifest, in a stable order,
with the shared defaults merged under each. Every refusal that concerns the batch as a whole (no data files,
undecodable names, two units of one name) happens here, before anything runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..data.loader import WORKBOOK_SUFFIXES, load_data
from ..errors import InputError
from ..messages import Text, msg
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
        raise InputError.of("batch.source.unusable", source=SourceRef(str(source)))
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
        raise InputError.of("batch.source.empty", source=SourceRef(str(source)))
    from ..chars import SURROGATE, shown

    # A name that is not UTF-8 could not be written into the report, the manifest or a message: refused
    # before anything runs rather than after the units (their outputs half there).
    if undecodable := [shown(f.name) for f in files if SURROGATE.search(f.name)]:
        raise InputError.of(
            "batch.source.not_utf8",
            source=SourceRef(str(source)),
            count=len(undecodable),
            names=Text("、".join(undecodable[:5]), ", ".join(undecodable[:5])),
        )
    return [unit_from_file(f, {}, base, base_pos, base_files) for f in files]


def _refuse_same_names(units: list[Unit]) -> None:
    """Two units whose names differ only in case or surrounding spaces would write the same files: refused."""
    seen: dict[str, Unit] = {}
    clashes: list[Text] = []
    for u in units:
        key = u.name.strip().casefold()
        if key in seen:
            first = seen[key]
            clashes.append(
                msg(
                    "batch.source.same_name.line",
                    name=u.name,
                    first=Text(first.where, first.where_en or first.where),
                    second=Text(u.where, u.where_en or u.where),
                )
            )
        else:
            seen[key] = u
    if clashes:
        raise InputError.of("batch.source.same_name", details=clashes, count=len(clashes))
