"""The docgen command line (``docgen`` is ``docgen.launch:run``, which calls ``run()`` here): the Typer app, its
global options, ``main()``, the one place errors become messages, and ``run()``, the process around it.

The commands live in one module per group (``render``: render, check, init, fonts, templates, fields, dump;
``batch``: batch, rollup; ``finalize``: sign, verify; ``serve``), registered here in the order ``--help``
lists them. They share ``console`` (settings, language, printing), ``args`` (shared argument types and
checks), ``checking`` (the per-unit check tables) and ``english`` (the English help), and never import each
other. The library is imported inside the commands, so ``docgen --help`` loads none of it.

Messages are Chinese by default (``--lang en`` for English); a traceback appears only with ``--debug``.
Exit codes: 0 done, 1 validation findings, 2 bad input / template / output location, 3 internal error.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import os
import sys
import threading
from typing import Annotated, NoReturn

import typer

from .. import __version__
from ..errors import DocgenError, ExitCode, InputError, ValidationFailed
from ..launch import GLOBAL_OPTIONS, quiet_pydantic
from . import batch, finalize, render, serve
from .console import State, _print_findings, _t, err, out

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="docgen：按 GB/T 9704-2012 生成公文（PDF 与可编辑 DOCX）。",
)


LANGS = ("zh", "en")


def _lang(value: str) -> str:
    """``zh``/``en`` (also ``zh-CN``, ``en_US``): anything else is refused, not silently read as Chinese."""
    base = value.strip().lower().replace("_", "-").split("-")[0]
    if base not in LANGS:
        # The language asked for is not known: the language it seems to mean first, the other beside it.
        State.lang = "en" if base.startswith("en") else "zh"
        raise InputError.of("cli.bad_lang", value=value)
    State.lang = base
    return base


def _version(value: bool) -> None:
    """Eager, so ``docgen --version`` works without a command."""
    if value:
        out.print(f"docgen {__version__}")
        raise typer.Exit()


@app.callback()
def _global(
    lang: Annotated[
        str, typer.Option("--lang", help="消息语言：zh 或 en", callback=_lang, is_eager=True)
    ] = "zh",
    debug: Annotated[bool, typer.Option("--debug", help="出错时显示调用栈（供开发者排查）")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="列出全部提示（如每一处标点更正）")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", help="显示版本", callback=_version, is_eager=True)
    ] = False,
) -> None:
    State.lang = lang
    State.debug = debug
    State.verbose = verbose


# Registered in this order, which is the order of ``docgen --help``.
COMMANDS = (
    render.render,
    render.check,
    render.init,
    render.fonts,
    render.templates,
    render.fields,
    render.dump,
    serve.serve,
    batch.batch,
    batch.rollup,
    finalize.sign,
    finalize.verify,
)
for _command in COMMANDS:
    app.command()(_command)


def _click_classes(name: str) -> tuple[type[BaseException], ...]:
    """Typer 0.29+ ships its own copy of click (and no longer depends on click), with ``Exit`` and ``Abort``
    in ``typer.exceptions``; older Typer uses click. Typer's own classes when it has them (importing
    click as well would cost ~7 ms of each start for classes Typer never raises), else click's: click is
    not a dependency of docgen."""
    found = []
    for module in ("typer.exceptions", "typer._click.exceptions"):
        with contextlib.suppress(ImportError, AttributeError):
            found.append(getattr(importlib.import_module(module), name))
    if not found:
        with contextlib.suppress(ImportError, AttributeError):
            found.append(getattr(importlib.import_module("click.exceptions"), name))
    return tuple(found)


_CLICK_EXIT = _click_classes("Exit")
_CLICK_ABORT = _click_classes("Abort")
_CLICK_ERROR = _click_classes("ClickException")


def hoist_global_options(args: list[str]) -> list[str]:
    """Move the global options found after the command to the front: ``check -v x.yaml`` →
    ``-v check x.yaml``. Stops at ``--`` (what follows is positional)."""
    from typer.main import get_command_name

    commands = {
        c.name or get_command_name(c.callback.__name__) for c in app.registered_commands if c.callback
    }
    at = next((i for i, a in enumerate(args) if a in commands), None)
    if at is None:
        return list(args)
    front, rest, i = list(args[:at]), [args[at]], at + 1
    while i < len(args):
        a = args[i]
        if a == "--":
            rest.extend(args[i:])
            break
        name = a.split("=", 1)[0]
        if name in GLOBAL_OPTIONS:
            takes_value = GLOBAL_OPTIONS[name] and "=" not in a
            front.extend(args[i : i + 1 + takes_value])
            i += 1 + takes_value
            continue
        rest.append(a)
        i += 1
    return front + rest


def _english(args: list[str]) -> bool:
    """``--lang en`` (or ``--lang=en-US`` …) among the arguments, before any ``--``."""
    for i, a in enumerate(args):
        if a == "--":
            break
        value = (
            a.split("=", 1)[1]
            if a.startswith("--lang=")
            else args[i + 1]
            if a == "--lang" and i + 1 < len(args)
            else None
        )
        if value is not None and value.strip().lower().startswith("en"):
            return True
    return False


def main(argv: list[str] | None = None) -> None:
    """Entry point: the single error boundary."""
    from typer.main import get_command

    from .args import refuse_unusable

    quiet_pydantic()
    try:
        # without standalone mode click returns the code of a typer.Exit instead of exiting with it
        args = hoist_global_options(sys.argv[1:] if argv is None else argv)
        english = _english(args)
        # for an error found before click parses --lang (its callback sets it again)
        State.lang = "en" if english else "zh"
        refuse_unusable(args, lambda: get_command(app))
        if english:  # the help texts too: their English twins replace them (english.py)
            from .english import translate

            command = get_command(app)
            translate(command)
            code = command(args=args, standalone_mode=False)
        else:
            code = app(args=args, standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except DocgenError as e:
        if isinstance(e, ValidationFailed):
            _print_findings(e.findings)
        err.print(f"[bold red]{_t('错误', 'error')}[/] {e.text(State.lang)}", markup=True)
        if State.debug:
            err.print_exception()
        sys.exit(int(e.exit_code))
    except _CLICK_EXIT as e:
        sys.exit(e.exit_code)
    except _CLICK_ABORT:
        err.print(_t("已中止。", "aborted."))
        sys.exit(130)
    except _CLICK_ERROR as e:  # usage errors: click's own message, exit 2
        e.show()
        sys.exit(e.exit_code)
    except KeyboardInterrupt:
        err.print(_t("已中止。", "aborted."))
        sys.exit(130)
    except Exception as e:  # a defect in docgen: say so plainly, trace only on request
        err.print(
            _t(
                f"[bold red]内部错误[/] {type(e).__name__}: {e}\n请用 --debug 重新运行并把输出报告给开发者。",
                f"[bold red]internal error[/] {type(e).__name__}: {e}\nrerun with --debug and report it.",
            ),
            markup=True,
        )
        if State.debug:
            err.print_exception()
        sys.exit(int(ExitCode.INTERNAL))


def _working_threads() -> bool:
    """Whether a thread the usual exit waits for still runs. Daemon threads it abandons, as ``os._exit``
    does: rich's progress display leaves its refresh thread ending on its own after a batch (in about half
    the runs it had not yet, and the batch paid the whole teardown for it, 50–75 ms)."""
    main = threading.main_thread()
    return any(t is not main and not t.daemon for t in threading.enumerate())


def run() -> NoReturn:
    """The ``docgen`` process (console script, ``python -m docgen``): :func:`main`, then the exit without
    the interpreter's teardown.

    Tearing down a process that has loaded pydantic, Typer, rich and the renderers took 80–130 ms of
    every command (a quarter of a ``docgen check``), freeing objects the operating system frees at once.
    Everything an exit owes still happens: output flushed, ``atexit`` functions run (temporary
    folders, logging, multiprocessing). With another thread still running that the usual exit would
    wait for (not a daemon), or an exit value that is not a number, the process ends the usual way. A program that calls :func:`main` itself keeps its
    interpreter."""
    code: object = 0
    try:
        main()
    except SystemExit as e:
        code = e.code
    if code is None:
        code = 0
    if not isinstance(code, int) or _working_threads():
        sys.exit(code)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing left to tell it
            stream.flush()
    atexit._run_exitfuncs()
    os._exit(int(code))
