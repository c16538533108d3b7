"""The message catalogues (``docgen.messages``): no missing translation, no dead entry, no call that
would fail to fill its template.

The calls are found by reading docgen's source (not by running it), so a message said only on a rare error
path is checked as well as a common one: every call of ``msg``/``hint_of`` and of the ``.of`` constructors
(``InputError.of``, ``Finding.of`` …) with its key and the fields it passes.
"""

from __future__ import annotations

import ast
import os
import re
import string
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from docgen import messages
from docgen.errors import (
    DocgenError,
    ExitCode,
    Finding,
    InputError,
    LayoutError,
    Severity,
    ValidationFailed,
    ValueErrorEn,
)
from docgen.messages import HINT, Text, catalogue, hint_of, msg
from docgen.source import SourceRef

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "docgen"
KEY = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")
# The keyword arguments of the constructors that are not template fields.
ERROR_ARGS = {"source", "hint", "details", "exit_code"}
FINDING_ARGS = {"origin", "blank"}
# Keys whose one language names fields the other does not, as written before the catalogues (a translation to
# complete: only shrink this). ``what`` is the Chinese name of an image's role (印章), given by the caller.
ONE_SIDED: dict[str, set[str]] = {
    "data.file.too_large": {"size", "max"},
    "image.not_found": {"what"},
    "image.too_large": {"what"},
    "image.unsupported_type": {"what"},
    "image.png.damaged": {"what"},
    "image.png.opaque": {"what"},
    "image.png.too_many_pixels": {"what"},
    "image.svg.invalid": {"name", "what"},
    "image.svg.not_svg": {"name"},
    "image.svg.scripts": {"name", "what"},
    "image.svg.outside_href": {"name", "what"},
    "image.svg.refused": {"what"},
    "template.limit.integer": {"max"},
    "template.limit.number": {"error"},
    "serve.request.year_not_number": {"year"},
    "manifest.not_docgen": {"format"},
    "verify.pdf.signer_certificate_sha_signed": {"attested"},
    "verify.manifest.manifest_pdf_signed_same": {"name"},
    "verify.manifest.manifest_pdf_signed_different": {"name", "signer"},
    "verify.hashes.template_docgen_differs_from": {"rendered_by"},
    "verify.hashes.pdf_hash_matches_manifest": {"entry_name"},
    "verify.hashes.pdf_s_hash_differs": {"entry_name"},
    "serve.form.bad_yaml": {"problem"},
    "xlsx.moved.hint": {"version"},
    "xlsx.unreadable": {"error", "error_type"},
    "xlsx.moved": {"found"},
    "xlsx.limit.members": {"max"},
    "xlsx.limit.xml": {"max"},
    "xlsx.limit.inflated": {"xml_max"},
    "xlsx.limit.cell_chars": {"length"},
    "xlsx.limit.rows": {"max"},
    "annual.bad_organ_level": {"department", "government"},
    "annual.missing_table": {"what"},
    "annual.read.t2_row": {"label", "row", "block", "caption"},
    "annual.read.t2_block_rows": {"block", "caption"},
    "annual.read.t2_block": {"block", "caption"},
    "annual.read.t3_row": {"row", "label"},
    "annual.read.t3_twice": {"row", "label"},
    "annual.read.t4_group": {"group", "label"},
    "annual.read.t4_count": {"count"},
    "annual.read.unknown": {"note"},
    "annual.read.one_value": {"columns"},
    "annual.narrative.t3_received": {"row_i"},
    "annual.r.t2_valid": {"minus"},
    "annual.r.t2_items": {"where", "block", "row"},
    "annual.r.t3_org_subtotal": {"five", "header"},
    "composer.punctuation_fixed": {"fixes"},
    "composer.forms_fixed": {"fixes"},
    "report.unknown_section": {"keys", "meant", "name"},
    "report.missing_section": {"heading", "number"},
    "report.number_dropped": {"strip"},
    "gongwen.signers_missing": {"name"},
    "gongwen.bad_urgency": {"urgency", "choices"},
    "gongwen.seal_count": {"seals", "names"},
    "gongwen.attachment_punctuation": {"title"},
    "gongwen.bad_attendance": {"label", "choices"},
    "numbers.bad_doc_number": {"problems"},
    "numbers.bad_order_number": {"value"},
    "numbers.bad_copy_number": {"value"},
    "dates.invalid.month": {"year"},
    "dates.taken_as": {"label"},
    "batch.manifest.no_unit_column": {"cols"},
    "batch.manifest.row_without_unit": {"line"},
    "batch.dask.unreachable": {"error"},
    "values.bad.suffix_unit": {"units"},
    "values.bad.other_unit": {"written"},
    "validation.unknown_guess": {"title"},
    "docx.seal.not_raster": {"name", "shown", "mime"},
    "annual.previous.has_errors": {"first"},
    "annual.r14.unknown_section": {"heading", "keys"},
    "annual.r14.section_variant": {"key", "heading"},
    "annual.r14.section_empty": {"heading"},
    "annual.r13.date_too_late": {"note"},
    "annual.r14.wrong_version": {"document_number", "name", "expected"},
    "masthead.mark_too_long": {"min_height", "text_width", "min_scale"},
    "colophon.too_long": {"lines"},
    "check.args.previous_one_unit": {"folder"},
    "serve.path.not_data": {"suffixes"},
}


