"""R12 of the annual report (spec B7, soft): the figures the narrative 一、总体情况 repeats must match the
tables. Read conservatively; a number that reads as a part, a channel, a comparison or another year's is left
alone, and a blank table cell is never compared with (as 0).
"""

from __future__ import annotations

import re

from ...errors import Finding, Severity
from ...messages import EMPTY, Text, msg
from ...source import SourceRef
from .blanks import CellPath, _not_evaluated, _sum, signed
from .labels import T3_APPLICANT_COLS, T4_PARTS
from .tables import T4, AnnualReport
from .textrules import line_at

W = Severity.WARNING

_STOP = "。；;！？!?\n"
_GAP = rf"[^\d{_STOP}]"
_RECEIPT = re.compile(rf"(?<!不予)(?<!未)(?:受理|新收|收到)(?P<gap>{_GAP}{{0,24}}?)(?P<n>\d[\d,]*)\s*件")
_REVIEW = re.compile(rf"行政复议(?P<gap>{_GAP}{{0,8}}?)(?P<n>\d+)\s*件")
_LITIGATION = re.compile(rf"(?P<admin>行政)?诉讼(?P<gap>{_GAP}{{0,8}}?)(?P<n>\d+)\s*件")
# A gap containing one of these words makes the number a part, a channel, a comparison or another year's:
# not the figure in the table. Skipping is the conservative choice (R12 is a soft check).
_RECEIPT_SKIP = (
    "自然人", "法人", "企业", "机构", "组织", "复议", "诉讼", "结转", "咨询", "信访", "网上", "网络", "当面",
    "信函", "邮寄", "邮件", "传真", "电话", "较", "比", "增", "减", "其中", "上年", "去年", "占",
)  # fmt: skip
_T4_SKIP = (
    "维持", "纠正", "纠错", "撤销", "确认", "驳回", "终止", "审结", "其他", "结果", "败诉", "胜诉", "较", "比",
    "增", "减", "其中", "上年", "去年", "后",
)  # fmt: skip
_OTHER_YEAR = re.compile(r"(上年|去年|上一年|前年|同期)")
_YEAR = re.compile(r"(\d{4})年")


def _sentence_start(text: str, pos: int) -> int:
    return max((text.rfind(ch, 0, pos) for ch in _STOP), default=-1) + 1


def _about_other_year(text: str, start: int, year: int) -> bool:
    prefix = text[_sentence_start(text, start) : start]
    years = _YEAR.findall(prefix)
    return bool(_OTHER_YEAR.search(prefix[-8:])) or (bool(years) and int(years[-1]) != year)


def _group_totals(t4: T4, group: str) -> set[int]:
    """The figures a narrative may quote for a 表四 group: its 总计 and the sum of its four results, each
    only when the cells it needs are filled."""
    found = {t4.cell(group, "total"), _sum(t4.cell(group, p) for p in T4_PARTS)}
    return {v for v in found if v is not None}


def _typed_at(report: AnnualReport, path: CellPath) -> Text:
    """Where the table figure a narrative contradicts was typed: ``（表格数据：report.yaml 第 40 行）``.
    The finding itself points at the narrative; the figure in the table may be the wrong one."""
    ref = report.source(*path)
    if ref is None or not ref.file:
        return EMPTY
    return msg("annual.narrative.typed_at", where=Text(ref.describe(), ref.describe("en")))


