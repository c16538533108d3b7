"""The only door through which WeasyPrint may load anything.

WeasyPrint merely logs a failed fetch and renders on, so a refused seal image would silently vanish from
the PDF. Refusals here raise ``FatalURLFetchingError``: an untrusted template or data file that names
``file:///etc/passwd`` or a network address stops the run with a clear message instead.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse


class RefusedResource(FatalURLFetchingError):
    """A resource outside docgen's asset roots was requested."""

    def __init__(self, url: str) -> None:
        super().__init__(f"refused to load {url!r}: only docgen's own assets may be loaded")
        self.url = url


class AssetFetcher(URLFetcher):
    """Serves files below the given roots (and ``data:`` URLs); refuses everything else."""

    def __init__(self, roots: Iterable[Path] = (), files: Iterable[Path] = ()) -> None:
        super().__init__(allowed_protocols=("file", "data"))
        self._roots = tuple(Path(r).resolve() for r in roots)
        self._files = frozenset(Path(f).resolve() for f in files)

    def allows(self, path: Path) -> bool:
        p = path.resolve()
        return p in self._files or any(p.is_relative_to(r) for r in self._roots)

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if parts.scheme == "file" and parts.netloc in ("", "localhost"):
            path = Path(unquote(parts.path))
            if self.allows(path) and path.is_file():
                mime, _ = mimetypes.guess_type(path.name)
                return URLFetcherResponse(
                    url, path.read_bytes(), {"Content-Type": mime or "application/octet-stream"}
                )
        raise RefusedResource(url)
