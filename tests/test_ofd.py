"""The OFD (GB/T 33190-2016): container and schema order, geometry from the OFD's own coordinates, the
PDF's text page by page, fonts that map every character, the seal with its transparency, same bytes."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from conftest import FIXED_TIME, ROOT, SEED_DATA
from lxml import etree
from masthead_docs import CENTRE, MARK_TOP, em_top
from measure import body_lines, folio_lines
from ofd_read import NS, OfdFile, Q, floats
from PIL import Image
from typer.testing import CliRunner

from docgen import api
from docgen import standard as std
from docgen.cli import app
from docgen.model import Role
from docgen.render.options import RenderOptions

NOTICE = ROOT / "inputs" / "notice-2024.yaml"
LEFT = std.MARGIN_LEFT.mm  # 28
RIGHT = (std.MARGIN_LEFT + std.TEXT_WIDTH).mm  # 184
PITCH = std.LINE_PITCH.mm
BODY_MM = std.BODY_SIZE.mm


def render(data: Path, out: Path, formats: tuple[str, ...] = ("pdf", "ofd"), **kw) -> dict[str, Path]:
    options = RenderOptions(formats=formats, timestamp=FIXED_TIME, **kw)
    result = api.render(data, out, formats, options=options)
    return {p.suffix[1:]: p for p in result.outputs}


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return render(SEED_DATA, tmp_path_factory.mktemp("ofd-seed"))


@pytest.fixture(scope="module")
def notice(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return render(NOTICE, tmp_path_factory.mktemp("ofd-notice"))


# --- the schema, as GB/T 33190-2016 Annex A defines it: each element's children in order, the children it
# must have, the attributes it must have. A child may repeat; a later one never comes before an earlier one.
SEQUENCES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "OFD": (("DocBody",), ("DocBody",), ("Version", "DocType")),
    "DocBody": (("DocInfo", "DocRoot", "Versions", "Signatures"), ("DocInfo", "DocRoot"), ()),
    "DocInfo": (
        (
            "DocID",
            "Title",
            "Author",
            "Subject",
            "Abstract",
            "CreationDate",
            "ModDate",
            "DocUsage",
            "Cover",
            "Keywords",
            "Creator",
            "CreatorVersion",
            "CustomDatas",
        ),
        ("DocID",),
        (),
    ),
    "Keywords": (("Keyword",), ("Keyword",), ()),
    "CustomDatas": (("CustomData",), ("CustomData",), ()),
    "CustomData": ((), (), ("Name",)),
    "Document": (
        (
            "CommonData",
            "Pages",
            "Outlines",
            "Permissions",
            "Actions",
            "VPreferences",
            "Bookmarks",
            "Annotations",
            "CustomTags",
            "Attachments",
            "Extensions",
        ),
        ("CommonData", "Pages"),
        (),
    ),
    "CommonData": (
        ("MaxUnitID", "PageArea", "PublicRes", "DocumentRes", "TemplatePage", "DefaultCS"),
        ("MaxUnitID", "PageArea"),
        (),
    ),
    "PageArea": (("PhysicalBox", "ApplicationBox", "ContentBox", "BleedBox"), ("PhysicalBox",), ()),
    "Area": (("PhysicalBox", "ApplicationBox", "ContentBox", "BleedBox"), ("PhysicalBox",), ()),
    "Pages": (("Page",), ("Page",), ()),
    "Pages/Page": ((), (), ("ID", "BaseLoc")),
    "Page": (("Template", "PageRes", "Area", "Content", "Actions"), (), ()),  # a Content.xml root
    "Content": (("Layer",), ("Layer",), ()),
    "TextObject": (
        ("Actions", "Clips", "FillColor", "StrokeColor", "TextCode"),
        ("TextCode",),
        ("ID", "Boundary", "Font", "Size"),
    ),
    "PathObject": (
        ("Actions", "Clips", "StrokeColor", "FillColor", "AbbreviatedData"),
        ("AbbreviatedData",),
        ("ID", "Boundary"),
    ),
    "ImageObject": (("Actions", "Clips", "Border"), (), ("ID", "Boundary", "ResourceID")),
    "TextCode": ((), (), ()),
    "FillColor": ((), (), ()),
    "StrokeColor": ((), (), ()),
    "Fonts": (("Font",), ("Font",), ()),
    "Font": (("FontFile",), (), ("ID", "FontName")),
    "MultiMedias": (("MultiMedia",), ("MultiMedia",), ()),
    "MultiMedia": (("MediaFile",), ("MediaFile",), ("ID", "Type")),
    "Attachments": (("Attachment",), (), ()),
    "Attachment": (("FileLoc",), ("FileLoc",), ("ID", "Name")),
}
LAYER_CHILDREN = {"TextObject", "PathObject", "ImageObject", "CompositeObject", "PageBlock"}
RES_CHILDREN = {"ColorSpaces", "DrawParams", "Fonts", "MultiMedias", "CompositeGraphicUnits"}
ENUMS = {
    ("PathObject", "Rule"): {"NonZero", "Even-Odd"},
    ("PathObject", "Stroke"): {"true", "false"},
    ("PathObject", "Fill"): {"true", "false"},
    ("PathObject", "Cap"): {"Butt", "Round", "Square"},
    ("PathObject", "Join"): {"Miter", "Round", "Bevel"},
    ("MultiMedia", "Type"): {"Image", "Audio", "Video"},
    ("Layer", "Type"): {"Body", "Background", "Foreground", "Custom"},
    ("Font", "Bold"): {"true", "false"},
    ("OFD", "DocType"): {"OFD"},
    ("OFD", "Version"): {"1.0"},
}


def schema_errors(root: etree._Element) -> list[str]:
    """Where an OFD XML part breaks the standard's element order, required children or attributes."""
    errors: list[str] = []

    def walk(e: etree._Element, parent: str | None) -> None:
        if etree.QName(e).namespace != NS:
            errors.append(f"{e.tag}: not in the OFD namespace")
            return
        name = etree.QName(e).localname
        key = f"{parent}/{name}" if f"{parent}/{name}" in SEQUENCES else name
        kids = [etree.QName(k).localname for k in e]
        for (el_name, attr), allowed in ENUMS.items():
            if el_name == name and e.get(attr) is not None and e.get(attr) not in allowed:
                errors.append(f"{name}@{attr}={e.get(attr)!r}")
        if name == "Layer":
            if e.get("ID") is None:
                errors.append("Layer without ID")
            errors.extend(f"Layer: unexpected {k}" for k in kids if k not in LAYER_CHILDREN)
        elif name == "Res":
            if e.get("BaseLoc") is None:
                errors.append("Res without BaseLoc")
            errors.extend(f"Res: unexpected {k}" for k in kids if k not in RES_CHILDREN)
        elif key in SEQUENCES:
            order, required, attrs = SEQUENCES[key]
            positions = []
            for k in kids:
                if k not in order:
                    errors.append(f"{name}: unexpected child {k}")
                else:
                    positions.append(order.index(k))
            if positions != sorted(positions):
                errors.append(f"{name}: children out of order: {kids}")
            errors.extend(f"{name}: missing {r}" for r in required if r not in kids)
            errors.extend(f"{name}: missing @{a}" for a in attrs if e.get(a) is None)
        elif name not in ("DocID", "Title", "Author", "Subject", "CreationDate", "Creator", "CreatorVersion",
                          "DocRoot", "MaxUnitID", "PhysicalBox", "PublicRes", "DocumentRes", "Keyword",
                          "FontFile", "MediaFile", "AbbreviatedData", "FileLoc"):  # fmt: skip
            errors.append(f"{name}: not a known element")
        for k in e:
            walk(k, name)

    walk(root, None)
    return errors


