"""The annual report's editor: the tables' layout for the page, and the form's values to and from data.

Why the layout comes from here: the tables are declared once (``kinds/annual_report/labels/``) and laid
out once (``tables.py`` builds the printed grids with their merged headers). The page gets those very grids
as JSON, each number cell tagged with its canonical id (``t3/denied.state_secret/total``), so the page holds
no label and no layout of its own.

The form's values travel as ``{"values": {...}, "cells": {id: text}}``: ``values`` the plain fields of the
data file (organ, year, date, sections …), ``cells`` the table cells exactly as typed. For checking and
rendering, ``form_data`` turns them into the plain data a data file would hold, with every cell at its
canonical place; the rules then run as for a file (api.prepare_loaded), and their findings point back at
cell ids through the locator (``cell_source``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..data import Loaded
from ..data.xlsx import number_kind, table_layouts
from ..kinds.annual_report.labels import (
    SECTIONS,
    T2_BLOCKS,
    T3_COL,
    T4_COLUMNS,
    TABLE_NAME_ZH,
    TABLE_TITLE,
    Version,
    t3_row_name,
    t4_group_name,
)
from ..kinds.annual_report.tables import report_from_data
from ..model import Table
from ..source import SourceRef

ANNUAL_KIND = "annual-report"
SEP = "/"
# The plain fields of 基本信息, in the order the page shows them.
INFO_FIELDS: tuple[tuple[str, str], ...] = (
    ("organ", "发文机关"),
    ("organ_level", "机关层级"),
    ("year", "报告年度"),
    ("date", "成文日期"),
    ("title", "标题（可不填）"),
    ("signature", "落款署名（可不填）"),
)
ORGAN_LEVELS = (("department", "部门"), ("government", "人民政府"))
# The fields this editor draws itself; the model's other fields (主送机关, 导语 …) are a generated form
# (forms.field_nodes), so a field added to the model appears on the page without new code.
OWN_FIELDS = frozenset({"template", "version", "sections", "t2", "t3", "t4", *(k for k, _ in INFO_FIELDS)})
REQUIRED_SECTIONS = ("overall", "problems", "other_matters")


def cell_id(path: Iterable[str | int]) -> str:
    return SEP.join(str(p) for p in path)


def cell_source(file: str) -> Any:
    """A locator resolver whose SourceRef names the data path itself (in ``cell``), so that a finding
    about a value says which field or cell of the page it is about."""

    def resolve(path: tuple[str | int, ...]) -> SourceRef:
        return SourceRef(file, cell=cell_id(path) if path else None)

    return resolve


def cell_name(version: Version, path: tuple[str, ...]) -> str:
    """A cell as a reader finds it in the printed table (the page's tooltip and accessible name):
    ``表三 （三）不予公开—1.属于国家秘密 · 自然人``."""
    table, *rest = path
    if table == "t3":
        row, col = rest
        return f"表三 {t3_row_name(version, row)} · {T3_COL[col].label}"
    if table == "t4":
        group, col = rest
        return f"表四 {t4_group_name(group)} · {next(c.label for c in T4_COLUMNS if c.key == col)}"
    block = next(b for b in T2_BLOCKS[version] if b.key == rest[0])
    row_label = next(r.label for r in block.rows if r.key == rest[1])
    col_label = next(c.label for c in block.columns if c.key == rest[2])
    return f"表二 {block.caption} {row_label} · {col_label}"


def _grid(key: str, table: Table, version: Version) -> dict[str, Any]:
    rows = []
    for row in table.rows:
        out = []
        for c in row:
            cell: dict[str, Any] = {"text": c.text, "colspan": c.colspan, "rowspan": c.rowspan}
            if c.header:
                cell["header"] = True
            if c.source is not None and c.source.cell:  # a number cell: its data path (data/xlsx.py)
                path = tuple(c.source.cell.split("|"))
                cell["id"] = cell_id(path)
                cell["kind"] = number_kind(path)
                cell["name"] = cell_name(version, path)
            else:
                cell["align"] = c.align
            out.append(cell)
        rows.append(out)
    return {"key": key, "name": TABLE_NAME_ZH[key], "title": TABLE_TITLE[key], "widths": table.widths,
            "rows": rows}  # fmt: skip


def layout(version: Version) -> dict[str, Any]:
    """What the page draws: 基本信息, the six parts and the three official grids of ``version``."""
    tables = [_grid(key, table, version) for key, table in table_layouts(version).items()]
    return {
        "kind": ANNUAL_KIND,
        "version": version,
        "info": [{"key": k, "label": label} for k, label in INFO_FIELDS],
        "organ_levels": [{"value": v, "label": label} for v, label in ORGAN_LEVELS],
        "sections": [
            {"key": s.key, "heading": s.heading, "required": s.key in REQUIRED_SECTIONS} for s in SECTIONS
        ],
        "tables": tables,
    }


def cell_ids(grids: dict[str, Any]) -> list[str]:
    return [c["id"] for t in grids["tables"] for row in t["rows"] for c in row if "id" in c]


def _walk(values: Any, path: tuple[str | int, ...]) -> Any:
    for p in path:
        found = (isinstance(values, dict) and p in values) or (
            isinstance(values, list) and isinstance(p, int) and 0 <= p < len(values)
        )
        if not found:
            return None
        values = values[p]
    return values


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    if isinstance(value, dict):  # an amount with its unit: {value: 25.1, unit: 万元}
        return f"{_text(value.get('value'))}{value.get('unit') or ''}"
    return str(value)


def cell_paths(loaded: Loaded, version: Version) -> dict[str, tuple[str | int, ...]]:
    """Where each table cell stands in the data file as written (the file may key rows by official labels,
    nest or dot them, write a row as a list): canonical id → the path in ``loaded.values``. Read by the same
    loader the rules use, so every spelling it accepts is understood here too."""
    values = loaded.values
    raw = {k: values[k] for k in ("year", "organ", "organ_level", "t2", "t3", "t4") if k in values}
    raw["version"] = version
    found: dict[str, tuple[str | int, ...]] = {}

    def locate(path: tuple[str | int, ...]) -> SourceRef:
        return SourceRef("", cell="\x00".join(f"{type(p).__name__}:{p}" for p in path))

    report, _ = report_from_data(raw, locate)

    def path_of(ref: SourceRef) -> tuple[str | int, ...]:
        return tuple(
            int(v) if t == "int" else v
            for t, v in (part.split(":", 1) for part in (ref.cell or "").split("\x00"))
        )

    sources = {k: v for k, v in report._sources.items() if v.cell is not None}
    for canonical, ref in sources.items():
        if canonical[0] in ("t2", "t3", "t4"):
            found[cell_id(canonical)] = path_of(ref)
    for block in T2_BLOCKS[version]:  # a one-column row written bare and blank (``fees: ~``): the row itself
        for row in block.rows:
            cid = cell_id(("t2", block.key, row.key, block.columns[0].key))
            if len(block.columns) == 1 and cid not in found and ("t2", block.key, row.key) in sources:
                found[cid] = path_of(sources[("t2", block.key, row.key)])
    return found


def _section_texts(values: dict[str, Any]) -> dict[str, str]:
    sections = values.get("sections") or {}
    out = {}
    if isinstance(sections, dict):
        for key, text in sections.items():
            if isinstance(text, str):
                out[str(key)] = text.strip("\n")
            elif isinstance(text, list) and all(isinstance(t, str) for t in text):
                out[str(key)] = "\n\n".join(t.strip() for t in text)
    return out


def form_of(loaded: Loaded, version: Version, grid: dict[str, Any]) -> dict[str, Any]:
    """The page's form for a loaded annual report: its plain fields, its sections and every cell as typed."""
    values = loaded.values
    paths = cell_paths(loaded, version)
    info = {k: _text(values.get(k)) for k, _ in INFO_FIELDS}
    info["organ_level"] = info["organ_level"] or "department"
    cells = {cid: _text(_walk(values, paths[cid])) if cid in paths else "" for cid in cell_ids(grid)}
    return {"values": {**info, "sections": _section_texts(values)}, "cells": cells}


def form_data(template: str, form: dict[str, Any]) -> dict[str, Any]:
    """The plain data of a data file from the page's form, each cell at its canonical place: 表二 block →
    row → column, 表三 dotted row → column, 表四 group → column (all spellings the loader reads)."""
    values = form.get("values") or {}
    data: dict[str, Any] = {"template": template}
    for key, _ in INFO_FIELDS:
        v = values.get(key)
        if isinstance(v, str):
            v = v.strip()
        if v in (None, ""):
            continue
        data[key] = int(v) if key == "year" and str(v).isdigit() else v
    data.setdefault("year", None)
    sections = values.get("sections") or {}
    data["sections"] = {k: v for k, v in sections.items() if isinstance(v, str) and v.strip()}
    tables: dict[str, dict[str, Any]] = {"t2": {}, "t3": {}, "t4": {}}
    for cid, text in (form.get("cells") or {}).items():
        parts = str(cid).split(SEP)
        if parts[0] not in tables or len(parts) not in (3, 4):
            continue
        node = tables[parts[0]]
        for p in parts[1:-1]:
            node = node.setdefault(p, {})
        node[parts[-1]] = None if text is None or str(text).strip() == "" else str(text)
    data.update(tables)
    return data


def _headings_only(text: str) -> str:
    """The headings of a narrative (``（一）主动公开。`` …) without the text after them: last year's
    structure to write this year's text into. Recognised as the report kind recognises them."""
    from ..kinds.composer import structure
    from ..model import Heading, Paragraph

    kept = []
    for para in (p.strip() for p in text.split("\n\n")):
        if not para:
            continue
        block = structure(para, None)
        if isinstance(block, Heading):
            kept.append(block.text)
        elif isinstance(block, Paragraph) and block.lead:
            kept.append(block.lead)
    return "\n\n".join(kept)


def carried_over(previous: dict[str, Any], fresh: dict[str, Any]) -> dict[str, Any]:
    """This year's form started from last year's: the organ, its level and 落款, the narrative headings, and
    表三 二、上年结转 = last year's 四、结转下年度继续办理 (what R9 compares)."""
    form = json_copy(fresh)
    old = previous.get("values") or {}
    values = form["values"]
    for key in ("organ", "organ_level", "signature"):
        if old.get(key):
            values[key] = old[key]
    sections = values.setdefault("sections", {})
    for key, text in (old.get("sections") or {}).items():
        if headings := _headings_only(text or ""):
            sections[key] = headings
    prefix = cell_id(("t3", "carry_forward", ""))
    for cid, text in (previous.get("cells") or {}).items():
        target = cell_id(("t3", "carried_over", cid.removeprefix(prefix)))
        if cid.startswith(prefix) and target in form["cells"]:
            form["cells"][target] = text
    return form


def json_copy(value: Any) -> Any:
    import json

    return json.loads(json.dumps(value))
