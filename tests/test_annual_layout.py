"""The annual report as printed: measured on docgen's PDF and on LibreOffice's rendering of the DOCX.

Tables inside the 156 mm text block, header rows repeated on continuation pages, every official label in
the text, DOCX column widths and merged headers surviving LibreOffice, the draft mark on every page.
"""

from __future__ import annotations

from itertools import accumulate, pairwise
from pathlib import Path

import pdfplumber
import pytest
from conftest import FIXED_TIME, ROOT, docx_to_pdf
from measure import body_lines, mm, read_pdf

from docgen import api
from docgen import standard as std
from docgen.kinds.annual_report.labels import (
    SECTIONS,
    T2_BLOCKS,
    T3_APPLICANT_HEADER,
    T3_COLUMNS,
    T3_NOTE,
    T3_ORG_HEADER,
    T3_ROWS,
    T3_WIDTHS,
    T4_COLUMNS,
    T4_GROUPS,
    T4_LITIGATION_HEADER,
)
from docgen.render.options import RenderOptions

EXAMPLE_2021 = ROOT / "inputs" / "annual-2024-example.yaml"
EXAMPLE_2019 = ROOT / "inputs" / "annual-2020-example.yaml"
LEFT, RIGHT = std.MARGIN_LEFT.mm, (std.MARGIN_LEFT + std.TEXT_WIDTH).mm


def _render(data: Path, out: Path, draft: bool = False) -> dict[str, Path]:
    result = api.render(data, out, options=RenderOptions(timestamp=FIXED_TIME, draft=draft))
    return {p.suffix[1:]: p for p in result.outputs}


