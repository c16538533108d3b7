"""GB/T 9704-2012《党政机关公文格式》 as numbers, clause by clause.

Every length any renderer uses lives here, as an exact ``Length``. Renderers convert units; they never
choose them. Clause numbers refer to the standard; [PRAC] marks office practice that the standard
leaves open (see shared/spec/gbt9704-and-annual-report.md for sources).
"""

from __future__ import annotations

from .model import Role
from .units import Length, mm, pt, twips

# --- Font sizes by their Chinese names (Word/WPS convention) -------------------------------------------
SIZE = {
    "初号": pt(42),
    "小初": pt(36),
    "一号": pt(26),
    "小一": pt(24),
    "二号": pt(22),
    "小二": pt(18),
    "三号": pt(16),
    "小三": pt(15),
    "四号": pt(14),
    "小四": pt(12),
    "五号": pt(10.5),
    "小五": pt(9),
}

# --- §5.1 幅面: A4 ------------------------------------------------------------------------------------
PAGE_WIDTH = mm(210)
PAGE_HEIGHT = mm(297)

# --- §5.2.1 版面: 天头 37 mm, 订口 28 mm, 版心 156 mm × 225 mm ----------------------------------------
MARGIN_TOP = mm(37)  # 天头
MARGIN_LEFT = mm(28)  # 订口 (binding side)
TEXT_WIDTH = mm(156)  # 版心宽
TEXT_HEIGHT = mm(225)  # 版心高
MARGIN_RIGHT = PAGE_WIDTH - MARGIN_LEFT - TEXT_WIDTH  # 26 mm
MARGIN_BOTTOM = PAGE_HEIGHT - MARGIN_TOP - TEXT_HEIGHT  # 35 mm
TEXT_BOTTOM = MARGIN_TOP + TEXT_HEIGHT  # 262 mm from the paper top: the 版心's bottom edge

# --- §5.2.2 / §5.2.3: 3号仿宋, 22 lines × 28 characters ----------------------------------------------
BODY_SIZE = SIZE["三号"]
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
# 225 mm / 22 = 28.99 pt; Word stores 28.95 pt (579 twips) and 22 × 28.95 pt still fits (29 pt gives 21 lines).
LINE_PITCH = twips(579)
# One 字 on the grid: the 版心 width shared by 28 characters (15.79 pt); a 16 pt glyph plus a small negative
# tracking. Lines of pure Chinese text therefore fill the 版心 exactly.
CHAR_PITCH: Length = TEXT_WIDTH / CHARS_PER_LINE  # type: ignore[assignment]
BODY_TRACKING = CHAR_PITCH - BODY_SIZE  # ≈ -0.207 pt after every character
FIRST_LINE_INDENT = 2 * CHAR_PITCH  # §7.3.3 每个自然段左空二字

# --- §7.3.1 标题: 2号小标宋, centred ----------------------------------------------------------------
TITLE_SIZE = SIZE["二号"]

# --- §7.3.3 结构层次序数: 第一层 黑体, 第二层 楷体, 第三、四层 仿宋 (both renderers and the font check) ------
HEADING_ROLE: dict[int, Role] = {1: Role.HEI, 2: Role.KAI, 3: Role.FANGSONG, 4: Role.FANGSONG}


def lead_role(level: int) -> Role:
    """The face of a paragraph's run-in lead of heading ``level`` (level 2 → 楷体); 仿宋 for no level (0)."""
    return HEADING_ROLE.get(level, Role.FANGSONG)


# --- §7.3.5 落款 (in 字 units of the body grid) --------------------------------------------------------
SIGNATURE_UNSEALED_RIGHT_CHARS = 2  # §7.3.5.2 署名右空二字
DATE_OFFSET_CHARS = 2  # §7.3.5.2 日期首字比署名首字右移二字
DATE_SEALED_RIGHT_CHARS = 4  # §7.3.5.1 成文日期右空四字

# --- §7.5 页码: 4号半角宋体, 一字线 7 mm below the 版心, odd right / even left, 1 字 inset -------------
FOLIO_SIZE = SIZE["四号"]
FOLIO_DASH_BELOW_TEXT = mm(7)
FOLIO_INSET = FOLIO_SIZE  # 1 字 of the page number's own size [UNCERTAIN A1.3: 3号 or 4号]
FOLIO_DASH = "—"  # U+2014 一字线, never a hyphen
FOLIO_SPACE = " "  # a half-width space between the dash and the digits [PRAC]

