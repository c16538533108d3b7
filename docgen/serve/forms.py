"""A form for any template, generated from its data model (the pydantic models ``docgen fields`` and
``docgen init`` read), so a new template gets a form without new code.

The layout is a tree of nodes, one per field, following the model's annotations:

- ``text`` (a line: text, numbers, dates), ``textarea`` (paragraphs), ``bool``, ``image`` (a picture of the
  folder: a field whose title says 图片, such as the seal), ``yaml`` (anything else, as the file writes it);
- ``group``: a sub-model (落款的签名章 …), its fields below it;
- ``list``: a list of scalars or of records (主送机关, 附件, 印章, a report's parts …), one row per item,
  each row the item's own node; ``short`` names the field a plain string stands for (an 附件 written as
  its name only);
- ``mapping``: free keys with a value node each (a 纪要's 出席/请假/列席);
- ``union``: a field written in one of several shapes (a report's parts by key or as a list).

A form value mirrors its node: a string or bool, an object for a group, an array for a list, an array of
``{"key", "value"}`` for a mapping, ``{"variant", "value"}`` for a union. ``value_of`` turns data into
form values and ``data_of`` form values back into plain data (blanks left out, as an unfilled file has
them); saving (``merging.py``) writes only what changed, where the file has it.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Collection
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, BeforeValidator
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from ..catalog import Template
from ..data import Loaded
from ..errors import InputError
from ..fields import _is_text_items, _unwrap, meaning, template_fields  # read as `docgen fields` reads
from ..kinds import KINDS

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")


class _Empty:
    def __repr__(self) -> str:
        return "EMPTY"


EMPTY: Any = _Empty()  # a blank value, left out of the data (None is a value: the ``~`` of a file)
MAX_DEPTH = 5  # a model nested deeper is edited as YAML (none is today)


def _info_node(key: str, info: FieldInfo, depth: int) -> dict[str, Any]:
    """The editor of a model's field: its annotation's, with the field's title, meaning and need."""
    node = _node(info.annotation, depth, info.title or key)
    if node["control"] == "list" and any(isinstance(m, BeforeValidator) for m in info.metadata):
        node["single"] = True  # see _lenient (pydantic keeps a field's own Annotated metadata apart)
    node.update(key=key, title=info.title or key, required=info.is_required(), help=info.description or "")
    if node["control"] == "bool":  # a yes/no left as its default is not written (and folded away)
        node["default"] = not info.is_required() and bool(info.default)
    return node


def _lenient(annotation: Any) -> bool:
    """Whether a list is read leniently (``Names``): one name may then be written alone (``issuer: 某局``),
    as docgen init writes it, and a list of one is saved so."""
    return typing.get_origin(annotation) is typing.Annotated and any(
        isinstance(m, BeforeValidator) for m in typing.get_args(annotation)[1:]
    )


def _group(model: type[BaseModel], depth: int) -> dict[str, Any]:
    return {
        "control": "group",
        "fields": [_info_node(k, info, depth + 1) for k, info in model.model_fields.items()],
    }


def _node(annotation: Any, depth: int, title: str = "") -> dict[str, Any]:
    """The editor of a value of ``annotation`` (see the module doc)."""
    if _is_text_items(annotation):
        return {"control": "textarea"}
    inner, _ = _unwrap(annotation)
    if depth > MAX_DEPTH:
        return {"control": "yaml"}
    if inner is bool:
        return {"control": "bool"}
    if inner in (str, int, float, dt.date):
        return {"control": "image" if "图片" in title else "text", "type": getattr(inner, "__name__", "")}
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return _group(inner, depth)
    origin, args = typing.get_origin(inner), typing.get_args(inner)
    if origin is list and args:
        item = _node(args[0], depth + 1, title)
        if item["control"] == "list":
            item["positional"] = True  # a row of a table: a blank cell keeps its place
        return {"control": "list", "item": item, **({"single": True} if _lenient(annotation) else {})}
    if origin is dict and len(args) == 2 and _unwrap(args[0])[0] is str:
        return {"control": "mapping", "item": _node(args[1], depth + 1, title)}
    if origin in (typing.Union, types.UnionType):
        members = [_unwrap(a)[0] for a in args if a is not type(None)]
        models = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)]
        if len(models) == 1 and set(members) - {models[0]} <= {str}:  # a record, or its name alone
            node = _group(models[0], depth)
            node["short"] = next(iter(models[0].model_fields))
            return node
        if members and all(m in (str, int, float) for m in members):
            return {"control": "text", "type": "number"}  # 份号, a table cell: 12 a number, "000012" text
        shaped = [_node(a, depth, title) for a in args if a is not type(None)]
        if len(shaped) > 1 and all(n["control"] in ("list", "mapping") for n in shaped):
            return {"control": "union", "variants": shaped}
    return {"control": "yaml"}


def field_nodes(template: Template, skip: Collection[str] = ("template",)) -> list[dict[str, Any]]:
    """The editors of ``template``'s top-level fields (what the template changes applied, the fields it
    does not use left out, and ``skip``), each as its annotation calls for."""
    model = KINDS[template.kind].MODEL
    fields = []
    for spec in template_fields(template):
        if spec.key in skip:
            continue
        node = _info_node(spec.key, model.model_fields[spec.key], 0)
        node.update(title=spec.title or spec.key, help=meaning(spec), required=spec.required)
        if node["control"] == "bool":
            node["default"] = bool(spec.default) if spec.default is not PydanticUndefined else False
        fields.append(node)
    return fields


def layout(template: Template) -> dict[str, Any]:
    """The form of ``template``: every field of its data (``field_nodes``)."""
    fields = field_nodes(template)
    return {
        "kind": "generic",
        "template": template.name,
        "description": template.description,
        "fields": fields,
    }


