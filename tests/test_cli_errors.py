"""Bad inputs: one Chinese paragraph naming the file and line, exit code 2, no traceback, no output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SEED_DATA
from typer.testing import CliRunner

from docgen.cli import app, main

GOOD = SEED_DATA.read_text(encoding="utf-8")


def cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "docgen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "200"},
    )


def _bad(tmp_path: Path, name: str, text: str, args: list[str] | None = None):
    data = tmp_path / name
    data.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    r = cli(["render", str(data), "--out", str(out), *(args or [])], tmp_path)
    produced = [p.name for p in out.iterdir()] if out.exists() else []
    return r, produced


def _assert_user_error(r: subprocess.CompletedProcess[str], produced: list[str], *expect: str) -> None:
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr + r.stdout
    for e in expect:
        assert e in r.stderr, r.stderr
    assert produced == [], produced


def test_malformed_yaml(tmp_path: Path) -> None:
    text = GOOD.replace("year: 2017", "year: [2017")
    r, produced = _bad(tmp_path, "r.yaml", text)
    _assert_user_error(r, produced, "r.yaml 第", "YAML 格式错误")


def test_malformed_json(tmp_path: Path) -> None:
    r, produced = _bad(
        tmp_path, "r.json", '{\n  "template": "annual-report-pre2019",\n  "organ": "x"\n  "year": 1\n}'
    )
    _assert_user_error(r, produced, "r.json 第 4 行", "JSON 格式错误")


def test_missing_required_field(tmp_path: Path) -> None:
    text = GOOD.replace("date: 2018-03-16\n", "")
    r, produced = _bad(tmp_path, "r.yaml", text)
    _assert_user_error(r, produced, "r.yaml 第 1 行", "缺少必填字段", "“date”（成文日期）")


def test_wrong_type(tmp_path: Path) -> None:
    text = GOOD.replace("year: 2017", "year: 二〇一七")
    r, produced = _bad(tmp_path, "r.yaml", text)
    line = text.splitlines().index("year: 二〇一七") + 1
    _assert_user_error(r, produced, f"r.yaml 第 {line} 行", "“year”（报告年度）", "应为整数")


def test_bad_date(tmp_path: Path) -> None:
    text = GOOD.replace("date: 2018-03-16", "date: 2018年13月16日")
    r, produced = _bad(tmp_path, "r.yaml", text)
    _assert_user_error(r, produced, "不是有效日期")


def test_unknown_template(tmp_path: Path) -> None:
    text = GOOD.replace("template: annual-report-pre2019", "template: annual-report-1999")
    r, produced = _bad(tmp_path, "r.yaml", text)
    _assert_user_error(
        r, produced, "r.yaml 第 5 行", "找不到模板“annual-report-1999”", "annual-report-pre2019"
    )


def test_unknown_field_is_named(tmp_path: Path) -> None:
    text = GOOD.replace("year: 2017", "year: 2017\norgan_name: 常德")
    r, produced = _bad(tmp_path, "r.yaml", text)
    _assert_user_error(r, produced, "organ_name", "未知字段")


def test_control_character_refused(tmp_path: Path) -> None:
    text = GOOD.replace("由常德市民政局编制", "由常德市民政局\x0b编制")
    r, produced = _bad(tmp_path, "r.yaml", text)
    _assert_user_error(r, produced, "控制字符 U+000B")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere; covered below with a file as folder")
def test_unwritable_output_folder(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    r = cli(["render", str(SEED_DATA), "--out", str(locked / "x")], tmp_path)
    assert r.returncode == 2 and "无法写入输出文件夹" in r.stderr


def test_output_folder_is_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("not a folder")
    r = cli(["render", str(SEED_DATA), "--out", str(blocker)], tmp_path)
    assert r.returncode == 2
    assert "无法写入输出文件夹" in r.stderr and "Traceback" not in r.stderr
    assert blocker.read_text() == "not a folder"


def test_english_messages(tmp_path: Path) -> None:
    data = tmp_path / "r.yaml"
    data.write_text(GOOD.replace("year: 2017", "year: [2017"), encoding="utf-8")
    r = cli(["--lang", "en", "check", str(data)], tmp_path)
    assert r.returncode == 2 and "malformed YAML" in r.stderr and "line" in r.stderr


def test_existing_output_kept_when_render_fails(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "r.pdf").write_bytes(b"old")
    data = tmp_path / "r.yaml"
    data.write_text(GOOD.replace("date: 2018-03-16\n", ""), encoding="utf-8")
    r = cli(["render", str(data), "--out", str(out)], tmp_path)
    assert r.returncode == 2
    assert (out / "r.pdf").read_bytes() == b"old"
    assert sorted(p.name for p in out.iterdir()) == ["r.pdf"]


def test_check_passes_on_seed(tmp_path: Path) -> None:
    r = cli(["check", str(SEED_DATA)], tmp_path)
    assert r.returncode == 0, r.stderr
    assert "检查通过" in r.stdout
    assert "半角标点改为全角" in r.stderr  # the seed's pasted punctuation is reported


def test_pasted_quotes_doc_numbers_and_enumerators_are_corrected_with_notices(tmp_path: Path) -> None:
    body = '  一.总体情况\n\n  根据(国办发[2009]3号)精神,实施"三支一扶"等项目.\n'
    data = tmp_path / "r.yaml"
    data.write_text(GOOD.replace("preface: |\n", "preface: |\n" + body + "\n", 1), encoding="utf-8")
    assert body in data.read_text(encoding="utf-8")
    r = cli(["check", str(data), "--verbose"], tmp_path)
    assert r.returncode == 0, r.stderr
    assert "已按 GB/T 9704 更正 1 处写法：第 2 字“.”→“、”" in r.stderr
    assert "已按 GB/T 9704 更正 1 处写法：第 7 字“[2009]”→“〔2009〕”" in r.stderr
    assert '第 21 字 " → “' in r.stderr
    dump = cli(["dump", str(data)], tmp_path).stdout
    assert "根据（国办发〔2009〕3号）精神，实施“三支一扶”等项目。" in dump
    typed = data.read_text(encoding="utf-8").replace("    1.不断强化组织保障。", "    1、不断强化组织保障。")
    assert "1、不断强化组织保障。" in typed
    data.write_text(typed, encoding="utf-8")
    assert "Paragraph <3:1.不断强化组织保障。>" in cli(["dump", str(data)], tmp_path).stdout  # a lead again
    assert "总体情况" in dump and "一.总体情况" not in dump


def test_invisible_characters_pasted_from_web_pages_are_removed_with_a_notice(tmp_path: Path) -> None:
    """Zero-width spaces and a byte-order mark (copied from web pages): they printed as boxes, and one in
    the 发文字号 made it fail its check with no visible cause."""
    notice = (ROOT / "inputs" / "notice-2024.yaml").read_text(encoding="utf-8")
    notice = notice.replace("doc_number: 常民发〔2024〕3号", "doc_number: 常民发〔2024〕3号\u200b")
    notice = notice.replace("  一、明确编制内容", "  一、明确\u200b编制\ufeff内容")
    line = notice[: notice.index("一、明确")].count("\n") + 1  # the body's 3rd line: named itself
    assert notice.count("\u200b") == 2
    (tmp_path / "seals").mkdir()
    (tmp_path / "seals" / "specimen-seal.png").write_bytes(
        (ROOT / "inputs" / "seals" / "specimen-seal.png").read_bytes()
    )
    data = tmp_path / "n.yaml"
    data.write_text(notice, encoding="utf-8")
    r = cli(["check", str(data)], tmp_path)
    assert r.returncode == 0, r.stderr
    assert "已删除 1 个不可见的格式字符：U+200B（零宽空格）" in r.stderr and "n.yaml 第 5 行" in r.stderr
    assert "已删除 2 个不可见的格式字符：U+200B（零宽空格）、U+FEFF（字节顺序标记 BOM）" in r.stderr
    assert f"n.yaml 第 {line} 行" in r.stderr.split("U+FEFF")[1].splitlines()[0]
    r = cli(["render", str(data), "--out", str(tmp_path / "out")], tmp_path)
    assert r.returncode == 0, r.stderr
    assert "空框" not in r.stderr.replace("会印成空框", "")  # no font fallback to boxes


def test_templates_and_fonts_commands(tmp_path: Path) -> None:
    r = cli(["templates"], tmp_path)
    assert r.returncode == 0 and "annual-report-pre2019" in r.stdout
    r = cli(["fonts", str(SEED_DATA)], tmp_path)
    assert r.returncode == 0, r.stderr
    for role in ("仿宋", "黑体", "楷体", "宋体", "小标宋"):
        assert role in r.stdout
    assert "HarfBuzz" in r.stdout


def test_main_is_the_boundary(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as e:
        main(["check", str(tmp_path / "missing.yaml")])
    assert e.value.code == 2
    assert "找不到数据文件" in capsys.readouterr().err


def test_app_help() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0 and "render" in result.output


def test_bad_option_value_is_a_usage_error(tmp_path: Path) -> None:
    r = cli(["render", str(SEED_DATA), "--format", "xyz", "--out", str(tmp_path / "o")], tmp_path)
    assert r.returncode == 2 and "不支持的格式" in r.stderr and "内部错误" not in r.stderr
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


def test_cli_marks_drafts_unless_told_not_to(tmp_path: Path) -> None:
    import pdfplumber

    def first_page_text(*extra: str) -> str:
        out = tmp_path / ("a" if extra else "b")
        r = cli(["render", str(SEED_DATA), "--format", "pdf", "--out", str(out), *extra], tmp_path)
        assert r.returncode == 0, r.stderr
        with pdfplumber.open(out / "changde-2017.pdf") as pdf:
            return "".join((pdf.pages[0].extract_text() or "").split())

    assert "草稿" in first_page_text()
    assert "草稿" not in first_page_text("--no-draft-mark")


def test_notices_are_summarised_unless_verbose(tmp_path: Path) -> None:
    short = cli(["check", str(SEED_DATA)], tmp_path).stderr
    assert short.count("半角标点改为全角") == 3 and "另有 20 条同类提示" in short
    full = cli(["--verbose", "check", str(SEED_DATA)], tmp_path).stderr
    assert full.count("半角标点改为全角") == 23 and "另有" not in full


def test_libyaml_and_python_parsers_read_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    """Data files are parsed by libyaml (errors again by PyYAML's own parser): same values, same positions,
    same errors."""
    from docgen.data import loader
    from docgen.errors import DocgenError

    def read(path: Path) -> object:
        try:
            got = loader.load_data(path)
        except DocgenError as e:
            return e.text()
        return got.values, got.locate.positions

    root = Path(__file__).resolve().parent.parent
    files = sorted(root.glob("inputs/**/*.yaml")) + sorted(root.glob("templates/*/template.yaml"))
    assert loader._LIBYAML is not None and len(files) > 20
    fast = [read(p) for p in files]
    assert any(isinstance(r, str) for r in fast)  # the example batch's deliberate errors
    monkeypatch.setattr(loader, "_LIBYAML", None)
    for p, got in zip(files, fast, strict=True):
        assert got == read(p), p


def test_loading_a_file_leaves_nothing_behind() -> None:
    """A batch worker loads one file after another: nothing of a loaded file may stay in memory (the YAML
    constructor used to keep every scalar node it built, and every garbage collection walked them)."""
    import gc

    from docgen.data import loader

    path = Path(__file__).resolve().parent.parent / "inputs" / "annual-2024-example.yaml"
    loader.load_data(path)
    gc.collect()
    before = len(gc.get_objects())
    for _ in range(5):
        loader.load_data(path)
    gc.collect()
    assert len(gc.get_objects()) - before < 50


def test_unclosed_quote_or_bracket_points_where_it_opened(tmp_path: Path) -> None:
    """A text whose closing quote is missing runs to the end of the file: the message names the line where
    the quote opened, in Chinese, not the file's end."""
    lines = GOOD.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("organ:"))
    lines[at] = 'organ: "常德市民政局'
    r, produced = _bad(tmp_path, "q.yaml", "\n".join(lines) + "\n")
    _assert_user_error(r, produced, f"q.yaml 第 {at + 1} 行", "引号没有闭合")
    r, produced = _bad(tmp_path, "b.yaml", GOOD.rstrip("\n") + "\nkeywords: [民政, 公开\n")
    _assert_user_error(r, produced, f"b.yaml 第 {len(GOOD.rstrip(chr(10)).splitlines()) + 1} 行", "方括号")


