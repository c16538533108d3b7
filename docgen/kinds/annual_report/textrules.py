"""The annual report's rules on its text, not its tables: R13 (the statistical period and the deadline of
条例第四十九条) and R14 (the format version and the six parts' headings). ``rules.py`` runs them with the
tables' rules (``check_report``)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from ...errors import Finding, Severity
from ...model import chinese_date
from ...source import SourceRef
from .labels import (
    ORGAN_LEVEL_ZH,
    SECTIONS,
    VERSION_INFO,
    OrganLevel,
    SectionSpec,
)
from .matching import norm, norm_bare
from .tables import AnnualReport, version_for_year

E, W, N, U = Severity.ERROR, Severity.WARNING, Severity.NOTICE, Severity.UNCHECKED


def line_at(source: SourceRef | None, text: str, pos: int) -> SourceRef | None:
    """The line of ``text``'s character ``pos``, when ``text`` begins at ``source`` (R12 and R13 point at the
    sentence that holds a figure or a period, not at the field's first line)."""
    if source is None or source.line is None:
        return source
    return replace(source, line=source.line + text.count("\n", 0, pos), column=None)


# --- R13: statistical period and deadline -------------------------------------------------------------------

_PERIOD = re.compile(r"(\d{4})年\s*1\s*月\s*1\s*日\D{0,3}?(?:(\d{4})年)?\s*12\s*月\s*31\s*日")


def deadline(year: int, organ_level: OrganLevel = "department") -> dt.date:
    """条例第四十九条: a department publishes the previous year's report by 31 January, the government level
    by 31 March."""
    return dt.date(year + 1, 1, 31) if organ_level == "department" else dt.date(year + 1, 3, 31)


def check_r13_dates(
    year: int,
    issued: dt.date | None,
    organ_level: OrganLevel = "department",
    *,
    period: tuple[dt.date, dt.date] | None = None,
    preamble: str | None = None,
    source: SourceRef | None = None,
    preamble_source: SourceRef | None = None,
) -> list[Finding]:
    """R13 (warnings): the statistical period is the calendar year (1 Jan–31 Dec); the 成文日期 falls after
    it and by the 条例第四十九条 deadline of the organ's level. ``preamble`` is the opening paragraph, whose
    “统计期限为X年1月1日至12月31日” is checked against ``year`` when present."""
    out = []
    if period is not None and period != (dt.date(year, 1, 1), dt.date(year, 12, 31)):
        out.append(
            Finding(
                W,
                "R13",
                f"统计期限为 {chinese_date(period[0])}至{chinese_date(period[1])}，应为 {year}年1月1日至12月31日",
                source,
                f"the statistical period {period[0]}–{period[1]} is not the calendar year {year}",
            )
        )
    for m in _PERIOD.finditer(preamble or ""):
        years = {int(y) for y in m.groups() if y}
        if years != {year}:
            out.append(
                Finding(
                    W,
                    "R13",
                    f"正文写的统计期限“{m.group(0)}”与报告年度 {year} 不符",
                    line_at(preamble_source, preamble or "", m.start()),
                    f'the stated period "{m.group(0)}" does not match the report year {year}',
                )
            )
    if issued is None:
        return out
    limit = deadline(year, organ_level)
    level = ORGAN_LEVEL_ZH[organ_level]
    if issued <= dt.date(year, 12, 31):
        out.append(
            Finding(
                W,
                "R13",
                f"成文日期 {chinese_date(issued)} 早于统计年度结束（{year}年12月31日）",
                source,
                f"the date {issued} is before the end of the reported year {year}",
            )
        )
    elif issued > limit:
        days = (issued - limit).days
        hint = ""
        if organ_level == "department" and issued <= deadline(year, "government"):
            hint = "；如为人民政府年度报告，期限为 3 月 31 日（organ_level: government）"
        out.append(
            Finding(
                W,
                "R13",
                f"成文日期 {chinese_date(issued)} 晚于《中华人民共和国政府信息公开条例》第四十九条规定的"
                f"{chinese_date(limit)}（{level}年度报告），晚 {days} 天{hint}",
                source,
                f"the date {issued} is {days} days after the statutory deadline {limit} "
                f"for a {organ_level} report (Regulations art. 49)",
            )
        )
    return out