@pytest.fixture(scope="module")
def out2021(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _render(EXAMPLE_2021, tmp_path_factory.mktemp("annual2021"))


@pytest.fixture(scope="module")
def out2019(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _render(EXAMPLE_2019, tmp_path_factory.mktemp("annual2019"))


@pytest.fixture(scope="module")
def lo2021(out2021: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    return docx_to_pdf(out2021["docx"], tmp_path_factory.mktemp("annual2021-lo"))


def tables(pdf_path: Path) -> list[tuple[int, list[tuple[tuple[float, ...], str]]]]:
    """Every table found on every page: (page, [(cell bbox in mm, cell text without line breaks)])."""
    found = []
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            for t in page.find_tables():
                cells = []
                for row, texts in zip(t.rows, t.extract(), strict=True):
                    for bbox, text in zip(row.cells, texts, strict=True):
                        if bbox is not None:
                            cells.append((tuple(mm(v) for v in bbox), "".join((text or "").split())))
                found.append((number, cells))
    return found


def official_labels(version: str) -> set[str]:
    labels = {T3_NOTE, T3_APPLICANT_HEADER, T3_ORG_HEADER, T4_LITIGATION_HEADER}
    labels |= {c.label for c in T3_COLUMNS} | {c.label for c in T4_COLUMNS} | {g.label for g in T4_GROUPS}
    labels |= {r.label for r in T3_ROWS[version]}
    for b in T2_BLOCKS[version]:
        labels |= {b.caption, b.label_header} | {c.label for c in b.columns} | {r.label for r in b.rows}
    return labels


def _texts(pdf_path: Path) -> set[str]:
    return {text for _, cells in tables(pdf_path) for _, text in cells}


def _column_texts(pdf_path: Path) -> list[str]:
    """The text of each column strip of each table, read top to bottom: a cell spanning rows down to a page
    break has no bottom rule there, so it is not a cell to pdfplumber, but its text is in its strip."""
    strips = []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            for t in page.find_tables():
                xs = sorted({c[0] for c in t.cells} | {c[2] for c in t.cells})
                for x0, x1 in pairwise(xs):
                    chars = [
                        c
                        for c in page.chars
                        if x0 <= c["x0"] and c["x1"] <= x1 + 0.5 and t.bbox[1] <= c["top"]
                    ]
                    chars.sort(key=lambda c: (round(c["top"]), c["x0"]))
                    strips.append("".join(c["text"] for c in chars if c["text"].strip()))
    return strips


@pytest.mark.parametrize("version", ["2021", "2019"])
def test_every_official_label_in_the_pdf(version: str, out2021, out2019) -> None:
    pdf = (out2021 if version == "2021" else out2019)["pdf"]
    texts = _texts(pdf)
    missing = official_labels(version) - texts
    strips = _column_texts(pdf)
    missing = {label for label in missing if not any(label in s for s in strips)}
    assert not missing, missing
    lines = {ln.text for p in read_pdf(pdf) for ln in p.lines}
    for s in SECTIONS:  # the six part headings, each on a line of its own
        assert s.heading in lines, s.heading


def test_tables_inside_the_text_block(out2021) -> None:
    found = tables(out2021["pdf"])
    assert len(found) >= 4
    for page, cells in found:
        for (x0, top, x1, bottom), _ in cells:
            assert x0 >= LEFT - 0.3 and x1 <= RIGHT + 0.3, (page, x0, x1)
            assert top >= std.MARGIN_TOP.mm - 0.3 and bottom <= std.TEXT_BOTTOM.mm + 0.3, (page, top, bottom)
        assert min(c[0][0] for c in cells) == pytest.approx(LEFT, abs=0.3)
        assert max(c[0][2] for c in cells) == pytest.approx(RIGHT, abs=0.3)


def _t3_pages(pdf: Path) -> list[tuple[int, list[tuple[tuple[float, ...], str]]]]:
    """The pieces of 表三, found by its row labels (not by its header, which is what is tested)."""
    rows = {r.label for r in T3_ROWS["2021"] if r.data}
    return [(p, cells) for p, cells in tables(pdf) if any(text in rows for _, text in cells)]


@pytest.mark.parametrize("which", ["pdf", "docx"])
def test_t3_header_rows_repeat_on_continuation_pages(which: str, out2021, lo2021) -> None:
    pdf = out2021["pdf"] if which == "pdf" else lo2021
    pages = _t3_pages(pdf)
    assert len(pages) >= 2, "the example's 表三 should cross a page"
    for page, cells in pages:
        texts = [t for _, t in cells]
        assert T3_NOTE in texts and T3_APPLICANT_HEADER in texts and "社会公益组织" in texts, page
        # the header is the table's first row on every page
        note = next(b for b, t in cells if t == T3_NOTE)
        assert note[1] == pytest.approx(min(b[1] for b, _ in cells), abs=0.5), page


def test_docx_keeps_column_widths_and_merged_headers(lo2021, out2021) -> None:
    """LibreOffice's rendering of the DOCX: 表三's column boundaries where the widths put them, the merged
    headers (勾稽关系 note over three label columns and three rows, 申请人情况 over seven columns)."""
    expected = [LEFT + w * std.TEXT_WIDTH.mm / sum(T3_WIDTHS) for w in accumulate((0, *T3_WIDTHS))]
    for pdf in (lo2021, out2021["pdf"]):
        _page, cells = _t3_pages(pdf)[0]
        xs = sorted({round(b[0], 1) for b, _ in cells} | {round(b[2], 1) for b, _ in cells})
        assert len(xs) == len(expected), (pdf, xs)
        for got, want in zip(xs, expected, strict=True):
            assert got == pytest.approx(want, abs=0.4), (pdf, xs)
        note = next(b for b, t in cells if t == T3_NOTE)
        assert note[2] - note[0] == pytest.approx(sum(T3_WIDTHS[:3]), abs=0.5)
        applicants = next(b for b, t in cells if t == T3_APPLICANT_HEADER)
        assert applicants[2] - applicants[0] == pytest.approx(sum(T3_WIDTHS[3:]), abs=0.5)
        natural = next(b for b, t in cells if t == "自然人")
        assert note[3] == pytest.approx(natural[3], abs=0.5)  # both end at the bottom of the header
        org = next(b for b, t in cells if t == T3_ORG_HEADER)
        assert org[2] - org[0] == pytest.approx(sum(T3_WIDTHS[4:9]), abs=0.5)


def test_cells_wrap_alike_in_both_renderings(lo2021, out2021) -> None:
    """A cell's text has the same width in the PDF as in the DOCX (cell margins less nothing): 表三's header,
    whose organisation columns hold two characters a line, is as tall in both."""
    heights = []
    for pdf in (lo2021, out2021["pdf"]):
        _page, cells = _t3_pages(pdf)[0]
        note = next(b for b, t in cells if t == T3_NOTE)
        heights.append(note[3] - note[1])
    assert heights[1] == pytest.approx(heights[0], abs=1.0), heights


def test_docx_tables_inside_the_text_block(lo2021) -> None:
    for page, cells in tables(lo2021):
        assert min(c[0][0] for c in cells) == pytest.approx(LEFT, abs=0.4), page
        assert max(c[0][2] for c in cells) == pytest.approx(RIGHT, abs=0.4), page


@pytest.fixture(scope="module")
def draft(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("annual-draft")
    outputs = _render(ROOT / "inputs" / "annual-2024-errors.yaml", out, draft=True)
    outputs["lo"] = docx_to_pdf(outputs["docx"], out / "lo")
    return outputs


def _marks(pdf: Path) -> list[list[float]]:
    """Per page, the tops (mm) of lines reading 草稿 (with or without the spacing between the two)."""
    return [[ln.top for ln in p.lines if "".join(ln.text.split()) == "草稿"] for p in read_pdf(pdf)]


@pytest.mark.parametrize("which", ["pdf", "lo"])
def test_draft_mark_on_every_page_outside_the_text_block(which: str, draft) -> None:
    marks = _marks(draft[which])
    assert len(marks) >= 2
    for number, tops in enumerate(marks, 1):
        assert len(tops) == 1, (number, tops)
        assert 5 < tops[0] < std.MARGIN_TOP.mm - 5, (number, tops)


def test_draft_mark_leaves_the_body_where_it_was(out2021, lo2021, tmp_path: Path) -> None:
    """The DOCX header holding the mark does not push the body down: page 1's lines, through LibreOffice,
    are where they are without it (and the PDF's, through WeasyPrint)."""
    marked = _render(EXAMPLE_2021, tmp_path, draft=True)
    for plain, drafted in (
        (out2021["pdf"], marked["pdf"]),
        (lo2021, docx_to_pdf(marked["docx"], tmp_path / "lo")),
    ):
        a = [(round(ln.baseline, 1), ln.text) for ln in body_lines(read_pdf(plain)[0])]
        b = [(round(ln.baseline, 1), ln.text) for ln in body_lines(read_pdf(drafted)[0])]
        b = [x for x in b if "".join(x[1].split()) != "草稿"]
        assert a == b
        assert not any(_marks(plain))


def test_shared_runs_place_every_character_as_separate_cells_would(
    monkeypatch: pytest.MonkeyPatch, out2021, tmp_path: Path
) -> None:
    """Runs of like one-line cells are set as one line of text (render/pdf/html.py ``_share_runs``): every
    character stands where it stood with a line of its own in each cell, and such runs exist."""
    from docgen.render.pdf import html

    def chars(pdf_path: Path) -> tuple[list[list[tuple[str, float, float]]], int]:
        with pdfplumber.open(pdf_path) as pdf:
            pages = [sorted((c["text"], round(c["top"], 1), c["x0"]) for c in page.chars if c["text"].strip())
                     for page in pdf.pages]  # fmt: skip
            return pages, sum(c["text"] == " " for page in pdf.pages for c in page.chars)

    monkeypatch.setattr(html, "SHARE_RUNS", False)
    separate, separate_spaces = chars(_render(EXAMPLE_2021, tmp_path)["pdf"])
    shared, shared_spaces = chars(out2021["pdf"])
    assert shared_spaces > separate_spaces + 50  # the runs' spaces
    assert len(shared) == len(separate)
    for page_shared, page_separate in zip(shared, separate, strict=True):
        assert [(t, top) for t, top, _ in page_shared] == [(t, top) for t, top, _ in page_separate]
        worst = max(abs(a[2] - b[2]) for a, b in zip(page_shared, page_separate, strict=True))
        assert worst < 0.15  # points


def test_shared_runs_carry_only_spaceless_ascii() -> None:
    """A space inside a cell's text would be widened with the run's spaces; a CJK text could fall back to a
    face of other widths."""
    from docgen.render.pdf.html import _run_text

    assert _run_text("0") and _run_text("12") and _run_text("3.5%")
    assert not any(_run_text(t) for t in ("", "1 000", "是", "１２", "\t1"))
