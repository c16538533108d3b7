"""The one Jinja2 environment: immutable sandbox, StrictUndefined, the user's folder before the built-ins.

Templates produce *text for the Document model*, not HTML or XML: the PDF renderer escapes when it builds
its HTML element tree, and python-docx escapes XML itself. Jinja's HTML autoescape is therefore off on
purpose — it would put ``&lt;`` into a Word document. A missing value is an error, never an empty string.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from .errors import TemplateError
from .source import SourceRef


@cache
def environment() -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["cn_date"] = _cn_date
    return env


def _cn_date(value: Any) -> str:
    from .model import chinese_date

    return chinese_date(value)


@lru_cache(maxsize=1024)
def _compiled(source: str) -> jinja2.Template:
    """A fragment compiled once per process (Jinja compiles ``from_string`` sources on every call; a batch
    renders the same fragments for every unit)."""
    return environment().from_string(source)


def render_fragment(source: str, context: dict[str, Any], where: SourceRef) -> str:
    """Render one text fragment of a template; any failure names the template file and line."""
    try:
        return _compiled(source).render(**context).strip()
    except jinja2.UndefinedError as e:
        raise TemplateError(
            message=f"模板引用了数据中没有的字段：{_undefined_name(e)}",
            message_en=f"the template uses a value the data does not have: {e.message}",
            source=where,
            hint="在数据文件中补上该字段，或修改模板",
            hint_en="add the field to the data file or change the template",
        ) from None
    except SecurityError as e:
        raise TemplateError(
            message=f"模板执行了不允许的操作：{e}", message_en=f"unsafe template operation: {e}", source=where
        ) from None
    except jinja2.TemplateSyntaxError as e:
        line = (where.line or 1) + (e.lineno or 1) - 1 if where.line else None
        raise TemplateError(
            message=f"模板语法错误：{e.message}",
            message_en=f"template syntax error: {e.message}",
            source=SourceRef(where.file, line=line),
        ) from None
    except jinja2.TemplateError as e:
        raise TemplateError(
            message=f"模板出错：{e}", message_en=f"template error: {e}", source=where
        ) from None


def _undefined_name(e: jinja2.UndefinedError) -> str:
    msg = e.message or ""
    if "'" in msg:
        return msg.split("'")[1]
    return msg