# --- R14: format version and sections ---------------------------------------------------------------------------


def check_r14_version(report: AnnualReport) -> list[Finding]:
    """R14: the report year decides the format — 2019 (试行) for 2019–2020, 2021 from 2021 on."""
    expected = version_for_year(report.year)
    out = []
    if report.year < 2019:
        out.append(
            Finding(
                W,
                "R14",
                f"{report.year} 年度早于全国统一格式（2019 年起），表格按 2019 年（试行）格式核对",
                report.source("year"),
                f"{report.year} predates the national format (2019 on)",
            )
        )
    elif report.version != expected:
        info = VERSION_INFO[expected]
        out.append(
            Finding(
                E,
                "R14",
                f"{report.year} 年度报告应使用《{info['name']}》（{info['document_number']}），"
                f"数据指定的是 {report.version} 年格式",
                report.source("version"),
                f"a {report.year} report must use the {expected} format, the data names {report.version}",
            )
        )
    return out


def _match_section(text: str) -> tuple[SectionSpec | None, bool]:
    """The section a heading names, and whether it was written in the canonical wording."""
    bare = norm_bare(text).rstrip("。.")
    for spec in SECTIONS:
        if bare == norm_bare(spec.heading):
            return spec, norm(text) == norm(spec.heading)
        if any(bare == norm_bare(a) for a in spec.aliases):
            return spec, False
    return None, False


def canonical_headings(headings: Iterable[str]) -> list[str | None]:
    """Each heading in its canonical wording (B1), or None where it names none of the six parts."""
    return [spec.heading if spec else None for spec, _ in map(_match_section, headings)]


def check_r14_sections(
    headings: Sequence[str], sources: Sequence[SourceRef | None] | None = None
) -> list[Finding]:
    """R14: the report has exactly the six parts 一…六, in order. Variant headings seen in real reports are
    accepted (a notice says the canonical one will be printed); unknown, repeated, missing or misplaced
    parts are errors."""
    refs = list(sources or [])
    refs += [None] * (len(headings) - len(refs))
    out: list[Finding] = []
    seen: list[int] = []
    for i, (text, ref) in enumerate(zip(headings, refs, strict=True), start=1):
        spec, exact = _match_section(text)
        if spec is None:
            out.append(
                Finding(
                    E,
                    "R14",
                    f"第 {i} 个部分标题“{text}”不是年度报告规定的六个部分之一",
                    ref,
                    f"heading {i} {text!r} is not one of the six parts of the annual report",
                )
            )
            continue
        if spec.no in seen:
            out.append(Finding(E, "R14", f"“{spec.heading}”出现了两次", ref, f"part {spec.no} appears twice"))
            continue
        if seen and spec.no < seen[-1]:
            out.append(
                Finding(
                    E,
                    "R14",
                    f"“{spec.heading}”排在“{SECTIONS[seen[-1] - 1].heading}”之后，顺序应为一至六",
                    ref,
                    f"part {spec.no} comes after part {seen[-1]}; the order must be 1–6",
                )
            )
        elif not exact:
            out.append(
                Finding(
                    N,
                    "R14",
                    f"标题“{text}”按规范写法输出为“{spec.heading}”",
                    ref,
                    f"heading {text!r} is printed as {spec.heading!r}",
                )
            )
        seen.append(spec.no)
    missing = [s.heading for s in SECTIONS if s.no not in seen]
    if missing:
        out.append(
            Finding(
                E,
                "R14",
                f"缺少{'、'.join(f'“{h}”' for h in missing)}",
                refs[0] if refs else None,
                f"missing part(s): {', '.join(str(s.no) for s in SECTIONS if s.no not in seen)}",
            )
        )
    return out
