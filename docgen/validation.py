"""pydantic's validation errors, told in the data file's own terms: its line, its field, in Chinese."""

from __future__ import annotations

import difflib
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from .data.loader import Loaded
from .errors import InputError

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
}


def _label(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    """The field's Chinese title where the model gives one, else its key."""
    names = [str(p) for p in loc if not isinstance(p, int)]
    current: Any = model
    title = None
    for part in loc:
        fields = getattr(current, "model_fields", None)
        if fields is None or not isinstance(part, str) or part not in fields:
            break
        info = fields[part]
        title = info.title or title
        current = info.annotation
    key = ".".join(names) or "（根）"
    return f"“{key}”" + (f"（{title}）" if title else "")


def model_in(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside an annotation (``X | None``, ``list[X | str]``, ``Annotated[…]``), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = model_in(arg)
        if found is not None:
            return found
    return None


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model whose field ``loc`` leads into (list indices skipped), or None where ``loc`` leaves models."""
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int):
            continue
        if current is None or part not in current.model_fields:
            return None
        current = model_in(current.model_fields[part].annotation)
    return current


def unknown_field(model: type[BaseModel], loc: tuple[Any, ...]) -> tuple[str, str, str | None, list[str]]:
    """For a key the model does not have: the Chinese message with the nearest valid field (a misspelt
    ``adressee`` → ``addressee（主送机关）``), its English twin, that field, and the valid fields."""
    key = str(loc[-1])
    owner = _model_at(model, loc[:-1])
    zh, en = f"未知字段 {key}", f"unknown field {key}"
    if owner is None:
        return zh, en, None, []
    fields = owner.model_fields
    near = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.6)
    if not near:  # a case slip or a stray separator: compare without them
        bare = {n.replace("_", "").lower(): n for n in fields}
        plain = key.replace("_", "").replace("-", "").lower()
        near = [bare[k] for k in difflib.get_close_matches(plain, list(bare), n=1, cutoff=0.6)]
    if not near:
        return zh + "。", en, None, list(fields)
    title = fields[near[0]].title
    zh += f" —— 是否指 {near[0]}" + (f"（{title}）" if title else "") + "？"
    return zh, en + f" -- did you mean {near[0]}?", near[0], list(fields)


def parse(model: type[BaseModel], loaded: Loaded) -> BaseModel:
    try:
        return model.model_validate(loaded.values)
    except ValidationError as e:
        raise _translate(model, loaded, e) from None


def _translate(model: type[BaseModel], loaded: Loaded, e: ValidationError) -> InputError:
    problems = []
    # union members each report; keep one error per location, preferring the most specific
    seen: set[tuple[Any, ...]] = set()
    errors = []
    for err in e.errors(include_url=False):
        loc = tuple(
            p for p in err["loc"] if not (isinstance(p, str) and p.startswith(("function-", "str", "dict[")))
        )
        if loc not in seen:
            seen.add(loc)
            errors.append((loc, err))
    # a misspelt key says so first; the "missing" of the field it was meant to be is then no news
    unknown = {loc: unknown_field(model, loc) for loc, err in errors if err["type"] == "extra_forbidden"}
    meant = {(*loc[:-1], u[2]) for loc, u in unknown.items() if u[2]}
    for loc, (zh, en, _near, valid) in unknown.items():
        problems.append((loaded.locate(loc), zh + (f"可用字段：{'、'.join(valid)}" if valid else ""), en))
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
        where = loaded.locate(loc)
        problems.append(
            (where, f"字段 {_label(model, loc)}：{zh}", f"field {'.'.join(map(str, loc))}: {err['msg']}")
        )
    problems.sort(key=lambda p: (p[0].line or 0, p[0].column or 0))  # in the order of the file
    first_where, first_zh, first_en = problems[0]
    details = [f"{w.describe()}：{zh}" for w, zh, _ in problems[1:]]
    name = loaded.template or "模板名"
    return InputError(
        message=first_zh + (f"（另有 {len(details)} 处问题，见下）" if details else ""),
        message_en=first_en,
        source=first_where,
        details=details,
        hint=f"docgen fields {name} 列出每个字段的含义；也可对照 inputs/ 下的示例修改数据文件",
        hint_en=f"`docgen fields {name}` lists every field; or compare with the examples in inputs/",
    )