def check_package(path: Path) -> OfdFile:
    """Every XML part well-formed and in schema order; IDs unique and within MaxUnitID; references resolve."""
    ofd = OfdFile(path)
    assert ofd.names[0] == "OFD.xml"
    xml_parts = [n for n in ofd.names if n.endswith(".xml")]
    ids: list[int] = []
    for name in xml_parts:
        root = ofd.xml(name)  # raises on malformed XML
        assert schema_errors(root) == [], name
        ids += [int(e.get("ID")) for e in root.iter() if e.get("ID", "").isdigit()]
        for e in root.iter(f"{Q}TextObject", f"{Q}PathObject", f"{Q}ImageObject"):
            box = floats(e.get("Boundary"))
            assert len(box) == 4 and box[2] > 0 and box[3] > 0, (name, e.get("ID"))
        for e in root.iter(f"{Q}TextObject"):
            assert e.get("Font") in ofd.fonts, (name, e.get("Font"))
            assert float(e.get("Size")) > 0
            for code in e.iter(f"{Q}TextCode"):
                deltas = floats(code.get("DeltaX"))
                assert len(deltas) == len(code.text) - 1, code.text
        for e in root.iter(f"{Q}ImageObject"):
            assert e.get("ResourceID") in ofd.media
    assert len(ids) == len(set(ids)), "IDs must be unique in the document"
    max_id = int(ofd.document.find(f"{Q}CommonData/{Q}MaxUnitID").text)
    assert max(ids) == max_id
    assert floats(ofd.document.find(f"{Q}CommonData/{Q}PageArea/{Q}PhysicalBox").text) == [0, 0, 210, 297]
    for loc in ofd.page_locs():
        assert loc in ofd.names
    optional_xsd = os.environ.get("DOCGEN_OFD_XSD")  # a folder with the standard's XSD files, if at hand
    if optional_xsd:
        xsd = {"OFD.xml": "OFD.xsd", "Document.xml": "Document.xsd", "PublicRes.xml": "Res.xsd",
               "DocumentRes.xml": "Res.xsd", "Content.xml": "Page.xsd", "Attachments.xml": "Attachments.xsd"}  # fmt: skip
        for name in xml_parts:
            schema = etree.XMLSchema(etree.parse(str(Path(optional_xsd) / xsd[name.rsplit("/", 1)[-1]])))
            assert schema.validate(ofd.xml(name)), (name, schema.error_log.last_error)
    return ofd


