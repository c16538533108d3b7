"""The ``docgen`` process (console script, ``python -m docgen``): what must happen before the command line
interface is even imported, then :func:`docgen.cli.run`.

A batch's fork server (``forkserver.py``) takes ~0.35 s to start; importing the CLI (Typer, rich,
pydantic, the library) takes ~0.1–0.2 s more before the command could start it. So the raw words are read
here, with nothing of docgen loaded: ``batch`` asking for a local pool starts the server at once, and its
start-up runs beside the CLI's. A wrong guess costs a server that forks nothing and ends with this process;
``batch`` starts it anyway when it needs it. This module imports only the standard library and
``forkserver``.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn

# The options of the app callback, accepted anywhere on the line (``docgen check -v x.yaml`` is ``docgen -v
# check x.yaml``: cli.main moves them before the command, where click looks for them): name → whether a
# value follows. Here, so that the command word can be found before the CLI is imported.
GLOBAL_OPTIONS = {"--lang": True, "--debug": False, "--verbose": False, "-v": False, "--version": False}


def quiet_pydantic() -> None:
    """docgen's models use no pydantic plugin; looking for one reads every installed package's entry points
    (10–30 ms of each start, in the fork server too). A user who sets the variable keeps their value."""
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def command_at(args: list[str]) -> int | None:
    """Where the command word is in ``args`` (global options and their values skipped), if anywhere."""
    i = 0
    while i < len(args) and args[i] != "--":
        a = args[i]
        name = a.split("=", 1)[0]
        if name in GLOBAL_OPTIONS:
            i += 1 + (GLOBAL_OPTIONS[name] and "=" not in a)
        elif a.startswith("-"):
            i += 1
        else:
            return i
    return None


def wants_pool(rest: list[str]) -> bool:
    """Whether ``docgen batch`` with these arguments (those after the command word, unparsed) will run a
    local pool of more than one worker: not ``--check-only`` or ``--help``, not ``--executor dask``, not
    ``--jobs 1``. A guess from the raw words, for starting the fork server early only."""
    from .forkserver import default_jobs

    words = rest[: rest.index("--")] if "--" in rest else rest

    def value(long: str, short: str = "") -> str | None:
        for i, a in enumerate(words):
            if a in (long, short) and a and i + 1 < len(words):
                return words[i + 1]
            if a.startswith(long + "="):
                return a.split("=", 1)[1]
            if short and a.startswith(short) and len(a) > len(short) and not a.startswith("--"):
                return a[len(short) :]
        return None

    if any(a in ("--check-only", "--help", "-h") for a in words):
        return False
    if (value("--executor") or "local").strip() != "local":
        return False
    try:
        jobs = int(value("--jobs", "-j") or 0)
    except ValueError:
        return False
    return (jobs or default_jobs()) > 1


def run() -> NoReturn:
    """The process: the fork server started when a batch will want it, then the CLI (``cli.run``)."""
    quiet_pydantic()
    args = sys.argv[1:]
    if (at := command_at(args)) is not None and args[at] == "batch" and wants_pool(args[at + 1 :]):
        from .forkserver import start

        start()
    from .cli import run as run_cli

    run_cli()
