"""The data model of the annual report's tables, generated from the format declaration in ``labels/``.

Why generated: the tables are a legal format whose every row and column is declared once, in ``labels/``
(keys, official labels, kinds of cell). Writing pydantic classes by hand repeated each column a second time
(``made: Count = None  # 本年制发件数``), and the two could drift. Here each model's fields are the declared
keys, each field's title the official label, and each field's type follows the declared kind of cell:

* 表二: one model per format, ``T2v2019`` / ``T2v2021`` — block (第二十条第（…）项) → row → column, as
  ``T2_BLOCKS`` declares them; int and signed columns are counts, decimal columns ``Decimal``, money an
  ``Amount`` with its unit.
* 表三: ``T3Row`` has one field per ``T3_COLUMNS`` entry plus the unprinted 法人或其他组织 subtotal; ``T3``
  keys its rows by the dotted row keys of ``T3_ROWS`` (the same for both formats but for （六）其他处理).
* 表四: ``T4Counts`` has one field per ``T4_COLUMNS`` entry, ``T4`` one per ``T4_GROUPS`` entry.

Values are kept as the secretary typed them — a blank stays ``None``, a negative number stays negative — so
that the rules can say what is wrong and where. Generated classes are module attributes under their own
names, so they pickle like written ones.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, create_model, model_validator

from ...source import SourceRef
from .labels import (
    T2_BLOCKS,
    T3_COLUMNS,
    T3_DATA_ROWS,
    T3_GROUPS,
    T3_ORG_HEADER,
    T3_ORG_SUBTOTAL,
    T4_COLUMNS,
    T4_GROUPS,
    OrganLevel,
    Version,
    t4_group_name,
)
from .values import Amount, Count

Path = tuple[str | int, ...]
Locate = Callable[[Path], SourceRef | None]
"""Maps a path in the input data (``("t3", "new_received", "total")``) to where it was written."""
SourceLookup = Callable[..., SourceRef | None]
"""Called as ``lookup("t3", row, col)`` with a canonical path; ``AnnualReport.source`` is one."""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _generated(name: str, base: type[_Model], doc: str, fields: dict[str, Any]) -> Any:
    """A model class named ``name`` in this module, with ``fields`` as pydantic takes them."""
    model = create_model(name, __base__=base, __module__=__name__, __doc__=doc, **fields)
    globals()[name] = model
    return model


# --- 表二 --------------------------------------------------------------------------------------------------

_T2_CELL_TYPE: dict[str, Any] = {
    "int": Count,
    "signed": Count,
    "decimal": Decimal | None,
    "money": Amount | None,
}


def _t2_model(version: Version) -> Any:
    """表二 of one format: a field per block, each a model with a field per row, each a model with a field
    per column — the nesting ``t2_cell`` walks."""
    blocks: dict[str, Any] = {}
    for block in T2_BLOCKS[version]:
        rows: dict[str, Any] = {}
        for row in block.rows:
            cells = {
                c.key: (_T2_CELL_TYPE[c.kind], Field(default=None, title=c.label)) for c in block.columns
            }
            model = _generated(f"T2v{version}_{block.key}_{row.key}", _Model, row.label, cells)
            rows[row.key] = (model, Field(default_factory=model, title=row.label))
        model = _generated(f"T2v{version}_{block.key}", _Model, block.caption, rows)
        blocks[block.key] = (model, Field(default_factory=model, title=block.caption))
    trial = "（试行）" if version == "2019" else ""
    doc = f"表二, {version}{trial} format: blocks {'、'.join(b.caption for b in T2_BLOCKS[version])}."
    return _generated(f"T2v{version}", _Model, doc, {"version": (Literal[version], version), **blocks})


T2v2019 = _t2_model("2019")
T2v2021 = _t2_model("2021")
T2 = Annotated[T2v2019 | T2v2021, Field(discriminator="version")]


def t2_cell(t2: Any, block: str, row: str, col: str) -> Any:
    """One T2 value by its keys, as ``labels.T2_BLOCKS`` names them."""
    return getattr(getattr(getattr(t2, block), row), col)


# --- 表三 --------------------------------------------------------------------------------------------------

T3Row = _generated(
    "T3Row",
    _Model,
    "One row of 表三 across the applicant columns. ``org_subtotal`` is not printed in the official table; it "
    "holds a 法人或其他组织 subtotal when the input carries one, so that R5 can compare it.",
    {
        **{c.key: (Count, Field(default=None, title=c.label)) for c in T3_COLUMNS},
        T3_ORG_SUBTOTAL: (Count, Field(default=None, title=T3_ORG_HEADER)),
    },
)
_EMPTY_ROW = T3Row()


class T3(_Model):
    """表三, keyed by the dotted row keys of the spec (``denied.state_secret``). ``subtotals`` holds group
    subtotals (不予公开, 无法提供, 不予处理, 2021 其他处理) only when the input states them (R5)."""

    version: Version
    rows: dict[str, T3Row] = Field(default_factory=dict)  # type: ignore[valid-type]
    subtotals: dict[str, T3Row] = Field(default_factory=dict)  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _known_rows(self) -> T3:
        unknown = set(self.rows) - set(T3_DATA_ROWS[self.version])
        if unknown:
            raise ValueError(f"表三 {self.version} 格式无此行：{', '.join(sorted(unknown))}")
        unknown = set(self.subtotals) - set(T3_GROUPS[self.version])
        if unknown:
            raise ValueError(f"表三 {self.version} 格式无此分组：{', '.join(sorted(unknown))}")
        return self

    def row(self, key: str) -> Any:
        return self.rows.get(key, _EMPTY_ROW)

    def cell(self, row: str, col: str) -> Count:
        """The value as entered; None for a blank cell."""
        return getattr(self.row(row), col)

    def value(self, row: str, col: str) -> int:
        """The value as the rules read it: a blank cell counts as 0 (B7 R1)."""
        return self.cell(row, col) or 0


# --- 表四 --------------------------------------------------------------------------------------------------

T4Counts = _generated(
    "T4Counts",
    _Model,
    "One group of 表四: the five result columns.",
    {c.key: (Count, Field(default=None, title=c.label)) for c in T4_COLUMNS},
)


class _T4(_Model):
    def cell(self, group: str, col: str) -> Count:
        return getattr(getattr(self, group), col)

    def value(self, group: str, col: str) -> int:
        return self.cell(group, col) or 0


T4 = _generated(
    "T4",
    _T4,
    "表四: one row of 15 integers, as three groups of five.",
    {g.key: (T4Counts, Field(default_factory=T4Counts, title=t4_group_name(g.key))) for g in T4_GROUPS},
)


# --- The report ------------------------------------------------------------------------------------------


def version_for_year(year: int) -> Version:
    """The format a report year must use (B0.4, B0.5): 2019 (试行) up to 2020, 2021 from 2021 on."""
    return "2019" if year <= 2020 else "2021"


class AnnualReport(_Model):
    """The tables of one 政府信息公开工作年度报告 plus what the rules need to know about it."""

    year: int
    version: Version
    organ: str = ""
    organ_level: OrganLevel = "department"
    t2: T2
    t3: T3
    t4: T4 = Field(default_factory=T4)  # type: ignore[valid-type]
    _sources: dict[Path, SourceRef] = PrivateAttr(default_factory=dict)
    _invalid: frozenset[Path] = PrivateAttr(default=frozenset())

    @model_validator(mode="after")
    def _one_version(self) -> AnnualReport:
        if self.t2.version != self.version or self.t3.version != self.version:
            raise ValueError(f"表二、表三的格式版本须与报告版本 {self.version} 一致")
        return self

    def source(self, *path: str | int) -> SourceRef | None:
        """Where the value at a canonical path was read — or, for a cell left out of the input, its row or
        table: the most specific position known."""
        for i in range(len(path), 0, -1):
            ref = self._sources.get(tuple(path[:i]))
            if ref is not None:
                return ref
        return None

    def invalid(self, *path: str | int) -> bool:
        """True when the input had something that is not a number here (already reported while loading)."""
        return tuple(path) in self._invalid


def t2_model(version: Version) -> Any:
    """The 表二 class of a format."""
    return T2v2019 if version == "2019" else T2v2021


def empty_report(year: int, version: Version | None = None, **fields: Any) -> AnnualReport:
    """A report with every table blank: a starting point for tests and for roll-ups."""
    v = version or version_for_year(year)
    return AnnualReport(year=year, version=v, t2=t2_model(v)(), t3=T3(version=v), **fields)


__all__ = [
    "T2",
    "T3",
    "T4",
    "AnnualReport",
    "Locate",
    "Path",
    "SourceLookup",
    "T2v2019",
    "T2v2021",
    "T3Row",
    "T4Counts",
    "empty_report",
    "t2_cell",
    "t2_model",
    "version_for_year",
]
