"""`docgen init` for every template and `docgen fields`: both told by the data models, so they cannot drift."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from docgen import api
from docgen.catalog import available, find
from docgen.cli import main
from docgen.errors import InputError
from docgen.fields import flatten, template_fields
from docgen.kinds import KINDS
from docgen.render.options import RenderOptions

TEMPLATES = [t.name for t in available() if t.builtin]

# what a secretary types into the blank fields, by field name
SAMPLES: dict[str, Any] = {
    "issuer": "常德市民政局",
    "organ": "常德市民政局",
    "title": "关于做好政府信息公开工作的通知",
    "date": "2024-03-05",
    "year": 2017,
    "signers": ["李建国"],
}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as e:
        main([*args])
        raise SystemExit(0)
    out = capsys.readouterr()
    return int(e.value.code or 0), out.out + out.err


def fill(value: Any, key: str = "") -> Any:
    """Every blank of an init file filled: named fields from SAMPLES, table cells with 0, text with 无。"""
    if isinstance(value, dict):
        return {k: fill(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, key) for v in value]
    if value is None:
        return SAMPLES.get(key, 0)
    if isinstance(value, str) and not value.strip():
        return "无。"
    return value


@pytest.mark.parametrize("name", TEMPLATES)
def test_init_then_fill_then_check_and_render(name: str, tmp_path: Path) -> None:
    path = api.init(name, None, tmp_path)
    text = path.read_text(encoding="utf-8")
    assert f"template: {name}" in text
    # as it comes, the file is not yet a document
    try:
        assert api.prepare(path).errors
    except InputError as e:
        assert "未填写" in e.message
    filled = tmp_path / "filled.yaml"
    filled.write_text(yaml.safe_dump(fill(yaml.safe_load(text)), allow_unicode=True), encoding="utf-8")
    prepared = api.prepare(filled)
    assert not prepared.errors, [f.text() for f in prepared.errors]
    result = api.render(filled, tmp_path / "out", formats=("pdf",), options=RenderOptions(formats=("pdf",)))
    assert result.outputs[0].stat().st_size > 1000


@pytest.mark.parametrize("name", [n for n in TEMPLATES if find(n).kind != "annual-report"])
def test_init_writes_every_field_with_its_meaning(name: str, tmp_path: Path) -> None:
    """Each field the template uses is in the file, open when required, behind `# ` when optional, with the
    model's title and description as its comment."""
    text = api.init(name, None, tmp_path).read_text(encoding="utf-8")
    for spec in template_fields(find(name)):
        if spec.name in ("template", "sections"):
            continue
        lead = "" if spec.required else "# "
        (line,) = [ln for ln in text.splitlines() if re.match(rf"^{lead}{spec.name}:", ln)]
        assert f"# {spec.title}（{'必填' if spec.required else '可不填'}）：{spec.description}" in line


def test_notice_init_shows_optional_fields_and_the_closing_default(tmp_path: Path) -> None:
    text = api.init("notice", None, tmp_path).read_text(encoding="utf-8")
    lines = text.splitlines()
    assert any(ln.startswith("# secrecy: 秘密★1年") and "密级和保密期限（可不填）" in ln for ln in lines)
    assert any(ln.startswith("# closing: 特此通知。") and "不填时为 特此通知。" in ln for ln in lines)
    assert any(ln.startswith("# signature:") for ln in lines)
    assert any(ln.startswith("  # title: 市长") for ln in lines)  # its sub-fields, commented too
    assert not any(ln.lstrip("# ").startswith("attendance:") for ln in lines)  # a 纪要 field only


def test_upward_templates_require_signers(tmp_path: Path) -> None:
    text = api.init("request", None, tmp_path).read_text(encoding="utf-8")
    assert re.search(r"^signers: +# 签发人（必填）", text, re.M)
    assert re.search(r"^# closing: 妥否，请批示。", text, re.M)


def test_pre2019_init_lists_the_template_parts(tmp_path: Path) -> None:
    text = api.init("annual-report-pre2019", 2017, tmp_path).read_text(encoding="utf-8")
    assert "year: 2017" in text
    assert re.search(r"^  overview: \| +# 一、概述（必填）", text, re.M)
    assert re.search(r"^  problems: \| +# 八、存在的主要问题和改进措施（必填）", text, re.M)
    assert "#   - heading: 概述" in text  # the list form, commented out


