"""DOCX renderer: the XML it writes, and what a real office suite (LibreOffice) makes of it, measured.

The XML tests read document.xml / styles.xml / settings.xml directly. The LibreOffice tests convert the
DOCX once per module to PDF and measure it with pdfplumber in the standard's units: 22 lines a page,
28 characters a line, the 版心's left edge and top, the page numbers' side and height.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import shutil
import struct
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree
from measure import page_image

from docgen import model, standard
from docgen.model import Cell, Document, Heading, Meta, Paragraph, Role, Signoff, Table, Title
from docgen.render import paginate
from docgen.render.docx import footer_distance, render_docx
from docgen.render.docx.tables import column_twips, place_cells
from docgen.render.options import RenderOptions
from docgen.typeset.fonts import FontSet, resolve
from docgen.typeset.plan import PagePlan

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
PT_PER_MM = 72 / 25.4
TIMESTAMP = dt.datetime(2018, 3, 16, 9, 30, tzinfo=dt.UTC)

# --- The test document: an annual report's shape, pure Chinese running text -----------------------------
PARAGRAPHS = (
    "根据《中华人民共和国政府信息公开条例》的要求，市民政局认真做好政府信息公开工作，现将本年度政府信息"
    "公开工作情况报告如下。本报告由概述、主动公开政府信息情况、依申请公开政府信息情况、政府信息公开的"
    "收费及减免情况、因政府信息公开申请行政复议和提起行政诉讼的情况、存在的主要问题及改进措施等部分组成。",
    "本年度，我局坚持以公开为常态、不公开为例外，紧紧围绕民政中心工作，把政府信息公开作为推进依法行政、"
    "建设法治政府的重要抓手，不断完善工作机制，丰富公开内容，创新公开形式，切实保障人民群众的知情权、"
    "参与权、表达权和监督权，政府信息公开工作取得了新的成效。",
    "局党组高度重视政府信息公开工作，将其纳入年度重点工作，与业务工作同部署、同检查、同考核。成立了由"
    "局主要负责同志任组长、分管负责同志任副组长、各科室负责人为成员的政务公开工作领导小组，领导小组办公室"
    "设在局办公室，配备专职工作人员，形成了主要领导亲自抓、分管领导具体抓、各科室协同抓的工作格局。",
    "进一步修订完善了政府信息公开保密审查、主动公开、依申请公开等制度，明确了公开的范围、程序和责任，"
    "做到公开内容准确、公开程序规范、公开时限及时。对拟公开的政府信息严格执行先审查后公开和一事一审制度，"
    "确保公开的信息不涉及国家秘密、商业秘密和个人隐私。",
    "围绕社会救助、养老服务、社会组织管理、婚姻登记、殡葬管理、流浪乞讨人员救助等群众关心关注的事项，"
    "及时公开政策文件、办事指南、资金分配和项目实施情况。对城乡低保、特困供养、临时救助等救助对象实行"
    "分级公示，接受社会监督，确保救助资金用在刀刃上。",
    "充分发挥政府门户网站第一平台作用，及时更新民政信息公开专栏，同时利用政务微博、微信公众号、民政服务"
    "热线、便民服务窗口等渠道发布信息、解读政策、回应关切，形成了多渠道、多层次、全方位的信息公开格局。",
    "严格按照规定的程序和时限办理政府信息公开申请，做到件件有登记、事事有回复。对申请人提出的问题，能够"
    "当场答复的当场答复，不能当场答复的在规定时限内予以答复，未发生因答复不及时引发的投诉。",
    "本年度我局依申请公开政府信息未收取任何费用，也未发生因政府信息公开申请提起行政复议和行政诉讼的情况。",
    "对照上级要求和人民群众期盼，我局政府信息公开工作还存在一些不足：一是公开内容还不够全面，部分业务"
    "信息更新不够及时；二是政策解读的形式还比较单一，图解、视频等群众喜闻乐见的解读形式运用较少；三是"
    "工作人员业务能力有待进一步提高，对政府信息公开相关规定的学习还需加强。",
    "下一步，我局将进一步加强组织领导，健全工作机制，拓展公开内容，创新公开方式，加强政策解读，积极回应"
    "社会关切，不断提高政府信息公开工作的质量和水平，努力建设人民满意的服务型民政。",
    "加强业务培训，组织工作人员认真学习政府信息公开相关法律法规和政策文件，熟悉公开的范围、程序和要求，"
    "提高依法公开的意识和能力，确保政府信息公开工作规范有序开展。",
    "强化监督检查，把政府信息公开工作纳入科室年度绩效考核，定期对公开情况进行检查通报，对工作不力、"
    "敷衍应付的科室予以督促整改，推动政府信息公开工作落到实处、取得实效。",
)


def sample_document() -> Document:
    """A realistic 公文: 2-line title, headings of each level, a run-in lead, a table, a 落款."""
    p = [Paragraph(t) for t in PARAGRAPHS]
    table = Table(
        rows=(
            (Cell("信息类别", rowspan=2, header=True), Cell("本年度数量", colspan=2, header=True)),
            (Cell("新制作", header=True), Cell("新公开", header=True)),
            (Cell("规章", align="left"), Cell("零"), Cell("零")),
            (Cell("规范性文件", align="left"), Cell("三件"), Cell("三件")),
            (Cell("行政许可", align="left"), Cell("十二件"), Cell("十二件")),
        ),
        widths=(2, 1, 1),
        header_rows=2,
    )
    body: tuple[model.Block, ...] = (
        p[0],
        Heading(1, "一、总体情况"),
        p[1],
        Heading(2, "（一）加强组织领导"),
        p[2],
        Paragraph(p[3].text, lead="1.不断完善制度。", lead_level=3),
        Heading(3, "1.主动公开情况"),
        p[4],
        p[5],
        Heading(4, "（1）公开渠道"),
        p[6],
        p[7],
        Heading(1, "二、存在的主要问题及改进措施"),
        p[8],
        Heading(2, "（二）改进措施"),
        p[9],
        table,
        p[10],
        p[11],
    )
    return Document(
        meta=Meta(title="常德市民政局2017年政府信息公开工作年度报告", author="常德市民政局"),
        title=Title("常德市民政局2017年政府信息公开工作年度报告", breaks=(11,)),
        body=body,
        signoff=Signoff("常德市民政局", dt.date(2018, 3, 16)),
    )


def long_table_document() -> Document:
    """A table longer than a page, starting mid-page: its header rows must repeat on the next page."""
    rows = [
        (Cell("序号", header=True), Cell("事项名称", header=True), Cell("办理结果", header=True)),
        *((Cell(f"{i}"), Cell("城乡最低生活保障审批", align="left"), Cell("已办结")) for i in range(1, 31)),
    ]
    return Document(
        meta=Meta(title="长表格", author="常德市民政局"),
        title=Title("关于城乡低保审批事项的情况说明"),
        body=(
            *(Paragraph(t) for t in PARAGRAPHS[:3]),
            Table(tuple(rows), (1, 4, 2), header_rows=1),
            Paragraph(PARAGRAPHS[3]),
        ),
    )


def docx_of(doc: Document, fonts: FontSet) -> bytes:
    """The DOCX as the pipeline makes it: paginated once (the PDF layout pass), then written to its plan."""
    options = RenderOptions(timestamp=TIMESTAMP)
    return render_docx(doc, paginate(doc, fonts, options), fonts, options).data


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    return resolve()


@pytest.fixture(scope="module")
def docx_bytes(fonts: FontSet) -> bytes:
    return docx_of(sample_document(), fonts)


@pytest.fixture(scope="module")
def parts(docx_bytes: bytes) -> dict[str, etree._Element]:
    """Every XML part of the package, parsed, by member name."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        return {n: etree.fromstring(z.read(n)) for n in z.namelist() if n.endswith((".xml", ".rels"))}


