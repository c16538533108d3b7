"""Facts of the national 政府信息公开工作年度报告 format as Python data: versions, sections, and every
official label of tables T2, T3 and T4, character for character.

Why a module of constants: the tables are a legal format (国办公开办函〔2019〕60号 and 〔2021〕30号); a label
that differs by one character (a half-width bracket, a “、” for a “，”) is a visible defect in a published
report. Everything here was transcribed from shared/spec/annual-report-tables.yaml (which is not shipped).

This is the one declaration of each format's tables (``T2_BLOCKS[version]``, ``T3_ROWS[version]``, the
shared ``T3_COLUMNS``, ``T4_GROUPS`` and ``T4_COLUMNS``): the pydantic models are generated from it
(``models.py``), typed labels are matched against it (``matching.py``, with the declared aliases and short
forms), the printed tables and so the workbook of ``docgen init --xlsx`` are laid out from it
(``tables.py``, ``data/xlsx.py``), the YAML skeleton of ``docgen init`` lists it (``init.py``), and the rules
name cells in its words (``blanks.py``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from ...typeset.cellbreak import declare_words

Version = Literal["2019", "2021"]
VERSIONS: tuple[Version, ...] = ("2019", "2021")

VERSION_INFO: dict[Version, dict[str, str]] = {
    "2019": {
        "name": "中华人民共和国政府信息公开工作年度报告格式（试行）",
        "document_number": "国办公开办函〔2019〕60号",
    },
    "2021": {
        "name": "中华人民共和国政府信息公开工作年度报告格式",
        "document_number": "国办公开办函〔2021〕30号",
    },
}

OrganLevel = Literal["department", "government"]
ORGAN_LEVEL_ZH: dict[OrganLevel, str] = {"department": "部门", "government": "人民政府"}

# --- Sections (B1) ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SectionSpec:
    """One of the six parts: the canonical heading and the variants real reports use (accepted on import)."""

    no: int
    key: str
    heading: str
    aliases: tuple[str, ...] = ()


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(1, "overall", "一、总体情况"),
    SectionSpec(2, "active_disclosure", "二、主动公开政府信息情况"),
    SectionSpec(3, "applications", "三、收到和处理政府信息公开申请情况"),
    SectionSpec(
        4,
        "review_litigation",
        "四、政府信息公开行政复议、行政诉讼情况",
        ("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",),
    ),
    SectionSpec(
        5,
        "problems",
        "五、存在的主要问题及改进情况",
        ("五、政府信息公开工作存在的主要问题及改进情况", "五、存在问题及改进情况"),
    ),
    SectionSpec(6, "other_matters", "六、其他需要报告的事项"),
)

# --- Table names --------------------------------------------------------------------------------------------

TABLE_NAME_ZH = {"t2": "表二", "t3": "表三", "t4": "表四"}
TABLE_NAME_EN = {"t2": "Table 2", "t3": "Table 3", "t4": "Table 4"}
TABLE_TITLE = {
    "t2": "主动公开政府信息情况",
    "t3": "收到和处理政府信息公开申请情况",
    "t4": "政府信息公开行政复议、行政诉讼情况",
}

# --- T2 主动公开政府信息情况 (B2) ---------------------------------------------------------------------------

ColumnKind = Literal["int", "signed", "decimal", "money"]


@dataclass(frozen=True, slots=True)
class T2Column:
    """A value column of a T2 block. ``span`` is how many grid columns its cells cover."""

    key: str
    label: str
    kind: ColumnKind
    en: str
    span: int = 1


@dataclass(frozen=True, slots=True)
class T2Row:
    key: str
    label: str
    en: str


@dataclass(frozen=True, slots=True)
class T2Block:
    """A block of T2: a caption row spanning the grid (e.g. 第二十条第（一）项), a header row, data rows."""

    key: str
    caption: str
    columns: tuple[T2Column, ...]
    rows: tuple[T2Row, ...]
    label_header: str = "信息内容"


_DECISIONS_2021 = (T2Column("decisions", "本年处理决定数量", "int", "decisions this year", span=3),)
_ITEMS_2019 = (
    T2Column("prev_year_items", "上一年项目数量", "int", "items last year"),
    T2Column("change", "本年增/减", "signed", "change this year", span=2),
    T2Column("decisions", "处理决定数量", "int", "decisions"),
)

T2_BLOCKS: dict[Version, tuple[T2Block, ...]] = {
    "2021": (
        T2Block(
            "art20_1",
            "第二十条第（一）项",
            (
                T2Column("made", "本年制发件数", "int", "issued this year"),
                T2Column("repealed", "本年废止件数", "int", "repealed this year"),
                T2Column("valid", "现行有效件数", "int", "currently valid"),
            ),
            (
                T2Row("regulations", "规章", "rules"),
                T2Row("normative_documents", "行政规范性文件", "normative documents"),
            ),
        ),
        T2Block(
            "art20_5", "第二十条第（五）项", _DECISIONS_2021, (T2Row("licensing", "行政许可", "licensing"),)
        ),
        T2Block(
            "art20_6",
            "第二十条第（六）项",
            _DECISIONS_2021,
            (
                T2Row("punishment", "行政处罚", "penalties"),
                T2Row("coercion", "行政强制", "coercive measures"),
            ),
        ),
        T2Block(
            "art20_8",
            "第二十条第（八）项",
            (
                T2Column(
                    "amount", "本年收费金额（单位：万元）", "decimal", "fees this year (10k yuan)", span=3
                ),
            ),
            (T2Row("fees", "行政事业性收费", "administrative fees"),),
        ),
    ),
    "2019": (
        T2Block(
            "art20_1",
            "第二十条第（一）项",
            (
                T2Column("new_made", "本年新制作数量", "int", "newly made"),
                T2Column("new_published", "本年新公开数量", "int", "newly published", span=2),
                T2Column("total_published", "对外公开总数量", "int", "published in total"),
            ),
            (
                T2Row("regulations", "规章", "rules"),
                T2Row("normative_documents", "规范性文件", "normative documents"),
            ),
        ),
        T2Block(
            "art20_5",
            "第二十条第（五）项",
            _ITEMS_2019,
            (
                T2Row("licensing", "行政许可", "licensing"),
                T2Row("other_services", "其他对外管理服务事项", "other external services"),
            ),
        ),
        T2Block(
            "art20_6",
            "第二十条第（六）项",
            _ITEMS_2019,
            (
                T2Row("punishment", "行政处罚", "penalties"),
                T2Row("coercion", "行政强制", "coercive measures"),
            ),
        ),
        T2Block(
            "art20_8",
            "第二十条第（八）项",
            (
                T2Column("prev_year_items", "上一年项目数量", "int", "items last year", span=2),
                T2Column("change", "本年增/减", "signed", "change this year", span=2),
            ),
            (T2Row("fees", "行政事业性收费", "administrative fees"),),
        ),
        T2Block(
            "art20_9",
            "第二十条第（九）项",
            (
                T2Column("procurement_items", "采购项目数量", "int", "procurement items", span=2),
                T2Column("procurement_amount", "采购总金额", "money", "procurement amount", span=2),
            ),
            (T2Row("central_procurement", "政府集中采购", "central government procurement"),),
        ),
    ),
}

# Relative column widths, in millimetres of the 156 mm 版心. The 2019 grid has four value columns of
# 2 : 1 : 1 : 2 so that both its three-column blocks (spans 1, 2, 1) and its two-column blocks (spans 2, 2)
# come out with equal value columns.
# The 2019 label column is 46 mm so that 其他对外管理服务事项 stays on one line.
T2_WIDTHS: dict[Version, tuple[float, ...]] = {
    "2021": (44.0, 112 / 3, 112 / 3, 112 / 3),
    "2019": (46.0, 110 / 3, 110 / 6, 110 / 6, 110 / 3),
}

# --- T3 收到和处理政府信息公开申请情况 (B3) ----------------------------------------

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


# --- T4 政府信息公开行政复议、行政诉讼情况 (B4) ------------------------------------


@dataclass(frozen=True, slots=True)
class T4Group:
    key: str
    label: str
    en: str
    parent_label: str = ""


T4_REVIEW_HEADER = "行政复议"
T4_LITIGATION_HEADER = "行政诉讼"
T4_GROUPS: tuple[T4Group, ...] = (
    T4Group("review", "行政复议", "administrative review"),
    T4Group("litigation_direct", "未经复议直接起诉", "lawsuits without prior review", "行政诉讼"),
    T4Group("litigation_after_review", "复议后起诉", "lawsuits after review", "行政诉讼"),
)
T4_COLUMNS: tuple[T3Column, ...] = (
    T3Column("upheld", "结果维持", "upheld", ("维持",)),
    T3Column("corrected", "结果纠正", "corrected", ("纠正",)),
    T3Column("other_result", "其他结果", "other result", ("其他",)),
    T3Column("pending", "尚未审结", "pending"),
    T3Column("total", "总计", "total"),
)
T4_PARTS: tuple[str, ...] = ("upheld", "corrected", "other_result", "pending")
T4_WIDTHS: tuple[float, ...] = (156 / 15,) * 15


def t4_group_name(key: str) -> str:
    """``行政复议`` or ``行政诉讼—未经复议直接起诉``: the header path a reader follows."""
    g = next(g for g in T4_GROUPS if g.key == key)
    return f"{g.parent_label}—{g.label}" if g.parent_label else g.label


# --- Matching labels typed by people ------------------------------------------------------------

_ENUM = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）][、.．]?|\d+[.．、])"
)


def norm(text: str) -> str:
    """A label as compared on import: NFKC (full- and half-width alike), no spaces, no trailing colon."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))).rstrip(":：")


