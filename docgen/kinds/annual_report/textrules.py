"""The annual report's rules on its text, not its tables: R13 (the statistical period and the deadline of
条例第四十九条) and R14 (the format version and the six parts' headings). ``rules.py`` runs them with the
tables' rules (``check_report``)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from ...errors import Finding, Severity
from ...messages import Text
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
            Finding.of(
                W,
                "R13",
                "annual.r13.period_not_year",
                source,
                start=Text(chinese_date(period[0]), str(period[0])),
                end=Text(chinese_date(period[1]), str(period[1])),
                year=year,
            )
        )
    for m in _PERIOD.finditer(preamble or ""):
        years = {int(y) for y in m.groups() if y}
        if years != {year}:
            out.append(
                Finding.of(
                    W,
                    "R13",
                    "annual.r13.stated_period",
                    line_at(preamble_source, preamble or "", m.start()),
                    value=m.group(0),
                    year=year,
                )
            )
    if issued is None:
        return out
    limit = deadline(year, organ_level)
    level = ORGAN_LEVEL_ZH[organ_level]
    if issued <= dt.date(year, 12, 31):
        out.append(
            Finding.of(
                W,
                "R13",
                "annual.r13.date_too_early",
                source,
                issued=Text(chinese_date(issued), str(issued)),
                year=year,
            )
        )
    elif issued > limit:
        days = (issued - limit).days
        hint = ""
        if organ_level == "department" and issued <= deadline(year, "government"):
            hint = "；如为人民政府年度报告，期限为 3 月 31 日（organ_level: government）"
        out.append(
            Finding.of(
                W,
                "R13",
                "annual.r13.date_too_late",
                source,
                issued=Text(chinese_date(issued), str(issued)),
                limit=Text(chinese_date(limit), str(limit)),
                level=Text(level, organ_level),
                days=days,
                note=hint,
            )
        )
    return out


# --- R14: format version and sections ---------------------------------------------------------------------------


def check_r14_version(report: AnnualReport) -> list[Finding]:
    """R14: the report year decides the format — 2019 (试行) for 2019–2020, 2021 from 2021 on."""
    expected = version_for_year(report.year)
    out = []
    if report.year < 2019:
        out.append(Finding.of(W, "R14", "annual.r14.before_2019", report.source("year"), year=report.year))
    elif report.version != expected:
        info = VERSION_INFO[expected]
        out.append(
            Finding.of(
                E,
                "R14",
                "annual.r14.wrong_version",
                report.source("version"),
                year=report.year,
                name=info["name"],
                document_number=info["document_number"],
                version=report.version,
                expected=expected,
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
            out.append(Finding.of(E, "R14", "annual.r14.unknown_heading", ref, i=i, text=text))
            continue
        if spec.no in seen:
            out.append(
                Finding.of(E, "R14", "annual.r14.heading_twice", ref, part=Text(spec.heading, str(spec.no)))
            )
            continue
        if seen and spec.no < seen[-1]:
            out.append(
                Finding.of(
                    E,
                    "R14",
                    "annual.r14.heading_order",
                    ref,
                    part=Text(spec.heading, str(spec.no)),
                    previous=Text(SECTIONS[seen[-1] - 1].heading, str(seen[-1])),
                )
            )
        elif not exact:
            out.append(
                Finding.of(N, "R14", "annual.r14.heading_variant", ref, text=text, heading=spec.heading)
            )
        seen.append(spec.no)
    missing = [s.heading for s in SECTIONS if s.no not in seen]
    if missing:
        out.append(
            Finding.of(
                E,
                "R14",
                "annual.r14.missing_parts",
                refs[0] if refs else None,
                parts=Text(
                    "、".join(f"“{h}”" for h in missing),
                    ", ".join(str(s.no) for s in SECTIONS if s.no not in seen),
                ),
            )
        )
    return out
