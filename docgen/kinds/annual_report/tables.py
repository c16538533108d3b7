"""The data model of the annual report's tables T2, T3 and T4, how it is built from plain data, how several
units are added up, and how each table becomes a format-neutral ``docgen.model.Table``.

Why it is shaped this way:

* Values are kept as the secretary typed them — a blank stays ``None`` and a negative number stays negative —
  so that the rules (``rules.py``) can say exactly what is wrong and where, instead of the loader refusing the
  whole file on the first bad cell. Only values that are not numbers at all are refused here, as findings.
* Positions are resolved once, while loading: every cell's canonical path (``("t3", "denied.state_secret",
  "total")``) is mapped to the SourceRef of the place it was read from, whatever spelling the input used
  (nested or dotted keys, official Chinese labels, lists). Rules and table builders ask the report for them.
* The table builders follow the official grids of 国办公开办函〔2019〕60号 and 〔2021〕30号 cell for
  cell, with the merged headers; labels come from ``labels.py`` only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from ...errors import Finding, InputError, Severity
from ...model import Cell, Table
from ...source import SourceRef
from .labels import (
    ORGAN_LEVEL_ZH,
    T2_BLOCKS,
    T2_WIDTHS,
    T3_ALL_COLS,
    T3_APPLICANT_HEADER,
    T3_COL,
    T3_COLUMN_ALIASES,
    T3_COLUMNS,
    T3_DATA_ROWS,
    T3_GROUPS,
    T3_NOTE,
    T3_ORG_COLS,
    T3_ORG_HEADER,
    T3_ORG_SUBTOTAL,
    T3_ROW,
    T3_ROWS,
    T3_WIDTHS,
    T4_COLUMNS,
    T4_GROUPS,
    T4_LITIGATION_HEADER,
    T4_REVIEW_HEADER,
    T4_WIDTHS,
    TABLE_NAME_EN,
    TABLE_NAME_ZH,
    TABLE_TITLE,
    VERSIONS,
    OrganLevel,
    T2Block,
    T2Column,
    Version,
    norm,
)
from .matching import Entry, LabelIndex, is_chinese, nearest_text
from .values import (
    Amount,
    Bad,
    Count,
    is_none_marker,
    parse_amount,
    parse_count,
    parse_decimal,
    parse_signed,
    typed,
    zero_like,
)

Path = tuple[str | int, ...]
Locate = Callable[[Path], SourceRef | None]
"""Maps a path in the input data (``("t3", "new_received", "total")``) to where it was written."""
SourceLookup = Callable[..., SourceRef | None]
"""Called as ``lookup("t3", row, col)`` with a canonical path; ``AnnualReport.source`` is one."""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# --- T2 ----------------------------------------------------------------------------------------------------


class DocCounts2021(_Model):
    made: Count = None  # 本年制发件数
    repealed: Count = None  # 本年废止件数
    valid: Count = None  # 现行有效件数


class Decisions2021(_Model):
    decisions: Count = None  # 本年处理决定数量


class Fees2021(_Model):
    amount: Decimal | None = None  # 本年收费金额（单位：万元）


class Art20Item1v2021(_Model):
    regulations: DocCounts2021 = Field(default_factory=DocCounts2021)
    normative_documents: DocCounts2021 = Field(default_factory=DocCounts2021)


class Art20Item5v2021(_Model):
    licensing: Decisions2021 = Field(default_factory=Decisions2021)


class Art20Item6v2021(_Model):
    punishment: Decisions2021 = Field(default_factory=Decisions2021)
    coercion: Decisions2021 = Field(default_factory=Decisions2021)


class Art20Item8v2021(_Model):
    fees: Fees2021 = Field(default_factory=Fees2021)


class T2v2021(_Model):
    """表二, 2021 format: 4-column grid, blocks 第二十条第（一）（五）（六）（八）项."""

    version: Literal["2021"] = "2021"
    art20_1: Art20Item1v2021 = Field(default_factory=Art20Item1v2021)
    art20_5: Art20Item5v2021 = Field(default_factory=Art20Item5v2021)
    art20_6: Art20Item6v2021 = Field(default_factory=Art20Item6v2021)
    art20_8: Art20Item8v2021 = Field(default_factory=Art20Item8v2021)


class DocCounts2019(_Model):
    new_made: Count = None  # 本年新制作数量
    new_published: Count = None  # 本年新公开数量
    total_published: Count = None  # 对外公开总数量


class ItemCounts2019(_Model):
    prev_year_items: Count = None  # 上一年项目数量
    change: Count = None  # 本年增/减 (signed)
    decisions: Count = None  # 处理决定数量


class FeeItems2019(_Model):
    prev_year_items: Count = None
    change: Count = None


class Procurement2019(_Model):
    procurement_items: Count = None  # 采购项目数量
    procurement_amount: Amount | None = None  # 采购总金额


class Art20Item1v2019(_Model):
    regulations: DocCounts2019 = Field(default_factory=DocCounts2019)
    normative_documents: DocCounts2019 = Field(default_factory=DocCounts2019)


class Art20Item5v2019(_Model):
    licensing: ItemCounts2019 = Field(default_factory=ItemCounts2019)
    other_services: ItemCounts2019 = Field(default_factory=ItemCounts2019)


class Art20Item6v2019(_Model):
    punishment: ItemCounts2019 = Field(default_factory=ItemCounts2019)
    coercion: ItemCounts2019 = Field(default_factory=ItemCounts2019)


class Art20Item8v2019(_Model):
    fees: FeeItems2019 = Field(default_factory=FeeItems2019)


class Art20Item9v2019(_Model):
    central_procurement: Procurement2019 = Field(default_factory=Procurement2019)


class T2v2019(_Model):
    """表二, 2019 (试行) format: 5-column grid, blocks 第二十条第（一）（五）（六）（八）（九）项."""

    version: Literal["2019"] = "2019"
    art20_1: Art20Item1v2019 = Field(default_factory=Art20Item1v2019)
    art20_5: Art20Item5v2019 = Field(default_factory=Art20Item5v2019)
    art20_6: Art20Item6v2019 = Field(default_factory=Art20Item6v2019)
    art20_8: Art20Item8v2019 = Field(default_factory=Art20Item8v2019)
    art20_9: Art20Item9v2019 = Field(default_factory=Art20Item9v2019)


T2 = Annotated[T2v2019 | T2v2021, Field(discriminator="version")]


def t2_cell(t2: T2v2019 | T2v2021, block: str, row: str, col: str) -> Any:
    """One T2 value by its keys, as the label tables in ``labels.T2_BLOCKS`` name them."""
    return getattr(getattr(getattr(t2, block), row), col)


# --- T3 ----------------------------------------------------------------------------------------------------


class T3Row(_Model):
    """One row of 表三 across the applicant columns. ``org_subtotal`` is not printed in the official table;
    it holds a 法人或其他组织 subtotal when the input carries one, so that R5 can compare it."""

    natural_person: Count = None
    commercial: Count = None
    research: Count = None
    public_welfare: Count = None
    legal_service: Count = None
    other_org: Count = None
    total: Count = None
    org_subtotal: Count = None


_EMPTY_ROW = T3Row()


class T3(_Model):
    """表三, keyed by the dotted row keys of the spec (``denied.state_secret``). ``subtotals`` holds group
    subtotals (不予公开, 无法提供, 不予处理, 2021 其他处理) only when the input states them (R5)."""

    version: Version
    rows: dict[str, T3Row] = Field(default_factory=dict)
    subtotals: dict[str, T3Row] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _known_rows(self) -> T3:
        unknown = set(self.rows) - set(T3_DATA_ROWS[self.version])
        if unknown:
            raise ValueError(f"表三 {self.version} 格式无此行：{', '.join(sorted(unknown))}")
        unknown = set(self.subtotals) - set(T3_GROUPS[self.version])
        if unknown:
            raise ValueError(f"表三 {self.version} 格式无此分组：{', '.join(sorted(unknown))}")
        return self

    def row(self, key: str) -> T3Row:
        return self.rows.get(key, _EMPTY_ROW)

    def cell(self, row: str, col: str) -> Count:
        """The value as entered; None for a blank cell."""
        return getattr(self.row(row), col)

    def value(self, row: str, col: str) -> int:
        """The value as the rules read it: a blank cell counts as 0 (B7 R1)."""
        return self.cell(row, col) or 0


# --- T4 ----------------------------------------------------------------------------------------------------


class T4Counts(_Model):
    upheld: Count = None  # 结果维持
    corrected: Count = None  # 结果纠正
    other_result: Count = None  # 其他结果
    pending: Count = None  # 尚未审结
    total: Count = None  # 总计


class T4(_Model):
    """表四: one row of 15 integers, as three groups of five."""

    review: T4Counts = Field(default_factory=T4Counts)  # 行政复议
    litigation_direct: T4Counts = Field(default_factory=T4Counts)  # 行政诉讼—未经复议直接起诉
    litigation_after_review: T4Counts = Field(default_factory=T4Counts)  # 行政诉讼—复议后起诉

    def cell(self, group: str, col: str) -> Count:
        return getattr(getattr(self, group), col)

    def value(self, group: str, col: str) -> int:
        return self.cell(group, col) or 0


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
    t4: T4 = Field(default_factory=T4)
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


def empty_report(year: int, version: Version | None = None, **fields: Any) -> AnnualReport:
    """A report with every table blank: a starting point for tests and for roll-ups."""
    v = version or version_for_year(year)
    t2: T2v2019 | T2v2021 = T2v2019() if v == "2019" else T2v2021()
    return AnnualReport(year=year, version=v, t2=t2, t3=T3(version=v), **fields)


# --- Loading from plain data -------------------------------------------------------------------------------

_ORGAN_LEVELS: dict[str, OrganLevel] = {
    "department": "department",
    "government": "government",
    "部门": "department",
    "政府": "government",
    "人民政府": "government",
}

_T3_COL_INDEX = LabelIndex(
    [
        *(
            Entry(c.key, c.label, tuple(a for a, k in T3_COLUMN_ALIASES.items() if k == c.key))
            for c in T3_COLUMNS
        ),
        Entry(
            T3_ORG_SUBTOTAL,
            T3_ORG_HEADER,
            (T3_ORG_SUBTOTAL, *(a for a, k in T3_COLUMN_ALIASES.items() if k == T3_ORG_SUBTOTAL)),
        ),
    ]
)
_T4_COL_INDEX = LabelIndex(
    Entry(c.key, c.label, ("other",) if c.key == "other_result" else (), c.short) for c in T4_COLUMNS
)
_T4_GROUP_INDEX = LabelIndex(Entry(g.key, g.label) for g in T4_GROUPS)
_T4_LITIGATION = {norm("litigation"), norm(T4_LITIGATION_HEADER)}
_T4_LITIGATION_CHILD = LabelIndex(
    [
        Entry("litigation_direct", "未经复议直接起诉", ("direct",)),
        Entry("litigation_after_review", "复议后起诉", ("after_review",)),
    ]
)


def _t3_scope_index(version: Version, scope: str | None) -> LabelIndex:
    """Row spellings accepted inside ``scope``: anywhere (None), or among the children of a group."""
    entries: list[Entry] = []
    for spec in T3_ROWS[version]:
        if scope is None:
            entries.append(Entry(spec.key, spec.label, spec.aliases, spec.short))
        elif spec.parent == scope:
            tail = spec.key.rsplit(".", 1)[-1]
            entries.append(Entry(spec.key, spec.label, (tail, *spec.aliases), spec.short))
    return LabelIndex(entries)


_T3_INDEX = {(v, s): _t3_scope_index(v, s) for v in VERSIONS for s in (None, "results_header", *T3_GROUPS[v])}


def _t2_index(version: Version) -> tuple[LabelIndex, LabelIndex, dict[str, str]]:
    """Block spellings → block key, row spellings → row key, and each row's block, for one T2 version."""
    blocks = LabelIndex(Entry(b.key, b.caption) for b in T2_BLOCKS[version])
    rows = LabelIndex(Entry(r.key, r.label) for b in T2_BLOCKS[version] for r in b.rows)
    block_of = {r.key: b.key for b in T2_BLOCKS[version] for r in b.rows}
    return blocks, rows, block_of