def _dump(value: Any) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, default_flow_style=False).strip()


def value_of(node: dict[str, Any], value: Any) -> Any:
    """The form value of a data value (see the module doc)."""
    how = node["control"]
    if how == "bool":
        return node.get("default", False) if value is None else bool(value)
    if how == "group":
        if "short" in node and isinstance(value, str):
            value = {node["short"]: value}
        value = value if isinstance(value, dict) else {}
        return {f["key"]: value_of(f, value.get(f["key"])) for f in node["fields"]}
    if how == "list":
        if value is None:
            return []
        return [value_of(node["item"], v) for v in (value if isinstance(value, list) else [value])]
    if how == "mapping":
        pairs = value.items() if isinstance(value, dict) else []
        return [{"key": str(k), "value": value_of(node["item"], v)} for k, v in pairs]
    if how == "union":
        variant = next(
            (
                i
                for i, n in enumerate(node["variants"])
                if isinstance(value, list) == (n["control"] == "list")
            ),
            0,
        )
        return {"variant": variant, "value": value_of(node["variants"][variant], value)}
    if value is None:
        return ""
    if how == "yaml":
        return _dump(value)
    if how == "textarea" and isinstance(value, list):
        if not all(isinstance(v, str) for v in value):
            return _dump(value)
        value = "\n\n".join(value)
    if how == "textarea":
        return str(
            value
        ).rstrip(
            "\n"
        )  # a ``|`` block's last line break is the file's, not the text's  # headings or tables written as items: shown as the file has them
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def data_of(node: dict[str, Any], value: Any, where: str = "") -> Any:
    """The plain data of a form value; ``EMPTY`` when blank. ``where`` names the field in a message."""
    how = node["control"]
    if how == "bool":
        return EMPTY if bool(value) == node.get("default", False) else bool(value)
    if how == "group":
        value = value if isinstance(value, dict) else {}
        out = {f["key"]: data_of(f, value.get(f["key"]), f["title"]) for f in node["fields"]}
        out = {k: v for k, v in out.items() if v is not EMPTY}
        if "short" in node and set(out) == {node["short"]} and isinstance(out[node["short"]], str):
            return out[node["short"]]
        return out or EMPTY
    if how == "list":
        items = [data_of(node["item"], v, where) for v in (value if isinstance(value, list) else [])]
        if node.get("positional"):
            return [None if v is EMPTY else v for v in items] if any(v is not EMPTY for v in items) else EMPTY
        return [v for v in items if v is not EMPTY] or EMPTY
    if how == "mapping":
        rows = value if isinstance(value, list) else []
        out = {}
        for row in rows:
            key = str(row.get("key") or "").strip() if isinstance(row, dict) else ""
            if key:
                item = data_of(node["item"], row.get("value"), where)
                out[key] = "" if item is EMPTY else item
        return out or EMPTY
    if how == "union":
        value = value if isinstance(value, dict) else {}
        variants = node["variants"]
        variant = value.get("variant") if value.get("variant") in range(len(variants)) else 0
        return data_of(variants[variant], value.get("value"), where)
    if not isinstance(value, str) or not value.strip():
        return EMPTY
    if how == "yaml":
        return _load_yaml(value, where)
    if how == "textarea":
        return _items(value) or value
    return typed(node, value.strip())


def typed(node: dict[str, Any], text: str) -> Any:
    """A line as the data holds it: a whole number in a number field as a number (``12``, not ``"12"``);
    anything else as typed, for the checks to refuse in their own words."""
    kind = node.get("type")
    if kind in ("int", "number") and re.fullmatch(r"-?(0|[1-9][0-9]*)", text):
        return int(text)
    if kind in ("float", "number") and re.fullmatch(r"-?[0-9]+\.[0-9]+", text):
        return float(text)
    return text


def _items(text: str) -> list[Any] | None:
    """Text items written as YAML (a heading or a table among paragraphs, as ``value_of`` shows them)."""
    if not text.lstrip().startswith("- "):
        return None
    try:
        items = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    return items if isinstance(items, list) and any(isinstance(i, dict) for i in items) else None


def _load_yaml(text: str, where: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise InputError.of(
            "serve.form.bad_yaml", where=where, problem=getattr(e, "problem", "") or e
        ) from None


def values_of(fields: list[dict[str, Any]], values: dict[str, Any]) -> dict[str, Any]:
    """The form values of ``fields`` in a data file's ``values``."""
    return {f["key"]: value_of(f, values.get(f["key"])) for f in fields}


def data_of_fields(fields: list[dict[str, Any]], values: Any) -> dict[str, Any]:
    """The plain data of ``fields``' form values: blank fields left out (as an unfilled data file has them)."""
    values = values if isinstance(values, dict) else {}
    found = {f["key"]: data_of(f, values.get(f["key"]), f["title"]) for f in fields}
    return {k: v for k, v in found.items() if v is not EMPTY}


def form_of(loaded: Loaded, grid: dict[str, Any]) -> dict[str, Any]:
    return {"values": values_of(grid["fields"], loaded.values)}


def form_data(template: Template, form: dict[str, Any]) -> dict[str, Any]:
    """The plain data of the form."""
    return {"template": template.name, **data_of_fields(field_nodes(template), form.get("values"))}


def images(root: Path) -> list[str]:
    """Pictures in the folder (for the seal): relative names."""
    out = []
    for p in sorted(root.rglob("*")):
        if p.suffix.lower() in IMAGE_SUFFIXES and not any(x.startswith(".") for x in p.parts) and p.is_file():
            real = p.resolve()
            if real.is_relative_to(root.resolve()) and "out" not in p.relative_to(root).parts[:1]:
                out.append(p.relative_to(root).as_posix())
        if len(out) >= 200:
            break
    return out