def test_schema_checker_finds_errors() -> None:
    """The encoded schema rejects what the standard forbids (or the checks above could not fail)."""
    bad = etree.fromstring(
        f'<ofd:Page xmlns:ofd="{NS}"><ofd:Content><ofd:Layer ID="1">'
        '<ofd:PathObject ID="2" Boundary="0 0 1 1"><ofd:AbbreviatedData>M 0 0 L 1 1</ofd:AbbreviatedData>'
        '<ofd:StrokeColor Value="0 0 0"/></ofd:PathObject><ofd:TextObject ID="3" Boundary="0 0 1 1" Size="1">'
        '<ofd:TextCode X="0" Y="0">a</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>'
    )
    errors = schema_errors(bad)
    assert any("out of order" in e for e in errors)
    assert any("missing @Font" in e for e in errors)


def test_container(seed: dict[str, Path]) -> None:
    ofd = check_package(seed["ofd"])
    names = set(ofd.names)
    for part in ("OFD.xml", "Doc_0/Document.xml", "Doc_0/PublicRes.xml", "Doc_0/DocumentRes.xml"):
        assert part in names
    assert f"Doc_0/Pages/Page_{len(ofd.page_locs()) - 1}/Content.xml" in names
    info = ofd.entry.find(f"{Q}DocBody/{Q}DocInfo")
    assert re.fullmatch(r"[0-9a-f]{32}", info.find(f"{Q}DocID").text)
    assert info.find(f"{Q}Author").text == "常德市民政局"
    assert info.find(f"{Q}Title").text
    assert info.find(f"{Q}Creator").text == "docgen"
    assert info.find(f"{Q}CreationDate").text == FIXED_TIME.date().isoformat()
    custom = {c.get("Name"): c.text for c in info.iter(f"{Q}CustomData")}
    assert custom["成文日期"] == "2018-03-16"
    with zipfile.ZipFile(seed["ofd"]) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    # every font is a subset file that maps every character set in it
    for page in ofd.pages():
        for run in page.runs:
            font = ofd.fonts[run.font]
            assert font is not None and "glyf" in font
            cmap = font.getBestCmap()
            assert all(ord(c) in cmap for c in run.text), run.text


def test_notice_metadata_and_custom_data(notice: dict[str, Path]) -> None:
    ofd = check_package(notice["ofd"])
    info = ofd.entry.find(f"{Q}DocBody/{Q}DocInfo")
    assert info.find(f"{Q}Author").text == "常德市民政局"
    custom = {c.get("Name"): c.text for c in info.iter(f"{Q}CustomData")}
    assert custom["发文字号"] == "常民发〔2024〕3号"
    assert custom["成文日期"] == "2024-01-05"