_T2_INDEX = {v: _t2_index(v) for v in VERSIONS}
_T2_COLUMN_NAMES = {
    v: {norm(n) for b in T2_BLOCKS[v] for c in b.columns for n in (c.key, c.label)} for v in VERSIONS
}


def _t3_hint(version: Version) -> Callable[[Any], str]:
    """Explains a 2021 （六）其他处理 sub-row met in a 2019 report."""

    def hint(key: Any) -> str:
        if version == "2019" and str(key) in _T3_INDEX[("2021", "other")]:
            return "（2021 年格式才把（六）其他处理分为 3 行，本报告用 2019 年（试行）格式）"
        return ""

    return hint


class _Loader:
    """Reads the plain nested data, converts values, and records findings and positions as it goes."""

    def __init__(self, locate: Locate | None, base: Path) -> None:
        self.locate = locate
        self.base = base
        self.findings: list[Finding] = []
        self.sources: dict[Path, SourceRef] = {}
        self.invalid: set[Path] = set()
        self.markers: dict[str, list[tuple[str, Path]]] = {}  # table → (marker as typed, input path)
        self.mapped: set[tuple[str, str]] = set()  # (table, label) already said to be read as another

    def at(self, actual: Path) -> SourceRef | None:
        return self.locate(self.base + actual) if self.locate is not None else None

    def bind(self, canonical: Path, actual: Path) -> None:
        ref = self.at(actual)
        if ref is not None:
            self.sources[canonical] = ref

    def error(self, code: str, zh: str, en: str, actual: Path) -> None:
        self.findings.append(Finding(Severity.ERROR, code, zh, self.at(actual), en))

    def unknown(
        self,
        what_zh: str,
        what_en: str,
        key: Any,
        actual: Path,
        hint: str = "",
        index: LabelIndex | None = None,
    ) -> None:
        near = index.nearest(str(key)) if index is not None and not hint else []
        keys = not is_chinese(str(key))
        self.error(
            "R14",
            f"{what_zh}中没有“{key}”这一项{hint}"
            + (f"；最接近的是{nearest_text(near, keys=keys)}" if near else ""),
            f"{what_en} has no item {key!r}"
            + (f"; nearest: {', '.join(e.key if keys else e.label for e in near)}" if near else ""),
            (*actual, key),
        )

    def find(self, index: LabelIndex, key: Any, table: str, actual: Path) -> str | None:
        """The entry a typed label names; a label read by more than its declared spellings is said once
        (a notice), so the user knows which official row it went to."""
        found = index.find(str(key))
        if found is None:
            return None
        if found.how and (table, norm(key)) not in self.mapped:
            self.mapped.add((table, norm(key)))
            self.findings.append(
                Finding(
                    Severity.NOTICE,
                    "R14",
                    f"{TABLE_NAME_ZH[table]}的“{key}”按“{found.label}”读取（{found.how}）",
                    self.at((*actual, key)),
                    f"{TABLE_NAME_EN[table]}: {key!r} read as {found.label!r} ({found.how_en})",
                )
            )
        return found.key

    def items(
        self,
        raw: Any,
        actual: Path,
        cols: Sequence[str],
        index: LabelIndex,
        what: tuple[str, str],
        table: str,
        hint: Callable[[Any], str] = lambda _key: "",
    ) -> dict[str, tuple[Any, Path]]:
        """The values of one row as {column key: (raw value, input path)}: from a mapping (keys or labels),
        a list in column order, or a bare value for a one-column row. ``hint`` explains an unknown key."""
        out: dict[str, tuple[Any, Path]] = {}
        if isinstance(raw, Mapping):
            for k, v in raw.items():
                col = self.find(index, k, table, actual)
                if col is None:
                    self.unknown(what[0], what[1], k, actual, hint(k), index)
                else:
                    out[col] = (v, (*actual, k))
        elif isinstance(raw, list | tuple):
            if len(raw) > len(cols):
                self.error(
                    "R14",
                    f"{what[0]}只有 {len(cols)} 列，填了 {len(raw)} 个数",
                    f"{what[1]} has {len(cols)} columns, got {len(raw)} values",
                    actual,
                )
            for i, v in enumerate(raw[: len(cols)]):
                out[cols[i]] = (v, (*actual, i))
        elif len(cols) == 1 or raw is None:
            if raw is not None:
                out[cols[0]] = (raw, actual)
        else:
            self.error(
                "R14",
                f"{what[0]}应按列填写（{len(cols)} 列），不是单个值",
                f"{what[1]} needs one value per column",
                actual,
            )
        return out

    def convert(
        self, parse: Callable[[Any], Any], raw: Any, actual: Path, canonical: Path, code: str, name: str
    ) -> Any:
        """One cell: a none-marker (无, —, / …) is 0 and remembered for the table's notice; anything that
        is not a number in the accepted shape is an error quoting what was typed."""
        self.bind(canonical, actual)
        if is_none_marker(raw):
            self.markers.setdefault(str(canonical[0]), []).append((str(raw).strip(), actual))
            return zero_like(parse)
        try:
            return parse(raw)
        except Bad as bad:
            self.invalid.add(canonical)
            shown = typed(raw)
            self.error(
                code,
                f"{name}：“{shown}”{bad.zh}" + (f"；{bad.want}" if bad.want else ""),
                f"{name}: {shown!r} {bad.en}" + (f"; {bad.want_en}" if bad.want_en else ""),
                actual,
            )
            return None

    def marker_notices(self) -> None:
        """One notice per table whose cells say “none” with a marker instead of 0."""
        for table, found in self.markers.items():
            shown = "、".join(f"“{m}”" for m in dict.fromkeys(m for m, _ in found))
            self.findings.append(
                Finding(
                    Severity.NOTICE,
                    "R1",
                    f"{TABLE_NAME_ZH[table]}有 {len(found)} 个单元格填的是{shown}（表示没有发生），按 0 计；"
                    "规范写法为 0",
                    self.at(found[0][1]),
                    f"{TABLE_NAME_EN[table]}: {len(found)} cells hold a none-marker ({shown}), read as 0",
                )
            )

    # -- T2 --------------------------------------------------------------------------------------------------

    def t2(self, raw: Any, actual: Path, version: Version) -> T2v2019 | T2v2021:
        code = "R7" if version == "2021" else "R8"
        blocks_idx, rows_idx, block_of = _T2_INDEX[version]
        other: Version = "2019" if version == "2021" else "2021"
        data: dict[str, dict[str, dict[str, Any]]] = {}

        def row(block: T2Block, row_key: str, value: Any, path: Path) -> None:
            label = next(r.label for r in block.rows if r.key == row_key)
            self.bind(("t2", block.key, row_key), path)
            index = LabelIndex(Entry(c.key, c.label) for c in block.columns)
            cols = [c.key for c in block.columns]
            what = (f"表二 {block.caption}“{label}”行", f"Table 2 {block.key} row {row_key}")
            for col_key, (v, p) in self.items(value, path, cols, index, what, "t2", hint).items():
                column: T2Column = next(c for c in block.columns if c.key == col_key)
                parse = _T2_PARSERS[column.kind]
                name = f"表二 {block.caption}“{label}”行“{column.label}”列"
                data.setdefault(block.key, {}).setdefault(row_key, {})[col_key] = self.convert(
                    parse, v, p, ("t2", block.key, row_key, col_key), code, name
                )

        def hint(key: Any) -> str:
            o_blocks, o_rows, _ = _T2_INDEX[other]
            found = o_rows.find(str(key)) or o_blocks.find(str(key))
            if norm(key) in _T2_COLUMN_NAMES[other] or (found is not None and not found.how):
                trial = "（试行）" if other == "2019" else ""
                return f"（它属于 {other} 年{trial}格式，本报告用 {version} 年格式）"
            return ""

        if not isinstance(raw, Mapping):
            self.error("R14", "表二应按“第二十条第（…）项—行—列”填写", "Table 2 must be a mapping", actual)
            raw = {}
        blocks = {b.key: b for b in T2_BLOCKS[version]}
        for k, v in raw.items():
            path = (*actual, k)
            if v is None:  # a block or row left empty: all blank
                continue
            block_key = self.find(blocks_idx, k, "t2", actual)
            row_key = None if block_key else self.find(rows_idx, k, "t2", actual)
            if block_key is not None:
                block = blocks[block_key]
                self.bind(("t2", block.key), path)
                if not isinstance(v, Mapping):
                    self.error(
                        "R14", f"表二 {block.caption}应按行填写", f"Table 2 {block.key} needs rows", path
                    )
                    continue
                index = LabelIndex(Entry(r.key, r.label) for r in block.rows)
                for rk, rv in v.items():
                    found = self.find(index, rk, "t2", path)
                    if found is not None:
                        row(block, found, rv, (*path, rk))
                    else:
                        what = f"表二 {block.caption}"
                        self.unknown(what, f"Table 2 {block.key}", rk, path, hint(rk), index)
            elif row_key is not None:
                row(blocks[block_of[row_key]], row_key, v, path)
            else:
                self.unknown("表二", "Table 2", k, actual, hint(k), rows_idx)
        cls = T2v2019 if version == "2019" else T2v2021
        return cls.model_validate(data)

    # -- T3 --------------------------------------------------------------------------------------------------

    def t3(self, raw: Any, actual: Path, version: Version) -> T3:
        rows: dict[str, dict[str, Count]] = {}
        subtotals: dict[str, dict[str, Count]] = {}
        self.group_paths: dict[str, tuple[Any, Path]] = {}  # group → (key as typed, input path)
        if not isinstance(raw, Mapping):
            self.error("R14", "表三应按“行—列”填写", "Table 3 must be a mapping of rows", actual)
            raw = {}
        self._t3_scope(raw, actual, version, None, rows, subtotals)
        for group in subtotals:
            self._t3_lone_group(group, version, rows, subtotals[group])
        return T3(
            version=version,
            rows={k: T3Row(**v) for k, v in rows.items()},
            subtotals={k: T3Row(**v) for k, v in subtotals.items()},
        )

    def _t3_lone_group(
        self, group: str, version: Version, rows: Mapping[str, Any], stated: Mapping[str, Count]
    ) -> None:
        """A group given as one row of numbers with none of its rows: the table prints the rows, not the
        group's total, so the numbers would vanish from the printed table. In a 2021 report this is
        （六）其他处理 written in the 2019 layout (seen in real 2023 and 2024 reports): refused with the
        split written out, the user's numbers under 3.其他, so that the fix is a copy."""
        children = [s for s in T3_ROWS[version] if s.parent == group and s.data]
        if any(c.key in rows for c in children):
            return
        typed_key, path = self.group_paths[group]
        label = T3_ROW[version][group].label
        keys = not is_chinese(str(typed_key))
        numbers = ", ".join("~" if stated.get(c) is None else str(stated[c]) for c in T3_ALL_COLS)
        zeros = ", ".join("0" for _ in T3_ALL_COLS)
        lines = [f"  {typed_key}:"]
        for i, c in enumerate(children):
            name = c.key.rsplit(".", 1)[-1] if keys else c.label
            last = i == len(children) - 1
            lines.append(f"    {name}: [{numbers if last else zeros}]" + (f"   # {c.label}" if keys else ""))
        example = "\n".join(lines)
        if group == "other" and version == "2021":
            zh = (
                f"表三“{label}”只填了一行，这是 2019 年（试行）格式的写法；2021 年格式把它分为 "
                f"{len(children)} 行，表中只印这 {len(children)} 行。请按申请的处理情况分行填写，"
                f"原因无法区分时全部计入“{children[-1].label}”，例如：\n{example}"
            )
            en = (
                f"Table 3 {label} is given as one row (the 2019 layout); the 2021 format prints "
                f"{len(children)} rows: split it (all under 3.其他 when the reasons are unknown):\n{example}"
            )
        else:
            zh = (
                f"表三“{label}”只填了合计，其下 {len(children)} 行都没有填写；表中只印各行，不印合计。"
                f"请按行填写，例如：\n{example}"
            )
            en = f"Table 3 {label} is given as a total without its {len(children)} rows:\n{example}"
        self.error("R14", zh, en, path)

    def _t3_scope(
        self,
        raw: Mapping[Any, Any],
        actual: Path,
        version: Version,
        scope: str | None,
        rows: dict[str, dict[str, Count]],
        subtotals: dict[str, dict[str, Count]],
    ) -> None:
        """Rows at one level: the whole table (scope None), 三、本年度办理结果, or a group such as 不予公开,
        whose mapping may also carry the group's stated subtotal by column."""
        index = _T3_INDEX[(version, scope)]
        where = "表三" if scope is None else f"表三“{T3_ROW[version][scope].label}”"
        for k, v in raw.items():
            path = (*actual, k)
            key = self.find(index, k, "t3", actual)
            if key is None:
                col = _T3_COL_INDEX.find(str(k)) if scope in T3_GROUPS[version] else None
                if col is not None:
                    self.group_paths.setdefault(scope, (actual[-1], actual))  # type: ignore[index]
                    self._t3_cells(scope, {col.key: (v, path)}, version, subtotals)  # type: ignore[arg-type]
                else:
                    self.unknown(where, f"Table 3 {scope or ''}".strip(), k, actual, "", index)
                continue
            spec = T3_ROW[version][key]
            what = (f"表三“{spec.label}”行", f"Table 3 row {key}")
            if v is None:  # a row or group left empty: all blank
                continue
            if isinstance(v, Mapping) and not spec.data:
                self.bind(("t3", key), path)
                self._t3_scope(v, path, version, key, rows, subtotals)
            elif spec.data:
                if key in rows:
                    self.error("R14", f"表三“{spec.label}”行填了两次", f"Table 3 row {key} given twice", path)
                    continue
                rows[key] = {}
                self.bind(("t3", key), path)
                items = self.items(v, path, T3_ALL_COLS, _T3_COL_INDEX, what, "t3", _t3_hint(version))
                self._t3_cells(key, items, version, rows)
            elif key in T3_GROUPS[version]:  # a group given as one row of numbers: its stated subtotal
                self.bind(("t3", key), path)
                self.group_paths.setdefault(key, (k, path))
                items = self.items(v, path, T3_ALL_COLS, _T3_COL_INDEX, what, "t3")
                self._t3_cells(key, items, version, subtotals)
            else:
                self.error("R14", f"{what[0]}不是数据行，应在其下按行填写", f"{what[1]} holds rows", path)

    def _t3_cells(
        self,
        key: str,
        items: Mapping[str, tuple[Any, Path]],
        version: Version,
        into: dict[str, dict[str, Count]],
    ) -> None:
        label = T3_ROW[version][key].label
        for col, (v, p) in items.items():
            name = f"表三“{label}”行“{_col_label(col)}”列"
            into.setdefault(key, {})[col] = self.convert(parse_count, v, p, ("t3", key, col), "R1", name)

    # -- T4 --------------------------------------------------------------------------------------------------

    def t4(self, raw: Any, actual: Path) -> T4:
        data: dict[str, dict[str, Count]] = {}
        cols = [c.key for c in T4_COLUMNS]

        def group(key: str, value: Any, path: Path) -> None:
            self.bind(("t4", key), path)
            label = next(g.label for g in T4_GROUPS if g.key == key)
            what = (f"表四“{label}”", f"Table 4 {key}")
            for col, (v, p) in self.items(value, path, cols, _T4_COL_INDEX, what, "t4").items():
                name = f"表四“{label}”“{_T4_COL_LABEL[col]}”"
                data.setdefault(key, {})[col] = self.convert(parse_count, v, p, ("t4", key, col), "R1", name)

        if isinstance(raw, list | tuple):  # one row of 15 integers, in the printed order
            if len(raw) != 15:
                self.error("R14", f"表四应有 15 个数，填了 {len(raw)} 个", "Table 4 needs 15 values", actual)
            for gi, g in enumerate(T4_GROUPS):
                chunk = list(raw[gi * 5 : gi * 5 + 5])
                for ci, v in enumerate(chunk):
                    p = (*actual, gi * 5 + ci)
                    name = f"表四“{g.label}”“{T4_COLUMNS[ci].label}”"
                    data.setdefault(g.key, {})[cols[ci]] = self.convert(
                        parse_count, v, p, ("t4", g.key, cols[ci]), "R1", name
                    )
        elif isinstance(raw, Mapping):
            for k, v in raw.items():
                path = (*actual, k)
                found = self.find(_T4_GROUP_INDEX, k, "t4", actual)
                if found is not None:
                    group(found, v, path)
                elif norm(k) in _T4_LITIGATION and isinstance(v, Mapping):
                    for k2, v2 in v.items():
                        child = self.find(_T4_LITIGATION_CHILD, k2, "t4", path)
                        if child is not None:
                            group(child, v2, (*path, k2))
                        else:
                            what = "表四“行政诉讼”"
                            self.unknown(what, "Table 4 litigation", k2, path, "", _T4_LITIGATION_CHILD)
                else:
                    self.unknown("表四", "Table 4", k, actual, "", _T4_GROUP_INDEX)
        else:
            self.error(
                "R14", "表四应为 15 个数或按“行政复议/行政诉讼”分组填写", "Table 4 is malformed", actual
            )
        return T4.model_validate({g: T4Counts(**c) for g, c in data.items()})


