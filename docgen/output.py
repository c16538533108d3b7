"""Writing outputs: names made safe, files replaced only when the new ones are complete."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Mapping
from pathlib import Path

from .errors import OutputError
from .source import SourceRef

_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*\x7f]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.I)


def safe_name(name: str, fallback: str = "document") -> str:
    """A file name every system can store: no path separators, no characters Windows refuses,
    no leading dots (hidden files, ``..``), not a reserved device name, at most 120 characters."""
    name = unicodedata.normalize("NFC", name)
    name = _UNSAFE.sub("_", name).strip().strip(".").strip()
    if not name or _RESERVED.match(name):
        name = f"{fallback}_{name}" if name else fallback
    return name[:120]


def ensure_writable(folder: Path) -> Path:
    """Create the output folder if needed and prove it can be written, before any work is done."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".docgen-probe-"):
            pass
    except OSError as e:
        raise OutputError(
            message=f"无法写入输出文件夹：{e.strerror or e}",
            message_en=f"cannot write to the output folder: {e.strerror or e}",
            source=SourceRef(str(folder)),
            hint="请换一个有写入权限的文件夹（--out），或检查磁盘空间",
            hint_en="choose a folder you can write to (--out) or check the free disk space",
        ) from None
    return folder


def write_all(files: Mapping[Path, bytes]) -> list[Path]:
    """Write every file to a temporary name beside its target, then rename them all into place.

    A failure before the renames leaves the old outputs untouched and no temporary files behind.
    """
    temps: dict[Path, Path] = {}
    try:
        for target, data in files.items():
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
            temps[target] = Path(tmp)
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
        for target, tmp in temps.items():
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
    except OSError as e:
        for tmp in temps.values():
            with contextlib.suppress(OSError):
                tmp.unlink()
        raise OutputError(
            message=f"写入输出文件失败：{e.strerror or e}",
            message_en=f"writing the outputs failed: {e.strerror or e}",
            source=SourceRef(str(next(iter(files)))),
            hint="检查磁盘空间和文件夹权限；已有的旧文件未被改动",
            hint_en="check disk space and permissions; existing files were left as they were",
        ) from None
    return list(files)
