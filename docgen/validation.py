"""pydantic's validation errors, told in the data file's own terms: its line, its field, in Chinese."""

from __future__ import annotations

import difflib
import functools
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from .data.loader import Loaded
from .errors import InputError
from .messages import Text, msg

_ZH = {
    "missing": "缺少必填字段",
    "extra_forbidden": "未知字段（可能拼写有误）",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数，不能有小数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "date_type": "应为日期，例如 2018-03-16",
    "date_parsing": "应为日期，例如 2018-03-16",
    "date_from_datetime_parsing": "应为日期，例如 2018-03-16",
    "date_from_datetime_inexact": "应为日期（不含时间），例如 2018-03-16",
    "string_type": "应为文本",
    "string_too_short": "不能为空",
    "list_type": "应为列表（每项一行，以“- ”开头）",
    "dict_type": "应为“字段: 值”的映射",
    "model_type": "应为“字段: 值”的映射",
    "greater_than_equal": "不能小于 {ge}",
    "less_than_equal": "不能大于 {le}",
    "literal_error": "只能是 {expected}",
    "union_tag_invalid": "类型不对",
    "item_kind": "应为一段文字，或以 heading:（标题）、paragraph:（段落）开头的一项"
    "（年度报告的正文中还可以是 table:（统计表））",
    "sections_shape": "应为按部分键名填写的映射，或每项含 heading 和 body 的列表",
    "too_short": "至少要有 {min_length} 项",
}


def _is_tag(part: Any) -> bool:
    """A union member's tag in an error's location (``<table>``, see kinds/items.py), not a data key."""
    return isinstance(part, str) and part.startswith("<") and part.endswith(">")


