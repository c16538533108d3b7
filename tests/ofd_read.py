"""Reading an OFD the way a reader does, for the tests: each page's text lines, rules and images in the
OFD's own coordinates (mm from the page's top-left corner), glyph advances from the embedded fonts.

Builds measure.Page / measure.TextLine, so the PDF's geometry checks apply to the OFD unchanged."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from fontTools.ttLib import TTFont
from lxml import etree
from measure import Page, TextLine

NS = "http://www.ofdspec.org/2016"
Q = f"{{{NS}}}"
PT_PER_MM = 72 / 25.4


@dataclass
class Rule:
    x0: float
    y0: float
    x1: float
    y1: float
    width: float
    color: str


@dataclass
class Placed:
    """An image: its box on the page and its resource's bytes."""

    left: float
    top: float
    width: float
    height: float
    data: bytes


@dataclass
class Glyphs:
    """One TextCode, placed: every character with its origin."""

    text: str
    xs: list[float]
    baseline: float
    size: float
    font: str
    color: str
    hscale: float = 1.0


@dataclass
class OfdPage:
    page: Page
    runs: list[Glyphs] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    images: list[Placed] = field(default_factory=list)
    paths: int = 0


def floats(s: str | None) -> list[float]:
    return [float(v) for v in (s or "").split()]


def expand_delta(s: str | None) -> list[float]:
    """An ST_Array of advances, ``g N v`` repeats expanded."""
    out: list[float] = []
    parts = (s or "").split()
    i = 0
    while i < len(parts):
        if parts[i] == "g":
            out += [float(parts[i + 2])] * int(parts[i + 1])
            i += 3
        else:
            out.append(float(parts[i]))
            i += 1
    return out


class OfdFile:
    def __init__(self, path: Path | bytes) -> None:
        data = path if isinstance(path, bytes) else Path(path).read_bytes()
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.names = self.zip.namelist()
        self.entry = self.xml("OFD.xml")
        root = self.entry.find(f"{Q}DocBody/{Q}DocRoot").text
        self.doc_path = PurePosixPath(root)
        self.document = self.xml(root)
        self.base = self.doc_path.parent
        common = self.document.find(f"{Q}CommonData")
        self.fonts: dict[str, TTFont | None] = {}
        self.media: dict[str, bytes] = {}
        for tag in ("PublicRes", "DocumentRes"):
            for loc in common.findall(f"{Q}{tag}"):
                res = self.xml(str(self.base / loc.text))
                folder = self.base / res.get("BaseLoc", "")
                for font in res.iter(f"{Q}Font"):
                    file = font.find(f"{Q}FontFile")
                    self.fonts[font.get("ID")] = (
                        TTFont(io.BytesIO(self.zip.read(str(folder / file.text))))
                        if file is not None
                        else None
                    )
                for media in res.iter(f"{Q}MultiMedia"):
                    self.media[media.get("ID")] = self.zip.read(
                        str(folder / media.find(f"{Q}MediaFile").text)
                    )
        self._advances: dict[str, tuple[dict[int, str], dict[str, tuple[int, int]], int]] = {}

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.zip.read(name))

    def page_locs(self) -> list[str]:
        return [str(self.base / p.get("BaseLoc")) for p in self.document.find(f"{Q}Pages")]

    def advance(self, font_id: str, ch: str, size: float) -> float:
        """A character's advance in mm, from the embedded font (as a reader would place the next one)."""
        font = self.fonts.get(font_id)
        if font is None:
            return size
        if font_id not in self._advances:
            self._advances[font_id] = (font.getBestCmap(), font["hmtx"].metrics, font["head"].unitsPerEm)
        cmap, hmtx, upem = self._advances[font_id]
        glyph = cmap.get(ord(ch))
        return hmtx[glyph][0] / upem * size if glyph else size

    def pages(self) -> list[OfdPage]:
        box = floats(self.document.find(f"{Q}CommonData/{Q}PageArea/{Q}PhysicalBox").text)
        out = []
        for number, loc in enumerate(self.page_locs(), start=1):
            page = OfdPage(Page(number, box[2], box[3], []))
            for obj in self.xml(loc).iter(f"{Q}TextObject", f"{Q}PathObject", f"{Q}ImageObject"):
                bx, by, bw, bh = floats(obj.get("Boundary"))
                tag = etree.QName(obj).localname
                if tag == "TextObject":
                    size = float(obj.get("Size"))
                    hscale = float(obj.get("HScale", "1"))
                    fill = obj.find(f"{Q}FillColor")
                    for code in obj.findall(f"{Q}TextCode"):
                        x = bx + float(code.get("X"))
                        xs = [x]
                        for d in expand_delta(code.get("DeltaX")):
                            x += d
                            xs.append(x)
                        page.runs.append(
                            Glyphs(
                                code.text or "",
                                xs,
                                by + float(code.get("Y")),
                                size,
                                obj.get("Font"),
                                fill.get("Value") if fill is not None else "0 0 0",
                                hscale,
                            )
                        )
                        last = (code.text or " ")[-1]
                        x1 = xs[-1] + self.advance(obj.get("Font"), last, size) * hscale
                        baseline = by + float(code.get("Y"))
                        page.page.lines.append(
                            TextLine(
                                page=number,
                                top=baseline - size * 0.88,
                                bottom=baseline + size * 0.12,
                                baseline=baseline,
                                x0=xs[0],
                                x1=x1,
                                text=code.text or "",
                                sizes=(round(size * PT_PER_MM, 1),),
                            )
                        )
                elif tag == "PathObject":
                    page.paths += 1
                    data = obj.find(f"{Q}AbbreviatedData").text.split()
                    if len(data) == 6 and data[0] == "M" and data[3] == "L":
                        stroke = obj.find(f"{Q}StrokeColor")
                        page.rules.append(
                            Rule(
                                bx + float(data[1]),
                                by + float(data[2]),
                                bx + float(data[4]),
                                by + float(data[5]),
                                float(obj.get("LineWidth", "0.353")),
                                stroke.get("Value") if stroke is not None else "0 0 0",
                            )
                        )
                else:
                    page.images.append(Placed(bx, by, bw, bh, self.media[obj.get("ResourceID")]))
            out.append(page)
        return out