_T2_PARSERS: dict[str, Callable[[Any], Any]] = {
    "int": parse_count,
    "signed": parse_signed,
    "decimal": parse_decimal,
    "money": parse_amount,
}
_T4_COL_LABEL = {c.key: c.label for c in T4_COLUMNS}


def _col_label(col: str) -> str:
    return T3_ORG_HEADER if col == T3_ORG_SUBTOTAL else T3_COL[col].label


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
    loader = _Loader(locate, base)
    year = _year_of(data.get("year"))
    named = _version_of(data.get("version"))
    if data.get("version") is not None and named is None:
        raise InputError(
            f"格式版本“{data.get('version')}”无法识别，应为 2019 或 2021",
            loader.at(("version",)),
            hint="删去 version 一项（按年度自动选择），或填 2019 / 2021。",
            message_en=f"unknown format version {data.get('version')!r}",
            hint_en="remove version (chosen from the year) or write 2019 / 2021",
        )
    if year is None:
        raise InputError(
            "缺少报告年度（year），或年度不是四位数字",
            loader.at(("year",)),
            hint="填写统计年度，如 year: 2021。",
            message_en="the report year (year) is missing or not a four-digit year",
        )
    version = named or version_for_year(year)
    loader.bind(("year",), ("year",))
    loader.bind(("version",), ("version",) if named else ("year",))

    level_raw = data.get("organ_level", "department")
    organ_level = _ORGAN_LEVELS.get(norm(level_raw))
    if organ_level is None:
        loader.error(
            "R13",
            f"机关层级“{level_raw}”无法识别，应为 department（{ORGAN_LEVEL_ZH['department']}）或 "
            f"government（{ORGAN_LEVEL_ZH['government']}），按部门处理",
            f"unknown organ_level {level_raw!r}; read as department",
            ("organ_level",),
        )
        organ_level = "department"

    tables: dict[str, Any] = {}
    for key in ("t2", "t3", "t4"):
        what = f"{TABLE_NAME_ZH[key]}（{TABLE_TITLE[key]}）"
        if key not in data:
            loader.error("R14", f"缺少{what}的数据（{key}）", f"table data {key} is missing", ())
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


