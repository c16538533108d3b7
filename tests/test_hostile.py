"""Inputs that cannot hurt: each hostile file is a fast exit 2 that names the file and the limit, never a hang,
a multi-GB process or an internal error (exit 3).

The CLI runs in a subprocess under an address-space limit (``RLIMIT_AS``) and a CPU-time limit
(``RLIMIT_CPU``): a run that would need gigabytes fails with MemoryError (exit 3) and one that would spin for
minutes is killed, so the bounds are asserted by the kernel, not by a wall-clock race. The hostile files are built
here, small on disk.
"""

from __future__ import annotations

import json
import os
import random
import re
import resource
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT, SEED_DATA

GOOD = SEED_DATA.read_text(encoding="utf-8")
MEMORY = 1536 * 1024 * 1024  # bytes of address space: the seed renders in ~400 MB
CPU_SECONDS = 60


def _limits(memory: int, cpu: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))

    return apply


def cli(
    args: list[str], cwd: Path, memory: int = MEMORY, cpu: int = CPU_SECONDS
) -> subprocess.CompletedProcess[str]:
    """``python -m docgen ARGS`` bounded in memory and CPU time."""
    return subprocess.run(
        [sys.executable, "-m", "docgen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        preexec_fn=_limits(memory, cpu),
        env={**os.environ, "COLUMNS": "200"},
    )


def refused(r: subprocess.CompletedProcess[str], *expect: str) -> None:
    """Exit 2 with a message, no traceback, every ``expect`` in the message."""
    assert r.returncode == 2, (r.returncode, r.stderr[-3000:])
    assert "Traceback" not in r.stderr and "内部错误" not in r.stderr, r.stderr[-3000:]
    for e in expect:
        assert e in r.stderr, (e, r.stderr[-3000:])


def render(
    tmp_path: Path, name: str, text: str, *args: str, cpu: int = CPU_SECONDS
) -> subprocess.CompletedProcess[str]:
    data = tmp_path / name
    data.write_text(text, encoding="utf-8", errors="surrogatepass")
    r = cli(["render", str(data), "--out", str(tmp_path / "out"), *args], tmp_path, cpu=cpu)
    out = tmp_path / "out"
    assert not out.exists() or not any(out.iterdir()), list(out.iterdir())
    return r


# --- command line ---------------------------------------------------------------------------------------------


def test_version_alone(tmp_path: Path) -> None:
    from docgen import __version__

    r = cli(["--version"], tmp_path)
    assert r.returncode == 0 and r.stdout.strip() == f"docgen {__version__}", r


def test_global_options_after_the_command(tmp_path: Path) -> None:
    """``check -v`` lists every notice (the seed has more punctuation notices than are shown without it);
    ``--lang en`` after the command switches the language."""
    quiet = cli(["check", str(SEED_DATA)], tmp_path)
    verbose = cli(["check", "-v", str(SEED_DATA)], tmp_path)
    assert quiet.returncode == verbose.returncode == 0, verbose.stderr
    assert "加 --verbose 查看全部" in quiet.stderr and "加 --verbose 查看全部" not in verbose.stderr
    assert verbose.stderr.count("提示") > quiet.stderr.count("提示")
    en = cli(["check", str(SEED_DATA), "--lang", "en"], tmp_path)
    assert en.returncode == 0 and "check passed" in en.stdout, en.stderr


def test_unknown_language_is_refused(tmp_path: Path) -> None:
    r = cli(["--lang", "fr", "check", str(SEED_DATA)], tmp_path)
    refused(r, "不支持的消息语言“fr”", "unsupported message language 'fr'", "zh", "en")  # both: unknown
    r = cli(["check", str(SEED_DATA), "--lang=english"], tmp_path)  # refused, in the language it meant
    refused(r, "unsupported message language 'english'")
    r = cli(["--lang", "en-US", "check", str(SEED_DATA)], tmp_path)
    assert r.returncode == 0 and "check passed" in r.stdout, r.stderr


def test_cli_does_not_import_click() -> None:
    """Typer 0.29 no longer depends on click and docgen does not declare it: importing it fails in a clean
    install (scripts/cleanvenv.sh proves the whole install in CI)."""
    code = "import sys; sys.modules['click'] = None; import docgen.cli; docgen.cli.main(['--version'])"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "docgen" in r.stdout, r.stderr


# --- data files -----------------------------------------------------------------------------------------------

NOTICE = (
    "template: notice\nissuer: 常德市民政局\ntitle: 关于测试的通知\naddressee: [各单位]\ndate: 2024-01-05\n"
)


# 9 anchors, each a list of 9 aliases of the one before: 9⁹ = 387 million strings once expanded
LAUGHS = (
    "\n".join(
        ['a0: &a0 ["笑", "笑", "笑", "笑", "笑", "笑", "笑", "笑", "笑"]']
        + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    )
    + "\n"
)


def test_yaml_alias_expansion(tmp_path: Path) -> None:
    """Billion laughs: 2 KB that expands to 9⁹ strings (4.7 GB before the limit)."""
    text = NOTICE + "body: 正文。\n" + LAUGHS
    assert len(text.encode()) < 2048
    refused(render(tmp_path, "r.yaml", text), "r.yaml 第", "别名（*引用）展开后", "超出限制")


def test_yaml_nesting_depth(tmp_path: Path) -> None:
    """1,000 nested lists overflowed the stack (RecursionError, exit 3)."""
    text = NOTICE + "body: 正文。\nx: " + "[" * 1000 + "]" * 1000 + "\n"
    refused(render(tmp_path, "r.yaml", text), "r.yaml 第 7 行", "嵌套超过 50 层")
    block = NOTICE + "body: 正文。\nx:\n" + "".join("  " * i + "- \n" for i in range(1, 400))
    refused(render(tmp_path, "b.yaml", block), "b.yaml 第", "嵌套超过 50 层")


def test_json_nesting_depth(tmp_path: Path) -> None:
    text = '{"template": "notice", "x": ' + "[" * 5000 + "]" * 5000 + "}"
    refused(render(tmp_path, "r.json", text), "r.json 第 1 行", "嵌套超过 50 层")


def test_too_many_values_before_composing(tmp_path: Path) -> None:
    """A 2 MB list of a million numbers: refused on the event stream in under a second of CPU (composing it
    first took 4–6 s; 18 MB of them 58 s and 2.7 GB)."""
    text = NOTICE + "body: 正文。\nx: [" + "1," * 1_000_000 + "1]\n"
    refused(render(tmp_path, "r.yaml", text, cpu=3), "r.yaml 第 7 行", "超过 100000 个值")
    json_text = '{"x": [' + "1," * 1_000_000 + "1]}"
    refused(render(tmp_path, "r.json", json_text, cpu=3), "r.json 第 1 行", "超过 100000 个值")


def test_field_too_long(tmp_path: Path) -> None:
    """A field of 200,001 characters names the field and the limit (a 5 MB paragraph took 135 s)."""
    text = NOTICE + "body: " + "x" * 200_001 + "\n"
    refused(render(tmp_path, "r.yaml", text), "r.yaml 第 6 行", "字段“body”", "每个字段上限 200000 字")


@pytest.mark.parametrize("tail", ["", "://", "@x"])
def test_a_field_of_letters_at_the_limit_is_checked_in_seconds(tmp_path: Path, tail: str) -> None:
    """200,000 letters in one paragraph (the field limit): the punctuation pass looked for ``://`` and ``@``
    from every start of the run again (60,000 letters: 14 s; 200,000: minutes)."""
    data = tmp_path / "r.yaml"
    data.write_text(NOTICE + "body: " + "a" * (200_000 - len(tail)) + tail + "\n", encoding="utf-8")
    r = cli(["check", str(data)], tmp_path, cpu=10)
    assert r.returncode in (0, 1), (r.returncode, r.stderr[-2000:])


def test_too_many_paragraphs(tmp_path: Path) -> None:
    """5,001 paragraphs (20,000 took 82 s)."""
    text = NOTICE + "body: |\n" + "  段。\n\n" * 5_001
    refused(render(tmp_path, "r.yaml", text), "字段“body”", "段落过多（全文件超过 5000 段）")


def test_too_much_text_through_aliases(tmp_path: Path) -> None:
    """One long field repeated by aliases: each repetition counts (the document would print it each time)."""
    text = NOTICE + "body: &b " + "x" * 150_000 + "\nattachments: [" + ", ".join(["*b"] * 5) + "]\n"
    refused(render(tmp_path, "r.yaml", text), "别名（*引用）展开后全文件文字超过 600000 字")


def test_lone_surrogate(tmp_path: Path) -> None:
    """A ``\\ud800`` escape: render died on encoding it (exit 3) while check passed it; both refuse its line."""
    text = NOTICE + 'body: "正文\\ud800。"\n'
    refused(render(tmp_path, "r.yaml", text), "r.yaml 第 6 行", "U+D800")
    (tmp_path / "r.json").write_text('{"template": "notice",\n "body": "\\udc00"}', encoding="utf-8")
    refused(cli(["check", str(tmp_path / "r.json")], tmp_path), "r.json 第 2 行", "U+DC00")


# --- templates ------------------------------------------------------------------------------------------------

NESTED_LOOPS = "{% for i in range(99999) %}{% for j in range(99999) %}{{ j }}{% endfor %}{% endfor %}"
SILENT_LOOPS = "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}"
DEEP = "".join(f"{{% for a{i} in range(2) %}}" for i in range(25)) + "x" + "{% endfor %}" * 25
DOUBLING = "{% set ns = namespace(s='笑') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}"


@pytest.mark.parametrize(
    ("fragment", "expect"),
    [
        ("{% include 'x.txt' %}", "不能引用其他模板"),
        ("{% import 'm.txt' as m %}{{ m.x }}", "不能引用其他模板"),
        ("{{ range(10**8)|length }}", "模板超出限制"),
        ("{{ '笑' * 4e8 }}", "模板执行出错"),
        ("{{ '笑' * 400000000 }}", "重复生成的文字超过 1000000 字"),
        ("{{ 'x'|center(10**9) }}", "参数 1000000000 超过上限"),
        (NESTED_LOOPS, "模板超出限制"),
        (SILENT_LOOPS, "循环和调用超过 1000000 次"),
        (DEEP, "嵌套过深"),
        (DOUBLING, "拼接的文字超过 1000000 字"),
        ("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}", "递归过深"),
        ('{{ "\\ud800" }}', "模板生成了无法写入文档的字符 U+D800"),
    ],
    ids=[
        "include",
        "import",
        "range",
        "float-repeat",
        "repeat",
        "filter-width",
        "nested-loops",
        "silent-loops",
        "deep-nesting",
        "doubling",
        "recursion",
        "surrogate",
    ],
)
def test_hostile_user_template(tmp_path: Path, fragment: str, expect: str) -> None:
    """A user's template (``--templates``) whose 结束语 fragment is hostile: exit 2 naming template.yaml."""
    folder = tmp_path / "tpl" / "notice"
    folder.mkdir(parents=True)
    spec = (ROOT / "templates" / "notice" / "template.yaml").read_text(encoding="utf-8")
    assert "closing: 特此通知。" in spec
    (folder / "template.yaml").write_text(
        spec.replace("closing: 特此通知。", f"closing: {json.dumps(fragment, ensure_ascii=False)}"),
        encoding="utf-8",
    )
    r = render(tmp_path, "r.yaml", NOTICE + "body: 正文。\n", "--templates", str(tmp_path / "tpl"))
    refused(r, "template.yaml 第", expect)


# --- images ---------------------------------------------------------------------------------------------------


def _png_header(width: int, height: int) -> bytes:
    """A PNG that declares ``width × height`` RGBA pixels: a few bytes on disk, gigabytes once decoded."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")

    ihdr = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 6, 0, 0, 0])
    rows = zlib.compress(b"\0" * (1 + 4 * width) * 8)  # the first rows only
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


SEAL_SVG = (ROOT / "docgen" / "assets" / "seal-specimen.svg").read_text(encoding="utf-8")
BOX = 'viewBox="0 0 420 420"'
USE_BOMB = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'
    '<defs><g id="a0"><circle r="1" fill="red"/></g>'
    + "".join(f'<g id="a{i}">' + f'<use xlink:href="#a{i - 1}"/>' * 10 + "</g>" for i in range(1, 9))
    + '</defs><use xlink:href="#a8"/></svg>'
)


SEAL_CASES = [
    ("big.png", _png_header(13_000, 13_000), "像素过多（13000×13000，上限 25 百万像素）"),
    ("huge.png", _png_header(20_000, 20_000), "像素过多（20000×20000"),
    ("import.svg", SEAL_SVG.replace(BOX, BOX + '><style>@import "x.css";</style'), "外部样式表"),
    ("nan.svg", SEAL_SVG.replace(BOX, 'viewBox="0 0 nan nan"'), "viewBox“0 0 nan nan”无效"),
    ("inf.svg", SEAL_SVG.replace(BOX, 'viewBox="0 0 420 inf"'), "viewBox“0 0 420 inf”无效"),
    ("ab.svg", SEAL_SVG.replace(BOX, 'viewBox="a b"'), "viewBox“a b”无效"),
    ("tall.svg", SEAL_SVG.replace(BOX, 'viewBox="0 0 1 100000"'), "宽高比例不合理"),
    ("blank.svg", '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"/>', "无法绘制"),
    ("bomb.svg", USE_BOMB, "展开 <use> 引用后超过 20000 个元素"),
]


@pytest.mark.parametrize(("name", "content", "expect"), SEAL_CASES, ids=[c[0] for c in SEAL_CASES])
def test_hostile_seal(tmp_path: Path, name: str, content: str | bytes, expect: str) -> None:
    seal = tmp_path / name
    if isinstance(content, bytes):
        assert len(content) < 50_000
        seal.write_bytes(content)
    else:
        seal.write_text(content, encoding="utf-8")
    r = render(tmp_path, "r.yaml", NOTICE + f"body: 正文。\nsealed: true\nseal: {name}\n")
    refused(r, "r.yaml 第 8 行", f"印章图片“{name}”", expect)
    assert "DecompressionBomb" not in r.stderr and "已损坏" not in r.stderr


# --- workbooks ------------------------------------------------------------------------------------------------


def _workbook(tmp_path: Path, extra: dict[str, bytes] | None = None, name: str = "r.xlsx") -> Path:
    """docgen's own annual-report workbook, with ``extra`` members added to its zip."""
    from docgen import api

    path = api.init("annual-report", 2024, tmp_path / name)
    if extra:
        with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
            for member, data in extra.items():
                z.writestr(member, data)
    return path


def test_workbook_zip_bomb(tmp_path: Path) -> None:
    """A member that inflates 1,000 times (a 1.2 MB workbook inflating to 1.2 GB took 28 s and 3.7 GB)."""
    path = _workbook(tmp_path, {"xl/media/image1.png": b"\0" * (64 * 1024 * 1024)})
    assert path.stat().st_size < 200_000
    refused(cli(["render", str(path), "--out", str(tmp_path / "out")], tmp_path), "r.xlsx", "压缩比异常")


def test_manifest_workbook_zip_bomb(tmp_path: Path) -> None:
    """A batch's unit list is a user workbook too: checked before openpyxl parses it."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["unit", "template", "organ"])
    wb.active.append(["甲县", "notice", "甲县人民政府"])
    path = tmp_path / "units.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/media/image1.png", b"\0" * (64 * 1024 * 1024))
    assert path.stat().st_size < 200_000
    for args in (["batch", str(path), "--out", str(tmp_path / "out")], ["check", str(path)]):
        refused(cli(args, tmp_path), "units.xlsx", "压缩比异常")


def test_workbook_too_much_xml(tmp_path: Path) -> None:
    """Sheet XML beyond 5 MB, each member compressing only ~10x (17 MB of XML took openpyxl 24 s)."""
    rng = random.Random(1)
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{rng.random()}</v></c></row>' for r in range(10, 60_000))
    xml = f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}'
    extra = {f"xl/worksheets/extra{i}.xml": (xml + "</sheetData></worksheet>").encode() for i in range(3)}
    path = _workbook(tmp_path, extra)
    refused(cli(["check", str(path)], tmp_path), "r.xlsx", "解压后超过 5 MB（表格内容）")


def test_workbook_too_many_members(tmp_path: Path) -> None:
    path = _workbook(tmp_path, {f"xl/media/x{i}.bin": b"x" for i in range(600)})
    refused(cli(["check", str(path)], tmp_path), "r.xlsx", "包含 6", "个文件（上限 500）")


def test_workbook_rows_far_down(tmp_path: Path) -> None:
    """One cell at row 1,048,576 of 基本信息 made the reader walk a million rows."""
    import openpyxl

    path = _workbook(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["基本信息"].cell(1_048_576, 1, "x")
    wb.save(path)
    refused(cli(["check", str(path)], tmp_path), "r.xlsx", "工作表“基本信息”有 1048576 行（上限 1000）")


def test_workbook_loaded_once_formulas_still_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One openpyxl load (there were two: values, then formulas); a formula without a saved result is still
    reported at its cell, and one with a saved result gives that result."""
    import openpyxl

    from docgen.data.loader import load_data
    from docgen.errors import InputError

    path = _workbook(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["基本信息"]["B4"] = "=2020+4"  # 报告年度: openpyxl saves no result
    wb.save(path)
    loads: list[object] = []
    real = openpyxl.load_workbook
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: loads.append(a) or real(*a, **k))
    with pytest.raises(InputError) as e:
        load_data(path)
    assert len(loads) == 1
    assert "单元格是公式“=2020+4”，但文件中没有保存计算结果" in e.value.message
    assert e.value.source is not None and e.value.source.cell == "B4"
    # the same formula with the result Excel would have saved
    with zipfile.ZipFile(path) as z:
        members = {i.filename: z.read(i.filename) for i in z.infolist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    assert "<f>2020+4</f><v></v>" in sheet or "<f>2020+4</f><v />" in sheet or "<f>2020+4</f>" in sheet
    sheet = re.sub(r"<f>2020\+4</f>(<v\s*/>|<v></v>)?", "<f>2020+4</f><v>2024</v>", sheet)
    members["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for member, data in members.items():
            z.writestr(member, data)
    loads.clear()
    loaded = load_data(path)
    assert loaded.values["year"] == 2024 and len(loads) == 1


def test_workbook_cell_too_long(tmp_path: Path) -> None:
    """A cell's XML can hold far more than Excel's 32,767 characters: the data files' field limit applies."""
    path = _workbook(tmp_path)
    with zipfile.ZipFile(path) as z:
        members = {i.filename: z.read(i.filename) for i in z.infolist()}
    sheet = members["xl/worksheets/sheet2.xml"].decode()  # 正文
    text = '<c r="B3" t="inlineStr"><is><t>' + "x" * 200_001 + "</t></is></c>"
    sheet = re.sub(r'<c r="B3"[^>]*/>|<c r="B3".*?</c>', lambda m: text, sheet, count=1)
    assert "x" * 200_001 in sheet
    members["xl/worksheets/sheet2.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for member, data in members.items():
            z.writestr(member, data)
    refused(cli(["check", str(path)], tmp_path), "r.xlsx 正文!B3", "每格上限 200000 字")


# --- outputs --------------------------------------------------------------------------------------------------


def test_outputs_all_or_nothing(tmp_path: Path) -> None:
    """The DOCX cannot be replaced (a folder has its name): the new PDF must not stay in place either, the old
    files are as they were, nothing temporary is left, and the message names the file."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "r.pdf").write_bytes(b"old pdf")
    (out / "r.docx").mkdir()
    (out / "r.docx" / "x").write_bytes(b"")
    data = tmp_path / "r.yaml"
    data.write_text(NOTICE + "body: 正文。\n", encoding="utf-8")
    r = cli(["render", str(data), "--out", str(out)], tmp_path)
    refused(r, "写入“r.docx”失败：同名的文件夹已存在", "原有文件保持不变")
    assert (out / "r.pdf").read_bytes() == b"old pdf"
    assert sorted(p.name for p in out.iterdir()) == ["r.docx", "r.pdf"]


def test_write_all_restores_on_a_late_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second rename fails after the first new file is in place: the first old file comes back."""
    from docgen import output
    from docgen.errors import OutputError

    a, b = tmp_path / "a.pdf", tmp_path / "b.docx"
    a.write_bytes(b"old a")
    real = os.replace

    def replace(src: object, dst: object) -> None:
        if Path(str(dst)) == b:
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(output.os, "replace", replace)
    with pytest.raises(OutputError) as e:
        output.write_all({a: b"new a", b: b"new b"})
    assert a.read_bytes() == b"old a" and not b.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf"]
    assert "写入“b.docx”失败：磁盘空间不足" in e.value.message and "原有文件保持不变" in e.value.hint


def test_output_folder_under_a_file(tmp_path: Path) -> None:
    (tmp_path / "report.pdf").write_bytes(b"x")
    data = tmp_path / "r.yaml"
    data.write_text(NOTICE + "body: 正文。\n", encoding="utf-8")
    r = cli(["render", str(data), "--out", str(tmp_path / "report.pdf" / "out")], tmp_path)
    refused(r, f"“{tmp_path / 'report.pdf'}”是一个文件，不是文件夹")


def test_batch_goes_on_past_hostile_units(tmp_path: Path) -> None:
    """A billion-laughs unit and a 1,000-deep one fail on their own (they stalled or aborted the whole batch);
    the good unit is written."""
    units = tmp_path / "units"
    units.mkdir()
    good = sorted(p for p in (ROOT / "inputs" / "batch-2024").glob("*.yaml") if not p.name.startswith("_"))[0]
    for p in (ROOT / "inputs" / "batch-2024").glob("_*.yaml"):
        (units / p.name).write_bytes(p.read_bytes())
    (units / good.name).write_bytes(good.read_bytes())
    (units / "zz-laughs.yaml").write_text(LAUGHS, encoding="utf-8")
    (units / "zz-deep.yaml").write_text("x: " + "[" * 1000 + "]" * 1000 + "\n", encoding="utf-8")
    r = cli(["batch", str(units), "--out", str(tmp_path / "out"), "-j", "1", "-f", "pdf"], tmp_path)
    assert "Traceback" not in r.stderr and "内部错误" not in r.stderr, r.stderr[-3000:]
    assert "已生成 1 个，失败 2 个" in r.stdout + r.stderr, (r.stdout + r.stderr)[-3000:]
    assert list((tmp_path / "out").rglob("*.pdf")), list((tmp_path / "out").rglob("*"))


def test_os_errors_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The system's (English) error text is translated where docgen reads and writes files."""
    import errno

    from docgen.data.loader import load_data
    from docgen.errors import InputError
    from docgen.output import os_error_zh

    assert os_error_zh(OSError(errno.ENOSPC, "No space left on device")) == "磁盘空间不足"
    assert os_error_zh(OSError(errno.EACCES, "Permission denied")) == "没有权限"
    assert os_error_zh(OSError(9999, "Odd")) == "系统错误（Odd）"
    data = tmp_path / "r.yaml"
    data.write_text("template: notice\n", encoding="utf-8")

    def denied(self: Path) -> bytes:
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(InputError) as e:
        load_data(data)
    assert e.value.message == "无法读取数据文件：没有权限"
