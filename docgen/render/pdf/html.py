"""Document → HTML element tree. Built as a tree, never by string concatenation: escaping is by
construction, whatever the data contains.

Each body line is laid out here (typeset.linebreak) and emitted as its own block with its own tracking,
because WeasyPrint cannot justify Chinese text.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ... import standard as std
from ...model import Attendance, Block, Cell, Document, Heading, Paragraph, Role, Table
from ...render.options import RenderOptions
from ...typeset.cellbreak import LaidCell, layout_table
from ...typeset.colophon import ColophonLayout
from ...typeset.fonts import FontSet
from ...typeset.linebreak import Line, Run, break_lines
from ...typeset.plan import ColophonPlacement, Squeeze
from ...typeset.title import title_lines
from ..dispatch import BlockDispatch
from . import attachments, attendance, masthead, note
from .colophon import add_colophon
from .css import ROLE_CLASS
from .elements import el as _el
from .signoff import add_signoff

# one-line cells of a row share a line of text (HtmlBuilder._share_runs); False sets each on its own
SHARE_RUNS = True


class HtmlBuilder(BlockDispatch):
    """Visitor over the Document's blocks, dispatched as in the DOCX (render/dispatch.py); a block type
    without a ``visit_`` method is a defect."""

    RENDERER = "PDF"

    def __init__(
        self,
        fonts: FontSet,
        pads: dict[str, float] | None = None,
        colophon: tuple[ColophonLayout, ColophonPlacement] | None = None,
    ) -> None:
        self.fonts = fonts
        self.colophon = colophon  # the 版记 and where the PagePlan put it; None in the body-only pass
        self.squeeze: Squeeze | None = None  # A8.9: lines from squeeze.line on are squeeze.pitch apart
        self._line_no = 0
        self.line_blocks: dict[int, int] = {}  # body line number → index of its block in doc.body
        self._block = -1
        # Space after each element that is not a whole number of grid lines tall (tables), found by the
        # previous layout pass, that brings the following text back onto the grid.
        self.pads = pads or {}
        self._snaps = 0
        self._widths: dict[tuple[str, str], float] = {}

    def snap(self, parent: ET.Element) -> str:
        """Mark the element just added as off-grid and add its pad; returns the id the layout pass measures."""
        self._snaps += 1
        sid = f"snap-{self._snaps}"
        pad = self.pads.get(sid, 0.0)
        _el(parent, "div", "pad", id=f"pad-{self._snaps}", style=f"height: {pad:.3f}pt")
        return sid

    def measure(self, text: str, style: str) -> float:
        key = (text, style)
        width = self._widths.get(key)
        if width is None:  # most atoms are single characters that recur: measure each once per document
            width = self._widths[key] = self.fonts.width(Role(style), text, std.BODY_SIZE.pt)
        return width

    def build(self, doc: Document, options: RenderOptions) -> ET.Element:
        root = ET.Element("html", {"lang": doc.meta.lang})
        head = _el(root, "head")
        _el(head, "meta", charset="utf-8")
        _el(head, "title", text=doc.meta.title)
        _el(head, "meta", name="author", content=doc.meta.author)
        if doc.meta.keywords:
            _el(head, "meta", name="keywords", content=", ".join(doc.meta.keywords))
        if doc.meta.subject:
            _el(head, "meta", name="description", content=doc.meta.subject)
        _el(head, "meta", name="generator", content="docgen")
        if options.marked:
            from .draft import draft_css

            _el(head, "style", text=draft_css(self.fonts))
        if options.timestamp is not None:
            stamp = options.timestamp.isoformat()
            _el(head, "meta", name="dcterms.created", content=stamp)
            _el(head, "meta", name="dcterms.modified", content=stamp)
        body = _el(root, "body")
        if masthead.add_masthead(self, root, body, doc):  # 版头 (render/pdf/masthead.py)
            self.title(body, doc)
        if doc.addressee:
            self.lines(body, "addressee", [Run(doc.addressee, Role.FANGSONG)], indent=False)
        for i, block in enumerate(doc.body):
            self._block = i
            self.visit(body, block)
        self._block = len(doc.body)
        attachments.add_attachment_notes(self, body, doc)
        if doc.signoff is not None:
            self.signoff(body, doc)
        note.add_note(self, body, doc)
        attachments.add_attachments(self, body, doc)
        # 附注 and 附件 go here, before the 版记 (the 版记 stays the last thing of the body)
        if self.colophon is not None and self.colophon[1] is not ColophonPlacement.NONE:
            add_colophon(body, *self.colophon, self.fonts)
        return root

    def visit(self, parent: ET.Element, block: Block) -> None:
        self.handler(block)(parent, block)

    # --- blocks -----------------------------------------------------------------------------------------
    def title(self, body: ET.Element, doc: Document) -> None:
        box = _el(body, "h1", "title")
        for line in title_lines(doc.title, self.fonts):
            _el(_el(box, "span", "ln"), "span", ROLE_CLASS[Role.XIAOBIAOSONG], text=line)
        _el(body, "div", "blank")

    def visit_attendance(self, parent: ET.Element, a: Attendance) -> None:
        attendance.add_attendance(self, parent, a)

    def visit_heading(self, parent: ET.Element, h: Heading) -> None:
        self.lines(parent, f"heading h{h.level}", [Run(h.text, std.HEADING_ROLE[h.level])])

    def visit_paragraph(self, parent: ET.Element, p: Paragraph) -> None:
        runs = []
        if p.lead:
            runs.append(Run(p.lead, std.lead_role(p.lead_level)))
        if p.text:
            runs.append(Run(p.text, Role.FANGSONG))
        self.lines(parent, "p", runs)

    def visit_table(self, parent: ET.Element, t: Table) -> None:
        """A table whose rows are each a whole number of grid lines tall, so the text after it stays on the
        grid; the layout pass pads whatever the estimate of a cell's height got wrong. Each cell's lines,
        the type size and the row heights come from typeset.cellbreak, shared with the DOCX; the lines
        are set as broken there (``white-space: pre``)."""
        layout = layout_table(t, self.fonts)
        table = _el(parent, "table", ROLE_CLASS[Role.FANGSONG])
        table.set("id", self.snap(parent))
        if layout.size != std.TABLE_SIZE:
            table.set("style", f"font-size: {layout.size.pt:.3f}pt; line-height: {layout.line.pt:.3f}pt")
        colgroup = _el(table, "colgroup")
        total = sum(t.widths)
        for w in t.widths:  # as the CSS states them
            _el(colgroup, "col", style=f"width: {round(std.TEXT_WIDTH.pt * w / total, 3):.3f}pt")
        head = _el(table, "thead") if t.header_rows else None
        tbody = _el(table, "tbody")
        heights = [h.pt for h in layout.heights]
        rows: list[list[LaidCell]] = [[] for _ in t.rows]
        for laid in layout.cells:
            rows[laid.row].append(laid)
        for i, cells in enumerate(rows):
            tr = _el(head if head is not None and i < t.header_rows else tbody, "tr")
            placed = []
            for laid in cells:
                cell = laid.cell
                attrs = {}
                if cell.colspan > 1:
                    attrs["colspan"] = str(cell.colspan)
                if cell.rowspan > 1:
                    attrs["rowspan"] = str(cell.rowspan)
                td = _el(tr, "th" if cell.header else "td", f"al-{cell.align}", **attrs)
                text = "\n".join(laid.lines)
                if cell.rowspan > 1 and i >= t.header_rows:  # (its rows are tall enough: cellbreak)
                    # A label spanning body rows adds no height of its own: when a page break splits its
                    # rows, WeasyPrint would otherwise grow the page's last row to hold it again, and the
                    # text after the table would leave the grid. Set at the top of its rows (a centred
                    # label would be centred on rows that may lie on the next page).
                    td.set("class", td.get("class", "") + " span-top")
                    _el(td, "div", "span-label", text=text)
                else:
                    td.text = text
                placed.append(_Placed(td, cell, laid.col, laid.width, laid.text_width, len(laid.lines) == 1))
            if SHARE_RUNS:
                self._share_runs(placed, layout.size.pt)
            keep = "; break-after: avoid" if i in t.keep_with_next else ""
            tr.set("style", f"height: {heights[i]:.3f}pt{keep}")

    def _share_runs(self, placed: list[_Placed], size: float) -> None:
        """Set a run of like one-line cells as one line of text in the run's first cell.

        Each cell's text costs WeasyPrint a Pango layout, a line box and a text drawing (~0.45 ms); the
        annual report's tables are mostly rows of one-digit numbers. Where neighbouring columns are equally
        wide and their centred texts equally long, the texts joined by spaces, the first indented to its
        centre and each space widened to the column pitch, land exactly where the separate cells would
        put them (within 0.02 pt a cell: WeasyPrint rounds each glyph's adjustment to 1/1000 em) and
        stay separate words for text extraction. The other cells of the run are left empty.
        """
        runs: list[list[_Placed]] = [[]]
        for p in placed:
            if not (p.nowrap and p.cell.align == "center" and _run_text(p.cell.text)
                    and p.cell.colspan == 1 and p.cell.rowspan == 1):  # fmt: skip
                runs.append([])
                continue
            prev = runs[-1][-1] if runs[-1] else None
            if (prev is not None and p.col == prev.col + 1 and p.td.tag == prev.td.tag
                    and p.width == prev.width and p.text_width == prev.text_width):  # fmt: skip
                runs[-1].append(p)
            else:
                runs.append([p])
        space = self.fonts.width(Role.FANGSONG, " ", size)
        for run in (r for r in runs if len(r) > 1):
            first = run[0]
            text_width = first.text_width
            first.td.text = " ".join(p.cell.text for p in run)
            first.td.set("class", "al-left")
            first.td.set(
                "style",
                f"text-indent: {(_cell_room(first.width) - text_width) / 2:.4f}pt; "
                f"word-spacing: {first.width - text_width - space:.4f}pt",
            )
            for p in run[1:]:
                p.td.text = None

    def signoff(self, body: ET.Element, doc: Document) -> None:
        """落款, §7.3.5, every case (render/pdf/signoff.py)."""
        add_signoff(body, doc, self.fonts, self.squeeze.pitch if self.squeeze else None)

    # --- lines ------------------------------------------------------------------------------------------
    def lines(self, parent: ET.Element, cls: str, runs: list[Run], indent: bool = True) -> None:
        box = _el(parent, "p", cls)
        laid = break_lines(
            runs,
            self.measure,
            std.TEXT_WIDTH.pt,
            std.BODY_TRACKING.pt,
            first_indent=std.FIRST_LINE_INDENT.pt if indent else 0.0,
        )
        for line in laid:
            self.line(box, line)

    def line(self, parent: ET.Element, line: Line) -> None:
        style = f"letter-spacing: {line.tracking:.4f}pt"
        if line.indent:
            style += f"; margin-left: {line.indent:.3f}pt"
        self._line_no += 1
        self.line_blocks[self._line_no] = self._block
        if self.squeeze is not None and self._line_no >= self.squeeze.line:
            style += f"; height: {self.squeeze.pitch:.3f}pt; line-height: {self.squeeze.pitch:.3f}pt"
        span = _el(parent, "span", "ln", style=style, **{"data-n": str(self._line_no)})
        if len(line.runs) == 1 and line.runs[0].style == Role.FANGSONG:
            span.text = line.runs[0].text
            return
        for run in line.runs:
            _el(span, "span", ROLE_CLASS[Role(run.style)], text=run.text)


@dataclass(frozen=True, slots=True)
class _Placed:
    """A table cell as written: its element, its data, its first column, its width and its text's width
    (points), and whether it is one line."""

    td: ET.Element
    cell: Cell
    col: int
    width: float
    text_width: float
    nowrap: bool


def _run_text(text: str) -> bool:
    """Text a shared run can carry: printable ASCII without spaces (numbers, mostly). A space inside it would
    be widened with the others; ASCII is in every body face, so no fallback face changes its width."""
    return bool(text) and text.isascii() and text.isprintable() and " " not in text


def _cell_room(width: float) -> float:
    """The width a table cell's text has: the column(s) less the cell margins, as in the DOCX (the CSS
    side padding gives back the half rule each collapsed border takes from the cell)."""
    return width - 2 * std.TABLE_CELL_PAD.pt


def build_tree(
    doc: Document,
    fonts: FontSet,
    options: RenderOptions,
    pads: dict[str, float] | None = None,
    colophon: tuple[ColophonLayout, ColophonPlacement] | None = None,
    squeeze: Squeeze | None = None,
) -> ET.Element:
    """The document's HTML tree, handed to WeasyPrint as a tree (no serialising and re-parsing)."""
    builder = HtmlBuilder(fonts, pads, colophon)
    builder.squeeze = squeeze
    root = builder.build(doc, options)
    hoist_styles(root)
    return root