# --- Adding units up ---------------------------------------------------------------------------------------


def _add(values: Iterable[Any]) -> Any:
    """Sum of the non-blank values; blank only when every unit left the cell blank."""
    present = [v for v in values if v is not None]
    return sum(present[1:], present[0]) if present else None


def sum_t3(tables: Sequence[T3]) -> T3:
    """Cell-by-cell sum of several units' 表三 (same format version). Stated subtotals are not carried:
    a roll-up's subtotals are derived."""
    version = _same({t.version for t in tables}, "表三")
    rows = {
        r: T3Row(**{c: _add(t.cell(r, c) for t in tables) for c in T3_ALL_COLS})
        for r in T3_DATA_ROWS[version]
    }
    return T3(version=version, rows=rows)


def sum_t4(tables: Sequence[T4]) -> T4:
    """Cell-by-cell sum of several units' 表四."""
    if not tables:
        return T4()
    return T4.model_validate(
        {g.key: {c.key: _add(t.cell(g.key, c.key) for t in tables) for c in T4_COLUMNS} for g in T4_GROUPS}
    )


_UNIT_YUAN = {"元": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}


def _add_amounts(amounts: Iterable[Amount | None]) -> Amount | None:
    present = [a for a in amounts if a is not None]
    if not present:
        return None
    units = {a.unit for a in present}
    if len(units) == 1:
        return Amount(value=sum((a.value for a in present), Decimal(0)), unit=present[0].unit)
    if units <= set(_UNIT_YUAN):
        return Amount(value=sum((a.value * _UNIT_YUAN[a.unit] for a in present), Decimal(0)), unit="元")
    raise ValueError(f"采购总金额单位不一致，无法相加：{'、'.join(sorted(u or '（未注明）' for u in units))}")