def test_text_equals_the_pdf_page_by_page(seed: dict[str, Path], notice: dict[str, Path]) -> None:
    for out in (seed, notice):
        pages = OfdFile(out["ofd"]).pages()
        with pdfplumber.open(out["pdf"]) as pdf:
            assert len(pdf.pages) == len(pages)
            for pdf_page, page in zip(pdf.pages, pages, strict=True):
                assert "".join(r.text for r in page.runs) == "".join(c["text"] for c in pdf_page.chars)
                # and in the same places: every character's origin within 0.01 mm of the PDF's
                xs = [x for r in page.runs for x in r.xs]
                pdf_xs = [c["matrix"][4] * 25.4 / 72 for c in pdf_page.chars]
                assert max(abs(a - b) for a, b in zip(xs, pdf_xs, strict=True)) < 0.01


def test_geometry_from_the_ofd(seed: dict[str, Path]) -> None:
    """版心 at 28 mm / 37 mm, 22 lines on every full page, page numbers in place — read from the OFD."""
    pages = [p.page for p in OfdFile(seed["ofd"]).pages()]
    body = [ln for p in pages for ln in body_lines(p)]
    assert min(ln.x0 for ln in body) == pytest.approx(LEFT, abs=0.05)
    offset = body_lines(pages[1])[0].baseline - std.MARGIN_TOP.mm
    assert 0 < offset < PITCH
    for p in pages[1:]:
        first = body_lines(p)[0]
        assert std.MARGIN_TOP.mm < first.baseline < std.MARGIN_TOP.mm + PITCH, (p.number, first.baseline)
    full = 0
    for p in pages:
        rows = set()
        for ln in body_lines(p):
            if ln.size != std.BODY_SIZE.pt:
                continue
            row = (ln.baseline - std.MARGIN_TOP.mm - offset) / PITCH
            assert abs(row - round(row)) < 0.02, (p.number, ln.text, row)
            rows.add(round(row))
        assert min(rows) >= 0 and max(rows) <= std.LINES_PER_PAGE - 1
        if p.number < len(pages) - 1:  # the body pages before the last two: all 22 lines used
            assert max(rows) == std.LINES_PER_PAGE - 1, p.number
            full += 1
    assert full >= 5
    inset = std.FOLIO_INSET.mm
    for p in pages:
        folios = folio_lines(p)
        text = "".join(ln.text for ln in folios).replace(" ", "")
        assert text == f"—{p.number}—", (p.number, text)
        if p.number % 2:  # odd: right, 1 字 inside the 版心's right edge
            assert max(ln.x1 for ln in folios) == pytest.approx(RIGHT - inset, abs=0.3)
        else:
            assert min(ln.x0 for ln in folios) == pytest.approx(LEFT + inset, abs=0.3)


def test_colophon_rules(notice: dict[str, Path]) -> None:
    """The 版记 on the last (even) page: full-width rules, the last one ending on the 版心's bottom edge."""
    pages = OfdFile(notice["ofd"]).pages()
    last = pages[-1]
    assert len(pages) % 2 == 0
    rules = sorted({(round(r.y0, 3), round(r.width, 3)) for r in last.rules if r.y0 == r.y1})
    assert len(rules) == 3, rules  # first (thick), middle (thin), last (thick)
    (y_first, w_first), (y_thin, w_thin), (y_last, w_last) = rules
    assert y_last + w_last / 2 == pytest.approx(std.TEXT_BOTTOM.mm, abs=0.05)  # 262 mm
    assert w_first == w_last == pytest.approx(std.COLOPHON_RULE_THICK.mm, abs=0.01)
    assert w_thin == pytest.approx(std.COLOPHON_RULE_THIN.mm, abs=0.01)
    for r in last.rules:
        assert r.x0 == pytest.approx(LEFT, abs=0.01) and r.x1 == pytest.approx(RIGHT, abs=0.01)
    cc = next(ln for ln in last.page.lines if ln.text.startswith("抄送"))
    printer = next(ln for ln in last.page.lines if ln.text.startswith("常德市民政局办公室"))
    assert y_first < cc.baseline < y_thin < printer.baseline < y_last
    assert all(not p.rules for p in pages[1:-1])  # only the 版头's rule and the 版记's