@dataclass(frozen=True)
class Said:
    """One call that says a message, as read from the source."""

    where: str  # file:line
    key: str | None  # None: the key is not a string literal
    fields: frozenset[str] | None  # None: the call passes **fields, which cannot be read
    hint_auto: bool  # an error's ``.of`` without ``hint=``: its ``<key>.hint`` entry is shown too


def _constructor(func: ast.expr, args: list[ast.expr]) -> str | None:
    """``Finding``/``error`` for a ``.of`` constructor of the messages API, ``msg``/``hint_of`` for those. An
    error's ``.of`` is known by its class's name (``…Error``, ``…Failed``) or, for another subclass
    (``Conflict``), by a dotted key as its first argument."""
    if isinstance(func, ast.Name) and func.id in ("msg", "hint_of"):
        return func.id
    if isinstance(func, ast.Attribute):
        if (
            func.attr in ("msg", "hint_of")
            and isinstance(func.value, ast.Name)
            and func.value.id == "messages"
        ):
            return func.attr
        if func.attr == "of" and isinstance(func.value, ast.Name | ast.Attribute):
            owner = func.value.id if isinstance(func.value, ast.Name) else func.value.attr
            if owner == "Finding":
                return "Finding"
            if owner == "ValueErrorEn":
                return "msg"
            first = args[0] if args else None
            if owner.endswith(("Error", "Failed")) or (
                isinstance(first, ast.Constant)
                and isinstance(first.value, str)
                and KEY.fullmatch(first.value)
            ):
                return "error"
    return None


def said_in(path: Path) -> Iterator[Said]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or (kind := _constructor(node.func, node.args)) is None:
            continue
        position = 2 if kind == "Finding" else 0
        where = f"{path.relative_to(ROOT)}:{node.lineno}"
        arg = node.args[position] if len(node.args) > position else None
        if path == PACKAGE / "errors.py" and isinstance(arg, ast.Name) and arg.id == "key":
            continue  # the constructors passing their own key on to ``msg``
        key = arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None
        names = {k.arg for k in node.keywords}
        if None in names:
            fields = None
        else:
            fields = frozenset(
                names - (ERROR_ARGS if kind == "error" else FINDING_ARGS if kind == "Finding" else set())
            )
        if kind == "hint_of" and key is not None:
            key += HINT
        yield Said(where, key, fields, kind == "error" and "hint" not in names)


