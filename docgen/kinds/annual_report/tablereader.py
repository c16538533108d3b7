"""Reading 表二, 表三 and 表四 of the annual report in every spelling and layout accepted: the label indexes
of each format version, and the walk through each table's nesting (blocks and rows of 表二, rows, groups and
stated subtotals of 表三, the groups of 表四 or its 15 numbers), every cell through ``CellReader``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from ...messages import Text, msg
from .cellreader import CellReader
from .labels import (
    T2_BLOCKS,
    T3_ALL_COLS,
    T3_COL,
    T3_COLUMN_ALIASES,
    T3_COLUMNS,
    T3_GROUPS,
    T3_ORG_HEADER,
    T3_ORG_SUBTOTAL,
    T3_ROW,
    T3_ROWS,
    T4_COLUMNS,
    T4_GROUPS,
    T4_LITIGATION_HEADER,
    VERSIONS,
    T2Block,
    T2Column,
    Version,
)
from .matching import Entry, LabelIndex, is_chinese, norm
from .models import T3, T4, Path, T2v2019, T2v2021, T3Row, T4Counts, t2_model
from .values import Count, parse_amount, parse_count, parse_decimal, parse_signed

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


@cache  # built when a report first needs it: all of them at import cost ~15 ms of every cold ``check``
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


@cache
def _t2_index(version: Version) -> tuple[LabelIndex, LabelIndex, dict[str, str]]:
    """Block spellings → block key, row spellings → row key, and each row's block, for one T2 version."""
    blocks = LabelIndex(Entry(b.key, b.caption) for b in T2_BLOCKS[version])
    rows = LabelIndex(Entry(r.key, r.label) for b in T2_BLOCKS[version] for r in b.rows)
    block_of = {r.key: b.key for b in T2_BLOCKS[version] for r in b.rows}
    return blocks, rows, block_of


_T2_COLUMN_NAMES = {
    v: {norm(n) for b in T2_BLOCKS[v] for c in b.columns for n in (c.key, c.label)} for v in VERSIONS
}


def _t3_hint(version: Version) -> Callable[[Any], str]:
    """Explains a 2021 （六）其他处理 sub-row met in a 2019 report."""

    def hint(key: Any) -> str:
        if version == "2019" and str(key) in _t3_scope_index("2021", "other"):
            return "（2021 年格式才把（六）其他处理分为 3 行，本报告用 2019 年（试行）格式）"
        return ""

    return hint