def norm_bare(text: str) -> str:
    """``norm`` without a leading enumerator (一、 （三） 1.), so that ``予以公开`` finds （一）予以公开."""
    return _ENUM.sub("", norm(text), count=1)


# --- Where the official labels may break across lines ----------------------------------------------------
# A table cell breaks its text between these words (typeset/cellbreak.py; docgen has no dictionary), so a
# narrow cell prints 1.本机关不掌握/相关政府信息 and never 其他对外管理服务事/项. Each is an official label
# above with "|" between its words (tests/test_table_readability.py checks they are).
LABEL_WORDS: tuple[str, ...] = (
    # 表二
    "其他对外|管理|服务|事项",
    "行政|规范性|文件",
    "行政|事业性|收费",
    "政府|集中|采购",
    "本年|制发|件数",
    "本年|废止|件数",
    "现行|有效|件数",
    "本年|处理|决定|数量",
    "本年|收费|金额|（单位：|万元）",
    "本年|新制作|数量",
    "本年|新公开|数量",
    "对外|公开|总数量",
    "上一年|项目|数量",
    "处理|决定|数量",
    "采购|项目|数量",
    "采购|总金额",
    # 表三
    "（本列|数据的|勾稽|关系|为：|第一项|加|第二项|之和，|等于|第三项|加|第四项|之和）",
    "申请人|情况",
    "法人|或|其他|组织",
    "商业|企业",
    "科研|机构",
    "社会|公益|组织",
    "法律|服务|机构",
    "一、|本年|新收|政府|信息|公开|申请|数量",
    "二、|上年|结转|政府|信息|公开|申请|数量",
    "三、|本年度|办理|结果",
    "（二）|部分|公开|（区分|处理的，|只计|这一|情形，|不计|其他|情形）",
    "（三）|不予|公开",
    "（四）|无法|提供",
    "（五）|不予|处理",
    "（六）|其他|处理",
    "1.|属于|国家|秘密",
    "2.|其他|法律|行政|法规|禁止|公开",
    "3.|危及|“三安全一稳定”",
    "4.|保护|第三方|合法|权益",
    "5.|属于|三类|内部|事务|信息",
    "6.|属于|四类|过程性|信息",
    "7.|属于|行政|执法|案卷",
    "8.|属于|行政|查询|事项",
    "1.|本机关|不|掌握|相关|政府|信息",
    "2.|没有|现成|信息|需要|另行|制作",
    "3.|补正后|申请|内容|仍|不明确",
    "1.|信访|举报|投诉类|申请",
    "3.|要求|提供|公开|出版物",
    "4.|无|正当|理由|大量|反复|申请",
    "5.|要求|行政|机关|确认|或|重新|出具|已|获取|信息",
    "1.|申请人|无|正当|理由|逾期|不|补正、|行政|机关|不再|处理|其|政府|信息|公开|申请",
    "2.|申请人|逾期|未|按|收费|通知|要求|缴纳|费用、|行政|机关|不再|处理|其|政府|信息|公开|申请",
    "四、|结转|下年度|继续|办理",
    # 表四
    "行政|复议",
    "行政|诉讼",
    "未经|复议|直接|起诉",
    "复议后|起诉",
    "结果|维持",
    "结果|纠正",
    "其他|结果",
    "尚未|审结",
)
declare_words(*LABEL_WORDS)