def all_said() -> list[Said]:
    return [
        s
        for path in sorted(PACKAGE.rglob("*.py"))
        if PACKAGE / "messages" not in path.parents
        for s in said_in(path)
    ]


SAID = all_said()


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_the_scan_finds_the_calls() -> None:
    """The scan sees calls of each form (or every test below could pass on nothing)."""
    assert any(s.where.startswith("docgen/errors.py") and s.key == "errors.validation_failed" for s in SAID)
    assert {s.key for s in SAID} - {None}


def test_both_catalogues_have_the_same_keys() -> None:
    zh, en = set(catalogue("zh")), set(catalogue("en"))
    assert sorted(zh - en) == [], "no English text for these keys (add them to docgen/messages/en.py)"
    assert sorted(en - zh) == [], "no Chinese text for these keys (add them to docgen/messages/zh.py)"


def test_each_key_is_in_one_part_of_its_catalogue() -> None:
    """The parts are merged into one dict: a key in two parts would silently lose one text."""
    import importlib

    for lang in messages.LANGS:
        parts = importlib.import_module(f"docgen.messages.{lang}").PARTS
        assert sum(len(p) for p in parts) == len(catalogue(lang)), lang


def test_keys_are_dotted_names() -> None:
    assert [k for k in catalogue("zh") if not KEY.fullmatch(k)] == []


def test_each_key_has_the_same_placeholders_in_both_languages() -> None:
    zh, en = catalogue("zh"), catalogue("en")
    differ = {
        k: (sorted(placeholders(zh[k])), sorted(placeholders(en[k])))
        for k in zh.keys() & en.keys()
        if placeholders(zh[k]) ^ placeholders(en[k]) != ONE_SIDED.get(k, set())
    }
    assert differ == {}, "key: (Chinese placeholders, English placeholders)"


def test_placeholders_are_plain_names_and_templates_parse() -> None:
    reserved = ERROR_ARGS | FINDING_ARGS
    for lang in messages.LANGS:
        for key, template in catalogue(lang).items():
            names = placeholders(template)  # raises on a stray brace
            bad = [n for n in names if not n.isidentifier() or n in reserved]
            assert bad == [], f"{lang} {key}: placeholders must be plain names, not {sorted(reserved)}"
            template.format_map(dict.fromkeys(names, 0))


def test_every_key_said_is_in_the_catalogue() -> None:
    assert [s.where for s in SAID if s.key is None] == [], "keys must be string literals (one call per key)"
    assert sorted({f"{s.where}: {s.key}" for s in SAID if s.key not in catalogue("zh")}) == []


def test_every_entry_is_said_somewhere() -> None:
    used = {s.key for s in SAID} | {f"{s.key}{HINT}" for s in SAID if s.hint_auto}
    assert sorted(set(catalogue("zh")) - used) == [], "dead entries: delete them from both catalogues"


def test_each_call_passes_the_fields_its_templates_use() -> None:
    zh, en = catalogue("zh"), catalogue("en")
    wrong = {}
    for s in SAID:
        if s.key is None or s.key not in zh or s.fields is None:
            continue
        keys = [s.key] + ([s.key + HINT] if s.hint_auto and s.key + HINT in zh else [])
        needed = set().union(*(placeholders(zh[k]) | placeholders(en[k]) for k in keys))
        if s.fields != needed:
            wrong[s.where] = (s.key, sorted(s.fields), sorted(needed))
        else:  # and the templates fill with them
            for k in keys:
                zh[k].format_map(dict.fromkeys(s.fields, 0))
                en[k].format_map(dict.fromkeys(s.fields, 0))
    assert wrong == {}, "call: (key, fields passed, fields the templates use)"