class TableReader(CellReader):
    """The three tables, each read into its model; a table drawn in another format's layout is said so."""

    # -- T2 --------------------------------------------------------------------------------------------------

    def t2(self, raw: Any, actual: Path, version: Version) -> T2v2019 | T2v2021:
        code = "R7" if version == "2021" else "R8"
        blocks_idx, rows_idx, block_of = _t2_index(version)
        other: Version = "2019" if version == "2021" else "2021"
        data: dict[str, dict[str, dict[str, Any]]] = {}

        def row(block: T2Block, row_key: str, value: Any, path: Path) -> None:
            label = next(r.label for r in block.rows if r.key == row_key)
            self.bind(("t2", block.key, row_key), path)
            index = LabelIndex(Entry(c.key, c.label) for c in block.columns)
            cols = [c.key for c in block.columns]
            what = msg("annual.read.t2_row", caption=block.caption, label=label, block=block.key, row=row_key)
            for col_key, (v, p) in self.items(value, path, cols, index, what, "t2", hint).items():
                column: T2Column = next(c for c in block.columns if c.key == col_key)
                parse = _T2_PARSERS[column.kind]
                name = f"表二 {block.caption}“{label}”行“{column.label}”列"
                data.setdefault(block.key, {}).setdefault(row_key, {})[col_key] = self.convert(
                    parse, v, p, ("t2", block.key, row_key, col_key), code, name
                )

        def hint(key: Any) -> str:
            o_blocks, o_rows, _ = _t2_index(other)
            found = o_rows.find(str(key)) or o_blocks.find(str(key))
            if norm(key) in _T2_COLUMN_NAMES[other] or (found is not None and not found.how):
                trial = "（试行）" if other == "2019" else ""
                return f"（它属于 {other} 年{trial}格式，本报告用 {version} 年格式）"
            return ""

        if not isinstance(raw, Mapping):
            self.error("R14", msg("annual.read.t2_shape"), actual)
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
                        "R14", msg("annual.read.t2_block_rows", caption=block.caption, block=block.key), path
                    )
                    continue
                index = LabelIndex(Entry(r.key, r.label) for r in block.rows)
                for rk, rv in v.items():
                    found = self.find(index, rk, "t2", path)
                    if found is not None:
                        row(block, found, rv, (*path, rk))
                    else:
                        what = msg("annual.read.t2_block", caption=block.caption, block=block.key)
                        self.unknown(what, rk, path, hint(rk), index)
            elif row_key is not None:
                row(blocks[block_of[row_key]], row_key, v, path)
            else:
                self.unknown(msg("annual.read.t2"), k, actual, hint(k), rows_idx)
        return t2_model(version).model_validate(data)

    # -- T3 --------------------------------------------------------------------------------------------------

    def t3(self, raw: Any, actual: Path, version: Version) -> T3:
        rows: dict[str, dict[str, Count]] = {}
        subtotals: dict[str, dict[str, Count]] = {}
        if not isinstance(raw, Mapping):
            self.error("R14", msg("annual.read.t3_shape"), actual)
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
                f"原因无法区分时全部计入“{children[-1].label}”：\n{example}\n用以上几行替换原来的一行"
            )
            en = (
                f"Table 3 {label} is given as one row (the 2019 layout); the 2021 format prints "
                f"{len(children)} rows: split it (all under 3.其他 when the reasons are unknown):\n{example}\n"
                "put these lines in place of the one row"
            )
        else:
            zh = (
                f"表三“{label}”只填了合计，其下 {len(children)} 行都没有填写；表中只印各行，不印合计。"
                f"请按行填写：\n{example}\n用以上几行替换原来的一行"
            )
            en = f"Table 3 {label} is given as a total without its {len(children)} rows:\n{example}"
        # the rows are missing because of this error: not blanks to be listed again
        self.invalid.update(("t3", c.key, col) for c in children for col in T3_ALL_COLS)
        self.error("R14", Text(zh, en), path)

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
        index = _t3_scope_index(version, scope)
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
                    self.unknown(Text(where, f"Table 3 {scope or ''}".strip()), k, actual, "", index)
                continue
            spec = T3_ROW[version][key]
            what = msg("annual.read.t3_row", label=spec.label, row=key)
            if v is None:  # a row or group left empty: all blank
                continue
            if isinstance(v, Mapping) and not spec.data:
                self.bind(("t3", key), path)
                self._t3_scope(v, path, version, key, rows, subtotals)
            elif spec.data:
                if key in rows:
                    self.error("R14", msg("annual.read.t3_twice", label=spec.label, row=key), path)
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
                self.error("R14", msg("annual.read.t3_group", what=what), path)

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
            what = msg("annual.read.t4_group", label=label, group=key)
            for col, (v, p) in self.items(value, path, cols, _T4_COL_INDEX, what, "t4").items():
                name = f"表四“{label}”“{_T4_COL_LABEL[col]}”"
                data.setdefault(key, {})[col] = self.convert(parse_count, v, p, ("t4", key, col), "R1", name)

        if isinstance(raw, list | tuple):  # one row of 15 integers, in the printed order
            if len(raw) != 15:
                self.error("R14", msg("annual.read.t4_count", count=len(raw)), actual)
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
                            what = msg("annual.read.t4_litigation")
                            self.unknown(what, k2, path, "", _T4_LITIGATION_CHILD)
                else:
                    self.unknown(msg("annual.read.t4"), k, actual, "", _T4_GROUP_INDEX)
        else:
            self.error("R14", msg("annual.read.t4_shape"), actual)
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
