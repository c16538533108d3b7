"""表三 收到和处理政府信息公开申请情况 (B3), both versions: its columns, its rows as the official grid draws
them (groups, leaves, the rows that carry numbers), the groups whose subtotal is quoted, the column widths
and the rows' names in messages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .outline import VERSIONS, Version

T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_APPLICANT_HEADER = "申请人情况"
T3_ORG_HEADER = "法人或其他组织"


@dataclass(frozen=True, slots=True)
class T3Column:
    key: str
    label: str
    en: str
    short: tuple[str, ...] = ()  # short forms some organs print (read with a notice; see matching.py)


T3_COLUMNS: tuple[T3Column, ...] = (
    T3Column("natural_person", "自然人", "natural persons"),
    T3Column("commercial", "商业企业", "businesses"),
    T3Column("research", "科研机构", "research institutions"),
    T3Column("public_welfare", "社会公益组织", "public-interest organisations"),
    T3Column("legal_service", "法律服务机构", "legal-service firms"),
    T3Column("other_org", "其他", "other organisations"),
    T3Column("total", "总计", "total"),
)
T3_COL = {c.key: c for c in T3_COLUMNS}
T3_ALL_COLS: tuple[str, ...] = tuple(c.key for c in T3_COLUMNS)
T3_APPLICANT_COLS: tuple[str, ...] = T3_ALL_COLS[:-1]
T3_ORG_COLS: tuple[str, ...] = T3_ALL_COLS[1:-1]
# Not a printed column: the 法人或其他组织 subtotal some inputs carry (R5 checks it).
T3_ORG_SUBTOTAL = "org_subtotal"
T3_COLUMN_ALIASES = {"other": "other_org", "legal_person": T3_ORG_SUBTOTAL, T3_ORG_HEADER: T3_ORG_SUBTOTAL}

Layout = Literal["span3", "l1", "span23", "l2", "l3"]


@dataclass(frozen=True, slots=True)
class T3RowSpec:
    """A row of T3 as the official grid draws it.

    ``layout``: span3 — label over all three label columns; l1 — the 三、本年度办理结果 cell in column 1;
    span23 — label over columns 2–3; l2 — a group label in column 2 (rowspan); l3 — a leaf in column 3.
    ``data`` is False for pure label cells (groups), which carry no numbers in the printed table.
    """

    key: str
    label: str
    layout: Layout
    data: bool
    en: str
    parent: str | None = None
    rowspan: int = 1
    aliases: tuple[str, ...] = ()  # other official wordings, read silently
    short: tuple[str, ...] = ()  # short forms some organs print (read with a notice; see matching.py)


def _t3_rows(version: Version) -> tuple[T3RowSpec, ...]:
    r = T3RowSpec
    if version == "2019":
        other: tuple[T3RowSpec, ...] = (
            r("other", "（六）其他处理", "span23", True, "(6) other handling", "results_header"),
        )
    else:
        other = (
            r("other", "（六）其他处理", "l2", False, "(6) other handling", "results_header", rowspan=3),
            r(
                "other.overdue_correction",
                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                "l3",
                True,
                "no correction in time",
                "other",
                aliases=(
                    "1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请",
                    "1.申请人无正当理由逾期不补正",
                ),
                short=("逾期不补正", "申请人逾期不补正", "无正当理由逾期不补正"),
            ),
            r(
                "other.overdue_fee",
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                "l3",
                True,
                "fee not paid in time",
                "other",
                aliases=(
                    "2.申请人逾期未按收费通知要求缴纳费用，行政机关不再处理其政府信息公开申请",
                    "2.申请人逾期未按收费通知要求缴纳费用",
                ),
                short=("逾期未缴费", "逾期不缴费", "逾期未缴纳费用", "逾期未按收费通知要求缴纳费用"),
            ),
            r("other.other", "3.其他", "l3", True, "other", "other"),
        )
    return (
        r("new_received", "一、本年新收政府信息公开申请数量", "span3", True, "I. new applications this year"),
        r(
            "carried_over",
            "二、上年结转政府信息公开申请数量",
            "span3",
            True,
            "II. carried over from last year",
        ),
        r(
            "results_header",
            "三、本年度办理结果",
            "l1",
            False,
            "III. results this year",
            rowspan=20 if version == "2019" else 22,
        ),
        r("granted", "（一）予以公开", "span23", True, "(1) disclosed", "results_header"),
        r(
            "partial",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            "span23",
            True,
            "(2) partly disclosed",
            "results_header",
        ),
        r("denied", "（三）不予公开", "l2", False, "(3) not disclosed", "results_header", rowspan=8),
        r("denied.state_secret", "1.属于国家秘密", "l3", True, "state secret", "denied"),
        r(
            "denied.law_forbidden",
            "2.其他法律行政法规禁止公开",
            "l3",
            True,
            "forbidden by other law",
            "denied",
        ),
        r(
            "denied.three_security",
            "3.危及“三安全一稳定”",
            "l3",
            True,
            "endangers security or stability",
            "denied",
        ),
        r("denied.third_party", "4.保护第三方合法权益", "l3", True, "third-party rights", "denied"),
        r("denied.internal_affairs", "5.属于三类内部事务信息", "l3", True, "internal affairs", "denied"),
        r("denied.process_info", "6.属于四类过程性信息", "l3", True, "process information", "denied"),
        r("denied.enforcement_file", "7.属于行政执法案卷", "l3", True, "enforcement file", "denied"),
        r("denied.admin_query", "8.属于行政查询事项", "l3", True, "administrative query", "denied"),
        r("unable", "（四）无法提供", "l2", False, "(4) cannot be provided", "results_header", rowspan=3),
        r(
            "unable.not_held",
            "1.本机关不掌握相关政府信息",
            "l3",
            True,
            "not held",
            "unable",
            short=("不掌握相关政府信息",),
        ),
        r(
            "unable.need_creation",
            "2.没有现成信息需要另行制作",
            "l3",
            True,
            "would need creating",
            "unable",
            short=("需要另行制作",),
        ),
        r(
            "unable.unclear",
            "3.补正后申请内容仍不明确",
            "l3",
            True,
            "still unclear",
            "unable",
            short=("申请内容不明确",),
        ),
        r("not_processed", "（五）不予处理", "l2", False, "(5) not processed", "results_header", rowspan=5),
        r(
            "not_processed.petition",
            "1.信访举报投诉类申请",
            "l3",
            True,
            "petition or complaint",
            "not_processed",
        ),
        r("not_processed.repeat", "2.重复申请", "l3", True, "repeated application", "not_processed"),
        r(
            "not_processed.publication",
            "3.要求提供公开出版物",
            "l3",
            True,
            "asks for publications",
            "not_processed",
        ),
        r(
            "not_processed.massive",
            "4.无正当理由大量反复申请",
            "l3",
            True,
            "mass repeated applications",
            "not_processed",
        ),
        r(
            "not_processed.confirm",
            "5.要求行政机关确认或重新出具已获取信息",
            "l3",
            True,
            "asks to confirm or re-issue",
            "not_processed",
        ),
        *other,
        r("result_total", "（七）总计", "span23", True, "(7) total", "results_header"),
        r("carry_forward", "四、结转下年度继续办理", "span3", True, "IV. carried forward to next year"),
    )


T3_ROWS: dict[Version, tuple[T3RowSpec, ...]] = {v: _t3_rows(v) for v in VERSIONS}
T3_ROW: dict[Version, dict[str, T3RowSpec]] = {v: {r.key: r for r in rows} for v, rows in T3_ROWS.items()}
T3_DATA_ROWS: dict[Version, tuple[str, ...]] = {
    v: tuple(r.key for r in T3_ROWS[v] if r.data) for v in VERSIONS
}
T3_LEAF_RESULT_ROWS: dict[Version, tuple[str, ...]] = {
    v: tuple(
        k
        for k in T3_DATA_ROWS[v]
        if k not in ("new_received", "carried_over", "result_total", "carry_forward")
    )
    for v in VERSIONS
}
# Groups whose subtotal is not printed but often quoted (R5). In 2019 （六）其他处理 is a single row.
T3_GROUPS: dict[Version, tuple[str, ...]] = {
    "2019": ("denied", "unable", "not_processed"),
    "2021": ("denied", "unable", "not_processed", "other"),
}

# Relative widths in mm (sum 156): three label columns — one character for the upright 三、本年度办理结果,
# four for （三）/不予公开, the leaf labels up to 3.危及“三安全一稳定” on one line; 自然人 on one line, the
# organisations two characters a line (社会/公益/组织), 总计 wide enough for its larger numbers. In 小四
# with the cell margins (typeset/cellbreak.py).
T3_WIDTHS: tuple[float, ...] = (6.5, 19.5, 48.0, 15.0, 10.8, 10.8, 10.8, 10.8, 10.8, 13.0)


def t3_row_name(version: Version, key: str) -> str:
    """The row as a reader finds it in the printed table: a leaf is named with its group label."""
    spec = T3_ROW[version][key]
    if spec.layout == "l3" and spec.parent:
        return f"{T3_ROW[version][spec.parent].label}—{spec.label}"
    return spec.label


def t3_row_name_en(version: Version, key: str) -> str:
    spec = T3_ROW[version][key]
    if spec.layout == "l3" and spec.parent:
        return f"{T3_ROW[version][spec.parent].en}: {spec.en}"
    return spec.en
