"""Where docgen keeps what it can compute again: the user's cache folder (XDG), never the project's."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import OutputError
from .output import write_all


def cache_dir(*parts: str) -> Path:
    """``$XDG_CACHE_HOME/docgen/…`` (``~/.cache/docgen/…``); not created here (a read-only home only
    costs the cache, so callers create it when they write and carry on when they cannot)."""
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(home, "docgen", *parts)


def keep(path: Path, data: bytes) -> None:
    """Write a cache file atomically (a parallel worker reads the old file or the new one); a cache that
    cannot be written (a read-only home) is not an error: the value is computed again next time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_all({path: data})
    except (OSError, OutputError):
        pass
