"""Documents for the 落款 and 版记 tests, rendered once per session in both outputs (LibreOffice converts
every DOCX in one call), and measurements of the rendered pages (rules by pixel, text, images)."""

from __future__ import annotations

import datetime as dt
import io
import math
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest
from measure import Page, page_image, read_pdf
from PIL import Image as PILImage
from PIL import ImageDraw

from docgen import standard as std
from docgen.model import Colophon, Document, Image, Meta, Paragraph, Party, Signoff, Title
from docgen.render import render_formats
from docgen.render.options import RenderOptions
from docgen.typeset.fonts import resolve
from docgen.typeset.plan import PagePlan
from docgen.units import mm

PT_PER_MM = 72 / 25.4
TIMESTAMP = dt.datetime(2018, 3, 16, 9, 0, tzinfo=dt.UTC)
DATE = dt.date(2018, 3, 16)
HAN = (
    "政府信息公开工作取得新的成效我局坚持以公开为常态不公开为例外紧紧围绕民政中心工作把推进依法行政建设法治"
    "政府的重要抓手不断完善机制丰富内容创新形式切实保障人民群众知情权参与权表达权和监督权"
)


def paragraph(lines: int, start: int = 0) -> Paragraph:
    """Pure Chinese text filling exactly ``lines`` grid lines (28 characters, the first indented 2)."""
    n = 28 * lines - 2
    return Paragraph((HAN * 6)[start : start + n - 1] + "。")


def png(size: tuple[int, int], draw) -> bytes:
    img = PILImage.new("RGBA", size, (0, 0, 0, 0))
    draw(ImageDraw.Draw(img), *size)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def _seal(d: ImageDraw.ImageDraw, w: int, h: int) -> None:
    red = (230, 0, 18, 220)
    d.ellipse((8, 8, w - 8, h - 8), outline=red, width=22)
    pts = []
    for i in range(10):
        r = w * (0.2 if i % 2 == 0 else 0.08)
        a = -math.pi / 2 + i * math.pi / 5
        pts.append((w / 2 + r * math.cos(a), h * 0.45 + r * math.sin(a)))
    d.polygon(pts, fill=red)


def _signature(d: ImageDraw.ImageDraw, w: int, h: int) -> None:
    d.rectangle((6, 6, w - 6, h - 6), outline=(230, 0, 18, 230), width=12)
    d.line((40, h / 2, w - 40, h / 2), fill=(230, 0, 18, 230), width=16)


SEAL = Image(png((496, 496), _seal), "image/png", mm(42), mm(42), "seal.png")
SIGNATURE = Image(png((420, 180), _signature), "image/png", mm(35), mm(15), "signature.png")
COLOPHON = Colophon(
    cc=("市委办公室", "市人大常委会办公室", "市政协办公室"),
    printer="常德市民政局办公室",
    print_date=DATE,
)


def document(lines: tuple[int, ...], signoff: Signoff, colophon: Colophon | None = COLOPHON) -> Document:
    title = "关于做好政府信息公开工作的通知"
    return Document(
        meta=Meta(title=title, author="常德市民政局"),
        title=Title(title),
        body=tuple(paragraph(n, 7 * i) for i, n in enumerate(lines)),
        signoff=signoff,
        colophon=colophon,
    )


# Page 1 holds the title row, a blank row and 20 body rows.
DOCS: dict[str, Document] = {
    # (a) ends on page 2 with room: sealed, single organ
    "a": document((10, 10, 6), Signoff("常德市民政局", DATE, sealed=True, seal=SEAL)),
    # (b) ends on page 1: 签名章
    "b": document((6, 5), Signoff("常德市民政局", DATE, signature_title="局长", seal=SIGNATURE)),
    # (b) ends on page 3: unsealed 联合行文
    "b3": document((10, 10, 12, 10), Signoff("常德市民政局", DATE, others=(Party("常德市财政局"),))),
    # (c) ends on page 2 without room: sealed 联合行文, three seals in a row
    "c": document(
        (10, 10, 17),
        Signoff(
            "常德市民政局",
            DATE,
            sealed=True,
            seal=SEAL,
            others=(Party("常德市财政局", SEAL), Party("常德市教育局", SEAL)),
        ),
    ),
    # body fills page 1 to its last row: the 落款 must take body lines with it (no 版记)
    "keep": document((10, 10), Signoff("常德市民政局", DATE, sealed=True, seal=SEAL), colophon=None),
}


