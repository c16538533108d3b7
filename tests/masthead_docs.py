"""Documents with a 版头, 附件 and the special formats, built from the model directly, and their renderings
(PDF by docgen, DOCX through LibreOffice) made once per test session for the masthead test modules."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from measure import page_image

from docgen import standard as std
from docgen.model import (
    Attachment,
    Attendance,
    DocFormat,
    Document,
    Heading,
    Masthead,
    Meta,
    Paragraph,
    Role,
    Signoff,
    Title,
)
from docgen.typeset.fonts import resolve
from docgen.typeset.masthead import em_ascent

TIMESTAMP = dt.datetime(2024, 3, 16, 9, 0, tzinfo=dt.UTC)

TEXT = (
    "为进一步做好政府信息公开工作，切实保障人民群众的知情权、参与权、表达权和监督权，根据有关规定，结合本市"
    "实际，现就有关事项通知如下。各单位要高度重视，加强组织领导，明确责任分工，认真抓好贯彻落实。",
    "各地各部门要坚持以公开为常态、不公开为例外，紧紧围绕中心工作，把政府信息公开作为推进依法行政、建设"
    "法治政府的重要抓手，不断完善工作机制，丰富公开内容，创新公开形式，政府信息公开工作取得新的成效。",
    "严格按照规定的程序和时限办理政府信息公开申请，做到件件有登记、事事有回复。对申请人提出的问题，能够"
    "当场答复的当场答复，不能当场答复的在规定时限内予以答复。",
)


def _meta(title: str, author: str) -> Meta:
    return Meta(title=title, author=author, date=dt.date(2024, 3, 16))


def notice() -> Document:
    """通知: full 版头 (份号, 密级, 紧急程度, 发文字号), 附件说明 with 2 items (one long), 附注, 2 附件."""
    notes = (
        "常德市政府信息公开工作考核评分细则",
        "常德市政府信息公开工作年度报告编写要求及有关表格填报说明和各县市区报送时间安排表",
    )
    return Document(
        meta=_meta("关于做好2024年政府信息公开工作的通知", "常德市人民政府"),
        title=Title("关于做好2024年政府信息公开工作的通知"),
        addressee="各区县（市）人民政府，市直各单位：",
        body=tuple(Paragraph(t) for t in TEXT),
        signoff=Signoff("常德市人民政府", dt.date(2024, 3, 16)),
        masthead=Masthead(
            issuers=("常德市人民政府",),
            copy_number="000123",
            secrecy="机密★1年",
            urgency="特急",
            doc_number="常政发〔2024〕3号",
        ),
        attachment_notes=notes,
        note="此件公开发布",
        attachments=(
            Attachment(1, notes[0], (Heading(1, "一、考核内容"), Paragraph(TEXT[1]), Paragraph(TEXT[2]))),
            Attachment(2, notes[1], (Paragraph(TEXT[0]),)),
        ),
    )


def request() -> Document:
    """上行文 请示 with two 签发人 (one line) and one 附件说明 item."""
    return Document(
        meta=_meta("关于申请专项资金的请示", "常德市民政局"),
        title=Title("关于申请2024年社会救助专项资金的请示"),
        addressee="市人民政府：",
        body=(Paragraph(TEXT[0]), Paragraph("妥否，请批示。")),
        signoff=Signoff("常德市民政局", dt.date(2024, 3, 16)),
        masthead=Masthead(issuers=("常德市民政局",), doc_number="常民〔2024〕5号", signers=("张三", "李四")),
        attachment_notes=("2024年社会救助专项资金测算表",),
        attachments=(Attachment(None, "2024年社会救助专项资金测算表", (Paragraph(TEXT[2]),)),),
    )


def joint() -> Document:
    """联合行文 with two issuers: names stacked, "文件" to the right."""
    return Document(
        meta=_meta("关于加强养老服务工作的通知", "常德市民政局"),
        title=Title("关于加强养老服务工作的通知"),
        addressee="各区县（市）民政局、财政局：",
        body=tuple(Paragraph(t) for t in TEXT[:2]),
        signoff=Signoff("常德市民政局", dt.date(2024, 3, 16)),
        masthead=Masthead(issuers=("常德市民政局", "常德市财政局"), doc_number="常民发〔2024〕6号"),
    )


def letter() -> Document:
    """信函, two pages: page 1 carries no number."""
    return Document(
        meta=_meta("关于商请协助开展调研的函", "常德市民政局"),
        title=Title("关于商请协助开展养老服务调研的函"),
        addressee="市财政局：",
        body=tuple(Paragraph(t) for t in (*TEXT, *TEXT, *TEXT)),
        signoff=Signoff("常德市民政局", dt.date(2024, 3, 16)),
        format=DocFormat.LETTER,
        masthead=Masthead(
            issuers=("常德市民政局",), suffix="", copy_number="000045", doc_number="常民函〔2024〕12号"
        ),
    )


def order() -> Document:
    """命令（令）: 标志 organ + 令, 令号 centred, 正文 two lines below; no 标题 line, no separator."""
    return Document(
        meta=_meta("常德市人民政府令第1号", "常德市人民政府"),
        title=Title("常德市人民政府令"),
        body=(
            Paragraph(
                "《常德市城市绿化管理办法》已经2024年3月1日市人民政府第十次常务会议通过，现予公布，自2024年5月1日起施行。"
            ),
        ),
        signoff=Signoff("常德市人民政府", dt.date(2024, 3, 16)),
        format=DocFormat.ORDER,
        masthead=Masthead(issuers=("常德市人民政府",), suffix="令", doc_number="第1号"),
    )


def minutes() -> Document:
    """纪要 with 出席 / 请假 / 列席 blocks (出席 wraps)."""
    return Document(
        meta=_meta("市政府常务会议纪要", "常德市人民政府办公室"),
        title=Title("市政府第十次常务会议纪要"),
        body=(
            Paragraph(TEXT[0]),
            Paragraph(TEXT[1]),
            Attendance(
                "出席",
                "张三、李四、王五、赵六、钱七、孙八、周九、吴十、郑十一、王十二、冯十三、陈十四、褚十五、卫十六",
            ),
            Attendance("请假", "蒋十七"),
            Attendance("列席", "沈十八、韩十九"),
        ),
        format=DocFormat.MINUTES,
        masthead=Masthead(issuers=("常德市人民政府",), suffix="常务会议纪要", doc_number="第10期"),
    )


DOCS = {
    "notice": notice,
    "request": request,
    "joint": joint,
    "letter": letter,
    "order": order,
    "minutes": minutes,
}


@dataclass
class Rendered:
    doc: Document
    pdf: Path  # docgen's PDF
    docx: Path
    office: Path | None  # LibreOffice's PDF of the DOCX


def render_all(out: Path, with_office: bool) -> dict[str, Rendered]:
    from docgen.api import render_document
    from docgen.render.options import RenderOptions

    result = {}
    for name, make in DOCS.items():
        doc = make()
        blobs, _plan, _warnings = render_document(doc, ("pdf", "docx"), RenderOptions(timestamp=TIMESTAMP))
        (out / f"{name}.pdf").write_bytes(blobs["pdf"])
        (out / f"{name}.docx").write_bytes(blobs["docx"])
        result[name] = Rendered(doc, out / f"{name}.pdf", out / f"{name}.docx", None)
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if with_office and exe:
        lo = out / "lo"
        lo.mkdir()
        subprocess.run(
            [
                exe,
                f"-env:UserInstallation=file://{out}/lo-profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(lo),
                *(str(r.docx) for r in result.values()),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        for name, r in result.items():
            r.office = lo / f"{name}.pdf"
    return result


# --- shared by the masthead test modules ----------------------------------------------------------------
_CACHE: dict[str, dict[str, Rendered]] = {}


def rendered(tmp_path_factory, with_office: bool = True) -> dict[str, Rendered]:  # type: ignore[no-untyped-def]
    """All documents rendered once per session (one LibreOffice call for all of them)."""
    if "all" not in _CACHE:
        _CACHE["all"] = render_all(tmp_path_factory.mktemp("masthead"), with_office)
    return _CACHE["all"]


def red_runs(pdf: Path, page: int, dpi: int = 200) -> list[tuple[float, float, float, float]]:
    """Horizontal red strokes of a rendered page: (top mm, bottom mm, left mm, right mm) of each run of
    consecutive pixel rows that are red over more than 50 mm."""

    img = page_image(pdf, page, dpi)
    px = dpi / 25.4
    data = img.load()
    width, height = img.size

    def red(x: int, y: int) -> bool:
        r, g, b = data[x, y]
        return r > 180 and g < 110 and b < 110

    rows = []
    for y in range(height):
        xs = [x for x in range(0, width, 2) if red(x, y)]
        if len(xs) * 2 > 50 * px and (xs[-1] - xs[0]) < len(xs) * 2 + 4:  # one continuous run
            rows.append((y, xs[0], xs[-1] + 2))
    runs: list[list[tuple[int, int, int]]] = []
    for row in rows:
        if runs and row[0] - runs[-1][-1][0] <= 1:
            runs[-1].append(row)
        else:
            runs.append([row])
    return [
        (r[0][0] / px, (r[-1][0] + 1) / px, min(x for _, x, _ in r) / px, max(x for _, _, x in r) / px)
        for r in runs
    ]


def red_ink_top(pdf: Path, page: int, top_mm: float, bottom_mm: float, dpi: int = 200) -> float | None:
    """The first pixel row (mm) with red ink in a band of a rendered page."""

    img = page_image(pdf, page, dpi)
    px = dpi / 25.4
    data = img.load()
    for y in range(int(top_mm * px), int(bottom_mm * px)):
        for x in range(0, img.width, 2):
            r, g, b = data[x, y]
            if r > 180 and g < 110 and b < 110:
                return y / px
    return None


# --- measuring the renderings ---------------------------------------------------------------------------
LEFT = std.MARGIN_LEFT.mm
RIGHT = (std.MARGIN_LEFT + std.TEXT_WIDTH).mm
CENTRE = (LEFT + RIGHT) / 2
PITCH = std.LINE_PITCH.mm
E = std.BODY_SIZE.mm
CHAR = std.CHAR_PITCH.mm
MARK_TOP = (std.MARGIN_TOP + std.ISSUER_MARK_TOP).mm  # 72 mm
TWO_LINES = 3 * PITCH - E  # em-box gap of 下空二行 between two 3号 lines


def em_top(line, role: Role = Role.FANGSONG) -> float:  # type: ignore[no-untyped-def]
    """Top of the em box of a measured line, from its baseline and size."""
    return line.baseline - em_ascent(resolve(), role) * line.size * 25.4 / 72


def marks(page):  # type: ignore[no-untyped-def]
    """The lines of a page set in a 发文机关标志's size."""
    return [ln for ln in page.lines if ln.size > 30]
