"""Writing the form back into its data file, in the file's own format.

YAML is edited in place with a round-trip library (ruamel.yaml): only the values the page changed are
replaced, each where the file has it (``annual.cell_paths`` knows where, whatever spelling the file uses),
so comments, order, labels and untouched cells stay as the secretary left them; a generated form's
records and lists are merged the same way (``merging.py``). JSON is edited the same way
(its order kept; it has no comments).
XLSX: each value goes into the cell it was read from. Every write is atomic (``output.write_all``) and refused when the file changed on disk since it was opened.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

from ..catalog import Template, find
from ..data import load_data
from ..data.xlsx import number_kind
from ..errors import InputError, OutputError
from ..kinds import KINDS
from ..kinds.annual_report.values import Bad, parse_count
from ..output import write_all
from ..source import SourceRef
from . import annual, forms, merging
from .documents import annual_extra, digest, format_version, is_annual, serialised
from .paths import confine
from .session import Session


class Conflict(OutputError):
    """The file changed on disk since the page opened it."""


def _yaml(raw: str = "") -> Any:
    """The round-trip loader/dumper; lists indented as the file ``raw`` indents them (``  - item`` or
    ``- item``), so that a list the page changed looks like the rest of the file."""
    from ruamel.yaml import YAML
    from ruamel.yaml.util import load_yaml_guess_indent

    y = YAML()
    if raw:
        try:
            indent, offset = load_yaml_guess_indent(raw)[1:]
        except Exception:  # the real load below says what is wrong with the file
            indent, offset = None, None
        if indent is not None and offset is not None:
            y.indent(mapping=2, sequence=indent, offset=offset)
    y.preserve_quotes = True
    y.width = 4096
    y.representer.add_representer(type(None), lambda r, _d: r.represent_scalar("tag:yaml.org,2002:null", "~"))
    return y


def _cell_value(cid: str, text: str | None) -> Any:
    """A cell as the file stores it: blank → ~; a count the cell accepts (``values.parse_count``, with a
    sign only in 本年增/减) → its number; a plain decimal in an amount cell → the number; anything else the
    text as typed, so that the loader reports it exactly as the page did (nothing accepted in passing)."""
    if text is None or not str(text).strip():
        return None
    shown = str(text).strip()
    kind = number_kind(tuple(cid.split(annual.SEP)))
    if kind in ("int", "signed"):
        try:
            return parse_count(shown, signed=kind == "signed")
        except Bad:
            return shown
    return float(shown) if re.fullmatch(r"[0-9]+(\.[0-9]+)?", shown) else shown


def _scalar(key: str, value: Any) -> Any:
    if key == "year" and str(value).isdigit():
        return int(value)
    if key == "date" and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _set(node: Any, path: tuple[str | int, ...], value: Any) -> None:
    """Set ``value`` at ``path``, creating mappings (and padding lists) that are missing."""
    from ruamel.yaml.comments import CommentedMap

    for i, p in enumerate(path[:-1]):
        nxt = path[i + 1]
        if isinstance(node, list):
            while len(node) <= int(p):
                node.append(None)
            if node[int(p)] is None:
                node[int(p)] = [] if isinstance(nxt, int) else CommentedMap()
            node = node[int(p)]
        else:
            if node.get(p) is None:
                node[p] = [] if isinstance(nxt, int) else CommentedMap()
            node = node[p]
    last = path[-1]
    if isinstance(node, list):
        while len(node) <= int(last):
            node.append(None)
        node[int(last)] = value
    else:
        node[last] = value


def _block(text: str) -> Any:
    from ruamel.yaml.scalarstring import LiteralScalarString

    return LiteralScalarString(text.strip("\n") + "\n") if text.strip() else None


def _apply_annual(doc: Any, old: dict[str, Any], new: dict[str, Any], paths: dict[str, tuple]) -> None:
    old_values, new_values = old.get("values") or {}, new.get("values") or {}
    for key, _ in annual.INFO_FIELDS:
        if (new_values.get(key) or "") != (old_values.get(key) or ""):
            value = (new_values.get(key) or "").strip()
            if key in doc:
                doc[key] = _scalar(key, value) if value else None
            elif value:  # a field the file leaves out (标题, 落款署名): after the other 基本信息 fields
                merging.put(doc, key, _scalar(key, value), [k for k, _ in annual.INFO_FIELDS])
    old_sections, new_sections = old_values.get("sections") or {}, new_values.get("sections") or {}
    for key, text in new_sections.items():
        if (text or "") != (old_sections.get(key) or ""):
            if not (text or "").strip() and key not in (doc.get("sections") or {}):
                continue
            _set(doc, ("sections", key), _block(text or ""))
    old_cells = old.get("cells") or {}
    for cid, text in (new.get("cells") or {}).items():
        if (text or "") == (old_cells.get(cid) or ""):
            continue
        path = paths.get(cid) or tuple(_canonical_path(cid))
        _set(doc, path, _cell_value(cid, text))


def _canonical_path(cid: str) -> list[str]:
    """Where a cell the file does not have goes: 表三 rows nested by their dotted key."""
    table, *rest = cid.split(annual.SEP)
    if table == "t3":
        return [table, *rest[0].split("."), rest[1]]
    return [table, *rest]


def _apply_generic(doc: Any, template: Template, old: dict[str, Any], new: dict[str, Any]) -> None:
    """The generated form's changes, merged into the file field by field (``merging.apply``)."""
    forms.form_data(template, new)  # a field that cannot be read is refused before anything is written
    fields = forms.layout(template)["fields"]
    merging.merge_fields(doc, fields, old.get("values") or {}, new.get("values") or {})