def wattr(el: etree._Element, name: str) -> str | None:
    return el.get(f"{{{W}}}{name}")


def one(root: etree._Element, path: str) -> etree._Element:
    found = root.xpath(path, namespaces=NS)
    assert len(found) == 1, f"{path}: {len(found)} matches"
    return found[0]


def style(parts: dict[str, etree._Element], style_id: str) -> etree._Element:
    return one(parts["word/styles.xml"], f"w:style[@w:styleId='{style_id}']")


# --- XML ------------------------------------------------------------------------------------------------
def test_page_geometry(parts: dict[str, etree._Element]) -> None:
    sect = one(parts["word/document.xml"], "w:body/w:sectPr")
    size = one(sect, "w:pgSz")
    assert (int(wattr(size, "w")), int(wattr(size, "h"))) == (11906, 16838)
    mar = one(sect, "w:pgMar")
    for side, twips in (("top", 2098), ("right", 1474), ("bottom", 1984), ("left", 1588)):
        assert abs(int(wattr(mar, side)) - twips) <= 1, side
    assert int(wattr(mar, "footer")) == footer_distance().twips
    grid = one(sect, "w:docGrid")
    assert (wattr(grid, "type"), wattr(grid, "linePitch")) == ("lines", "579")
    assert wattr(grid, "charSpace") is None


