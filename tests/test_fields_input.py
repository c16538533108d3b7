"""What a secretary types: 主送 with its own separators, dates as printed, a misspelt field named."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from docgen import api
from docgen.errors import InputError, Severity
from docgen.kinds.dates import parse_date_text
from docgen.model import Signoff

NOTICE = """template: notice
issuer: 常德市民政局
doc_number: 常民发〔2024〕3号
title: 关于测试主送机关的通知
addressee: {addressee}
body: 请认真贯彻执行。
date: {date}
"""


def _write(tmp_path: Path, text: str, name: str = "n.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _notice(tmp_path: Path, addressee: str = "市财政局", date: str = "2024-01-05", extra: str = "") -> Path:
    return _write(tmp_path, NOTICE.format(addressee=addressee, date=date) + extra)


# --- 主送 separators -------------------------------------------------------------------------------------


def test_addressee_string_keeps_its_separators(tmp_path: Path) -> None:
    doc = api.prepare(_notice(tmp_path, "各区县（市）民政局、局机关各科室，局属各单位")).document
    assert doc.addressee == "各区县（市）民政局、局机关各科室，局属各单位："


def test_addressee_list_is_joined_with_commas(tmp_path: Path) -> None:
    doc = api.prepare(_notice(tmp_path, "[各区县（市）民政局, 局机关各科室]")).document
    assert doc.addressee == "各区县（市）民政局，局机关各科室："


def test_addressee_half_width_comma_still_corrected(tmp_path: Path) -> None:
    doc = api.prepare(_notice(tmp_path, "'各区县（市）民政局,局机关各科室'")).document
    assert doc.addressee == "各区县（市）民政局，局机关各科室："


def test_addressee_in_colophon_keeps_its_separators(tmp_path: Path) -> None:
    extra = "addressee_in_colophon: true\ncc: 市人民政府办公室\nprinter: 常德市民政局办公室\n"
    doc = api.prepare(_notice(tmp_path, "各区县（市）民政局、局机关各科室", extra=extra)).document
    assert doc.addressee == ""
    assert doc.colophon is not None and doc.colophon.addressee == ("各区县（市）民政局、局机关各科室",)


def test_addressee_dunhao_in_the_pdf(tmp_path: Path) -> None:
    data = _notice(tmp_path, "各区县（市）民政局、局机关各科室")
    result = api.render(data, tmp_path / "out", formats=("pdf",))
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(result.outputs[0]), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "各区县（市）民政局、局机关各科室：" in text
    assert "民政局，局机关" not in text


# --- dates as printed ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "date"),
    [
        ("二〇一二年五月二十二日", dt.date(2012, 5, 22)),
        ("二○一二年十二月三十一日", dt.date(2012, 12, 31)),  # ○ (U+25CB) as often typed for 〇
        ("二〇一二年五月十日", dt.date(2012, 5, 10)),
        ("2012年5月22日", dt.date(2012, 5, 22)),
        ("2012年05月22日", dt.date(2012, 5, 22)),
        ("２０１２年５月２２日", dt.date(2012, 5, 22)),
        ("2012.5.22", dt.date(2012, 5, 22)),
        ("2012/5/22", dt.date(2012, 5, 22)),
        ("2012-05-22", dt.date(2012, 5, 22)),
    ],
)
def test_written_dates_are_read(written: str, date: dt.date) -> None:
    assert parse_date_text(written) == date


@pytest.mark.parametrize(
    ("written", "why"),
    [
        ("二〇一二年二月三十日", "2012年2月没有30日"),
        ("2012年13月1日", "2012年没有13月"),
        ("12.5.22", "不是日期"),  # two-digit year: ambiguous
        ("22.5.2012", "不是日期"),
        ("2012.5/22", "不是日期"),
        ("二〇一二年五月二十二十日", "不是日期"),
    ],
)
def test_impossible_or_ambiguous_dates_are_refused(written: str, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        parse_date_text(written)


def test_chinese_numeral_date_normalised_with_notice(tmp_path: Path) -> None:
    prepared = api.prepare(_notice(tmp_path, date="二〇一二年五月二十二日"))
    assert isinstance(prepared.document.signoff, Signoff)
    assert prepared.document.signoff.date == dt.date(2012, 5, 22)
    notices = [f for f in prepared.findings if f.code == "date-normalised"]
    assert len(notices) == 1 and notices[0].severity is Severity.NOTICE
    assert "2012年5月22日" in notices[0].message and notices[0].source.line == 7


def test_date_as_printed_needs_no_notice(tmp_path: Path) -> None:
    prepared = api.prepare(_notice(tmp_path, date="2012年5月22日"))
    assert not [f for f in prepared.findings if f.code == "date-normalised"]


def test_pre2019_report_date_in_chinese_numerals(tmp_path: Path) -> None:
    from conftest import SEED_DATA

    text = SEED_DATA.read_text(encoding="utf-8").replace("date: 2018-03-16", "date: 二〇一八年三月十六日")
    prepared = api.prepare(_write(tmp_path, text, "r.yaml"))
    assert prepared.document.signoff is not None and prepared.document.signoff.date == dt.date(2018, 3, 16)
    assert any(f.code == "date-normalised" for f in prepared.findings)


def test_impossible_date_is_an_error_at_its_line(tmp_path: Path) -> None:
    with pytest.raises(InputError) as e:
        api.prepare(_notice(tmp_path, date="二〇一二年二月三十日"))
    assert e.value.source is not None and e.value.source.line == 7
    assert "2012年2月没有30日" in e.value.message


# --- unknown fields --------------------------------------------------------------------------------------


def test_misspelt_field_suggests_the_right_one(tmp_path: Path) -> None:
    path = _write(
        tmp_path, NOTICE.format(addressee="市财政局", date="2024-01-05").replace("addressee", "adressee")
    )
    with pytest.raises(InputError) as e:
        api.prepare(path)
    assert e.value.message.startswith(
        "未知字段 adressee —— 是否指 addressee（主送机关）？可用字段：template、issuer"
    )
    assert e.value.source is not None and e.value.source.line == 5
    assert "docgen fields notice" in e.value.hint


def test_misspelt_required_field_is_one_problem(tmp_path: Path) -> None:
    """``isuer`` for ``issuer``: the unknown key explains the missing field; it is not said twice."""
    path = _write(
        tmp_path, NOTICE.format(addressee="市财政局", date="2024-01-05").replace("issuer:", "isuer:")
    )
    with pytest.raises(InputError) as e:
        api.prepare(path)
    assert "是否指 issuer（发文机关）" in e.value.message
    assert not e.value.details


def test_misspelt_nested_field(tmp_path: Path) -> None:
    extra = "signature:\n  titel: 市长\n  stamp: s.png\n"
    with pytest.raises(InputError) as e:
        api.prepare(_notice(tmp_path, extra=extra))
    assert "未知字段 titel —— 是否指 title（签发人职务）？可用字段：title、stamp" in e.value.message


def test_unknown_field_without_a_near_one_lists_the_fields(tmp_path: Path) -> None:
    with pytest.raises(InputError) as e:
        api.prepare(_notice(tmp_path, extra="zzz: 1\n"))
    assert "未知字段 zzz。可用字段：" in e.value.message and "addressee" in e.value.message


def test_empty_required_field_says_unfilled(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        NOTICE.format(addressee="市财政局", date="2024-01-05").replace(
            "title: 关于测试主送机关的通知", "title:"
        ),
    )
    with pytest.raises(InputError) as e:
        api.prepare(path)
    assert "“title”（标题）：未填写" in e.value.message


def test_misspelt_field_inside_a_list_of_models(tmp_path: Path) -> None:
    """An attachment given as a mapping with ``titel``: one problem, the nearest field named; not also
    "应为文本" (the plain-name form of an attachment) nor the missing ``title``."""
    with pytest.raises(InputError) as e:
        api.prepare(_notice(tmp_path, extra="attachments:\n  - titel: 编制要点\n"))
    assert e.value.message == "未知字段 titel —— 是否指 title（附件名称）？可用字段：title、body"
    assert not e.value.details and e.value.source.line == 9


def test_annual_report_date_in_chinese_numerals(tmp_path: Path) -> None:
    from conftest import ROOT

    text = (ROOT / "inputs" / "annual-2024-example.yaml").read_text(encoding="utf-8")
    path = _write(tmp_path, text.replace("date: 2025-01-20", "date: 二〇二五年一月二十日"), "a.yaml")
    prepared = api.prepare(path)
    assert not prepared.errors
    assert prepared.document.signoff is not None and prepared.document.signoff.date == dt.date(2025, 1, 20)
    assert any(f.code == "date-normalised" for f in prepared.findings)


def test_a_field_inside_a_list_of_records_is_named_by_its_data_path(tmp_path: Path) -> None:
    """An attachment without its name: the error names the data's own path (``attachments.0.title``), not
    pydantic's union member (``attachments.0.AttachmentData.title``, a class name no data file holds)."""
    data = _notice(tmp_path, extra="attachments:\n  - body: 没有名称的附件\n")
    with pytest.raises(InputError) as refused:
        api.check(data)
    zh, en = refused.value.text("zh"), refused.value.text("en")
    assert "“attachments.title”（附件名称）：缺少必填字段" in zh, zh
    assert "attachments.0.title" in en and "AttachmentData" not in zh + en, en
