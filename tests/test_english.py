"""``--lang en``: every message docgen can raise or report has its English text, and so has every template's
description. (Help texts of the commands are Chinese only: see the report in issue 14.)"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import ROOT

from docgen import api
from docgen.catalog import available
from docgen.errors import DocgenError, Finding

ERRORS = {"DocgenError", "InputError", "TemplateError", "OutputError", "FontError", "FitError"}
# the positional index of message_en where a constructor takes it positionally
POSITIONAL_EN = {"Finding": 4, "ValidationFailed": 2, "LayoutError": 1, **dict.fromkeys(ERRORS, 3)}


def _constructions() -> list[tuple[str, int, str, ast.Call]]:
    found = []
    for path in sorted((ROOT / "docgen").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                f = node.func
                name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
                if name in POSITIONAL_EN:
                    found.append((str(path.relative_to(ROOT)), node.lineno, name, node))
    return found


def _has_english(name: str, call: ast.Call) -> bool:
    keywords = {k.arg: k.value for k in call.keywords}
    if None in keywords:  # **kwargs: cannot be told statically
        return True
    if "message_en" in keywords:
        value = keywords["message_en"]
        return not (isinstance(value, ast.Constant) and not value.value)
    if len(call.args) > POSITIONAL_EN[name]:
        return True
    # an error's text already rendered in the chosen language: Finding(..., e.text(lang), ...)
    message = call.args[2] if name == "Finding" and len(call.args) > 2 else keywords.get("message")
    if (
        isinstance(message, ast.Call)
        and isinstance(message.func, ast.Attribute)
        and message.func.attr == "text"
    ):
        return bool(message.args or message.keywords)
    # ValidationFailed without a message of its own has an English default
    return name == "ValidationFailed" and len(call.args) < 2 and "message" not in keywords


def test_every_error_and_finding_in_the_code_has_english() -> None:
    """Every DocgenError and Finding docgen constructs passes a non-empty message_en (``--lang en`` otherwise
    prints the Chinese text)."""
    calls = _constructions()
    assert len(calls) > 100  # the scan sees the code
    missing = [f"{file}:{line} {name}" for file, line, name, call in calls if not _has_english(name, call)]
    assert not missing, missing


@pytest.mark.parametrize("data", sorted((ROOT / "inputs").glob("*.yaml")), ids=lambda p: p.name)
def test_every_finding_of_the_examples_has_english(data: Path) -> None:
    """The findings the example data gives (annual-2024-errors.yaml has many): each with its English text."""
    try:
        findings = api.check(data)
    except DocgenError as e:
        assert e.message_en, e.message
        return
    for f in findings:
        assert isinstance(f, Finding) and f.message_en and f.message_en != f.message, f


def test_template_descriptions_in_english() -> None:
    templates = available(ROOT / "templates")
    assert len(templates) >= 9
    for t in templates:
        assert t.description_en and t.describe("en") == t.description_en != t.describe("zh"), t.name
        assert t.description_en[0].isascii() and t.description_en.split(" ")[0].isalpha(), t.name


def test_every_command_and_option_has_english_help() -> None:
    from typer.main import get_command

    from docgen.cli import app
    from docgen.cli_en import missing

    assert missing(get_command(app)) == []


def test_help_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    from docgen.cli import main

    for args in (["--lang", "en", "render", "--help"], ["render", "--help", "--lang", "en"]):
        main(args)
        text = capsys.readouterr().out
        assert "output folder" in text and "输出文件夹" not in text, text
    main(["render", "--help"])
    assert "输出文件夹" in capsys.readouterr().out  # Chinese stays the default