def test_red_mark_rule_and_seal(notice: dict[str, Path]) -> None:
    """The 发文机关标志 and the rule under the 版头 in red; the seal an image with its transparency."""
    pages = OfdFile(notice["ofd"]).pages()
    first = pages[0]
    red = [r for r in first.runs if r.color == "255 0 0"]
    assert "".join(r.text for r in red) == "常德市民政局文件"
    with pdfplumber.open(notice["pdf"]) as pdf:
        mark = next(c for c in pdf.pages[0].chars if c["text"] == "常")
    a, _b, _c, d, _e, _f = mark["matrix"]
    assert a / d < 0.99  # the 标志 is narrowed to fit the 版心 (scaleX): the OFD says so with HScale
    assert [r.hscale for r in red] == [pytest.approx(a / d, abs=0.001)] * len(red)
    # §7.2.4: the 标志's top 35 mm below the 版心's top (72 mm), centred — in the OFD's own coordinates
    mark = [ln for ln in first.page.lines if ln.size > 30]
    assert em_top(mark[0], Role.XIAOBIAOSONG) == pytest.approx(MARK_TOP, abs=1)
    assert (min(ln.x0 for ln in mark) + max(ln.x1 for ln in mark)) / 2 == pytest.approx(CENTRE, abs=0.5)
    (rule,) = first.rules
    assert rule.color == "255 0 0" and rule.x0 == pytest.approx(LEFT, abs=0.01)
    assert rule.x1 == pytest.approx(RIGHT, abs=0.01)
    images = [(n, im) for n, p in enumerate(pages) for im in p.images]
    assert len(images) == 1
    _, seal = images[0]
    png = Image.open(io.BytesIO(seal.data))
    assert png.format == "PNG" and png.mode == "RGBA"
    alpha = png.getchannel("A")
    lo, hi = alpha.getextrema()
    assert lo == 0 and hi > 200  # transparent around the seal, the ink (nearly) opaque
    with pdfplumber.open(notice["pdf"]) as pdf:
        (pdf_image,) = [im for p in pdf.pages for im in p.images]
    k = 25.4 / 72
    assert seal.left == pytest.approx(pdf_image["x0"] * k, abs=0.01)
    assert seal.top == pytest.approx(pdf_image["top"] * k, abs=0.01)
    assert seal.width == pytest.approx((pdf_image["x1"] - pdf_image["x0"]) * k, abs=0.01)


def test_same_data_same_bytes(notice: dict[str, Path], tmp_path: Path) -> None:
    again = render(NOTICE, tmp_path, ("ofd",))
    assert set(again) == {"ofd"}  # only the OFD is written when only it is asked for
    assert again["ofd"].read_bytes() == notice["ofd"].read_bytes()


def test_cli_format_ofd(tmp_path: Path) -> None:
    """``--format ofd`` writes NAME.ofd alone; an unknown format is refused naming the ones there are."""
    from docgen.cli import main

    out = tmp_path / "out"
    main(["render", str(NOTICE), "--format", "ofd", "-o", str(out)])  # returns: exit code 0
    assert sorted(p.name for p in out.iterdir()) == ["notice-2024.ofd"]
    check_package(out / "notice-2024.ofd")
    r = CliRunner().invoke(app, ["render", str(NOTICE), "--format", "ofd,xps", "-o", str(tmp_path / "x")])
    assert r.exit_code == 2 and "pdf,docx,ofd" in r.output
    assert not (tmp_path / "x").exists()


def test_final_ofd_carries_data_and_manifest(tmp_path: Path) -> None:
    """定稿: the data file and the input manifest travel as OFD attachments; the manifest lists the OFD
    with its hash, and verify finds it unchanged."""
    api.render_final(
        NOTICE, tmp_path, ("pdf", "ofd"), signer="李建国", options=RenderOptions(timestamp=FIXED_TIME)
    )
    ofd = check_package(tmp_path / "notice-2024.ofd")
    atts = ofd.xml("Doc_0/Attachments.xml")
    names = [a.get("Name") for a in atts]
    assert names == ["notice-2024.yaml", "notice-2024.manifest.json"]
    first = atts[0].find(f"{Q}FileLoc").text
    assert ofd.zip.read(f"Doc_0/{first}") == NOTICE.read_bytes()
    custom = {c.get("Name"): c.text for c in ofd.entry.iter(f"{Q}CustomData")}
    assert custom["签发人"] == "李建国" and custom["状态"] == "定稿"
    manifest = json.loads((tmp_path / "notice-2024.manifest.json").read_text(encoding="utf-8"))
    entry = next(o for o in manifest["outputs"] if o.get("name", o.get("path")) == "notice-2024.ofd")
    assert entry["sha256"] == hashlib.sha256((tmp_path / "notice-2024.ofd").read_bytes()).hexdigest()


