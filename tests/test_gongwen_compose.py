"""公文 data → Document: golden dumps of the examples, and every refused input said precisely."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from conftest import FIXED_TIME, ROOT

from docgen import api
from docgen.dump import dump_document
from docgen.errors import InputError
from docgen.kinds.doc_numbers import check_doc_number, suggest_doc_number
from docgen.model import Title
from docgen.render.options import RenderOptions
from docgen.source import SourceRef

EXAMPLES = [
    "notice-2024",
    "notice-blank-page-2024",
    "request-2024",
    "letter-2024",
    "minutes-2024",
    "order-2024",
    "changde-2017",
]


@pytest.mark.parametrize("name", EXAMPLES)
def test_golden_dump(name: str) -> None:
    """`docgen dump` of each example equals the file in tests/golden (update it when compose changes)."""
    doc = api.prepare(ROOT / "inputs" / f"{name}.yaml").document
    assert dump_document(doc) + "\n" == (ROOT / "tests" / "golden" / f"{name}.txt").read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize(
    ("bad", "good", "why"),
    [
        ("常民发〔2024〕第3号", "常民发〔2024〕3号", "序号前不加“第”"),
        ("常民发〔2024〕03号", "常民发〔2024〕3号", "不编虚位"),
        ("常民发[2024]3号", "常民发〔2024〕3号", "六角括号"),
        ("常民发（2024）3号", "常民发〔2024〕3号", "六角括号"),
        ("常民发【2024】第003号", "常民发〔2024〕3号", "六角括号"),
    ],
)
def test_doc_number_refused_with_correction(bad: str, good: str, why: str) -> None:
    with pytest.raises(InputError) as e:
        check_doc_number(bad, SourceRef("x.yaml", 4))
    assert why in e.value.message and good in e.value.hint and e.value.source.line == 4
    assert suggest_doc_number(bad) == good
    assert check_doc_number(good, SourceRef("x.yaml", 4)) == good


def _render(tmp_path: Path, base: str, edit: tuple[str, str] | None = None, extra: str = ""):
    text = (ROOT / "inputs" / f"{base}.yaml").read_text(encoding="utf-8")
    if edit:
        assert edit[0] in text
        text = text.replace(*edit)
    data = tmp_path / f"{base}.yaml"
    data.write_text(text + extra, encoding="utf-8")
    (tmp_path / "seals").mkdir(exist_ok=True)
    for seal in (ROOT / "inputs" / "seals").iterdir():
        (tmp_path / "seals" / seal.name).write_bytes(seal.read_bytes())
    return subprocess.run(
        [sys.executable, "-m", "docgen", "check", str(data)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "COLUMNS": "200"},
        timeout=120,
    )


def test_cli_bad_doc_number(tmp_path: Path) -> None:
    r = _render(tmp_path, "notice-2024", ("常民发〔2024〕3号", "常民发〔2024〕第03号"))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "notice-2024.yaml 第 5 行" in r.stderr and "应写作：常民发〔2024〕3号" in r.stderr


def test_cli_date_that_is_not_a_date(tmp_path: Path) -> None:
    r = _render(tmp_path, "notice-2024", ("date: 2024-01-05", "date: 2024年2月30日"))
    assert r.returncode == 2 and "不是有效日期" in r.stderr


def test_cli_seal_not_an_image(tmp_path: Path) -> None:
    r = _render(tmp_path, "notice-2024", ("seal: seals/specimen-seal.png", "seal: notice-2024.yaml"))
    assert r.returncode == 2 and "不是 PNG 或 SVG 图片" in r.stderr and "第" in r.stderr


def test_cli_seal_without_transparency(tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (100, 100), "red").save(tmp_path / "flat.png")
    r = _render(tmp_path, "notice-2024", ("seal: seals/specimen-seal.png", "seal: flat.png"))
    assert r.returncode == 2 and "没有透明背景" in r.stderr


def test_cli_seal_missing(tmp_path: Path) -> None:
    r = _render(tmp_path, "notice-2024", ("seal: seals/specimen-seal.png", "seal: seals/none.png"))
    assert r.returncode == 2 and "找不到印章图片" in r.stderr


def test_upward_document_needs_signers(tmp_path: Path) -> None:
    r = _render(tmp_path, "request-2024", ("signers: [李建国, 张明]\n", ""))
    assert r.returncode == 2 and "必须写明签发人" in r.stderr


def test_colophon_needs_printer(tmp_path: Path) -> None:
    r = _render(tmp_path, "notice-2024", ("printer: 常德市民政局办公室\n", ""))
    assert r.returncode == 2 and "印发机关" in r.stderr


def test_svg_with_script_refused(tmp_path: Path) -> None:
    (tmp_path / "evil.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    )
    r = _render(tmp_path, "notice-2024", ("seal: seals/specimen-seal.png", "seal: evil.svg"))
    assert r.returncode == 2 and "脚本" in r.stderr


def test_svg_with_outside_reference_refused(tmp_path: Path) -> None:
    (tmp_path / "ref.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
        '<image x:href="file:///etc/passwd"/></svg>'
    )
    r = _render(tmp_path, "notice-2024", ("seal: seals/specimen-seal.png", "seal: ref.svg"))
    assert r.returncode == 2 and "外部文件" in r.stderr


def test_attachment_name_punctuation_removed_with_notice(tmp_path: Path) -> None:
    r = _render(
        tmp_path,
        "notice-2024",
        ("  - title: 年度报告报送联系人信息表", "  - title: 年度报告报送联系人信息表。"),
    )
    assert r.returncode == 0, r.stderr
    assert "附件名称后不加标点" in r.stderr


def test_mark_that_cannot_fit(tmp_path: Path) -> None:
    long_name = "常德市民政局" * 8
    text = (ROOT / "inputs" / "request-2024.yaml").read_text(encoding="utf-8")
    data = tmp_path / "r.yaml"
    data.write_text(text.replace("issuer: 常德市民政局\n", f"issuer: {long_name}\n"), encoding="utf-8")
    r = subprocess.run(
        [sys.executable, "-m", "docgen", "render", str(data), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2 and "r.yaml 第 3 行" in r.stderr and "排不进" in r.stderr and "mark:" in r.stderr
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


def test_colophon_that_cannot_fit(tmp_path: Path) -> None:
    text = (ROOT / "inputs" / "notice-blank-page-2024.yaml").read_text(encoding="utf-8")
    many = "[" + ", ".join(f"第{i}个单位办公室" for i in range(120)) + "]"
    data = tmp_path / "n.yaml"
    data.write_text(text.replace("cc: [市人民政府办公室, 市司法局]", f"cc: {many}"), encoding="utf-8")
    r = subprocess.run(
        [sys.executable, "-m", "docgen", "render", str(data), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2 and "版记过长" in r.stderr and "n.yaml 第" in r.stderr


def test_a_title_typed_on_two_lines_breaks_there_and_is_named_on_one(tmp_path: Path) -> None:
    """A title typed over two lines (a YAML block, Alt+Enter in a cell) breaks where it was typed, like
    ``|``; the PDF's and the DOCX's metadata name it on one line (they carried the line breaks)."""
    assert Title.typed(" 关于做好|工作的通知 \n") == Title("关于做好工作的通知", (4,))
    assert Title.typed("关于做好 \n 年度报告\n工作的通知\n").breaks == (4, 8)
    one = "关于做好2023年度政府信息公开工作年度报告编制和发布工作的通知"
    typed = "title: |\n  关于做好2023年度政府信息公开工作\n  年度报告编制和发布工作的通知\n"
    text = (ROOT / "inputs" / "notice-2024.yaml").read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("title: "))
    data = tmp_path / "n.yaml"
    data.write_text(text.replace(old + "\n", typed), encoding="utf-8")
    (tmp_path / "seals").mkdir()
    for seal in (ROOT / "inputs" / "seals").iterdir():
        (tmp_path / "seals" / seal.name).write_bytes(seal.read_bytes())
    result = api.render(data, tmp_path / "out", options=RenderOptions(timestamp=FIXED_TIME))
    files = {p.suffix: p for p in result.outputs}
    with pdfplumber.open(files[".pdf"]) as pdf:
        assert pdf.metadata["Title"] == one
        lines = pdf.pages[0].extract_text().splitlines()
    assert "关于做好2023年度政府信息公开工作" in lines and "年度报告编制和发布工作的通知" in lines
    with zipfile.ZipFile(files[".docx"]) as z:
        assert f"<dc:title>{one}</dc:title>" in z.read("docProps/core.xml").decode()
