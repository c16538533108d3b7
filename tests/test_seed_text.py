"""The PDF says what the seed report says, paragraph for paragraph."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import SEED_TEXT

from docgen.punctuation import FULL

FOLD = str.maketrans(FULL)


def _norm(text: str) -> str:
    return "".join(text.translate(FOLD).split())


def seed_paragraphs() -> list[str]:
    lines = [ln.strip() for ln in SEED_TEXT.read_text(encoding="utf-8").splitlines() if ln.strip()]
    # web-page furniture between the title and the report: date/source line and the font-size widget
    return [lines[0], *lines[3:]]


def pdf_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_pdf_text_equals_seed(seed_outputs: dict[str, Path]) -> None:
    text = pdf_text(seed_outputs["pdf"])
    kept = [ln for ln in text.splitlines() if not ln.strip().startswith("—")]  # page numbers
    pdf = _norm("".join(kept))
    expected = [_norm(p) for p in seed_paragraphs()]
    assert pdf == "".join(expected)
    pos = 0  # and in order, paragraph by paragraph
    for p in expected:
        found = pdf.find(p, pos)
        assert found == pos, p[:20]
        pos = found + len(p)


def test_pdf_uses_full_width_punctuation(seed_outputs: dict[str, Path]) -> None:
    text = pdf_text(seed_outputs["pdf"])
    assert "," not in text and "(" not in text
    assert "mzj0736@163.com" in text  # ASCII kept where it belongs
    assert "0736—7251105" in text