def sum_t2(tables: Sequence[T2v2019 | T2v2021]) -> T2v2019 | T2v2021:
    """Cell-by-cell sum of several units' 表二 (same format version): counts, 本年增/减 (signed), amounts.
    2019 采购总金额 in different known units (元/万元/亿元) is summed in 元; unknown mixed units raise
    ValueError."""
    version = _same({t.version for t in tables}, "表二")
    data: dict[str, dict[str, dict[str, Any]]] = {}
    for block in T2_BLOCKS[version]:
        for row in block.rows:
            for col in block.columns:
                values = [t2_cell(t, block.key, row.key, col.key) for t in tables]
                total = _add_amounts(values) if col.kind == "money" else _add(values)
                data.setdefault(block.key, {}).setdefault(row.key, {})[col.key] = total
    cls = T2v2019 if version == "2019" else T2v2021
    return cls.model_validate(data)


def sum_reports(
    reports: Sequence[AnnualReport], *, organ: str = "", organ_level: OrganLevel = "government"
) -> AnnualReport:
    """A roll-up: one report whose tables are the cell-by-cell sums of ``reports`` (same year and version).

    Why: a coordinating office publishes the figures of all its units. The sum keeps blanks blank only
    where every unit left them blank; positions (SourceRefs) do not survive a sum.
    """
    if not reports:
        raise ValueError("没有可汇总的年度报告")
    year = _same({r.year for r in reports}, "报告年度")
    version = _same({r.version for r in reports}, "格式版本")
    return AnnualReport(
        year=year,
        version=version,
        organ=organ,
        organ_level=organ_level,
        t2=sum_t2([r.t2 for r in reports]),
        t3=sum_t3([r.t3 for r in reports]),
        t4=sum_t4([r.t4 for r in reports]),
    )