def _run_script(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=300, env=os.environ
    )


def test_the_process_exits_without_teardown_but_with_everything_an_exit_owes(tmp_path: Path) -> None:
    """``docgen`` (``cli.run``) skips the interpreter's teardown, not what an exit owes: the exit code of
    ``main``, the output flushed into a pipe, ``atexit`` functions run; with another thread still
    running it ends the usual way, after that thread."""
    prelude = (
        "import atexit, sys, threading, time\n"
        "atexit.register(lambda: print('atexit ran', flush=True))\n"
        "from docgen.cli import run\n"
    )
    ok = _run_script(prelude + "sys.argv = ['docgen', '--version']\nrun()\n", tmp_path)
    assert ok.returncode == 0 and ok.stdout.splitlines()[-1] == "atexit ran" and "docgen" in ok.stdout
    bad = _run_script(prelude + "sys.argv = ['docgen', 'check', 'missing.yaml']\nrun()\n", tmp_path)
    assert bad.returncode == 2 and "missing.yaml" in bad.stderr and "atexit ran" in bad.stdout
    thread = (
        "t = threading.Thread(target=lambda: (time.sleep(0.5), print('thread done', flush=True)))\n"
        "t.start()\nsys.argv = ['docgen', '--version']\nrun()\n"
    )
    waited = _run_script(prelude + thread, tmp_path)
    assert waited.returncode == 0 and "thread done" in waited.stdout and "atexit ran" in waited.stdout
    # a daemon thread (rich's refresh thread after a progress bar) is left behind, as the usual exit leaves it
    daemon = thread.replace("threading.Thread(", "threading.Thread(daemon=True, ")
    left = _run_script(prelude + daemon, tmp_path)
    assert left.returncode == 0 and "thread done" not in left.stdout and "atexit ran" in left.stdout
