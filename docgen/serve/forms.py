"""A form for any template, generated from its data model (``fields.py``, the same source as
``docgen fields`` and ``docgen init``), so a new template gets a form without new code.

Each top-level field becomes one control: a line of text, a text area for paragraphs, one name a line for
a field of names (主送机关, 签发人 …), a yes/no choice, a picture of the folder for a seal, or — for lists of
records and sub-fields (主送机关 lists, 附件, 签发人 …) — a small
YAML text area holding that value as the data file would. Optional fields are folded away by the page.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from ..catalog import Template
from ..data import Loaded
from ..errors import InputError
from ..fields import FieldSpec, meaning, template_fields

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")
_SCALAR_TYPES = {"文本", "整数", "数字", "日期", "文本或整数"}
_NAMES = "名称或名称列表"  # one name, or several (主送机关, 抄送机关, 签发人 …): one a line in the form


def control(spec: FieldSpec) -> str:
    """Which control edits a field."""
    if spec.text_block:
        return "textarea"
    if spec.key == "seal":
        return "image"
    if spec.type_zh == "true 或 false":
        return "bool"
    if spec.type_zh in _SCALAR_TYPES:
        return "text"
    if spec.type_zh == _NAMES:
        return "lines"
    return "yaml"


def layout(template: Template) -> dict[str, Any]:
    return {
        "kind": "generic",
        "template": template.name,
        "description": template.description,
        "fields": [
            {
                "key": s.key,
                "title": s.title or s.key,
                "help": meaning(s),
                "required": s.required,
                "control": control(s),
            }
            for s in template_fields(template)
            if s.key != "template"
        ],
    }


def _text(value: Any, how: str) -> Any:
    if value is None:
        return False if how == "bool" else ""
    if how == "bool":
        return bool(value)
    if how == "yaml" and isinstance(value, list | dict):
        return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, default_flow_style=False).strip()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list) and how == "lines":
        return "\n".join(str(v) for v in value)
    if isinstance(value, list) and how == "textarea":
        return "\n\n".join(str(v) for v in value)
    return str(value)


def form_of(loaded: Loaded, grid: dict[str, Any]) -> dict[str, Any]:
    values = loaded.values
    return {"values": {f["key"]: _text(values.get(f["key"]), f["control"]) for f in grid["fields"]}}


def form_data(template: Template, form: dict[str, Any]) -> dict[str, Any]:
    """The plain data of the form: blank fields left out (as an unfilled data file has them)."""
    values = form.get("values") or {}
    data: dict[str, Any] = {"template": template.name}
    for f in layout(template)["fields"]:
        raw = values.get(f["key"])
        if f["control"] == "bool":
            if raw:
                data[f["key"]] = True
            continue
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        if f["control"] == "lines":
            names = [ln.strip() for ln in raw.splitlines() if ln.strip()]
            data[f["key"]] = names[0] if len(names) == 1 else names
        elif f["control"] == "yaml":
            try:
                data[f["key"]] = yaml.safe_load(raw)
            except yaml.YAMLError as e:
                raise InputError(
                    message=f"“{f['title']}”一栏的格式有误：{getattr(e, 'problem', '') or e}",
                    message_en=f"the field {f['key']} is not valid YAML",
                    hint="每项一行，以“- ”开头；子字段写成“名称: 值”",
                    hint_en="one item per line, starting with “- ”; sub-fields as “name: value”",
                ) from None
        else:
            data[f["key"]] = raw.strip() if f["control"] != "textarea" else raw
    return data


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
