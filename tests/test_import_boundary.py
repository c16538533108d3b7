"""The commands that render nothing load none of the heavy libraries.

``docgen --help``, ``check`` (of a YAML file), ``init``, ``fields`` and ``templates`` are what a user runs
most, often on a slow machine: they must not pay for WeasyPrint, python-docx, pyHanko, Starlette/uvicorn or
openpyxl. Each is run as ``python -X importtime -m docgen …`` in a fresh process (the command a user types),
and the modules Python reports having imported are compared with the list.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# top-level names of the libraries only rendering, signing, serving or reading workbooks needs
HEAVY = ("weasyprint", "pydyf", "docx", "pyhanko", "starlette", "uvicorn", "openpyxl")


def imported(*args: str, cwd: Path = ROOT) -> set[str]:
    """The modules ``python -X importtime -m docgen ARGS`` imported (its exit code checked: 0)."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "docgen", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return {
        line.rsplit("|", 1)[1].strip()
        for line in run.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY)


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["check", "inputs/annual-2024-example.yaml"],
        ["check", "inputs/notice-2024.yaml"],
        ["fields", "notice"],
        ["fields", "annual-report-2021"],
        ["templates"],
    ],
    ids=" ".join,
)
def test_commands_that_render_nothing_load_no_renderer(args: list[str]) -> None:
    assert heavy(imported(*args)) == []


def test_init_loads_no_renderer(tmp_path: Path) -> None:
    assert heavy(imported("init", "notice", "--out", str(tmp_path / "notice.yaml"))) == []
    assert (tmp_path / "notice.yaml").is_file()


def test_help_loads_not_even_the_library() -> None:
    """``--help`` builds the command tree only: no ``api``, no document kinds, no templates engine."""
    modules = imported("--help")
    assert "docgen.cli.render" in modules  # the probe sees docgen's own modules
    assert sorted(m for m in modules if m in ("docgen.api", "docgen.kinds", "jinja2", "pydantic")) == []


def test_the_probe_sees_a_lazy_import(tmp_path: Path) -> None:
    """A workbook needs openpyxl, imported inside the command: the probe must report it, or the tests above
    could pass with a probe that sees nothing."""
    out = tmp_path / "report.xlsx"
    assert "openpyxl" in heavy(
        imported("init", "annual-report", "--year", "2024", "--xlsx", "--out", str(out))
    )
    assert out.is_file()


def test_help_loads_no_signing_code() -> None:
    """``sign --password-env`` shows its default from the light ``docgen.finalize`` package (docstring and the
    one constant), without importing any of its modules (the signing code, pyHanko)."""
    from docgen.cli import finalize
    from docgen.finalize import sign

    assert finalize.PASSWORD_ENV == sign.PASSWORD_ENV
    assert sorted(m for m in imported("--help") if m.startswith("docgen.finalize.")) == []


def loaded(modules: set[str], *packages: str) -> list[str]:
    """The modules of ``packages`` (each the package itself or anything under it) among ``modules``."""
    return sorted(m for m in modules if any(m == p or m.startswith(p + ".") for p in packages))


# What a single file's ``check`` must not pay for (issue 17: ≤ 0.5 s a cold check): the batch engine, the
# font tables (fontTools, read only to typeset), and the tables drawn only by folder checks and listings.
NOT_FOR_A_CHECK = ("docgen.batch", "docgen.typeset.fonts", "fontTools", "rich.table")


def test_check_of_a_notice_loads_only_its_kind() -> None:
    """A 通知 is a ``gongwen``: the annual report's models, rules and label tables stay unloaded. The probe
    sees the kind's own import (the registry imports on demand), so the absence is not a blind spot."""
    modules = imported("check", "inputs/notice-2024.yaml")
    assert "docgen.kinds.gongwen" in modules
    assert loaded(modules, "docgen.kinds.annual_report", *NOT_FOR_A_CHECK) == []


def test_check_of_an_annual_report_loads_only_its_kind() -> None:
    """An annual report needs its own kind (and ``report``, whose composer it shares), not ``gongwen``
    nor the images gongwen reads (PIL)."""
    modules = imported("check", "inputs/annual-2024-example.yaml")
    assert "docgen.kinds.annual_report.kind" in modules
    gongwen = ("docgen.kinds.gongwen", "docgen.kinds.gongwen_data", "docgen.kinds.doc_numbers")
    assert loaded(modules, *gongwen, "docgen.data.images", "PIL", *NOT_FOR_A_CHECK) == []


def test_help_draws_no_table_and_builds_no_model() -> None:
    modules = imported("--help")
    assert loaded(modules, "pydantic", "pydantic_core", "jinja2", "rich.table", "docgen.batch") == []
    assert loaded(modules, "yaml", "docgen.data.loader") == []  # the arguments' check needs docgen.chars only


def test_api_reads_the_font_tables_on_demand() -> None:
    """``docgen.api`` no longer imports the font module (fontTools) at import; ``api.fontlib``, which batch
    reads, still is that module."""
    code = (
        "import sys, docgen.api as api; "
        "assert 'docgen.typeset.fonts' not in sys.modules; "
        "import docgen.typeset.fonts as fonts; assert api.fontlib is fonts"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_kinds_are_imported_on_demand() -> None:
    """``KINDS`` names every kind, each module with a model and a composer, and an unknown name is a
    KeyError as with a plain dict; importing ``docgen.kinds`` itself loads none of them."""
    code = (
        "import sys; from docgen.kinds import KINDS, REGISTRY; "
        "assert not [m for m in sys.modules if m.startswith('docgen.kinds.')], sorted(sys.modules); "
        "assert sorted(KINDS) == sorted(REGISTRY) == ['annual-report', 'gongwen', 'report']; "
        "assert all(hasattr(k, 'MODEL') and callable(k.compose) for k in KINDS.values()); "
        "assert KINDS.get('letter') is None and 'letter' not in KINDS"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_the_cli_skips_pydantic_s_plugin_search() -> None:
    """Looking for pydantic plugins reads every installed package's entry points at each start; the CLI
    turns it off unless the user set the variable."""
    code = (
        "import os, sys; from docgen.cli import main\n"
        "sys.argv = ['docgen', '--version']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(os.environ['PYDANTIC_DISABLE_PLUGINS'])"
    )
    base = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    base["PYTHONPATH"] = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    for preset, expected in ((None, "__all__"), ("logfire", "logfire")):
        env = dict(base, **({"PYDANTIC_DISABLE_PLUGINS": preset} if preset else {}))
        run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        assert run.stdout.split()[-1] == expected


def test_the_cli_uses_typer_s_own_click() -> None:
    """Typer 0.29+ carries its own copy of click: the CLI catches that copy's exceptions (``Exit`` and
    ``Abort`` live in ``typer.exceptions``) and imports no click of its own."""
    import importlib.util

    import typer

    from docgen.cli import _CLICK_ABORT, _CLICK_ERROR, _CLICK_EXIT

    if importlib.util.find_spec("typer._click") is None:
        pytest.skip("Typer older than 0.29: it raises click's own exceptions")
    assert list(_CLICK_EXIT) == [typer.Exit] and list(_CLICK_ABORT) == [typer.Abort]
    assert issubclass(typer.BadParameter, _CLICK_ERROR)
    assert loaded(imported("--help"), "click") == []