_T = TypeVar("_T")


def _same(values: set[_T], what: str) -> _T:
    if len(values) != 1:
        raise ValueError(
            f"{what}不一致，无法汇总：{', '.join(sorted(map(str, values)))}" if values else "没有数据"
        )
    return next(iter(values))


# --- Table blocks ------------------------------------------------------------------------------------------


def format_value(value: Any) -> str:
    """A value as printed: blank stays empty; decimals without exponent or trailing zeros; an Amount with
    its unit."""
    if value is None:
        return ""
    if isinstance(value, Amount):
        return f"{format_value(value.value)}{value.unit}"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _signed(value: Count) -> str:
    """本年增/减 is printed with its sign: ``+461``, ``-3``, ``0``."""
    return "" if value is None else (f"+{value}" if value > 0 else str(value))


def _no_source(*_path: str | int) -> SourceRef | None:
    return None


def _head(text: str, colspan: int = 1, rowspan: int = 1) -> Cell:
    return Cell(text, colspan=colspan, rowspan=rowspan, header=True, align="center")


def _label(text: str, colspan: int = 1, rowspan: int = 1, align: str = "left") -> Cell:
    return Cell(text, colspan=colspan, rowspan=rowspan, header=False, align=align)


def _num(text: str, source: SourceRef | None, colspan: int = 1) -> Cell:
    return Cell(text, colspan=colspan, align="center", source=source)