@serialised
def save(session: Session, name: str, opened: dict[str, Any], form: dict[str, Any], hash_: str) -> str:
    """Write ``form`` into the file (``opened``: the form as the file was opened, so only changes are
    written). Returns the file's new hash. Raises ``Conflict`` when the file changed since it was opened."""
    path = confine(session.root, name)
    where = SourceRef(str(path))
    if not path.is_file():
        raise InputError.of("serve.save.gone", source=where)
    if digest(path) != hash_:
        raise Conflict.of("serve.save.conflict", source=where)
    suffix = path.suffix.lower()
    template = str(form.get("template") or "")
    if suffix == ".xlsx":
        write_all({path: _workbook(session, path, template, opened, form)})
        return digest(path)
    raw = path.read_text(encoding="utf-8-sig")
    y = _yaml(raw if suffix != ".json" else "")
    doc = json.loads(raw) if suffix == ".json" else y.load(raw)
    if is_annual(template, session):
        version = format_version(doc, template, session)
        paths = annual.cell_paths(load_data(path), version)  # type: ignore[arg-type]
        _apply_annual(doc, opened, form, paths)
        if "extra" in form:  # 主送机关, 导语 …: the generated part of the editor
            t = find(template, session.templates)
            order = list(KINDS[t.kind].MODEL.model_fields)
            merging.merge_fields(doc, annual_extra(t), opened.get("extra"), form["extra"], order)
    else:
        _apply_generic(doc, find(template, session.templates), opened, form)
    if suffix == ".json":
        text = json.dumps(doc, ensure_ascii=False, indent=2, default=str) + "\n"
    else:
        out = io.StringIO()
        y.dump(doc, out)
        text = out.getvalue()
    write_all({path: text.encode("utf-8")})
    return digest(path)


def _workbook(session: Session, path: Path, template: str, old: dict[str, Any], new: dict[str, Any]) -> bytes:
    """The workbook with the changed values written into the very cells they were read from (the reader
    knows each value's sheet!cell), so its layout, formatting and formulas elsewhere stay as they were."""
    from openpyxl import load_workbook

    from ..data.xlsx import LEVEL_NAMES

    if not is_annual(template, session):
        raise OutputError.of("serve.save.not_annual")
    loaded = load_data(path)
    version = format_version(loaded.values, template, session)
    paths = annual.cell_paths(loaded, version)  # type: ignore[arg-type]
    wb = load_workbook(path)

    def put(data_path: tuple[str | int, ...], value: Any) -> None:
        ref = loaded.locate(data_path)
        if ref.sheet is None or ref.cell is None:
            raise OutputError.of(
                "serve.save.no_cell",
                source=SourceRef(str(path)),
                data_path=annual.cell_id(data_path),
            )
        wb[ref.sheet][ref.cell] = value

    old_values, new_values = old.get("values") or {}, new.get("values") or {}
    for key, _ in annual.INFO_FIELDS:
        if (new_values.get(key) or "") != (old_values.get(key) or ""):
            value = _scalar(key, (new_values.get(key) or "").strip()) or None
            put((key,), LEVEL_NAMES.get(value, value) if key == "organ_level" else value)
    old_sections = old_values.get("sections") or {}
    for key, text in (new_values.get("sections") or {}).items():
        if (text or "") != (old_sections.get(key) or ""):  # a paragraph a line (Alt+Enter) in a cell
            put(
                ("sections", key),
                "\n".join(p.strip() for p in (text or "").split("\n\n") if p.strip()) or None,
            )
    old_cells = old.get("cells") or {}
    for cid, text in (new.get("cells") or {}).items():
        if (text or "") != (old_cells.get(cid) or ""):
            put(paths.get(cid) or tuple(_canonical_path(cid)), _cell_value(cid, text))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


__all__ = ["Conflict", "save"]