def test_footer_distance_from_standard() -> None:
    """The dash (mid-line of an exact one-em footer line) lands 7 mm below the 版心: 269 mm."""
    bottom_of_line = standard.PAGE_HEIGHT - footer_distance()
    dash = bottom_of_line - standard.FOLIO_SIZE / 2
    assert dash == standard.TEXT_BOTTOM + standard.FOLIO_DASH_BELOW_TEXT


def test_even_and_odd_footers(parts: dict[str, etree._Element]) -> None:
    assert parts["word/settings.xml"].find(f"{{{W}}}evenAndOddHeaders") is not None
    sect = one(parts["word/document.xml"], "w:body/w:sectPr")
    assert not sect.xpath("w:titlePg[not(@w:val='0')]", namespaces=NS)  # page 1 uses the odd footer
    rels = parts["word/_rels/document.xml.rels"]
    target = {r.get("Id"): r.get("Target") for r in rels}
    refs = {
        wattr(f, "type"): target[f.get(f"{{{NS_R}}}id")]
        for f in sect.xpath("w:footerReference", namespaces=NS)
    }
    assert set(refs) == {"default", "even"}
    inset = standard.FOLIO_INSET.twips
    for kind, jc, ind_attr in (("default", "right", "right"), ("even", "left", "left")):
        footer = parts["word/" + refs[kind]]
        p = one(footer, "w:p")
        assert one(p, "w:pPr/w:jc").get(f"{{{W}}}val") == jc
        assert int(wattr(one(p, "w:pPr/w:ind"), ind_attr)) == inset
        text = "".join(p.xpath(".//w:t/text()", namespaces=NS))
        assert text == "— 1 —"  # the field's placeholder result between the two 一字线
        assert "PAGE" in "".join(p.xpath(".//w:instrText/text()", namespaces=NS))
        for rfonts in p.xpath(".//w:r/w:rPr/w:rFonts", namespaces=NS):
            assert wattr(rfonts, "eastAsia") == "宋体"


NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def test_styles(parts: dict[str, etree._Element], fonts: FontSet) -> None:
    normal = style(parts, "Normal")
    assert wattr(one(normal, "w:rPr/w:rFonts"), "eastAsia") == fonts[Role.FANGSONG].docx_name
    assert wattr(one(normal, "w:rPr/w:sz"), "val") == "32"
    assert wattr(one(normal, "w:rPr/w:spacing"), "val") == str(standard.DOCX_CHAR_SPACING.twips) == "-5"
    spacing = one(normal, "w:pPr/w:spacing")
    assert (wattr(spacing, "line"), wattr(spacing, "lineRule")) == ("579", "exact")
    assert (wattr(spacing, "before"), wattr(spacing, "after")) == ("0", "0")
    assert int(wattr(one(normal, "w:pPr/w:ind"), "firstLine")) == standard.FIRST_LINE_INDENT.twips
    assert wattr(one(normal, "w:pPr/w:jc"), "val") == "both"
    roles = {1: Role.HEI, 2: Role.KAI, 3: Role.FANGSONG, 4: Role.FANGSONG}
    for level, role in roles.items():
        h = style(parts, f"Heading{level}")
        assert wattr(one(h, "w:rPr/w:rFonts"), "eastAsia") == fonts[role].docx_name
        assert wattr(one(h, "w:rPr/w:b"), "val") == "0"
        assert wattr(one(h, "w:rPr/w:color"), "val") == "000000"
        assert wattr(one(h, "w:rPr/w:sz"), "val") == "32"
        assert wattr(one(h, "w:pPr/w:outlineLvl"), "val") == str(level - 1)
        assert wattr(one(h, "w:pPr/w:spacing"), "line") == "579"
        assert int(wattr(one(h, "w:pPr/w:ind"), "firstLine")) == standard.FIRST_LINE_INDENT.twips
    title = style(parts, "Title")
    assert wattr(one(title, "w:rPr/w:rFonts"), "eastAsia") == fonts[Role.XIAOBIAOSONG].docx_name
    assert wattr(one(title, "w:rPr/w:sz"), "val") == "44"
    assert wattr(one(title, "w:pPr/w:snapToGrid"), "val") == "0"
    assert wattr(one(title, "w:pPr/w:jc"), "val") == "center"
    assert not title.xpath("w:pPr/w:pBdr", namespaces=NS)  # the template's blue rule is gone
    styles_root = parts["word/styles.xml"]
    names = {
        wattr(s, "styleId"): wattr(one(s, "w:name"), "val")
        for s in styles_root.xpath("w:style", namespaces=NS)
    }
    assert {"落款", "页码", "表格文字"} <= set(names.values())
    lang = one(styles_root, "w:docDefaults/w:rPrDefault/w:rPr/w:lang")
    assert wattr(lang, "eastAsia") == "zh-CN"