def t2_table(t2: T2v2019 | T2v2021, source: SourceLookup | None = None, caption: str = "") -> Table:
    """表二 主动公开政府信息情况 in the official grid of its version (B2): each 第二十条第（…）项 block is a
    caption row over the whole grid, a 信息内容 header row and its data rows.

    ``header_rows`` is 0 on purpose: the table has no header common to all blocks, and repeating the first
    block's header on a new page would mislabel the blocks below it.
    """
    src = source or _no_source
    widths = T2_WIDTHS[t2.version]
    grid = len(widths)
    rows: list[tuple[Cell, ...]] = []
    keep: list[int] = []  # a block's caption and header row never end a page
    for block in T2_BLOCKS[t2.version]:
        keep += [len(rows), len(rows) + 1]
        rows.append((_head(block.caption, colspan=grid),))
        rows.append((_head(block.label_header), *(_head(c.label, colspan=c.span) for c in block.columns)))
        for row in block.rows:
            cells = [_label(row.label)]
            for col in block.columns:
                value = t2_cell(t2, block.key, row.key, col.key)
                text = _signed(value) if col.kind == "signed" else format_value(value)
                cells.append(_num(text, src("t2", block.key, row.key, col.key), colspan=col.span))
            rows.append(tuple(cells))
    return Table(
        rows=tuple(rows),
        widths=widths,
        header_rows=0,
        caption=caption,
        source=src("t2"),
        keep_with_next=tuple(keep),
    )


