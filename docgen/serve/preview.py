"""Page images of the rendered PDF, for the preview beside the form.

The render runs in a worker thread (Starlette's thread pool) behind one lock — WeasyPrint renders one
document at a time here, and a newer request simply waits for the older one; the page drops answers to
requests it has since superseded and marks the preview out of date meanwhile. ``pdftoppm`` (poppler) turns
the PDF into PNGs.
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path

from ..errors import DocgenError
from ..messages import Text

RESOLUTION = 60  # pixels per inch: an A4 page some 500 px wide, legible beside the form
KEEP = 6  # previews kept for the page to fetch their images

_lock = threading.Lock()
_store: OrderedDict[str, list[bytes]] = OrderedDict()


class PreviewError(DocgenError):
    """The PDF could not be turned into images (pdftoppm missing or failing)."""


def pages(pdf: bytes) -> list[bytes]:
    """The PDF's pages as PNG images."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise PreviewError.of("serve.preview.no_pdftoppm")
    with tempfile.TemporaryDirectory(prefix="docgen-preview-") as tmp:
        src = Path(tmp) / "doc.pdf"
        src.write_bytes(pdf)
        done = subprocess.run(
            [tool, "-png", "-r", str(RESOLUTION), str(src), str(Path(tmp) / "page")],
            capture_output=True,
            timeout=120,
        )
        if done.returncode != 0:
            stderr = done.stderr.decode("utf-8", "replace")[:300]
            raise PreviewError.of("serve.preview.failed", details=[Text(stderr, stderr)])
        return [p.read_bytes() for p in sorted(Path(tmp).glob("page-*.png"), key=_page_no)]


def _page_no(p: Path) -> int:
    return int(p.stem.rsplit("-", 1)[-1])


def keep(images: list[bytes]) -> str:
    """Store a preview's images; returns the id its image URLs carry."""
    rid = secrets.token_urlsafe(12)
    with _lock:
        _store[rid] = images
        while len(_store) > KEEP:
            _store.popitem(last=False)
    return rid


def image(rid: str, page: int) -> bytes | None:
    with _lock:
        found = _store.get(rid)
    if found is None or not 0 <= page < len(found):
        return None
    return found[page]


render_lock = threading.Lock()