# --- §7.4 版记 -------------------------------------------------------------------------------------------
COLOPHON_SIZE = SIZE["四号"]
COLOPHON_RULE_THICK = mm(0.35)
COLOPHON_RULE_THIN = mm(0.25)
COLOPHON_INSET_CHARS = 1

# --- §7.2 版头 ------------------------------------------------------------------------------------------
ISSUER_MARK_TOP = mm(35)  # 发文机关标志 top edge below the 版心 top
SEPARATOR_BELOW_DOC_NUMBER = mm(4)  # 版头分隔线 below the 发文字号
SEPARATOR_WIDTH = TEXT_WIDTH
RED = "#FF0000"  # digital red [PRAC]; the standard fixes only the ink density

# --- DOCX specifics measured on LibreOffice 7.4 (notes/engineering-facts.md) ---------------------------
# docGrid type="lines" linePitch=579 with runs condensed by 0.25 pt lays out 28 characters per line.
DOCX_CHAR_SPACING = pt(-0.25)
# LibreOffice puts the baseline of a line of exact height 4/5 of that height below the line's top.
DOCX_EXACT_ASCENT = 0.8
DOCX_SPACER_LINE = pt(1)  # an empty paragraph that must take (almost) no room: 1 pt tall, off the grid
DOCX_MIN_SPACER = pt(0.05)  # the shortest exact line height docgen writes (a zero one means "auto")
# Slack on each side of the 发文机关标志's text boxes: a consumer's glyph widths may differ a little from
# the layout's, and a mark line must never wrap inside its box.
DOCX_MARK_BOX_SLACK = CHAR_PITCH * 2  # a one-line mark centred in a box wider than the 版心
DOCX_MARK_NAMES_SLACK = CHAR_PITCH * 0.25  # 联合行文: the stacked names
DOCX_MARK_SUFFIX_SLACK = CHAR_PITCH  # 联合行文: "文件", condensed with the names
# 附件说明 with several items: room between the widest number and the names' column, which a tab reaches,
# so LibreOffice's wider digits never push a name past its column.
DOCX_ATTACHMENT_NUMBER_GAP = CHAR_PITCH * 0.5

# --- §8 tables [PRAC]: 仿宋 小四, single spacing, thin rules, inside the 版心 -------------------------------
TABLE_SIZE = SIZE["小四"]
TABLE_LINE = pt(16)
TABLE_RULE = pt(0.5)
TABLE_CELL_PAD = mm(1)
# A dense statistical table (表四's fifteen columns), whose headers would stand one character a line in 小四:
# 五号 with the same proportion of line height (typeset/cellbreak.py chooses) [PRAC A11.2: 小四/五号]
TABLE_SIZE_DENSE = SIZE["五号"]
TABLE_LINE_DENSE = pt(14)
# Room a cell's lines leave unused, so that the renderers' rounding of column widths (CSS points to three
# decimals, twips) never makes a line typeset/cellbreak.py chose wrap again
TABLE_CELL_SPARE = pt(0.5)

# --- 落款 with seals / 签名章, and the 版记's placement (§7.3.5, §7.4; spec A8, A9) ----------------------
SEAL_SIZE = mm(42)  # §7.3.5.1: geometry reserved for a seal when none is supplied (A8.10) [PRAC]
SEAL_CENTRE_DROP = mm(
    1
)  # §7.3.5.1 署名和日期居印章中心偏下: seal centre this far below the 署名 row's top [PRAC]
SEAL_GAP = mm(3)  # §7.3.5.1 联合行文: seals neither overlap nor touch [PRAC]
SEALS_PER_ROW = 3  # §7.3.5.1 联合行文: tidy grid, at most three seals a row [PRAC A8.3]
SIGNATURE_BLANK_LINES = 2  # §7.3.5.3 正文（或附件说明）下空二行
SIGNATURE_STAMP_RIGHT_CHARS = 4  # §7.3.5.3 签名章右空四字
SIGNATURE_TITLE_GAP_CHARS = 2  # §7.3.5.3 签名章左空二字标注签发人职务
SIGNATURE_DATE_GAP_LINES = 1  # §7.3.5.3 签名章下空一行编排成文日期
SIGNATURE_STAMP_SIZE = (mm(36), mm(16))  # reserved 签名章 geometry (w, h) when none is supplied [PRAC]
COLOPHON_LINE = LINE_PITCH  # §7.4: one 行 per 版记 line [PRAC]
COLOPHON_INSET = COLOPHON_SIZE * COLOPHON_INSET_CHARS  # §7.4.2/7.4.3 左右各空一字, of 4号 [UNCERTAIN A1.3]
# LibreOffice 7.4 adds this space between CJK and digits whatever autoSpaceDN says (measured 2026-11-25:
# 1.22 mm per boundary at 3号); the DOCX measure uses it to centre seals over the date as LibreOffice sets it.
DOCX_DIGIT_SPACE = pt(3.45)