def _data(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """An error's location as a path into the data (without union tags)."""
    return tuple(p for p in loc if not _is_tag(p))


def _tag_of(annotation: Any) -> str | None:
    if typing.get_origin(annotation) is typing.Annotated:
        return next((m.tag for m in typing.get_args(annotation)[1:] if type(m).__name__ == "Tag"), None)
    return None


def _descend(annotation: Any, part: Any) -> tuple[Any, str | None]:
    """One step down an error's location through the annotations: a model's field (with its title), a
    list's item, a mapping's value, or the union member a tag names. (None, None) where it leaves them."""
    if typing.get_origin(annotation) is typing.Annotated:
        return _descend(typing.get_args(annotation)[0], part)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        info = annotation.model_fields.get(part) if isinstance(part, str) else None
        return (info.annotation, info.title) if info else (None, None)
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        if _is_tag(part):
            member = next((a for a in args if _tag_of(a) == part), None)
            return (typing.get_args(member)[0], None) if member is not None else (None, None)
        named = next((a for a in args if getattr(a, "__name__", None) == part), None)
        if named is not None:  # a smart union names the member it tried (``AttachmentData``)
            return named, None
        for a in args:  # an optional model (X | None): its field
            if a is not type(None):
                found = _descend(a, part)
                if found[0] is not None:
                    return found
        return None, None
    if origin in (list, tuple) and isinstance(part, int) and args:
        return args[0], None
    if origin is dict and not _is_tag(part) and len(args) == 2:
        return args[1], None
    return None, None


def _walk(model: type[BaseModel], loc: tuple[Any, ...]) -> tuple[Any, str | None]:
    """The annotation ``loc`` leads to and the title of the last model field on the way."""
    current: Any = model
    title = None
    for part in loc:
        current, step_title = _descend(current, part)
        if current is None:
            break
        title = step_title or title
    return current, title


def _label(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    """The field's Chinese title where the model gives one, else its key."""
    names = [str(p) for p in loc if not isinstance(p, int) and not _is_tag(p)]
    _, title = _walk(model, loc)
    key = ".".join(names) or "（根）"
    return f"“{key}”" + (f"（{title}）" if title else "")


def model_in(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside an annotation (``X | None``, ``Annotated[…]``), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = model_in(arg)
        if found is not None:
            return found
    return None


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model whose field ``loc`` leads into, or None where ``loc`` leaves models."""
    current, _ = _walk(model, loc)
    return model_in(current) if current is not None else None


def unknown_field(model: type[BaseModel], loc: tuple[Any, ...]) -> tuple[str, str, str | None, list[str]]:
    """For a key the model does not have: the Chinese message with the nearest valid field (a misspelt
    ``adressee`` → ``addressee（主送机关）``), its English twin, that field, and the valid fields."""
    key = str(loc[-1])
    owner = _model_at(model, loc[:-1])
    if owner is None:
        zh, en = msg("validation.unknown", key=key)
        return zh, en, None, []
    fields = owner.model_fields
    near = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.6)
    if not near:  # a case slip or a stray separator: compare without them
        bare = {n.replace("_", "").lower(): n for n in fields}
        plain = key.replace("_", "").replace("-", "").lower()
        near = [bare[k] for k in difflib.get_close_matches(plain, list(bare), n=1, cutoff=0.6)]
    if not near:
        zh, en = msg("validation.unknown_no_guess", key=key)
        return zh, en, None, list(fields)
    title = fields[near[0]].title
    zh, en = msg("validation.unknown_guess", key=key, near=near[0], title=f"（{title}）" if title else "")
    return zh, en, near[0], list(fields)


def parse(model: type[BaseModel], loaded: Loaded) -> BaseModel:
    try:
        return model.model_validate(loaded.values)
    except ValidationError as e:
        raise _translate(model, loaded, e) from None


@functools.cache
def _union_members(model: type[BaseModel]) -> frozenset[str]:
    """The class names of the models that are members of a union somewhere in ``model`` (``str |
    AttachmentData``): pydantic puts the member's name in an error's location, which is no key of the
    data (``attachments.0.AttachmentData.title`` is the data's ``attachments.0.title``)."""
    names: set[str] = set()
    seen: set[type[BaseModel]] = set()

    def visit(annotation: Any, in_union: bool) -> None:
        origin = typing.get_origin(annotation)
        union = origin is typing.Union or isinstance(annotation, types.UnionType)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if in_union:
                names.add(annotation.__name__)
            if annotation not in seen:
                seen.add(annotation)
                for field in annotation.model_fields.values():
                    visit(field.annotation, False)
            return
        for arg in typing.get_args(annotation):
            visit(arg, union or (in_union and origin is typing.Annotated))

    visit(model, False)
    return frozenset(names)


def _translate(model: type[BaseModel], loaded: Loaded, e: ValidationError) -> InputError:
    problems = []
    # union members each report; keep one error per location, preferring the most specific
    seen: set[tuple[Any, ...]] = set()
    errors = []
    members = _union_members(model)
    for err in e.errors(include_url=False):
        loc = tuple(
            p
            for p in err["loc"]
            if not (isinstance(p, str) and (p.startswith(("function-", "str", "dict[")) or p in members))
        )  # tags (<table>) stay: they say which union member the rest of the location is in
        if loc not in seen:
            seen.add(loc)
            errors.append((loc, err))
    # a union's other members (``str`` for an attachment given as a mapping) only say "wrong type" where
    # the member that fits says what is wrong inside: keep the inside
    errors = [
        (loc, err)
        for loc, err in errors
        if not (
            err["type"].endswith("_type")
            and any(o[: len(loc)] == loc and len(o) > len(loc) for o, _ in errors)
        )
    ]
    # a misspelt key says so first; the "missing" of the field it was meant to be is then no news
    unknown = {loc: unknown_field(model, loc) for loc, err in errors if err["type"] == "extra_forbidden"}
    meant = {(*loc[:-1], u[2]) for loc, u in unknown.items() if u[2]}
    for loc, (zh, en, _near, valid) in unknown.items():
        problems.append(
            (loaded.locate(_data(loc)), Text(zh + (f"可用字段：{'、'.join(valid)}" if valid else ""), en))
        )
    for loc, err in errors:
        kind = err["type"]
        if loc in unknown or (kind == "missing" and loc in meant):
            continue
        ctx = err.get("ctx") or {}
        if kind.endswith("_type") and err.get("input", "") is None:
            zh = "未填写（冒号后为空）"  # a field of a docgen init file left as it came
        elif kind == "value_error":
            zh = str(ctx.get("error", err["msg"]))
        else:
            zh = _ZH.get(kind, err["msg"]).format(**{k: v for k, v in ctx.items()})
        where = loaded.locate(_data(loc))
        en = getattr(ctx.get("error"), "en", "") if kind == "value_error" else ""  # errors.ValueErrorEn
        field = Text(_label(model, loc), ".".join(map(str, _data(loc))))
        problems.append((where, msg("validation.field", field=field, problem=Text(zh, en or err["msg"]))))
    problems.sort(key=lambda p: (p[0].line or 0, p[0].column or 0))  # in the order of the file
    first_where, first = problems[0]
    details = [
        msg("validation.detail", where=Text(w.describe(), w.describe("en")), problem=p)
        for w, p in problems[1:]
    ]
    name = loaded.template
    hint = msg("validation.hint", template=Text(name or "模板名", name or "TEMPLATE"))
    if not details:
        return InputError.of("validation.one", source=first_where, hint=hint, problem=first)
    return InputError.of(
        "validation.many", source=first_where, hint=hint, details=details, problem=first, more=len(details)
    )