def test_no_theme_fonts_and_every_run_names_its_east_asian_font(parts: dict[str, etree._Element]) -> None:
    theme_attrs = ("asciiTheme", "eastAsiaTheme", "hAnsiTheme", "cstheme")
    for name, root in parts.items():
        for rfonts in root.iter(f"{{{W}}}rFonts"):
            assert not any(wattr(rfonts, a) for a in theme_attrs), name
    for name in ("word/document.xml", *(n for n in parts if n.startswith("word/footer"))):
        for run in parts[name].iter(f"{{{W}}}r"):
            rfonts = run.find(f"{{{W}}}rPr/{{{W}}}rFonts")
            assert rfonts is not None and wattr(rfonts, "eastAsia"), name
            assert wattr(rfonts, "ascii") and wattr(rfonts, "hAnsi")


SEQUENCES = {
    "pPr": "PPR_SEQ",
    "rPr": "RPR_SEQ",
    "sectPr": "SECTPR_SEQ",
    "tblPr": "TBLPR_SEQ",
    "trPr": "TRPR_SEQ",
    "tcPr": "TCPR_SEQ",
    "style": "STYLE_SEQ",
}


def test_property_children_in_schema_order(parts: dict[str, etree._Element]) -> None:
    """Word refuses a file whose property children are out of order; check every property element."""
    from docgen.render.docx import ooxml

    for name, root in parts.items():
        for local, seq_name in SEQUENCES.items():
            seq = [t.split(":")[1] for t in getattr(ooxml, seq_name)]
            for el in root.iter(f"{{{W}}}{local}"):
                kids = [etree.QName(k).localname for k in el if etree.QName(k).namespace == W]
                known = [k for k in kids if k in seq]
                assert known == sorted(known, key=seq.index), f"{name}: {local} children {kids}"
                repeatable = {"headerReference", "footerReference", "tblStylePr"}
                singles = [k for k in known if k not in repeatable]
                assert len(singles) == len(set(singles)), f"{name}: duplicate child in {local}: {kids}"


def test_table_xml(parts: dict[str, etree._Element]) -> None:
    tbl = one(parts["word/document.xml"], "w:body/w:tbl")
    cols = [int(wattr(c, "w")) for c in tbl.xpath("w:tblGrid/w:gridCol", namespaces=NS)]
    assert len(cols) == 3 and sum(cols) == standard.TEXT_WIDTH.twips
    assert cols[0] == 2 * cols[1]
    rows = tbl.xpath("w:tr", namespaces=NS)
    headers = [bool(r.xpath("w:trPr/w:tblHeader", namespaces=NS)) for r in rows]
    assert headers == [True, True, False, False, False]
    for tr in rows:
        start = 0
        for tc in tr.xpath("w:tc", namespaces=NS):
            n = grid_span(tc)
            assert int(wattr(one(tc, "w:tcPr/w:tcW"), "w")) == sum(cols[start : start + n])
            start += n
        assert start == len(cols)
    first = rows[0].xpath("w:tc", namespaces=NS)
    assert wattr(one(first[0], "w:tcPr/w:vMerge"), "val") == "restart"
    assert wattr(one(first[1], "w:tcPr/w:gridSpan"), "val") == "2"
    assert rows[1].xpath("w:tc[1]/w:tcPr/w:vMerge", namespaces=NS)
    border = one(tbl, "w:tblPr/w:tblBorders/w:insideH")
    assert (wattr(border, "val"), wattr(border, "sz")) == ("single", str(standard.TABLE_RULE.eighth_points))
    cell_style = one(rows[2], "w:tc[1]/w:p/w:pPr/w:pStyle")
    assert wattr(cell_style, "val") == style_id_of(parts, "表格文字")
    assert wattr(one(rows[2], "w:tc[1]/w:p/w:pPr/w:jc"), "val") == "left"  # Cell.align overrides the style


