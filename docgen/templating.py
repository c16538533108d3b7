"""The one Jinja2 environment: immutable sandbox, StrictUndefined, the user's folder before the built-ins.

Templates produce *text for the Document model*, not HTML or XML: the PDF renderer escapes when it builds
its HTML element tree, and python-docx escapes XML itself. Jinja's HTML autoescape is therefore off on
purpose — it would put ``&lt;`` into a Word document. A missing value is an error, never an empty string.

A template may come from anyone (``--templates``): the sandbox stops what it could reach, and the limits below
stop what it could spend. A fragment cannot include, import or extend other templates; it may build no value and
produce no text longer than MAX_TEXT characters, run no more than MAX_STEPS loop iterations and calls (nested
loops multiply), and compute no integer wider than MAX_INT_BITS bits. Each limit is an exit 2 naming the
template file and the limit, found before the memory or time is spent.
"""

from __future__ import annotations

import contextvars
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from .chars import UNWRITABLE
from .errors import TemplateError
from .messages import Text, msg
from .source import SourceRef

MAX_TEXT = 1_000_000  # characters of one fragment's output, and of any string or list it builds
MAX_STEPS = 1_000_000  # loop iterations and calls while rendering one fragment
MAX_INT_BITS = 10_000  # ~3,000 decimal digits


class TemplateLimit(SecurityError):
    """A template asked for more than a limit allows, or for something a fragment may not do."""

    def __init__(self, what: Text) -> None:
        super().__init__(what.en)
        self.what = what


@dataclass
class _Steps:
    """The work one render_fragment call has done so far."""

    done: int = 0

    def step(self, n: int = 1) -> None:
        self.done += n
        if self.done > MAX_STEPS:
            raise TemplateLimit(msg("template.limit.steps", max=MAX_STEPS))


_STEPS: contextvars.ContextVar[_Steps | None] = contextvars.ContextVar("docgen_template_steps", default=None)


def _step() -> None:
    steps = _STEPS.get()
    if steps is not None:
        steps.step()


def _check_size(value: Any) -> Any:
    """A string, list or integer built by a template: refused when beyond its limit."""
    if isinstance(value, str | list | tuple) and len(value) > MAX_TEXT:
        raise TemplateLimit(msg("template.limit.value", max=MAX_TEXT))
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        raise TemplateLimit(msg("template.limit.integer", max=MAX_INT_BITS))
    return value


def _check_int_args(args: Iterable[Any]) -> None:
    """Widths and counts (``center(10**9)``, ``ljust``, ``lipsum``) larger than any text a fragment may make."""
    for a in args:
        if isinstance(a, int) and not isinstance(a, bool) and abs(a) > MAX_TEXT:
            raise TemplateLimit(msg("template.limit.argument", argument=a, max=MAX_TEXT))


# a width or precision of 7+ digits in a %-format or a {:…} format spec
_WIDE_FORMAT = re.compile(r"%[-#0 +]*(?:\d{7,}|\d*\.\d{7,})|\{[^{}]*:[^{}]*\d{7,}[^{}]*\}")


def _check_format(fmt: Any) -> None:
    if isinstance(fmt, str) and _WIDE_FORMAT.search(fmt):
        raise TemplateLimit(msg("template.limit.format_width"))


def _seq_len(value: Any) -> int | None:
    return len(value) if isinstance(value, str | list | tuple) else None


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse before computing: ``'笑' * 400000000``, ``10 ** 10 ** 10``, ``s + s`` grown past the limit."""
    if operator == "*":
        for seq, n in ((left, right), (right, left)):
            if _seq_len(seq) is not None and isinstance(n, int) and _seq_len(seq) * n > MAX_TEXT:
                raise TemplateLimit(msg("template.limit.repetition", max=MAX_TEXT))
        if isinstance(left, int) and isinstance(right, int):
            _check_size_bits(left.bit_length() + right.bit_length())
    elif operator == "**":
        if isinstance(left, int) and isinstance(right, int) and right > 0:
            _check_size_bits(max(left.bit_length() - 1, 1) * right)
    elif operator == "+":
        a, b = _seq_len(left), _seq_len(right)
        if a is not None and b is not None and a + b > MAX_TEXT:
            raise TemplateLimit(msg("template.limit.concatenation", max=MAX_TEXT))
    elif operator == "%":
        _check_format(left)
        if isinstance(left, str) and "*" in left:
            _check_int_args(right if isinstance(right, tuple) else (right,))


def _check_size_bits(bits: int) -> None:
    if bits > MAX_INT_BITS:
        raise TemplateLimit(msg("template.limit.integer", max=MAX_INT_BITS))


class _Bounds(Extension):
    """Hooks the compiled template calls for the constructs that the sandbox does not intercept: every
    ``for`` loop's iterable and every ``~`` concatenation (see ``_Sandbox._parse``)."""

    def loop(self, iterable: Any) -> Iterator[Any]:
        for item in iterable:
            _step()
            yield item

    def concat(self, *parts: Any) -> str:
        strings = [str(p) for p in parts]
        if sum(map(len, strings)) > MAX_TEXT:
            raise TemplateLimit(msg("template.limit.concatenation", max=MAX_TEXT))
        return "".join(strings)


