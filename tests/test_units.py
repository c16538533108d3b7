"""Pure pieces: lengths, the standard's numbers, the line breaker, punctuation, 落款 formulas."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from docgen import standard as std
from docgen.chars import INVISIBLE, strip_invisible
from docgen.model import Signoff, Title, chinese_date
from docgen.output import safe_name
from docgen.punctuation import fix_punctuation
from docgen.typeset.fonts import resolve
from docgen.typeset.linebreak import NO_END, NO_START, Run, break_lines
from docgen.typeset.signblock import sign_block
from docgen.typeset.signoff import width_in_chars
from docgen.typeset.title import title_lines
from docgen.units import mm, pt, twips


def test_lengths_exact() -> None:
    assert pt(28.95) == twips(579)
    assert std.LINE_PITCH.twips == 579
    assert mm(37).twips == 2098 and mm(35).twips == 1984 and mm(26).twips == 1474
    assert mm(26) == std.MARGIN_RIGHT and mm(35) == std.MARGIN_BOTTOM
    assert pytest.approx(int(std.TEXT_WIDTH), abs=28) == std.CHARS_PER_LINE * std.CHAR_PITCH
    assert std.LINES_PER_PAGE * std.LINE_PITCH <= std.TEXT_HEIGHT
    assert (std.LINES_PER_PAGE + 1) * std.LINE_PITCH > std.TEXT_HEIGHT
    assert pt(29) * 22 > std.TEXT_HEIGHT  # why 29 pt would give 21 lines
    assert mm(0.35).eighth_points == 8 and mm(0.25).eighth_points == 6
    assert std.BODY_SIZE.half_points == 32


def fixed(text: str, style: str) -> float:
    """Full-width CJK 16 pt, ASCII 8 pt: a stand-in font for the pure breaker."""
    return sum(8.0 if ch.isascii() else 16.0 for ch in text)


WIDTH = std.TEXT_WIDTH.pt
TRACK = std.BODY_TRACKING.pt


def _lines(text: str, first: float = 0.0):
    return break_lines([Run(text, "f")], fixed, WIDTH, TRACK, first_indent=first)


def test_pure_chinese_fills_28() -> None:
    lines = _lines("国" * 70)
    assert [len(ln.text) for ln in lines] == [28, 28, 14]
    assert lines[0].tracking == pytest.approx((WIDTH - 28 * 16) / 27)
    assert lines[-1].final and lines[-1].tracking == TRACK


def test_flush_width() -> None:
    for ln in _lines("在2017年共计1548个村、714个社区完成换届选举，" * 6)[:-1]:
        n = len(ln.text)
        ink = fixed(ln.text, "f") + ln.tracking * (n - 1)
        assert ink == pytest.approx(WIDTH - ln.indent)


def test_no_closing_mark_starts_a_line() -> None:
    text = ("国" * 27 + "，") * 3 + "国" * 27 + "。。" + "国" * 40
    for ln in _lines(text)[1:]:
        assert ln.text[0] not in NO_START


def test_no_opening_mark_ends_a_line() -> None:
    text = "国" * 27 + "《条例》" + "国" * 40
    lines = _lines(text)
    assert all(ln.text[-1] not in NO_END for ln in lines)
    assert lines[1].text.startswith("《")


def test_numbers_not_split() -> None:
    for before in range(20, 28):  # the number reaches the line's end at every place
        text = "国" * before + "0736—7251105" + "国" * 10
        joined = [ln.text for ln in _lines(text)]
        assert any("0736—7251105" in t for t in joined), joined  # a telephone number is never split
        assert not any(t.endswith(("0", "07", "073")) for t in joined[:-1])


URL = "http://www.changde.gov.cn/zwgk/zfxxgk/fdzdgknr/tzgg/202401/t20240105_1234567890_abcdefghij.html"


def test_a_long_url_breaks_after_its_separators_and_is_never_squeezed() -> None:
    """A pasted URL wider than half a line: kept whole it was pushed down, leaving the line before it
    stretched, or squeezed until its letters overlapped when wider than the line."""
    lines = _lines("详见市政府门户网站政府信息公开专栏（" + URL + "），或拨打0736—7251105咨询。", 2 * 16)
    texts = [ln.text for ln in lines]
    assert "".join(texts).count(URL) == 1
    assert all(ln.tracking >= TRACK for ln in lines), texts  # never tighter than the grid
    assert all(ln.tracking < 2 for ln in lines[:-1]), texts  # nor stretched by half a line
    assert texts[0].endswith(URL[: len(texts[0]) - texts[0].index("（") - 1]) and "（" in texts[0]
    for t in texts[:-1]:
        if t[-1].isascii():
            assert t[-1] in "/.?&=_#-", texts  # within the URL: after a separator
    assert all(t[0] not in NO_START and t[-1] not in NO_END for t in texts)


def test_a_run_wider_than_a_line_is_broken_between_its_characters() -> None:
    lines = _lines("国" + "a" * 2000 + "。")
    assert sum(len(ln.text) for ln in lines) == 2002
    for ln in lines:
        assert fixed(ln.text, "f") + ln.tracking * (len(ln.text) - 1) <= WIDTH - ln.indent + 0.5
        assert ln.tracking >= TRACK


def test_first_line_indent() -> None:
    lines = _lines("国" * 60, first=2 * std.CHAR_PITCH.pt)
    assert len(lines[0].text) == 26 and lines[0].indent == pytest.approx(2 * std.CHAR_PITCH.pt)
    assert lines[1].indent == 0


@pytest.mark.parametrize(
    ("raw", "fixed_text"),
    [
        ("根据《条例》(以下简称《条例》)和省,市要求", "根据《条例》（以下简称《条例》）和省，市要求"),
        (
            "(联系电话:0736—7251105;电子邮箱mzj0736@163.com)",
            "（联系电话：0736—7251105；电子邮箱mzj0736@163.com）",
        ),
        ("会议10:30开始,共1,000人", "会议10:30开始，共1,000人"),
        ("见 http://www.gov.cn/a,b 和 Hello, world", "见 http://www.gov.cn/a,b 和 Hello, world"),
        # as secretaries paste and type them (a scraped 2009 notice of a provincial office, a half-width mode)
        (
            "根据《通知》(国办发[2009]3号)精神,现通知如下:",
            "根据《通知》（国办发〔2009〕3号）精神，现通知如下：",
        ),
        ("依据京政发（2019）12号和湘政办发【2009】24号", "依据京政发〔2019〕12号和湘政办发〔2009〕24号"),
        ("第(2019)3号文", "第（2019）3号文"),  # no 机关代字: brackets, made full-width as a pair
        ("一.总体情况", "一、总体情况"),
        ("十二.其他需要报告的事项", "十二、其他需要报告的事项"),
        ("1、不断强化组织保障。民政工作", "1.不断强化组织保障。民政工作"),
        ("1、2月份全市共办理", "1、2月份全市共办理"),  # months, not an enumerator
        ("（一）、健全工作制度。", "（一）健全工作制度。"),
        ("(2)、加强培训。", "（2）加强培训。"),
        ("全年共受理申请15.", "全年共受理申请15。"),
        (
            "《关于印发<中华人民共和国政府信息公开工作年度报告格式>的通知》",  # a published 2023 report
            "《关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》",
        ),
        ("根据<条例>规定", "根据《条例》规定"),
        ("当x<5且y>3时", "当x<5且y>3时"),  # no Chinese between them: not a title
        ("见图2.示意图", "见图2.示意图"),  # a number mid-sentence: left to the writer
        ("1.", "1."),
        ('实施"三支一扶"(支教、支农)等项目.', "实施“三支一扶”（支教、支农）等项目。"),
        ('称为"GDP"的指标', "称为“GDP”的指标"),
        ('He said "Hello", ok', 'He said "Hello", ok'),
        ("他说'好的'，it's fine", "他说‘好的’，it's fine"),
        (
            "见http://www.gov.cn/a/index.html,邮箱zj0736@163.com.谢谢",
            "见http://www.gov.cn/a/index.html，邮箱zj0736@163.com。谢谢",
        ),
        ("(见http://a.cn/x(1))", "（见http://a.cn/x(1)）"),
        (
            "增长2.5%,金额1,560.5万元.见报告.pdf和附件1.docx",
            "增长2.5%，金额1,560.5万元。见报告.pdf和附件1.docx",
        ),
        ("等等...", "等等..."),
        ("f(x) and (a (b) c)", "f(x) and (a (b) c)"),
        ("1.做好统计", "1.做好统计"),
    ],
)
def test_punctuation(raw: str, fixed_text: str) -> None:
    fixed, fixes = fix_punctuation(raw)
    assert fixed == fixed_text
    rebuilt = list(raw)  # the changes reported, at the places typed, make the text: nothing unreported
    for f in fixes:
        assert raw[f.offset : f.offset + len(f.old)] == f.old
        rebuilt[f.offset : f.offset + len(f.old)] = [f.new, *[""] * (len(f.old) - 1)]
    assert "".join(rebuilt) == fixed


def test_forms_of_gbt9704_are_reported_apart_from_half_width_marks() -> None:
    _, fixes = fix_punctuation("一.依据国办发[2009]3号,")
    assert [(f.old, f.new, f.width) for f in fixes] == [
        (".", "、", False),
        ("[2009]", "〔2009〕", False),
        (",", "，", True),
    ]


def test_signoff_unsealed_formula() -> None:
    """Spec A8.4's formula, in the block both renderers draw (measured with W(x), as the DOCX does)."""
    fonts = resolve()

    def rights(organ: str) -> tuple[float, float]:
        block = sign_block(Signoff(organ, dt.date(2018, 3, 16)), lambda text: width_in_chars(text, fonts))
        return block.rows[1][0].right, block.rows[block.date_row][0].right

    assert rights("常德市民政局") == pytest.approx((4.5, 2.0))  # spec A8.4's seed example
    assert rights("中华人民共和国民政部办公厅") == pytest.approx((2.0, 2 + 13 - 2 - 6.5))


