"""Measuring produced PDFs (docgen's own and LibreOffice's rendering of the DOCX) in the standard's units."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

PT_PER_MM = 72 / 25.4
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’—…·《》]")
PURE_CJK_LINE = re.compile(r"^[\u3000-\u303f\u3400-\u9fff\uff01-\uff5e“”‘’《》、。]+$")


def mm(points: float) -> float:
    return points / PT_PER_MM


@dataclass
class TextLine:
    page: int
    top: float  # mm from the paper top (glyph box top)
    bottom: float  # mm
    baseline: float  # mm from the paper top, from the text matrix
    x0: float  # mm from the paper's left edge
    x1: float
    text: str
    sizes: tuple[float, ...]

    @property
    def size(self) -> float:
        return max(self.sizes)


@dataclass
class Page:
    number: int
    width: float  # mm
    height: float
    lines: list[TextLine]


def read_pdf(path: Path) -> list[Page]:
    pages = []
    with pdfplumber.open(path) as pdf:
        for i, page in enumerate(pdf.pages, 1):
            rows: dict[float, list[dict]] = {}
            for ch in page.chars:
                if not ch["text"].strip() and ch["text"] not in (" ", "\xa0", "\u3000"):
                    continue
                key = round(ch["bottom"] * 2) / 2
                # merge with an existing row within 1.5 pt (mixed fonts shift the box bottom a little)
                for k in rows:
                    if abs(k - key) <= 1.5:
                        key = k
                        break
                rows.setdefault(key, []).append(ch)
            lines = []
            for chars in sorted(rows.values(), key=lambda cs: cs[0]["bottom"]):
                chars.sort(key=lambda c: c["x0"])
                while chars and not chars[-1]["text"].strip():
                    chars.pop()
                while chars and not chars[0]["text"].strip():
                    chars.pop(0)
                if not chars:
                    continue
                lines.append(
                    TextLine(
                        page=i,
                        top=mm(min(c["top"] for c in chars)),
                        bottom=mm(max(c["bottom"] for c in chars)),
                        baseline=mm(float(page.height) - chars[0]["matrix"][5]),
                        x0=mm(chars[0]["x0"]),
                        x1=mm(chars[-1]["x1"]),
                        text="".join(c["text"] for c in chars),
                        sizes=tuple(sorted({round(c["size"], 1) for c in chars})),
                    )
                )
            pages.append(Page(i, mm(float(page.width)), mm(float(page.height)), lines))
    return pages


def body_lines(page: Page, text_bottom_mm: float = 262.0) -> list[TextLine]:
    """Lines inside the 版心 (the page number below it excluded)."""
    return [ln for ln in page.lines if ln.bottom <= text_bottom_mm + 1]


def folio_lines(page: Page, text_bottom_mm: float = 262.0) -> list[TextLine]:
    return [ln for ln in page.lines if ln.top > text_bottom_mm + 1]


def pdf_fonts(path: Path) -> list[tuple[str, bool]]:
    """(base font name, embedded?) of every font the PDF uses."""
    from pdfminer.pdftypes import resolve1

    out = []
    with pdfplumber.open(path) as pdf:
        seen = set()
        for page in pdf.pages:
            resources = resolve1(page.page_obj.resources) or {}
            for ref in (resolve1(resources.get("Font")) or {}).values():
                font = resolve1(ref)
                name = str(font.get("BaseFont"))
                if name in seen:
                    continue
                seen.add(name)
                desc = resolve1(font.get("FontDescriptor"))
                if desc is None and "DescendantFonts" in font:
                    desc = resolve1(resolve1(resolve1(font["DescendantFonts"])[0]).get("FontDescriptor"))
                embedded = bool(desc) and any(k in desc for k in ("FontFile", "FontFile2", "FontFile3"))
                out.append((name, embedded))
    return out


def dash_stroke_mm(png: Path, dpi: int, region_top_mm: float, region_bottom_mm: float) -> list[float]:
    """Vertical centres (mm) of thin horizontal ink strokes in a band of a rendered page: the 一字线."""
    from PIL import Image

    img = Image.open(png).convert("L")
    px_per_mm = dpi / 25.4
    y0, y1 = int(region_top_mm * px_per_mm), int(region_bottom_mm * px_per_mm)
    rows = []
    for y in range(y0, min(y1, img.height)):
        dark = sum(1 for x in range(img.width) if img.getpixel((x, y)) < 128)
        rows.append((y, dark))
    if not rows:
        return []
    peak = max(d for _, d in rows)
    if peak == 0:
        return []
    strong = [y for y, d in rows if d >= 0.6 * peak]
    groups: list[list[int]] = []
    for y in strong:
        if groups and y - groups[-1][-1] <= 1:
            groups[-1].append(y)
        else:
            groups.append([y])
    return [(sum(g) / len(g) + 0.5) / px_per_mm for g in groups]


def page_image(pdf: Path, page: int, dpi: int, mode: str = "RGB"):
    """One page of a PDF rendered by poppler at ``dpi`` (``mode`` "RGB" or "L"), for pixel measurement."""
    import subprocess
    import tempfile

    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "page"
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                str(dpi),
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                str(pdf),
                str(out),
            ],
            check=True,
        )
        with Image.open(out.with_suffix(".png")) as img:
            return img.convert(mode)


def table_cell_lines(path: Path) -> list[tuple[int, tuple[float, float, float, float], list[str]]]:
    """Every table cell's text as printed, line by line: (page, cell box in points, lines).

    Cells are the boxes pdfplumber finds between the rules; a cell spanning rows down to a page break has no
    rule there, so its characters are grouped by the column strip they stand in. A cell's characters make
    one line where their tops are within 2 pt."""
    from itertools import pairwise

    found = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            for table in page.find_tables():
                x0, top, x1, bottom = table.bbox
                xs = sorted({c[0] for c in table.cells} | {c[2] for c in table.cells})
                groups: dict[tuple[float, float, float, float], list[dict]] = {}
                for ch in page.chars:
                    cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
                    if not ch["text"].strip() or not (x0 <= cx <= x1 and top <= cy <= bottom):
                        continue
                    box = next((b for b in table.cells if b[0] <= cx <= b[2] and b[1] <= cy <= b[3]), None)
                    if box is None:  # open at the page break: the column strip down to the table's bottom
                        a, b = next((a, b) for a, b in pairwise(xs) if a <= cx <= b)
                        box = (a, top, b, bottom)
                    groups.setdefault(box, []).append(ch)
                for box, chars in groups.items():
                    rows: list[list[dict]] = []
                    for ch in sorted(chars, key=lambda c: (c["top"], c["x0"])):
                        if rows and abs(rows[-1][0]["top"] - ch["top"]) < 2:
                            rows[-1].append(ch)
                        else:
                            rows.append([ch])
                    lines = ["".join(c["text"] for c in sorted(r, key=lambda c: c["x0"])) for r in rows]
                    found.append((number, box, lines))
    return found