def grid_span(tc: etree._Element) -> int:
    found = tc.xpath("w:tcPr/w:gridSpan/@w:val", namespaces=NS)
    return int(found[0]) if found else 1


def style_id_of(parts: dict[str, etree._Element], name: str) -> str:
    return wattr(one(parts["word/styles.xml"], f"w:style[w:name/@w:val='{name}']"), "styleId")


def test_body_structure(parts: dict[str, etree._Element], fonts: FontSet) -> None:
    body = one(parts["word/document.xml"], "w:body")
    paras = body.xpath("w:p", namespaces=NS)
    title = paras[0]
    assert wattr(one(title, "w:pPr/w:pStyle"), "val") == "Title"
    assert len(title.xpath(".//w:br", namespaces=NS)) == 1  # two lines, one paragraph
    assert "".join(title.xpath(".//w:t/text()", namespaces=NS)) == sample_document().title.text
    assert not paras[1].xpath(".//w:t", namespaces=NS)  # the empty grid line before the body
    lead = next(p for p in paras if "".join(p.xpath(".//w:t/text()", namespaces=NS)).startswith("1.不断"))
    runs = lead.xpath("w:r", namespaces=NS)
    assert "".join(runs[0].xpath("w:t/text()", namespaces=NS)) == "1.不断完善制度。"
    assert wattr(one(runs[0], "w:rPr/w:rFonts"), "eastAsia") == fonts[Role.FANGSONG].docx_name
    sig = style_id_of(parts, "落款")
    signoff = [p for p in paras if p.xpath(f"w:pPr/w:pStyle[@w:val='{sig}']", namespaces=NS)]
    assert ["".join(p.xpath(".//w:t/text()", namespaces=NS)) for p in signoff] == [
        "常德市民政局",
        "2018年3月16日",
    ]
    organ_right = int(wattr(one(signoff[0], "w:pPr/w:ind"), "right"))
    assert organ_right == (standard.CHAR_PITCH * 4.5).twips  # spec A8.4: 署名 right 4.5 字 for the seed


def test_font_table_alt_names(parts: dict[str, etree._Element], fonts: FontSet) -> None:
    table = parts["word/fontTable.xml"]
    alts = {
        wattr(f, "name"): wattr(f.find(f"{{{W}}}altName"), "val")
        if f.find(f"{{{W}}}altName") is not None
        else None
        for f in table
    }
    assert alts[fonts[Role.FANGSONG].docx_name] == "仿宋"
    assert alts[fonts[Role.HEI].docx_name] == "SimHei"
    assert "ＭＳ 明朝" not in alts


def test_core_properties(docx_bytes: bytes) -> None:
    import docx

    cp = docx.Document(io.BytesIO(docx_bytes)).core_properties
    assert cp.title == "常德市民政局2017年政府信息公开工作年度报告"
    assert cp.author == "常德市民政局"
    assert cp.language == "zh-CN"
    assert cp.created == cp.modified == TIMESTAMP


def test_only_the_styles_in_use_every_one_defined(docx_bytes: bytes) -> None:
    """styles.xml holds the styles the document, its footers and numbering.xml name (and what those are
    based on), not python-docx's template's 168; no part names a style that is not there."""
    ref = re.compile(rb'w:(?:pStyle|rStyle|tblStyle|basedOn|next|link) w:val="([^"]+)"')
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        styles = z.read("word/styles.xml")
        defined = set(re.findall(rb'w:styleId="([^"]+)"', styles))
        named = {m for n in z.namelist() if n.endswith(".xml") for m in ref.findall(z.read(n))}
    assert named <= defined, named - defined
    assert len(defined) < 40 and len(styles) < 60_000