def check_r12_narrative(
    text: str, report: AnnualReport, source: SourceRef | None = None, section: str = "一、总体情况"
) -> list[Finding]:
    """R12 (soft): figures the narrative repeats must match the tables. Recognised, conservatively:
    “受理/新收/收到…申请…N件” against 表三 一 (总计; or 一 + 二, which some reports quote), “行政复议N件”
    against 表四 行政复议 总计, “行政诉讼N件” against 表四 行政诉讼. A number that reads as a part (其中,
    自然人…), a channel, a comparison or another year's figure is left alone. A blank table cell is never
    compared with (as 0): the check is then not evaluated.

    ``source`` is where ``text`` starts; a finding's line is that line plus the newlines before the match.
    """
    t3, t4, out = report.t3, report.t4, []
    received = t3.cell("new_received", "total")
    carried = t3.cell("carried_over", "total")
    accepted = {
        received,
        _sum(t3.cell("new_received", c) for c in T3_APPLICANT_COLS),
        None if received is None or carried is None else received + carried,
    }
    row_i = "表三“一、本年新收政府信息公开申请数量”行“总计”列"
    for m in _RECEIPT.finditer(text):
        gap, n = m.group("gap"), int(m.group("n").replace(",", ""))
        if (
            "申请" not in gap
            or any(w in gap for w in _RECEIPT_SKIP)
            or _about_other_year(text, m.start(), report.year)
        ):
            continue
        if n in accepted:
            continue
        quote = f"{section}中“{m.group(0)}”"
        path = ("t3", "new_received", "total")
        skipped = _not_evaluated(
            "R12",
            f"{quote}是否与{row_i}一致",
            f'the narrative\'s "{m.group(0)}" vs Table 3 row I',
            (report, [path], ""),
        )
        if skipped is not None:
            out += skipped
            continue
        at = _typed_at(report, path)
        diff = signed(n - received)  # type: ignore[operator]
        out.append(
            Finding.of(
                W,
                "R12",
                "annual.narrative.t3_received",
                line_at(source, text, m.start()),
                quote=Text(quote, m.group(0)),
                row_i=row_i,
                received=received,
                diff=diff,
                at=at,
            )
        )
    for m in _REVIEW.finditer(text):
        gap, n = m.group("gap"), int(m.group("n"))
        if any(w in gap for w in (*_T4_SKIP, "诉讼")) or _about_other_year(text, m.start(), report.year):
            continue
        if n in _group_totals(t4, "review"):
            continue
        quote, path = f"{section}中“{m.group(0)}”", ("t4", "review", "total")
        skipped = _not_evaluated(
            "R12",
            f"{quote}是否与表四“行政复议”“总计”一致",
            f'the narrative\'s "{m.group(0)}" vs Table 4 review total',
            (report, [path], ""),
        )
        if skipped is not None:
            out += skipped
            continue
        expected = t4.value("review", "total")
        at = _typed_at(report, path)
        out.append(
            Finding.of(
                W,
                "R12",
                "annual.narrative.t4_review",
                line_at(source, text, m.start()),
                quote=Text(quote, m.group(0)),
                expected=expected,
                diff=signed(n - expected),
                at=at,
            )
        )
    for m in _LITIGATION.finditer(text):
        gap, n = m.group("gap"), int(m.group("n"))
        before = text[_sentence_start(text, m.start()) : m.start()]
        if m.group("admin") is None and "复议" not in before:
            continue  # a bare 诉讼 is read only right after the 复议 figure (“行政复议7件，诉讼9件”)
        if re.search(r"复议\D{0,6}$", before) or any(w in gap for w in _T4_SKIP):
            continue  # “行政复议和行政诉讼共N件”: a combined figure
        if _about_other_year(text, m.start(), report.year):
            continue
        direct, after = _group_totals(t4, "litigation_direct"), _group_totals(t4, "litigation_after_review")
        if n in direct | after | {d + a for d in direct for a in after}:
            continue
        quote = f"{section}中“{m.group(0)}”"
        paths = [("t4", "litigation_direct", "total"), ("t4", "litigation_after_review", "total")]
        skipped = _not_evaluated(
            "R12",
            f"{quote}是否与表四“行政诉讼”两项“总计”之和一致",
            f'the narrative\'s "{m.group(0)}" vs Table 4 lawsuits',
            (report, paths, ""),
        )
        if skipped is not None:
            out += skipped
            continue
        expected = t4.value("litigation_direct", "total") + t4.value("litigation_after_review", "total")
        at = _typed_at(report, paths[0])
        out.append(
            Finding.of(
                W,
                "R12",
                "annual.narrative.t4_lawsuits",
                line_at(source, text, m.start()),
                quote=Text(quote, m.group(0)),
                expected=expected,
                diff=signed(n - expected),
                at=at,
            )
        )
    return out
