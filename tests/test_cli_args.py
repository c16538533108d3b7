"""Command-line values that are not UTF-8 (``--signer $'\\xff'``, a GBK file name): exit 2 naming the option or
argument, never exit 3 (Python hands them over as lone surrogates, which fail at the first encode)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from docgen.cli import main
from docgen.cli.args import shown

NOTICE = ROOT / "inputs" / "notice-2024.yaml"


def docgen(*args: str | bytes, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The command as a shell runs it: arguments given as bytes reach Python undecoded."""
    return subprocess.run(
        [sys.executable, "-m", "docgen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env={**os.environ, "COLUMNS": "250"},
        timeout=120,
    )


@pytest.mark.skipif(sys.platform == "win32", reason="argv is text on Windows")
@pytest.mark.parametrize(
    ("args", "expect"),
    [
        (["--signer", b"\xff"], "选项 --signer 的值“\\xff”含有不是 UTF-8 编码的字节"),
        ([b"--organ=a\xe5\xbc"], "选项 --organ 的值“a\\xe5\\xbc”"),
        (["-o", b"out\xb9\xab"], "选项 -o 的路径“out\\xb9\\xab”"),
    ],
    ids=["signer", "organ=", "out"],
)
def test_an_option_value_that_is_not_utf8(tmp_path: Path, args: list[str | bytes], expect: str) -> None:
    r = docgen("render", str(NOTICE), "--final", *args, cwd=tmp_path)
    assert r.returncode == 2, r.stderr
    assert expect in r.stderr and "处理办法" in r.stderr and "Traceback" not in r.stderr
    assert list(tmp_path.iterdir()) == []  # nothing written


@pytest.mark.skipif(sys.platform == "win32", reason="argv is text on Windows")
def test_an_option_value_that_is_not_utf8_in_english(tmp_path: Path) -> None:
    r = docgen("--lang", "en", "render", str(NOTICE), "--final", "--signer", b"\xff", cwd=tmp_path)
    assert r.returncode == 2, r.stderr
    assert 'the value "\\xff" of --signer holds bytes that are not UTF-8' in r.stderr, r.stderr
    assert "What to do: type it in a UTF-8 terminal" in r.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="file names are text on Windows")
def test_a_data_file_whose_name_is_not_utf8(tmp_path: Path) -> None:
    """The file exists (a legal name on Linux) but its name could go into no manifest, PDF or message:
    refused with what to do (rename it), for ``check`` and ``render`` alike."""
    name = b"\xb9\xab\xb8\xe6.yaml"  # 公告.yaml in GBK
    shutil.copy(NOTICE, os.path.join(os.fsencode(tmp_path), name))
    for command in ("check", "render"):
        r = docgen(command, name, cwd=tmp_path)
        assert r.returncode == 2, r.stderr
        assert "命令行参数“\\xb9\\xab\\xb8\\xe6.yaml”含有不是 UTF-8 编码的字节" in r.stderr, r.stderr
        assert "convmv" in r.stderr
    assert len(os.listdir(tmp_path)) == 1  # nothing written


@pytest.mark.skipif(sys.platform == "win32", reason="file names are text on Windows")
def test_a_batch_folder_with_a_name_that_is_not_utf8(tmp_path: Path) -> None:
    """A unit file named in GBK inside the batch folder: refused before any unit runs (it used to end in
    exit 3 when the batch report was written, after the PDFs)."""
    folder = tmp_path / "units"
    folder.mkdir()
    shutil.copy(NOTICE, folder / "a.yaml")
    shutil.copy(NOTICE, os.path.join(os.fsencode(folder), b"\xb9\xab.yaml"))
    r = docgen("batch", "units", "-o", "out", "-f", "pdf", "-j", "1", cwd=tmp_path)
    assert r.returncode == 2, r.stderr
    assert "文件夹中有 1 个文件名含有不是 UTF-8 编码的字节" in r.stderr and "\\xb9\\xab.yaml" in r.stderr
    assert not (tmp_path / "out").exists()


def test_a_lone_surrogate_given_to_main(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """main() called with a string holding a surrogate (a caller's own argv): the same exit 2."""
    with pytest.raises(SystemExit) as e:
        main(["check", str(NOTICE), "--organ", "甲\ud800"])
    assert e.value.code == 2
    assert "选项 --organ 的值“甲\\ud800”" in capsys.readouterr().err


def test_a_flag_before_an_argument_is_not_its_option(capsys: pytest.CaptureFixture[str]) -> None:
    """``--final FILE``: the flag takes no value, so the bad value is the argument, not ``--final``'s."""
    with pytest.raises(SystemExit) as e:
        main(["render", "--final", "x\udcff.yaml"])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert "命令行参数“x\\xff.yaml”" in err and "--final" not in err


def test_shown() -> None:
    assert shown("a\udcff\ud800甲\x01") == "a\\xff\\ud800甲\\x01"


@pytest.mark.parametrize("option", ["--signer", "--organ", "--doc-version"])
def test_a_control_character_in_an_option_value(
    option: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A text option's value with a control character would go into the PDF, the DOCX and the manifest
    unseen (or break the DOCX's XML): refused, naming the option and showing the character."""
    with pytest.raises(SystemExit) as e:
        main(["render", str(NOTICE), "-o", str(tmp_path / "out"), "--final", option, "张\x01三"])
    assert e.value.code == 2
    assert f"选项 {option} 的值“张\\x01三”含有无法写入文档的字符 U+0001" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_control_character_in_a_path_is_left_to_the_file_system(tmp_path: Path) -> None:
    """A file name may hold a control character on Linux: it is not refused at the entry."""
    data = tmp_path / "n\x01.yaml"
    shutil.copy(NOTICE, data)
    shutil.copytree(ROOT / "inputs" / "seals", tmp_path / "seals")
    r = docgen("check", data.name, cwd=tmp_path)
    assert r.returncode == 0, r.stderr


def test_a_password_variable_that_is_not_utf8(monkeypatch: pytest.MonkeyPatch) -> None:
    """A password variable holding bytes that are not UTF-8 (a GBK password) gives those bytes to the
    certificate (it was exit 3: UnicodeEncodeError)."""
    from docgen.cli.finalize import _password

    monkeypatch.setenv("DOCGEN_TEST_PASSWORD", "密\udcff")
    assert _password("DOCGEN_TEST_PASSWORD") == "密".encode() + b"\xff"


@pytest.mark.parametrize("command", ["render", "batch"])
@pytest.mark.parametrize(
    ("flags", "said"),
    [
        (["--final", "--draft"], "--final 与 --draft 不能同时使用"),
        (["--signer", "张三"], "--signer 和 --approved 只用于 --final"),
        (["--final", "--approved", "2024/1/5"], "签发日期应写成 YYYY-MM-DD，而不是“2024/1/5”"),
    ],
)
def test_sign_off_flags_checked_alike(command: str, flags: list[str], said: str, tmp_path: Path) -> None:
    """``render`` and ``batch`` refuse the same sign-off flags with the same words, before writing anything."""
    data = ROOT / "inputs" / ("notice-2024.yaml" if command == "render" else "batch-2024")
    out = tmp_path / "out"
    r = subprocess.run(
        [sys.executable, "-m", "docgen", command, str(data), *flags, "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 2 and said in r.stderr, r.stderr
    assert not out.exists()