# --- an independent reader: easyofd (the dev extra; skipped where it is not installed) draws every example's OFD;
# its pages must show what the PDF's pages show. Both are rasterised by pdftoppm at 1 px per mm; a page
# agrees when at least AGREE of each one's ink lies within 1 mm of the other's ink (the worse of the two
# directions), and the same for red ink. easyofd sets every character in one face (the body face is
# registered under the name it asks for, 宋体), so glyph shapes differ; it ignores StrokeColor (content.py
# gives rules a FillColor too). Measured on the examples (docs/design.md): ink 0.81–1.00 (0.81: the 版记
# page of notice-blank-page), red 0.64–1.00 (the bold 标志 drawn in a regular face); the same pages moved
# 4 mm down score ink ≤ 0.71, a blank page 0. A few missing characters hardly move these figures: the text
# easyofd reads back is compared with the PDF's as well.
AGREE_INK = 0.78
AGREE_RED = 0.6
EXAMPLES = sorted((ROOT / "inputs").glob("*.yaml"))


def _rasters(pdf: Path, prefix: Path, size: tuple[int, int] | None = None) -> list[Image.Image]:
    import subprocess

    scale = ["-r", "25.4"] if size is None else ["-scale-to-x", str(size[0]), "-scale-to-y", str(size[1])]
    subprocess.run(["pdftoppm", "-png", *scale, str(pdf), str(prefix)], check=True, timeout=300)
    files = sorted(prefix.parent.glob(f"{prefix.name}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    return [Image.open(p).convert("RGB") for p in files]


def _masks(img: Image.Image) -> tuple[Image.Image, Image.Image]:
    """Where there is ink, and where red ink (the 标志, the 版头's rule, the seal)."""
    from PIL import ImageChops

    r, g, b = img.split()
    ink = img.convert("L").point(lambda v: 255 if v < 215 else 0)
    red = ImageChops.multiply(
        ImageChops.multiply(
            r.point(lambda v: 255 if v > 150 else 0), g.point(lambda v: 255 if v < 130 else 0)
        ),
        b.point(lambda v: 255 if v < 130 else 0),
    )
    return ink, red


def _agreement(a: Image.Image, b: Image.Image) -> float:
    """The smaller share of either mask's pixels that lie within 1 px of the other's."""
    from PIL import ImageChops, ImageFilter

    na, nb = a.histogram()[255], b.histogram()[255]
    if not na or not nb:
        return 1.0 if na == nb else 0.0
    near_b = ImageChops.multiply(a, b.filter(ImageFilter.MaxFilter(3))).histogram()[255] / na
    near_a = ImageChops.multiply(b, a.filter(ImageFilter.MaxFilter(3))).histogram()[255] / nb
    return min(near_a, near_b)


@pytest.mark.parametrize("data", EXAMPLES, ids=lambda p: p.stem)
def test_easyofd_shows_what_the_pdf_shows(data: Path, tmp_path: Path) -> None:
    import contextlib
    import logging

    easyofd = pytest.importorskip("easyofd.ofd", reason="easyofd is not installed (pip install -e .[dev])")
    from loguru import logger
    from PIL import ImageChops
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from docgen.render.ofd.fonts import subset_face
    from docgen.typeset.fonts import resolve

    out = render(data, tmp_path, draft="errors" in data.stem)
    ofd = OfdFile(out["ofd"])
    text = "".join(r.text for p in ofd.pages() for r in p.runs)
    # ReportLab keeps the first font registered under a name, and shares faces by their PostScript name
    # (easyofd registers the OFD's own FandolFang subset): a fresh name each time, the old 宋体 forgotten
    from fontTools.ttLib import TTFont as FontFile

    font = FontFile(io.BytesIO(subset_face(resolve()[Role.FANGSONG].face, text)))
    font["name"].setName(f"DocgenTest{data.stem.replace('-', '')}", 6, 3, 1, 0x409)
    face = tmp_path / "songti.ttf"
    font.save(face)
    pdfmetrics._fonts.pop("宋体", None)
    pdfmetrics.registerFont(TTFont("宋体", str(face)))
    logger.disable("easyofd")
    reader = easyofd.OFD()
    reader.read(str(out["ofd"]), fmt="path")
    with contextlib.redirect_stdout(io.StringIO()):
        logging.disable(logging.WARNING)
        try:
            (tmp_path / "easyofd.pdf").write_bytes(reader.to_pdf())
        finally:
            logging.disable(logging.NOTSET)

    # the text easyofd reads from the OFD is the PDF's, page by page (spaces aside: easyofd drops them)
    def text(page) -> str:  # type: ignore[no-untyped-def]
        return "".join("".join(c["text"] for c in page.chars).split())

    with pdfplumber.open(out["pdf"]) as pdf, pdfplumber.open(tmp_path / "easyofd.pdf") as drawn:
        for a, b in zip(pdf.pages, drawn.pages, strict=True):
            assert text(b) == text(a), (data.stem, a.page_number)
    ref = _rasters(out["pdf"], tmp_path / "pdf")
    got = _rasters(tmp_path / "easyofd.pdf", tmp_path / "ofd", ref[0].size)
    assert len(got) == len(ref)
    for number, (a, b) in enumerate(zip(ref, got, strict=True), start=1):
        (ink_a, red_a), (ink_b, red_b) = _masks(a), _masks(b)
        assert _agreement(ink_a, ink_b) >= AGREE_INK, (data.stem, number)
        assert _agreement(red_a, red_b) >= AGREE_RED, (data.stem, number)
        if ink_a.histogram()[255]:  # the control: the same page moved 4 mm down does not pass
            moved = _masks(ImageChops.offset(b, 0, 4))[0]
            assert _agreement(ink_a, moved) < AGREE_INK, (data.stem, number)


@pytest.mark.parametrize("seal", ["svg", "palette"])
def test_other_seal_images(seal: str, tmp_path: Path) -> None:
    """An SVG seal is vector in the PDF and stays vector (curves, fills, its text); a palette PNG becomes
    an RGBA image with its transparency."""
    if seal == "svg":
        image = tmp_path / "seal.svg"
        image.write_bytes((ROOT / "docgen" / "assets" / "seal-specimen.svg").read_bytes())
    else:
        image = tmp_path / "seal.png"
        rgba = Image.open(ROOT / "inputs" / "seals" / "specimen-seal.png").convert("RGBA")
        rgba.convert("P", palette=Image.Palette.ADAPTIVE).save(image, transparency=0)
    data = tmp_path / "notice.yaml"
    data.write_text(
        NOTICE.read_text(encoding="utf-8").replace("seals/specimen-seal.png", image.name), encoding="utf-8"
    )
    out = render(data, tmp_path / "out")
    ofd = check_package(out["ofd"])
    page = ofd.pages()[2]
    xml = ofd.zip.read(ofd.page_locs()[2]).decode()
    if seal == "svg":
        assert not page.images
        assert re.search(r"<ofd:AbbreviatedData>M [^<]* B [^<]*C</ofd:AbbreviatedData>", xml)  # the ring
        assert "样章SPECIMEN" in "".join(r.text for r in page.runs)
        assert 'Fill="true"' in xml and 'Stroke="false"' in xml  # the star
    else:
        (placed,) = page.images
        png = Image.open(io.BytesIO(placed.data))
        assert png.mode == "RGBA" and png.getchannel("A").getextrema()[0] == 0


def test_image_decoding() -> None:
    """Images as WeasyPrint may write them: indexed colours decoded through their palette; a colour space
    the OFD writer cannot read is the input's fault (the seal or stamp image it came from: exit 2 with a
    hint to re-save it), not a traceback nor an internal error."""
    from pdfminer.pdftypes import PDFStream
    from pdfminer.psparser import LIT

    from docgen.errors import ExitCode, InputError
    from docgen.render.ofd.pdfread import image_png

    palette = b"\xff\x00\x00\x00\x00\xff"
    attrs = {"Width": 2, "Height": 1, "BitsPerComponent": 8}
    indexed = PDFStream({**attrs, "ColorSpace": [LIT("Indexed"), LIT("DeviceRGB"), 1, palette]}, b"\x00\x01")
    img = Image.open(io.BytesIO(image_png(indexed)))
    assert img.convert("RGB").getpixel((0, 0)) == (255, 0, 0) and img.convert("RGB").getpixel((1, 0)) == (
        0,
        0,
        255,
    )
    lab = PDFStream({**attrs, "ColorSpace": [LIT("Lab"), {}]}, b"\x00" * 6)
    with pytest.raises(InputError, match="颜色空间") as refused:
        image_png(lab)
    assert refused.value.exit_code == ExitCode.BAD_INPUT and "PNG" in refused.value.hint


def test_unmatched_font_is_named_and_reported(
    notice: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PDF face without a font file found: the OFD still names it (text stays extractable) and the user
    is told it is not embedded."""
    import docgen.render.ofd as ofd_module
    from docgen.typeset.fonts import resolve

    real = ofd_module.face_for
    monkeypatch.setattr(
        ofd_module, "face_for", lambda name, fonts: None if "Kai" in name else real(name, fonts)
    )
    doc = api.prepare(NOTICE).document
    data, warnings = ofd_module.ofd_from_pdf(notice["pdf"].read_bytes(), doc, resolve(), RenderOptions())
    assert warnings == ["OFD：未找到字体“FandolKai”的字体文件，未嵌入（阅读器将以其他字体显示）"]
    ofd = check_package(data)
    (kai,) = [f for f in ofd.xml("Doc_0/PublicRes.xml").iter(f"{Q}Font") if f.get("FontName") == "FandolKai"]
    assert kai.find(f"{Q}FontFile") is None and ofd.fonts[kai.get("ID")] is None


def test_verify_checks_the_final_ofd(tmp_path: Path) -> None:
    """``verify`` checks the OFD against the manifest's hash, and notices a changed OFD."""
    api.render_final(
        NOTICE, tmp_path, ("pdf", "ofd"), signer="李建国", options=RenderOptions(timestamp=FIXED_TIME)
    )
    key = "hash.ofd:notice-2024.ofd"
    report = api.verify(tmp_path / "notice-2024.pdf", require_signature=False)
    fact = report.fact(key)
    assert fact is not None and fact.ok is True and fact.zh.startswith("OFD notice-2024.ofd")
    with zipfile.ZipFile(tmp_path / "notice-2024.ofd", "a") as z:
        z.writestr("Doc_0/extra.txt", "changed")
    assert api.verify(tmp_path / "notice-2024.pdf", require_signature=False).fact(key).ok is False


def test_filled_shapes_become_rules_only_when_they_are_rules() -> None:
    """A thin filled rectangle → one line as thick; an even-odd frame → its sides; a thick box, a
    triangle or a stroked path stay paths."""
    from docgen.render.ofd.content import as_lines
    from docgen.render.ofd.pdfread import Path as Painted

    def rect(x0, y0, x1, y1):  # type: ignore[no-untyped-def]
        return (("m", (x0, y0)), ("l", (x1, y0)), ("l", (x1, y1)), ("l", (x0, y1)), ("h",))

    def filled(*segments, evenodd=False, stroke=False):  # type: ignore[no-untyped-def]
        return Painted(tuple(segments), stroke, True, evenodd, 0.3, (0, 0, 0), (255, 0, 0))

    (rule,) = as_lines(filled(*rect(28, 100, 184, 100.5)))
    assert rule.start == (28, 100.25) and rule.end == (184, 100.25) and rule.width == pytest.approx(0.5)
    assert rule.color == (255, 0, 0)
    frame = as_lines(filled(*rect(28, 240, 184, 262), *rect(28, 240.35, 184, 261.65), evenodd=True))
    assert [(r.start[1], round(r.width, 2)) for r in frame] == [(240.175, 0.35), (261.825, 0.35)]
    assert as_lines(filled(*rect(28, 240, 184, 262), *rect(28, 240.35, 184, 261.65))) is None  # nonzero
    assert as_lines(filled(*rect(28, 100, 184, 110))) is None  # 10 mm: a box, not a rule
    assert as_lines(filled(("m", (0, 0)), ("l", (10, 0)), ("l", (5, 0.5)), ("h",))) is None
    assert as_lines(filled(*rect(28, 100, 184, 100.5), stroke=True)) is None


def test_batch_writes_ofd(tmp_path: Path) -> None:
    """``docgen batch --format ofd`` writes one OFD per unit (the batch shares render_document)."""
    import subprocess
    import sys

    src = tmp_path / "in"
    src.mkdir()
    (src / "letter.yaml").write_bytes((ROOT / "inputs" / "letter-2024.yaml").read_bytes())
    (src / "seals").mkdir()
    for seal in (ROOT / "inputs" / "seals").iterdir():
        (src / "seals" / seal.name).write_bytes(seal.read_bytes())
    r = subprocess.run(
        [sys.executable, "-m", "docgen", "batch", str(src), "--out", str(tmp_path / "out"), "--format", "ofd",
         "--jobs", "1"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    check_package(tmp_path / "out" / "letter.ofd")
    assert not list((tmp_path / "out").glob("*.pdf"))
