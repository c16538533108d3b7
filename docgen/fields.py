"""What a template's data file holds, field by field, read from the pydantic models.

``docgen fields TEMPLATE`` prints it and ``docgen init TEMPLATE`` writes it as the comments of a
ready-to-fill file, so the two say the same and neither can drift from the code: a field's meaning is its
``Field(title=…, description=…, examples=…)`` in the kind's model. What a template changes (the default
结束语 of a 通知, 签发人 required in an 上行文, fields a 纪要 does not use) comes from the kind's
``field_overrides(template)``.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from .catalog import Template
from .kinds import KINDS

_SCALARS = {str: "文本", int: "整数", float: "数字", bool: "true 或 false", dt.date: "日期"}


@dataclass(frozen=True)
class FieldSpec:
    """One field as a secretary needs to know it. ``name`` is dotted for a sub-field (``signature.title``,
    ``sections[].heading``); ``depth`` is 0 for a top-level field."""

    name: str
    type_zh: str
    required: bool
    default: Any  # PydanticUndefined when the field has none worth showing
    title: str
    description: str
    example: Any = PydanticUndefined
    depth: int = 0
    text_block: bool = False  # written as ``key: |`` and paragraphs below
    children: tuple[FieldSpec, ...] = field(default=(), repr=False)

    @property
    def key(self) -> str:
        return self.name.rsplit(".", 1)[-1]

    def default_text(self) -> str:
        """The default as the user would write it, or "" when there is none to state."""
        d = self.default
        if d is PydanticUndefined or d is None or d == "" or d == [] or d == {}:
            return ""  # (a template that adds nothing says '""（不加）' itself)
        if isinstance(d, bool):
            return "true" if d else "false"
        return str(d)


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The annotation without ``Annotated`` and ``| None``; and whether None was allowed."""
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
            continue
        if origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            if len(args) == 1:
                annotation = args[0]
                continue
        return annotation, optional


def _tags(annotation: Any) -> set[str]:
    """The union tags inside an annotation (``<text>`` marks a list of text items)."""
    found: set[str] = set()
    if typing.get_origin(annotation) is typing.Annotated:
        found |= {m.tag for m in typing.get_args(annotation)[1:] if type(m).__name__ == "Tag"}
    for arg in typing.get_args(annotation):
        if not isinstance(arg, str | int | float):
            found |= _tags(arg)
    return found


def _is_text_items(annotation: Any) -> bool:
    inner, _ = _unwrap(annotation)
    return typing.get_origin(inner) is list and "<text>" in _tags(typing.get_args(inner)[0])