def test_same_input_same_bytes(fonts: FontSet, docx_bytes: bytes) -> None:
    """Reproducible: with a fixed timestamp two renders are byte-identical (zip dates included)."""
    again = docx_of(sample_document(), fonts)
    assert again == docx_bytes
    with zipfile.ZipFile(io.BytesIO(again)) as z:
        assert {i.date_time for i in z.infolist()} == {(2018, 3, 16, 9, 30, 0)}
        # each member's local header carries the same date as its central-directory entry
        dates = {again[i.header_offset + 10 : i.header_offset + 14] for i in z.infolist()}
        assert dates == {struct.pack("<HH", 9 << 11 | 30 << 5, 38 << 9 | 3 << 5 | 16)}
        assert not any("thumbnail" in n or "stylesWithEffects" in n for n in z.namelist())


def test_unknown_block_type_raises(fonts: FontSet) -> None:
    @dataclass(frozen=True)
    class Sidebar:
        text: str

    doc = Document(meta=Meta("t", "a"), title=Title("标题"), body=(Sidebar("x"),))  # type: ignore[arg-type]
    with pytest.raises(NotImplementedError, match="Sidebar"):  # the DOCX writer's own refusal
        render_docx(doc, PagePlan.simple(1), fonts, RenderOptions(timestamp=TIMESTAMP))


def test_place_cells_and_widths() -> None:
    t = next(b for b in sample_document().body if isinstance(b, Table))
    assert isinstance(t, Table)
    placed, ncols = place_cells(t)
    assert ncols == 3
    assert [(p.row, p.col) for p in placed][:4] == [(0, 0), (0, 1), (1, 1), (1, 2)]
    assert column_twips((1, 1, 1), 8845) == [2948, 2948, 2949]
    with pytest.raises(ValueError, match="widths"):
        place_cells(Table(rows=((Cell("a"), Cell("b")),), widths=(1,)))


# --- LibreOffice: convert once, measure many things --------------------------------------------------------
PITCH_MM = standard.LINE_PITCH.mm
LEFT_MM, RIGHT_MM = standard.MARGIN_LEFT.mm, (standard.MARGIN_LEFT + standard.TEXT_WIDTH).mm
TOP_MM, BOTTOM_MM = standard.MARGIN_TOP.mm, standard.TEXT_BOTTOM.mm
CHAR_MM = standard.CHAR_PITCH.mm
PURE = re.compile(r"^[\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e“”‘’—…·]+$")
CLOSING = set("，。、；：？！）》」』”’")


@dataclass
class Line:
    """One printed line: baseline and horizontal extent in mm from the paper's top-left corner."""

    page: int
    baseline: float
    x0: float
    x1: float
    text: str
    size: float


def read_lines(pdf_path: Path) -> list[list[Line]]:
    import pdfplumber

    pages = []
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            rows: dict[float, list[dict]] = {}
            for ch in page.chars:
                if not ch["text"].strip():
                    continue
                base = (float(page.height) - ch["matrix"][5]) / PT_PER_MM
                key = next((k for k in rows if abs(k - base) < 0.6), base)
                rows.setdefault(key, []).append(ch)
            lines = []
            for base in sorted(rows):
                chars = sorted(rows[base], key=lambda c: c["x0"])
                lines.append(
                    Line(
                        number,
                        base,
                        chars[0]["x0"] / PT_PER_MM,
                        chars[-1]["x1"] / PT_PER_MM,
                        "".join(c["text"] for c in chars),
                        max(round(c["size"], 1) for c in chars),
                    )
                )
            pages.append(lines)
    return pages


