"""Reading the annual report's tables from plain data (YAML, JSON, a workbook, a batch manifest's cells).

Why it is shaped this way:

* Nothing is refused on the first bad cell: every cell that is not a number in the accepted shape
  (``values.py``), every unknown label (``matching.py``) and every table drawn in another format's layout
  becomes a finding with the input position, so a secretary sees every problem at once.
* Positions are resolved once, while loading: every cell's canonical path (``("t3", "denied.state_secret",
  "total")``) is mapped to the SourceRef of the place it was read from, whatever spelling the input used
  (nested or dotted keys, official Chinese labels as printed, lists). Rules and table builders ask the
  report for them.
* What was accepted but not as declared is said once: a none-marker (``无`` ``—`` …) per table, a label read
  as an official one per label (notices).

Here: the year, version and organ; the tables are read by ``tablereader.py``, cell by cell through
``cellreader.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...errors import Finding, InputError
from ...messages import msg
from .labels import ORGAN_LEVEL_ZH, TABLE_NAME_ZH, TABLE_TITLE, VERSIONS, OrganLevel, Version
from .matching import norm
from .models import AnnualReport, Locate, Path, version_for_year
from .tablereader import TableReader
from .values import Bad, parse_count

_ORGAN_LEVELS: dict[str, OrganLevel] = {
    "department": "department",
    "government": "government",
    "部门": "department",
    "政府": "government",
    "人民政府": "government",
}


def _version_of(raw: Any) -> Version | None:
    if raw is None:
        return None
    s = norm(raw)
    for v in VERSIONS:
        if s.startswith(v):
            return v
    return None


def _year_of(raw: Any) -> int | None:
    try:
        year = parse_count(raw.removesuffix("年") if isinstance(raw, str) else raw)
    except Bad:
        return None
    return year if year is not None and 2008 <= year <= 2100 else None


def report_from_data(
    data: Mapping[str, Any], locate: Locate | None = None, *, base: Path = ()
) -> tuple[AnnualReport, list[Finding]]:
    """Build an ``AnnualReport`` from plain nested data (as loaded from YAML/JSON or a workbook).

    ``data`` holds ``year``, optionally ``version`` ("2019"/"2021"), ``organ``, ``organ_level``
    ("department"/"government") and the tables ``t2``, ``t3``, ``t4``. Keys may be the spec's keys or the
    official Chinese labels; T3 rows may be nested (``denied: {state_secret: …}``) or dotted
    (``denied.state_secret``); a row may be a list in column order; T4 may be one list of 15 numbers.
    ``locate`` maps a path in ``data`` (prefixed by ``base``) to its SourceRef.

    Returns the report and the findings met while reading (values that are not numbers, unknown items).
    Raises ``InputError`` only when the year or version cannot be determined, since nothing else can be
    checked without them.
    """
    loader = TableReader(locate, base)
    year = _year_of(data.get("year"))
    named = _version_of(data.get("version"))
    if data.get("version") is not None and named is None:
        raise InputError.of("annual.bad_version", source=loader.at(("version",)), version=data.get("version"))
    if year is None:
        raise InputError.of("annual.bad_year", source=loader.at(("year",)))
    version = named or version_for_year(year)
    loader.bind(("year",), ("year",))
    loader.bind(("version",), ("version",) if named else ("year",))

    level_raw = data.get("organ_level", "department")
    organ_level = _ORGAN_LEVELS.get(norm(level_raw))
    if organ_level is None:
        department, government = ORGAN_LEVEL_ZH["department"], ORGAN_LEVEL_ZH["government"]
        said = msg("annual.bad_organ_level", level=level_raw, department=department, government=government)
        loader.error("R13", said, ("organ_level",))
        organ_level = "department"

    tables: dict[str, Any] = {}
    for key in ("t2", "t3", "t4"):
        what = f"{TABLE_NAME_ZH[key]}（{TABLE_TITLE[key]}）"
        if key not in data:
            loader.error("R14", msg("annual.missing_table", what=what, key=key), ())
        loader.bind((key,), (key,))
        tables[key] = data.get(key) or {}
    report = AnnualReport(
        year=year,
        version=version,
        organ=str(data.get("organ", "") or ""),
        organ_level=organ_level,
        t2=loader.t2(tables["t2"], ("t2",), version),
        t3=loader.t3(tables["t3"], ("t3",), version),
        t4=loader.t4(tables["t4"], ("t4",)),
    )
    report._sources = loader.sources
    report._invalid = frozenset(loader.invalid)
    loader.marker_notices()
    return report, loader.findings


__all__ = ["report_from_data"]