class _NoTemplates(jinja2.BaseLoader):
    """A fragment stands alone: ``{% include %}``, ``{% import %}`` and ``{% extends %}`` are refused (with no
    loader at all Jinja raises a TypeError, an internal error)."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str | None, None]:
        raise TemplateLimit(msg("template.limit.include", template=template))


class _Sandbox(ImmutableSandboxedEnvironment):
    """The sandbox with docgen's limits on what a template may build and how long it may run."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _check_binop(operator, left, right)
        return _check_size(super().call_binop(context, operator, left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _step()
        _check_int_args((*args, *kwargs.values()))
        if getattr(__obj, "__name__", "") in ("format", "format_map"):  # the sandbox wraps str.format
            _check_format(getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None))
        return _check_size(super().call(__context, __obj, *args, **kwargs))

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """Route every loop and every ``~`` through ``_Bounds``: the sandbox intercepts neither."""
        tree = super()._parse(source, name, filename)
        hook = _Bounds.identifier
        for loop in list(tree.find_all(nodes.For)):
            loop.iter = nodes.Call(
                nodes.ExtensionAttribute(hook, "loop"), [loop.iter], [], None, None, lineno=loop.lineno
            )
        for concat in list(tree.find_all(nodes.Concat)):
            call = nodes.Call(
                nodes.ExtensionAttribute(hook, "concat"),
                list(concat.nodes),
                [],
                None,
                None,
                lineno=concat.lineno,
            )
            concat.nodes = [call]
        return tree


def _bounded_filter(f: Callable[..., Any]) -> Callable[..., Any]:
    """A built-in filter whose width/count arguments and result are checked (``'x'|center(10**9)``)."""
    skip = 2 if getattr(f, "jinja_pass_arg", None) else 1  # the context/environment, then the value

    @functools.wraps(f)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        _check_int_args((*args[skip:], *kwargs.values()))
        return _check_size(f(*args, **kwargs))

    return bounded


@cache
def environment() -> ImmutableSandboxedEnvironment:
    env = _Sandbox(
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
        loader=_NoTemplates(),
        extensions=[_Bounds],
    )
    env.filters = {name: _bounded_filter(f) for name, f in env.filters.items()}
    env.globals.pop("lipsum", None)  # placeholder text: no use in a 公文, and a way to make megabytes
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
    token = _STEPS.set(_Steps())
    try:
        text = _render_bounded(_compiled(source), context).strip()
        # an escape in the template ("\ud800", "\x01") gives what no document can hold
        if m := UNWRITABLE.search(text):
            raise TemplateError.of("template.unwritable_char", source=where, group=ord(m.group()))
        return text
    except jinja2.UndefinedError as e:
        raise TemplateError.of(
            "template.undefined", source=where, name=Text(_undefined_name(e), str(e.message))
        ) from None
    except TemplateLimit as e:
        raise _limit_error(e.what, where) from None
    except SecurityError as e:
        raise TemplateError.of("template.unsafe", source=where, error=e) from None
    except jinja2.TemplateSyntaxError as e:
        line = (where.line or 1) + (e.lineno or 1) - 1 if where.line else None
        raise TemplateError.of(
            "template.syntax", source=SourceRef(where.file, line=line), message=e.message
        ) from None
    except jinja2.TemplateError as e:
        raise TemplateError.of("template.error", source=where, error=e) from None
    except OverflowError as e:  # Jinja's range() beyond its MAX_RANGE; a float too large
        if "Range too big" in str(e):
            from jinja2.sandbox import MAX_RANGE

            raise _limit_error(msg("template.limit.range", max=MAX_RANGE), where) from None
        raise _limit_error(msg("template.limit.number", error=e), where) from None
    except (RecursionError, MemoryError):  # a macro calling itself; a value the checks did not foresee
        raise _limit_error(msg("template.limit.recursion"), where) from None
    except SyntaxError as e:  # Python's own limits on the compiled code: 20 nested blocks (loops, ifs)
        raise _limit_error(msg("template.limit.nesting", problem=e.msg), where) from None
    except (TypeError, ValueError, ArithmeticError, LookupError) as e:  # e.g. '笑' * 4e8, 1/0 in the template
        raise TemplateError.of("template.failed", source=where, error=e) from None
    finally:
        _STEPS.reset(token)


def _render_bounded(template: jinja2.Template, context: dict[str, Any]) -> str:
    """``template.render`` with the output counted as it is produced."""
    parts: list[str] = []
    size = 0
    for part in template.generate(**context):
        size += len(part)
        if size > MAX_TEXT:
            raise TemplateLimit(msg("template.limit.output", max=MAX_TEXT))
        parts.append(part)
    return "".join(parts)


def _limit_error(what: Text, where: SourceRef) -> TemplateError:
    return TemplateError.of("template.limit", source=where, what=what)


def _undefined_name(e: jinja2.UndefinedError) -> str:
    msg = e.message or ""
    if "'" in msg:
        return msg.split("'")[1]
    return msg