@dataclass
class Output:
    pdf: Path  # docgen's PDF
    office: Path  # LibreOffice's rendering of docgen's DOCX
    docx: Path
    plan: PagePlan


@pytest.fixture(scope="session")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Output]:
    from conftest import soffice

    exe = soffice()
    if exe is None:
        pytest.skip("LibreOffice is not installed (scripts/setup.sh installs it)")
    work = tmp_path_factory.mktemp("signoff")
    fonts = resolve()
    options = RenderOptions(timestamp=TIMESTAMP)
    out = {}
    for name, doc in DOCS.items():
        blobs, plan, warnings = render_formats(doc, ("pdf", "docx"), fonts, options)
        assert not warnings, warnings
        (work / f"{name}.pdf").write_bytes(blobs["pdf"])
        (work / f"{name}.docx").write_bytes(blobs["docx"])
        out[name] = Output(work / f"{name}.pdf", work / "lo" / f"{name}.pdf", work / f"{name}.docx", plan)
    subprocess.run(
        [exe, f"-env:UserInstallation=file://{work}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(work / "lo"), *(str(work / f"{n}.docx") for n in DOCS)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return out


# --- measuring ---------------------------------------------------------------------------------------------
@dataclass
class Rule:
    centre: float  # mm from the paper top
    thickness: float  # mm, from the ink summed across the rows
    x0: float
    x1: float


def rules(pdf: Path, page: int, dpi: int = 200) -> list[Rule]:
    """Black horizontal rules of a page, found by pixel at ``dpi``: rows dark over most of the 版心's width."""
    img = page_image(pdf, page, dpi, "L")
    px = 25.4 / dpi
    w, h = img.size
    data = img.load()
    x_lo, x_hi = int(std.MARGIN_LEFT.mm / px), int((std.MARGIN_LEFT + std.TEXT_WIDTH).mm / px)
    dark, covered = [], []
    for y in range(h):
        row = [data[x, y] for x in range(x_lo, x_hi)]
        dark.append(sum(255 - v for v in row) / 255 / len(row))
        covered.append(sum(1 for v in row if v < 160) / len(row))
    found: list[Rule] = []
    y = 0
    while y < h:
        if covered[y] < 0.9:  # a rule darkens nearly every pixel across the 版心; text never does
            y += 1
            continue
        ys = []
        while y < h and covered[y] >= 0.9:
            ys.append(y)
            y += 1
        # the core rows plus the anti-aliased rows on both sides
        band = list(range(max(0, ys[0] - 1), min(h, ys[-1] + 2)))
        weights = [dark[b] for b in band]
        total = sum(weights)
        centre = (sum((b + 0.5) * wt for b, wt in zip(band, weights, strict=True)) / total) * px
        core = max(ys, key=lambda b: dark[b])
        xs = [x for x in range(w) if data[x, core] < 128]
        found.append(Rule(centre, total * px, xs[0] * px, (xs[-1] + 1) * px))
    return [r for r in found if r.x1 - r.x0 > 100]


@dataclass
class Box:
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


def images(pdf: Path, page: int) -> list[Box]:
    with pdfplumber.open(pdf) as doc:
        p = doc.pages[page - 1]
        return sorted(
            (Box(i["x0"] / PT_PER_MM, i["x1"] / PT_PER_MM, i["top"] / PT_PER_MM, i["bottom"] / PT_PER_MM)
             for i in p.images),
            key=lambda b: (round(b.top), b.x0),
        )  # fmt: skip


def pages(pdf: Path) -> list[Page]:
    return read_pdf(pdf)