# --- 版头 / 附件 / special formats (masthead module: docgen/typeset/masthead.py) ----------------------------
# §7.2.4 发文机关标志: no size fixed. [PRAC] The mark's em-box height is chosen so that the chain 标志 → 二行 →
# 发文字号 → 4 mm → 分隔线 → 二行 → 标题 ends exactly on a grid row; of the heights that do, the largest not
# above MARK_HEIGHT_MAX (one line) + MARK_HEIGHT_PER_EXTRA_LINE per further stacked name (联合行文).
MARK_HEIGHT_MAX = mm(24)
MARK_HEIGHT_PER_EXTRA_LINE = mm(11)
MARK_HEIGHT_MIN = mm(8)  # never shrink the mark below this to avoid condensing it further
MARK_STACK_LEADING = 1.2  # stacked issuer names: line pitch as a multiple of their size [PRAC]
MARK_MIN_SCALE = 0.5  # horizontal condensation allowed before the mark is made smaller [PRAC]
MARK_SUFFIX_GAP = 0.5  # 联合行文: gap between the names and "文件", in 字 of the mark size [PRAC]
SEPARATOR_THICKNESS = mm(0.5)  # §7.2.7 thickness not fixed; practice 0.35–0.5 mm [PRAC]
SIGNER_INDENT_CHARS = 1  # §7.2.5/§7.2.6 上行文: 发文字号 左空一字, 签发人 右空一字
SIGNERS_PER_LINE = 2  # §7.2.6 一般每行排两个姓名
LINES_BELOW_MARK = 2  # §7.2.5 发文字号 在标志下空二行
LINES_BELOW_SEPARATOR = 2  # §7.3.1 标题 在分隔线下空二行
ATTACHMENT_TITLE_ROW = 2  # §7.3.7 附件标题 on 版心 line 3 (row index 2); "附件N" on line 1 (row 0)
# §10.1 信函格式
LETTER_MARK_TOP = mm(30)  # 标志 top edge from the paper's top edge (not the 版心)
LETTER_RULE_BELOW_MARK = mm(4)  # first double line below the 标志
LETTER_RULE_ABOVE_BOTTOM = mm(20)  # second double line above the paper's bottom edge
LETTER_RULE_LENGTH = mm(170)
LETTER_RULE_THICK = pt(1.5)  # weights not fixed [PRAC]: ~0.53 mm + ~0.26 mm
LETTER_RULE_THIN = pt(0.75)
LETTER_RULE_GAP = pt(1)  # between the two lines of a double line [PRAC]
LETTER_BELOW_RULE = BODY_SIZE * (7 / 8)  # 份号/发文字号: 3号字高的7/8 below the first double line
# §10.2 命令（令）格式
ORDER_MARK_TOP = mm(20)  # 标志 top edge below the 版心 top; 令号 二行 below it, 正文 二行 below the 令号

# --- The 草稿 mark of a draft [PRAC; not in GB/T 9704]: 3号黑体, grey, in the 天头 of every page ------------
DRAFT_MARK_TEXT = "草稿"
DRAFT_MARK_SIZE = SIZE["三号"]
DRAFT_MARK_COLOR = "#7F7F7F"
DRAFT_MARK_ABOVE_TEXT = mm(12)  # the em box's bottom edge this far above the 版心's top edge
DRAFT_MARK_EM_TOP = MARGIN_TOP - DRAFT_MARK_ABOVE_TEXT - DRAFT_MARK_SIZE  # 19.36 mm below the paper's top

# --- 信函 double lines in the DOCX: pictures of one pixel column, one pixel row per 0.01 mm [PRAC] --------
LETTER_RULE_PIXEL = mm(0.01)

# --- §7.3.5.5 特殊情况 (A8.9): tighten the line spacing so the 落款 stays with the body ----------------------
# never closer than this: 24.6 pt keeps 3号 text readable and gains three lines on a page [PRAC]
SQUEEZE_MIN_PITCH = pt(24.6)