def test_chinese_date_never_padded() -> None:
    assert chinese_date(dt.date(2024, 1, 5)) == "2024年1月5日"


def test_title_breaks_in_a_trapezoid() -> None:
    fonts = resolve()
    assert title_lines(Title("常德市民政局2017年度政府信息公开工作报告"), fonts) == [
        "常德市民政局2017年度",
        "政府信息公开工作报告",
    ]
    assert title_lines(Title("关于开展安全检查的通知"), fonts) == ["关于开展安全检查的通知"]
    assert title_lines(Title("关于开展安全检查的通知", breaks=(4,)), fonts) == ["关于开展", "安全检查的通知"]


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd", "_.._etc_passwd"),
        ("a:b*c?", "a_b_c_"),
        ("CON", "document_CON"),
        ("", "document"),
        ("常德市民政局/2017", "常德市民政局_2017"),
    ],
)
def test_safe_names(name: str, safe: str) -> None:
    assert safe_name(name) == safe


def test_invisible_characters_are_format_characters_and_stripped_where_they_are() -> None:
    listed = [chr(c) for c in range(0x110000) if INVISIBLE.match(chr(c))]
    assert len(listed) > 20 and all(unicodedata.category(c) == "Cf" for c in listed)
    values = {"title": "关于\u200b通知", "body": ["一\ufeff", {"x": "\u200d\u200d"}], "n": 3}
    cleaned, removed = strip_invisible(values)
    assert cleaned == {"title": "关于通知", "body": ["一", {"x": ""}], "n": 3}
    assert removed == [
        (("title",), "\u200b", 0),
        (("body", 0), "\ufeff", 0),
        (("body", 1, "x"), "\u200d\u200d", 0),
    ]
    assert strip_invisible({"body": "一\n二\n\n三\u200b"})[1] == [(("body",), "\u200b", 3)]  # its line