@dataclass
class Converted:
    pdf: Path
    pages: list[list[Line]]


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory, fonts: FontSet) -> dict[str, Converted]:
    """The sample and the long-table document, converted by LibreOffice in one call."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    work = tmp_path_factory.mktemp("lo")
    docs = {"sample": sample_document(), "long_table": long_table_document()}
    for name, doc in docs.items():
        (work / f"{name}.docx").write_bytes(docx_of(doc, fonts))
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{work}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            *(str(work / f"{n}.docx") for n in docs),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return {n: Converted(work / f"{n}.pdf", read_lines(work / f"{n}.pdf")) for n in docs}


def body(lines: list[Line]) -> list[Line]:
    return [ln for ln in lines if ln.baseline < BOTTOM_MM]


def grid_origin(pages: list[list[Line]]) -> float:
    """Baseline of grid row 0 for 16 pt text, from the first page that starts with body text."""
    for lines in pages[1:]:
        first = body(lines)[0]
        if first.size == 16:
            return first.baseline
    raise AssertionError("no page starts with body text")


def row_of(line: Line, origin: float) -> float:
    return (line.baseline - origin) / PITCH_MM


@pytest.mark.slow
def test_office_page_count(office: dict[str, Converted]) -> None:
    assert len(office["sample"].pages) >= 3


@pytest.mark.slow
def test_office_first_baseline_matches_top_margin(office: dict[str, Converted]) -> None:
    """Row 0's baseline lies inside the first grid row below the 37 mm 天头, at the same place on
    every page that starts with body text."""
    pages = office["sample"].pages
    origin = grid_origin(pages)
    assert TOP_MM + PITCH_MM / 2 <= origin <= TOP_MM + PITCH_MM
    for lines in pages[1:]:
        first = body(lines)[0]
        if first.size == 16:  # 0.35 mm: a 黑体 heading's baseline sits 0.25 mm higher in its row
            r = row_of(first, origin)
            assert abs(r - round(r)) * PITCH_MM < 0.35, first.text


@pytest.mark.slow
def test_office_22_lines_on_every_full_page(office: dict[str, Converted]) -> None:
    """Every text line sits on a grid row; a full page uses rows 0–21 (page 1: title 0–1, blank 2).
    A page followed by a kept-together table may end early, but only by less than the table's height."""
    origin = grid_origin(office["sample"].pages)
    full_pages = 0
    for name, conv in office.items():
        pages = conv.pages
        for i, lines in enumerate(pages[:-1]):
            text = [ln for ln in body(lines) if ln.size == 16 or ln.size == 22]
            rows = [row_of(ln, origin) for ln in text]
            for ln, r in zip(text, rows, strict=True):
                if ln.size == 16:
                    assert abs(r - round(r)) * PITCH_MM < 0.35, f"{name} p{i + 1} off the grid: {ln.text}"
            body_rows = {round(r) for ln, r in zip(text, rows, strict=True) if ln.size == 16}
            starts_with_table = body(pages[i + 1])[0].size < 16
            tables_here = any(ln.size < 16 for ln in body(lines))
            if starts_with_table or tables_here:
                continue
            expected = set(range(3, 22)) if i == 0 and name == "sample" else set(range(22))
            assert body_rows == expected, f"{name} page {i + 1}: rows {sorted(body_rows)}"
            full_pages += 1
    assert full_pages >= 2


@pytest.mark.slow
def test_office_28_characters_per_line(office: dict[str, Converted]) -> None:
    """Full lines of pure Chinese text hold 28 characters (26 after the 2-字 indent). The one exception
    the data shows: LibreOffice hangs a closing mark past the right edge (overflowPunct=0 is ignored),
    so such a line has one character more and that character lies outside the 版心."""
    checked = hanging = 0
    for conv in office.values():
        flat = [ln for page in conv.pages for ln in body(page)]
        for ln, nxt in itertools.pairwise(flat):
            if ln.size != 16 or nxt.size != 16 or not PURE.match(ln.text):
                continue
            continuation = abs(nxt.x0 - LEFT_MM) < 0.5  # the next line continues this paragraph
            if not continuation:
                continue
            indented = abs(ln.x0 - (LEFT_MM + 2 * CHAR_MM)) < 0.5
            assert indented or abs(ln.x0 - LEFT_MM) < 0.5, ln.text
            nominal = standard.CHARS_PER_LINE - (2 if indented else 0)
            checked += 1
            if len(ln.text) == nominal + 1:
                assert ln.text[-1] in CLOSING and ln.x1 > RIGHT_MM + 1, ln.text
                hanging += 1
                continue
            assert len(ln.text) == nominal, f"{len(ln.text)}: {ln.text}"
            assert abs(ln.x1 - RIGHT_MM) < 0.5, f"not flush right: {ln.x1:.2f} {ln.text}"
    assert checked >= 40
    assert hanging <= checked // 5


@pytest.mark.slow
def test_office_left_edge(office: dict[str, Converted]) -> None:
    lefts = [
        ln.x0 for page in office["sample"].pages for ln in body(page) if ln.size == 16 and PURE.match(ln.text)
    ]
    flush = [x for x in lefts if x < LEFT_MM + CHAR_MM]
    assert flush and all(abs(x - LEFT_MM) < 1 for x in flush)