def t3_table(t3: T3, source: SourceLookup | None = None, caption: str = "") -> Table:
    """表三 收到和处理政府信息公开申请情况 (B3): three header rows (the 勾稽关系 note over the three label
    columns, 申请人情况 / 自然人 · 法人或其他组织 · 总计 / the five kinds of organisation), then one row per
    data row with the label cells of its layout. Cells covered by a rowspan are omitted, as in HTML."""
    src = source or _no_source
    rows: list[tuple[Cell, ...]] = [
        (_head(T3_NOTE, colspan=3, rowspan=3), _head(T3_APPLICANT_HEADER, colspan=7)),
        (
            _head(T3_COL["natural_person"].label, rowspan=2),
            _head(T3_ORG_HEADER, colspan=5),
            _head(T3_COL["total"].label, rowspan=2),
        ),
        tuple(_head(T3_COL[c].label) for c in T3_ORG_COLS),
    ]
    pending: list[Cell] = []  # label cells of group rows, placed on the group's first data row
    for spec in T3_ROWS[t3.version]:
        if spec.layout == "l1":
            pending.append(_label(spec.label, rowspan=spec.rowspan, align="center"))
            continue
        if not spec.data:  # l2: a group label in column 2
            pending.append(_label(spec.label, rowspan=spec.rowspan))
            continue
        span = {"span3": 3, "span23": 2, "l3": 1}[spec.layout]
        label = _label(spec.label, colspan=span)
        numbers = [_num(format_value(t3.cell(spec.key, c)), src("t3", spec.key, c)) for c in T3_ALL_COLS]
        rows.append((*pending, label, *numbers))
        pending = []
    return Table(rows=tuple(rows), widths=T3_WIDTHS, header_rows=3, caption=caption, source=src("t3"))


def t4_table(t4: T4, source: SourceLookup | None = None, caption: str = "") -> Table:
    """表四 政府信息公开行政复议、行政诉讼情况 (B4): 行政复议 (5) · 行政诉讼 (10, split into 未经复议直接起诉
    and 复议后起诉), the five result columns under each, one data row of 15 numbers."""
    src = source or _no_source
    review, direct, after = T4_GROUPS
    rows: list[tuple[Cell, ...]] = [
        (_head(T4_REVIEW_HEADER, colspan=5), _head(T4_LITIGATION_HEADER, colspan=10)),
        (
            *(_head(c.label, rowspan=2) for c in T4_COLUMNS),
            _head(direct.label, colspan=5),
            _head(after.label, colspan=5),
        ),
        tuple(_head(c.label) for _ in range(2) for c in T4_COLUMNS),
        tuple(
            _num(format_value(t4.cell(g.key, c.key)), src("t4", g.key, c.key))
            for g in (review, direct, after)
            for c in T4_COLUMNS
        ),
    ]
    return Table(
        rows=tuple(rows),
        widths=T4_WIDTHS,
        header_rows=3,
        caption=caption,
        source=src("t4"),
        keep_with_next=(0, 1, 2),
    )


def report_tables(report: AnnualReport) -> tuple[Table, Table, Table]:
    """表二, 表三 and 表四 of a report, each cell carrying the SourceRef of its input."""
    return (
        t2_table(report.t2, report.source),
        t3_table(report.t3, report.source),
        t4_table(report.t4, report.source),
    )


__all__ = [
    "T2",
    "T3",
    "T4",
    "Amount",
    "AnnualReport",
    "Count",
    "Locate",
    "Path",
    "SourceLookup",
    "T2v2019",
    "T2v2021",
    "T3Row",
    "T4Counts",
    "empty_report",
    "format_value",
    "parse_amount",
    "parse_count",
    "parse_decimal",
    "report_from_data",
    "report_tables",
    "sum_reports",
    "sum_t2",
    "sum_t3",
    "sum_t4",
    "t2_cell",
    "t2_table",
    "t3_table",
    "t4_table",
    "version_for_year",
]
