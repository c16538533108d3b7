"""pydantic's validation errors, told in the data file's own terms: its line, its field, in Chinese."""

from __future__ import annotations

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


def parse(model: type[BaseModel], loaded: Loaded) -> BaseModel:
    try:
        return model.model_validate(loaded.values)
    except ValidationError as e:
        raise _translate(model, loaded, e) from None


def _translate(model: type[BaseModel], loaded: Loaded, e: ValidationError) -> InputError:
    problems = []
    # union members each report; keep one error per location, preferring the most specific
    seen: set[tuple[Any, ...]] = set()
    for err in e.errors(include_url=False):
        loc = tuple(
            p for p in err["loc"] if not (isinstance(p, str) and p.startswith(("function-", "str", "dict[")))
        )
        if loc in seen:
            continue
        seen.add(loc)
        kind = err["type"]
        ctx = err.get("ctx") or {}
        if kind == "value_error":
            zh = str(ctx.get("error", err["msg"]))
        else:
            zh = _ZH.get(kind, err["msg"]).format(**{k: v for k, v in ctx.items()})
        where = loaded.locate(loc)
        problems.append(
            (where, f"字段 {_label(model, loc)}：{zh}", f"field {'.'.join(map(str, loc))}: {err['msg']}")
        )
    first_where, first_zh, first_en = problems[0]
    details = [f"{w.describe()}：{zh}" for w, zh, _ in problems[1:]]
    return InputError(
        message=first_zh + (f"（另有 {len(details)} 处问题，见下）" if details else ""),
        message_en=first_en,
        source=first_where,
        details=details,
        hint="请对照 inputs/ 下的示例或 docgen templates 的说明修改数据文件",
        hint_en="compare with the examples in inputs/ or `docgen templates`",
    )