def test_a_missing_translation_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check above on a catalogue with a key only in Chinese: it must name the key."""
    zh = dict(catalogue("zh"), **{"test.only_zh": "只有中文"})
    monkeypatch.setitem(messages._catalogues, "zh", zh)
    with pytest.raises(AssertionError, match=r"test\.only_zh"):
        test_both_catalogues_have_the_same_keys()


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> None:
    """Catalogues with a few test entries, so the API is tested apart from docgen's own messages."""
    zh = {
        "t.plain": "数据文件",
        "t.value": "无法识别“{value}”：{problem}",
        "t.value.hint": "检查“{value}”",
        "t.braces": "{{字面}} {n:,}",
    }
    en = {
        "t.plain": "data file",
        "t.value": "cannot read {value!r}: {problem}",
        "t.value.hint": "check {value!r}",
        "t.braces": "{{literal}} {n:,}",
    }
    monkeypatch.setitem(messages._catalogues, "zh", zh)
    monkeypatch.setitem(messages._catalogues, "en", en)


@pytest.mark.usefixtures("fake")
def test_msg_fills_each_language_with_its_side_of_a_text() -> None:
    said = msg("t.value", value="2018-13-16", problem=Text("月份无效", "month out of range"))
    assert said == Text("无法识别“2018-13-16”：月份无效", "cannot read '2018-13-16': month out of range")
    assert said.get("en") == said.en and said.get("zh") == said.zh
    assert msg("t.braces", n=12345) == Text("{字面} 12,345", "{literal} 12,345")
    assert hint_of("t.plain") is None and hint_of("t.value", value="x") == Text("检查“x”", "check 'x'")
    with pytest.raises(KeyError):
        msg("t.absent")


@pytest.mark.usefixtures("fake")
def test_an_error_takes_its_hint_from_the_catalogue() -> None:
    where = SourceRef("a.yaml", line=3)
    e = InputError.of("t.value", source=where, value="x", problem=Text("坏", "bad"))
    assert (e.message, e.message_en, e.hint, e.hint_en) == (
        "无法识别“x”：坏",
        "cannot read 'x': bad",
        "检查“x”",
        "check 'x'",
    )
    assert e.source is where and e.exit_code is ExitCode.BAD_INPUT and isinstance(e, InputError)
    assert e.text("en") == "a.yaml line 3: cannot read 'x': bad\nWhat to do: check 'x'"
    other = InputError.of(
        "t.plain", hint=msg("t.plain"), details=[Text("一", "one")], exit_code=ExitCode.INTERNAL
    )
    assert (other.hint, other.hint_en, other.details, other.details_en) == (
        "数据文件",
        "data file",
        ["一"],
        ["one"],
    )
    assert other.exit_code is ExitCode.INTERNAL and other.source is None
    layout = LayoutError.of("t.plain")  # takes no source: only what is given is passed
    assert (layout.message_en, layout.exit_code) == ("data file", ExitCode.INTERNAL)
    assert str(DocgenError.of("t.plain")) == "数据文件"


@pytest.mark.usefixtures("fake")
def test_a_finding_keeps_its_public_code() -> None:
    f = Finding.of(Severity.WARNING, "R13", "t.plain", None, origin="rules")
    assert (f.code, f.message, f.message_en, f.origin) == ("R13", "数据文件", "data file", "rules")
    assert f.text("en") == "R13 data file"
    reason = ValueErrorEn.of("t.plain")
    assert (str(reason), reason.en) == ("数据文件", "data file")


def test_validation_failed_says_the_catalogue_text_unless_told() -> None:
    e = ValidationFailed([])
    assert (e.message, e.message_en, e.exit_code) == (
        "数据校验未通过",
        "validation failed",
        ExitCode.FINDINGS,
    )
    assert ValidationFailed([], "定稿前须处理", "fix first").message_en == "fix first"


def test_the_catalogues_load_on_first_message_only() -> None:
    """Importing the errors (every command does) loads no catalogue; the first message loads both."""
    code = (
        "import sys, docgen.errors as e; "
        "assert not [m for m in sys.modules if m.startswith('docgen.messages.')]; "
        "e.ValidationFailed([]); "
        "assert {'docgen.messages.zh', 'docgen.messages.en'} <= set(sys.modules)"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