@pytest.mark.slow
def test_office_title(office: dict[str, Converted], fonts: FontSet) -> None:
    first = body(office["sample"].pages[0])
    title = [ln for ln in first if ln.size == 22]
    assert [ln.text for ln in title] == ["常德市民政局2017年", "政府信息公开工作年度报告"]
    for ln in title:
        assert abs((ln.x0 + ln.x1) / 2 - (LEFT_MM + RIGHT_MM) / 2) < 1
    origin = grid_origin(office["sample"].pages)
    body_start = next(ln for ln in first if ln.size == 16)
    assert round(row_of(body_start, origin)) == 3  # title rows 0–1, one blank row, then the body


@pytest.mark.slow
def test_office_page_numbers(office: dict[str, Converted]) -> None:
    inset = standard.FOLIO_INSET.mm
    for conv in office.values():
        for number, lines in enumerate(conv.pages, 1):
            folio = [ln for ln in lines if ln.baseline > BOTTOM_MM]
            assert [ln.text for ln in folio] == [f"—{number}—"] or [ln.text for ln in folio] == [
                f"— {number} —"
            ]
            if number % 2:
                assert abs(folio[0].x1 - (RIGHT_MM - inset)) < 1.5
            else:
                assert abs(folio[0].x0 - (LEFT_MM + inset)) < 1.5


@pytest.mark.slow
def test_office_dash_seven_mm_below_text_block(office: dict[str, Converted]) -> None:
    """The 一字线's stroke, found in pixels of the rendered page, is 7 mm below the 版心 (269 mm)."""

    target = (standard.TEXT_BOTTOM + standard.FOLIO_DASH_BELOW_TEXT).mm
    pdf = office["sample"].pdf
    dpi = 600
    for page in (1, 2):
        img = page_image(pdf, page, dpi, "L")
        px = dpi / 25.4
        band = img.crop((0, int((BOTTOM_MM + 2) * px), img.width, int((BOTTOM_MM + 12) * px)))
        width, height = band.size
        data = band.load()
        counts = [sum(1 for x in range(0, width, 2) if data[x, y] < 128) for y in range(height)]
        peak = max(counts)
        stroke = [y for y, c in enumerate(counts) if c >= 0.6 * peak]
        centre = BOTTOM_MM + 2 + (sum(stroke) / len(stroke) + 0.5) / px
        assert abs(centre - target) < 1, f"page {page}: dash at {centre:.2f} mm"


@pytest.mark.slow
def test_office_table_back_on_grid_and_headers_repeat(office: dict[str, Converted]) -> None:
    pages = office["long_table"].pages
    origin = grid_origin(office["sample"].pages)
    continued = [p for p in pages[1:] if body(p) and body(p)[0].size == 12]
    assert continued, "the long table should continue on a second page"
    for p in continued:
        assert body(p)[0].text == "序号事项名称办理结果"  # the header row, repeated
    after = next(ln for p in pages for ln in body(p) if ln.text.startswith(PARAGRAPHS[3][:10]))
    r = row_of(after, origin)
    assert abs(r - round(r)) * PITCH_MM < 0.2, (
        f"text after the table is {abs(r - round(r)) * PITCH_MM:.2f} mm off"
    )
    sample_after = next(
        ln for p in office["sample"].pages for ln in body(p) if ln.text.startswith("本年度我局")
    )
    r = row_of(sample_after, origin)
    assert abs(r - round(r)) * PITCH_MM < 0.2


@pytest.mark.slow
def test_office_signoff(office: dict[str, Converted]) -> None:
    """署名 right 4.5 字 (spec A8.4 for the seed); the date's first character 2 字 right of the 署名's."""
    lines = [ln for p in office["sample"].pages for ln in body(p)]
    organ = next(ln for ln in lines if ln.text == "常德市民政局")
    date = next(ln for ln in lines if ln.text == "2018年3月16日")
    assert abs((RIGHT_MM - organ.x1) / CHAR_MM - 4.5) < 0.1
    assert abs((date.x0 - organ.x0) / CHAR_MM - standard.DATE_OFFSET_CHARS) < 0.1
    assert abs(date.baseline - organ.baseline - PITCH_MM) < 0.1