def test_init_refuses_what_it_cannot_do(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(capsys, "init", "notice", "-o", str(tmp_path))[0] == 0
    code, text = run(capsys, "init", "notice", "-o", str(tmp_path))
    assert code == 2 and "文件已存在" in text
    code, text = run(capsys, "init", "notice", "--xlsx", "-o", str(tmp_path / "x"))
    assert code == 2 and "Excel" in text
    code, text = run(capsys, "init", "annual-report-2019", "--year", "2023", "-o", str(tmp_path / "y"))
    assert code == 2 and "改用：docgen init annual-report-2021 --year 2023" in text
    code, text = run(capsys, "init", "nottice", "-o", str(tmp_path / "z"))
    assert code == 2 and "找不到模板“nottice”" in text and "notice" in text
    code, text = run(capsys, "init", "annual-report", "-o", str(tmp_path / "w"))
    assert code == 2 and "--year" in text


def test_annual_template_init_picks_its_year(tmp_path: Path) -> None:
    assert api.init("annual-report-2019", None, tmp_path).name == "annual-report-2020.yaml"
    assert "template: annual-report-2019" in (tmp_path / "annual-report-2020.yaml").read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize("name", TEMPLATES)
def test_fields_lists_every_model_field(capsys: pytest.CaptureFixture[str], name: str) -> None:
    code, text = run(capsys, "fields", name)
    assert code == 0
    model = KINDS[find(name).kind].MODEL
    shown = {s.name for s in flatten(template_fields(find(name)))}
    assert shown <= {*model.model_fields, *(n for n in shown if "." in n)}
    for field in shown:  # the name column never wraps
        assert re.search(rf"│ +{re.escape(field)} +│", text), field


def test_fields_of_notice(capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run(capsys, "fields", "notice")
    assert code == 0
    row = next(ln for ln in text.splitlines() if ln.startswith("│ closing"))
    assert "特此通知。" in row and "可不填" in row
    row = next(ln for ln in text.splitlines() if ln.startswith("│ issuer"))
    assert "必填" in row and "发文机关" in row
    assert "attendance" not in text  # a 纪要 field
    code, text = run(capsys, "fields", "minutes")
    assert "attendance" in text and "sealed" not in text  # a 纪要 has no 落款


def test_fields_of_request_and_letter(capsys: pytest.CaptureFixture[str]) -> None:
    _, text = run(capsys, "fields", "request")
    row = next(ln for ln in text.splitlines() if ln.startswith("│ signers"))
    assert "│ 必填" in row
    _, text = run(capsys, "fields", "letter")
    assert "特此函告。" in next(ln for ln in text.splitlines() if ln.startswith("│ closing"))


def test_fields_unknown_template(capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run(capsys, "fields", "nottice")
    assert code == 2 and "找不到模板" in text


# --- the national-format annual report: `fields` and `init` say the same, from the model ---------------

ANNUAL = ["annual-report-2019", "annual-report-2021"]


def squeeze(text: str) -> str:
    """Text without whitespace: a table cell folded over lines compares equal to its one-line original."""
    return re.sub(r"\s+", "", text)


def field_rows(text: str) -> dict[str, dict[str, str]]:
    """The rows of `docgen fields` by field name, each column's folded lines joined (whitespace dropped)."""
    rows: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("│"):
            continue
        name, type_, required, default, meaning_ = (c.strip() for c in line.strip("│").split("│"))
        if name:
            current = rows[name] = {"type": "", "required": required, "default": default, "meaning": ""}
        current["type"] += squeeze(type_)
        current["meaning"] += squeeze(meaning_)
    return rows


@pytest.mark.parametrize("name", ANNUAL)
def test_annual_fields_describe_every_field(capsys: pytest.CaptureFixture[str], name: str) -> None:
    code, text = run(capsys, "fields", name)
    assert code == 0
    assert "见 docgen init" not in text
    rows = field_rows(text)
    specs = template_fields(find(name))
    assert set(rows) == {s.name for s in specs}
    for spec in specs:
        assert spec.description, spec.name
        assert rows[spec.name]["meaning"] == squeeze(f"{spec.title}：{spec.description}"), spec.name
    assert rows["organ_level"]["type"] == "department/government之一"
    level = rows["organ_level"]["meaning"]
    assert all(
        w in level for w in ("department（部门）", "government（人民政府）", "1月31日", "3月31日", "R13")
    )
    assert rows["version"]["type"] == "2019或2021"
    version = rows["version"]["meaning"]
    assert "国办公开办函〔2019〕60号），用于2019、2020年度" in version
    assert "国办公开办函〔2021〕30号），用于2021年度起" in version
    for key, title in (("t2", "主动公开政府信息情况"), ("t3", "收到和处理"), ("t4", "行政复议、行政诉讼")):
        assert rows[key]["type"].startswith("表（") and rows[key]["required"] == "必填"
        assert title in rows[key]["meaning"] and "docgeninit--xlsx" in rows[key]["meaning"]
    assert "自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计" in rows["t3"]["meaning"]
    for heading in ("一、总体情况", "四、政府信息公开行政复议、行政诉讼情况", "六、其他需要报告的事项"):
        assert heading in rows["sections"]["meaning"]
    assert rows["organ"]["required"] == rows["date"]["required"] == "必填"  # `check` requires them


@pytest.mark.parametrize("name", ANNUAL)
def test_annual_init_comments_are_the_fields_text(
    capsys: pytest.CaptureFixture[str], name: str, tmp_path: Path
) -> None:
    """Each top-level field of the annual report's init file carries the meaning `docgen fields` shows."""
    _, text = run(capsys, "fields", name)
    rows = field_rows(text)
    init = api.init(name, None, tmp_path).read_text(encoding="utf-8")
    for spec in template_fields(find(name)):
        (line,) = [ln for ln in init.splitlines() if re.match(rf"^(# )?{spec.name}:", ln)]
        comment = line.split("  # ", 1)[1]
        need = "必填" if spec.required else "可不填"
        assert squeeze(comment).startswith(rows[spec.name]["meaning"].replace("：", f"（{need}）：", 1))
    (line,) = [ln for ln in init.splitlines() if ln.startswith("organ_level:")]
    code, comment = (part.strip() for part in line.split("  # ", 1))
    assert code == "organ_level: department"
    spec = next(s for s in template_fields(find(name)) if s.name == "organ_level")
    assert comment == f"机关层级（可不填）：{spec.description}；不填时为 department"
    assert squeeze(spec.description) == rows["organ_level"]["meaning"].removeprefix("机关层级：")
    assert re.search(r"^# version: (2019|2021) ", init, re.M)  # the template's format as the example
