"""Shared fixtures: the seed report rendered once per test session."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

SEED_TEXT = Path(__file__).resolve().parent / "data" / "seed-changde-2017.txt"  # copy of shared/seeds/000_…
SEED_DATA = ROOT / "inputs" / "changde-2017.yaml"
FIXED_TIME = dt.datetime(2018, 3, 16, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="session")
def seed_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from docgen import api
    from docgen.render.options import RenderOptions

    out = tmp_path_factory.mktemp("seed")
    result = api.render(SEED_DATA, out, options=RenderOptions(timestamp=FIXED_TIME))
    return {p.suffix[1:]: p for p in result.outputs}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: Path, outdir: Path) -> Path:
    """LibreOffice's rendering of a DOCX, as a PDF to measure."""
    exe = soffice()
    if exe is None:
        pytest.skip("LibreOffice is not installed (scripts/setup.sh installs it)")
    profile = outdir / "lo-profile"
    subprocess.run(
        [
            exe,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return outdir / (docx.stem + ".pdf")