def hoist_styles(root: ET.Element) -> None:
    """Turn every ``style`` attribute into a class with one rule in the head.

    WeasyPrint parses and cascades each style attribute on its own, which cost a quarter of the layout
    time; a document's few hundred lines share a few dozen distinct styles (most full lines have the same
    tracking). ``!important`` keeps the precedence an inline style had over the stylesheet's rules.
    """
    classes: dict[str, str] = {}
    for e in root.iter():
        style = e.get("style")
        if style is None or any(c in style for c in "()\"'"):
            continue  # a value that could hold a ";" (a URL, a string) stays where it is
        del e.attrib["style"]
        name = classes.setdefault(style, f"s{len(classes)}")
        e.set("class", f"{e.get('class', '')} {name}".strip())
    if classes:
        rules = (
            f".{name} {{ {'; '.join(d.strip() + ' !important' for d in style.split(';') if d.strip())} }}"
            for style, name in classes.items()
        )
        head = root.find("head")
        assert head is not None
        _el(head, "style", text="\n".join(rules))


def to_html(root: ET.Element) -> str:
    """The tree serialised (for plain WeasyPrint, tests and debugging; the pinned one is given the tree)."""
    return "<!DOCTYPE html>\n" + ET.tostring(root, encoding="unicode", method="html")
