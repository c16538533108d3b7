"""The installed package is what pyproject.toml lists, not what an editable install happens to see: a
package folder missing from the list works in development and fails after ``pip install docgen``."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_folder_is_listed() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "docgen").rglob("__init__.py")}
    assert found <= listed, sorted(found - listed)
    assert not {p for p in listed - found if p != "docgen.templates"}, "listed but not a package"


def test_the_console_script_is_the_launcher() -> None:
    """``docgen`` (pyproject's [project.scripts]) names ``docgen.launch:run``: the batch's fork server
    started from the raw words, then ``cli.run``: ``main``, the one error boundary, in a process that
    exits without the interpreter's teardown."""
    import importlib

    from docgen.launch import run

    target = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]["docgen"]
    module, _, name = target.partition(":")
    assert getattr(importlib.import_module(module), name) is run