def _sub_model(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The model whose fields a field holds (``signature`` → SignatureData), and whether as a list item;
    text items (heading/paragraph/table) are not followed: they are one kind of text."""
    inner, _ = _unwrap(annotation)
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return inner, False
    if _is_text_items(inner):
        return None, False
    origin, args = typing.get_origin(inner), typing.get_args(inner)
    if origin is list and args:
        model, _ = _sub_model(args[0])
        return model, model is not None
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            model, listed = _sub_model(arg)
            if model is not None:
                return model, listed
    return None, False


def type_zh(annotation: Any) -> str:
    """A field's type in the words of the data file."""
    inner, _ = _unwrap(annotation)
    if inner in _SCALARS:
        return _SCALARS[inner]
    if inner is Any:
        return "见 docgen init"
    if _is_text_items(inner):
        return "文字（段落）"
    origin, args = typing.get_origin(inner), typing.get_args(inner)
    if origin in (typing.Union, types.UnionType):
        parts = [type_zh(a) for a in args if a is not type(None)]
        if "文字（段落）" in parts:  # sections: by key or as a list of parts
            return "映射或列表"
        return "或".join(dict.fromkeys(parts))
    if origin is list:
        item = _unwrap(args[0])[0] if args else str
        return "名称或名称列表" if item is str else "列表"
    if origin is dict:
        return "映射"
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return "子字段"
    return getattr(inner, "__name__", str(inner))


def _declared_type(info: FieldInfo) -> str | None:
    """The type a model declares in words (``json_schema_extra={"type_zh": …}``): for a field read leniently
    (``Any``, so that bad input becomes a finding, not a refusal) whose annotation says nothing useful."""
    extra = info.json_schema_extra
    return extra.get("type_zh") if isinstance(extra, dict) else None  # type: ignore[return-value]


def _default(info: FieldInfo) -> Any:
    if info.default_factory is not None:
        return info.default_factory()  # type: ignore[call-arg]
    return info.default


def model_fields(model: type[BaseModel], prefix: str = "", depth: int = 0) -> list[FieldSpec]:
    """Every field of ``model``, sub-fields after their field (to a depth of 3)."""
    specs = []
    for name, info in model.model_fields.items():
        sub, listed = _sub_model(info.annotation)
        dotted = f"{prefix}{name}"
        children = ()
        if sub is not None and depth < 2:
            children = tuple(model_fields(sub, f"{dotted}{'[]' if listed else ''}.", depth + 1))
        specs.append(
            FieldSpec(
                name=dotted,
                type_zh=_declared_type(info) or type_zh(info.annotation),
                required=info.is_required(),
                default=PydanticUndefined if info.is_required() else _default(info),
                title=info.title or "",
                description=info.description or "",
                example=info.examples[0] if info.examples else PydanticUndefined,
                depth=depth,
                text_block=_is_text_items(info.annotation),
                children=children,
            )
        )
    return specs


def template_fields(template: Template) -> list[FieldSpec]:
    """The top-level fields of ``template``'s data, with what the template changes applied and the fields
    it does not use left out."""
    kind = KINDS[template.kind]
    overrides: dict[str, dict[str, Any]] = {}
    if hasattr(kind, "field_overrides"):
        overrides = kind.field_overrides(template)
    specs = []
    for spec in model_fields(kind.MODEL):
        change = dict(overrides.get(spec.name, {}))
        if change.pop("hidden", False):
            continue
        specs.append(replace(spec, **change))
    return specs


def flatten(specs: list[FieldSpec]) -> list[FieldSpec]:
    """The fields with their sub-fields after each, in order (as ``docgen fields`` lists them)."""
    out = []
    for s in specs:
        out.append(s)
        out += flatten(list(s.children))
    return out


def meaning(spec: FieldSpec, with_default: bool = True) -> str:
    """The Chinese meaning: title, then description, then the default."""
    text = spec.title
    if spec.description:
        text += f"：{spec.description}"
    if with_default and (d := spec.default_text()):
        text += f"（默认 {d}）"
    return text


# --- the YAML file of ``docgen init`` ---------------------------------------------------------------------

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
COMMENT_COLUMN = 32


def flow(value: Any) -> str:
    """A value as one line of YAML (flow style)."""
    import yaml

    if isinstance(value, str) and _ISO.match(value):
        return value
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000).strip()
    return text.removesuffix("...").strip()


def _line(code: str, comment: str, indent: int = 0) -> str:
    code = " " * indent + code
    pad = max(COMMENT_COLUMN - _width(code), 2)
    return f"{code}{' ' * pad}# {comment}"


def _width(text: str) -> int:
    """Display width: a Chinese character takes two columns in an editor."""
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text)


def _comment(spec: FieldSpec) -> str:
    need = "必填" if spec.required else "可不填"
    text = f"{spec.title}（{need}）"
    if spec.description:
        text += f"：{spec.description}"
    if d := spec.default_text():
        text += f"；不填时为 {d}"
    return text


def value_line(spec: FieldSpec, value: Any = PydanticUndefined, indent: int = 0) -> str:
    """A field written open with a value the init file fills in for the user (the report year, a table's
    key with its cells below), with the same comment ``field_lines`` writes."""
    shown = "" if value is PydanticUndefined or value is None else f" {flow(value)}"
    return _line(f"{spec.key}:{shown}", _comment(spec), indent)


def field_lines(spec: FieldSpec, indent: int = 0, commented: bool = False) -> list[str]:
    """A field as the init file writes it: required fields open (value left blank), optional ones behind
    ``# `` with an example or their default, each with its meaning as a comment."""
    lead = "# " if commented or not spec.required else ""
    comment = _comment(spec)
    key = spec.key
    if spec.children and (spec.example is PydanticUndefined):
        lines = [_line(f"{lead}{key}:", comment, indent)]
        for child in spec.children:  # a commented block's sub-fields are commented too
            lines += field_lines(child, indent + 2, commented=bool(lead))
        return lines
    if spec.text_block:
        if lead:
            return [_line(f"{lead}{key}: |", comment, indent), " " * indent + f"{lead}  ……"]
        return [_line(f"{key}: |", comment, indent), " " * (indent + 2)]
    if lead:
        value = spec.default if spec.example is PydanticUndefined else spec.example
        shown = "" if value is PydanticUndefined or value is None else f" {flow(value)}"
        return [_line(f"{lead}{key}:{shown}", comment, indent)]
    example = f"例：{flow(spec.example)}" if spec.example is not PydanticUndefined else ""
    return [_line(f"{key}:", comment + ("。" + example if example else ""), indent)]
