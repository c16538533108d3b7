"""Command-line values: the argument and option types several commands share, the list of output formats,
and values that are not text, refused once, at the entry, for every option and argument.

Python decodes ``sys.argv`` with ``surrogateescape``: a byte that is not UTF-8 (a GBK file name from a zip
made on Windows, ``--signer $'\\xff'``, a terminal not set to UTF-8) arrives as a lone surrogate, which
every later encode (a PDF's metadata, a manifest, the terminal itself) refuses with a traceback. One check
before the commands run names the option or argument instead, in words a user can act on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import Annotated, Any, NoReturn

import typer

from ..chars import SURROGATE, UNWRITABLE, shown
from ..errors import InputError
from ..messages import msg
from .console import _t

DataArg = Annotated[Path, typer.Argument(help="数据文件（.yaml / .json / .xlsx）", show_default=False)]
TemplatesOpt = Annotated[Path | None, typer.Option("--templates", help="自定义模板文件夹（优先于内置模板）")]
PreviousOpt = Annotated[
    Path | None,
    typer.Option("--previous", help="上一年度的数据文件（年度报告跨年核对：结转、现行有效件数、项目数量）"),
]


def refuse_unusable(args: list[str], command: Callable[[], Any]) -> None:
    """Raise an InputError (exit 2) naming the first value in ``args`` that is not text (bytes that are
    not UTF-8), or an option's text value holding a character no document can hold (a control character:
    ``--signer $'张\\x01三'`` would go into the PDF's and the manifest's signer unseen).

    ``command`` returns the click group of the app (``typer.main.get_command(app)``): it tells an option's
    value (``--signer X``) from an argument (a file name); it is only built when such a value is found, so
    the common case costs one scan of the arguments. A path may hold a control character (the file system
    allows it).
    """
    group = None
    for at, value in enumerate(args):
        m = UNWRITABLE.search(value)
        if m is None:
            continue
        group = group or command()
        option, is_path = _option_of(args, at, group)
        if option is not None and value.startswith(f"{option}="):
            value = value[len(option) + 1 :]
        if SURROGATE.search(value):
            _refuse_bytes(option, is_path, shown(value))
        if option is not None and not is_path:
            code = f"U+{ord(m.group()):04X}"
            raise InputError.of("args.value.unwritable", option=option, value=shown(value), code=code)


def _refuse_bytes(option: str | None, is_path: bool, text: str) -> NoReturn:
    """Raise the error for a value holding bytes that are not UTF-8 (``text`` shows them as ``\\xff``)."""
    if option is not None and not is_path:
        raise InputError.of("args.value.not_utf8", option=option, text=text)
    what = msg("args.path.option", option=option) if option else msg("args.path.argument")
    raise InputError.of("args.path.not_utf8", what=what, text=text)


def _option_of(args: list[str], at: int, group: Any) -> tuple[str | None, bool]:
    """The option whose value ``args[at]`` is (``--signer X`` or ``--signer=X``), else None (an argument
    of the command, or a word click will refuse itself); and whether the option takes a path."""
    arg = args[at]
    words = [a for a in args[:at] if not a.startswith("-")]
    if arg.startswith("-") and "=" in arg:
        name = arg.split("=", 1)[0]
        return name, _param(name, words, group)[1]
    if arg.startswith("-") and arg != "-":
        return None, False  # an option's own name that is not text: not an option docgen has
    if at == 0 or "--" in args[:at]:
        return None, False
    previous = args[at - 1]
    if not previous.startswith("-") or previous == "-":
        return None, False
    takes_value, is_path = _param(previous, words, group)
    return (previous, is_path) if takes_value else (None, False)


def _param(name: str, words: list[str], group: Any) -> tuple[bool, bool]:
    """Whether option ``name`` of the (sub)command named among ``words`` takes a value, and whether the
    value is a path; unknown: a value (click would take the next word as one), not a path."""
    commands = getattr(group, "commands", {}) or {}
    command = next((commands[w] for w in words if w in commands), None)
    for params in (getattr(command, "params", []), getattr(group, "params", [])):
        for p in params:
            if name in (*getattr(p, "opts", ()), *getattr(p, "secondary_opts", ())):
                flag = getattr(p, "is_flag", False) or getattr(p, "count", False)
                return not flag, _is_path(p)
    return True, False


def _is_path(param: Any) -> bool:
    """Whether a click parameter takes a path: Typer 0.29+ (its own click) keeps the annotation, click's
    parameters their type."""
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    if isinstance(annotation, type):
        return issubclass(annotation, PurePath)
    return getattr(getattr(param, "type", None), "name", "") in ("path", "file", "directory")


def formats_of(value: str) -> tuple[str, ...]:
    """``--format pdf,docx``: the formats named, each once, in order; an unknown or empty list is refused."""
    from ..api import OUTPUT_FORMATS

    fmts = tuple(dict.fromkeys(f.strip().lower() for f in value.split(",") if f.strip()))
    bad = [f for f in fmts if f not in OUTPUT_FORMATS]
    if bad or not fmts:
        raise typer.BadParameter(
            _t(
                f"不支持的格式：{'、'.join(bad) or '（空）'}；可用 {','.join(OUTPUT_FORMATS)}",
                f"unsupported format {bad}; use {','.join(OUTPUT_FORMATS)}",
            )
        )
    return fmts


def sign_off_date(final: bool, draft: bool, signer: str | None, approved: str | None) -> dt.date | None:
    """The flags of a sign-off checked as ``render`` and ``batch`` both check them, before anything runs:
    ``--final`` excludes ``--draft``, ``--signer``/``--approved`` need ``--final``, the date is YYYY-MM-DD."""
    if final and draft:
        raise InputError.of("args.final_and_draft")
    if not final and (signer or approved):
        raise InputError.of("args.signer_needs_final")
    if not approved:
        return None
    try:
        return dt.date.fromisoformat(approved)
    except ValueError:
        raise InputError.of("args.approved_date", approved=approved) from None
