"""Writing outputs: names made safe, files replaced only when the new ones are complete."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
import unicodedata
import uuid
from collections.abc import Mapping
from pathlib import Path

from .errors import OutputError
from .messages import Text, msg
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


_OS_ERRORS_ZH = {
    errno.EACCES: "没有权限",
    errno.EPERM: "操作不被允许（没有权限）",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EROFS: "文件系统是只读的",
    errno.EISDIR: "同名的文件夹已存在",
    errno.ENOTDIR: "路径中有一段是文件，不是文件夹",
    errno.EEXIST: "同名的文件已存在",
    errno.ENOENT: "文件夹不存在",
    errno.ENAMETOOLONG: "文件名过长",
    errno.EBUSY: "文件正被其他程序占用",
    errno.ETXTBSY: "文件正被其他程序占用",
    errno.EMFILE: "打开的文件过多",
    errno.EIO: "磁盘读写错误",
    errno.EXDEV: "不能跨磁盘移动文件",
}


def os_error_zh(e: OSError) -> str:
    """An OS error in Chinese (the system's own text, often English, follows in brackets when unknown)."""
    zh = _OS_ERRORS_ZH.get(e.errno or 0)
    return zh if zh else f"系统错误（{e.strerror or e}）"


def _blocking_file(folder: Path) -> Path | None:
    """The first part of ``folder``'s path that exists as a file (so no folder can be made there)."""
    for part in reversed((folder, *folder.parents)):
        if part.exists() and not part.is_dir():
            return part
    return None


def ensure_writable(folder: Path) -> Path:
    """Create the output folder if needed and prove it can be written, before any work is done."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".docgen-probe-"):
            pass
    except OSError as e:
        blocking = _blocking_file(folder)
        if blocking is not None:
            raise OutputError.of(
                "output.folder.is_file", source=SourceRef(str(folder)), blocking=blocking
            ) from None
        raise OutputError.of(
            "output.folder.unwritable",
            source=SourceRef(str(folder)),
            reason=Text(os_error_zh(e), str(e.strerror or e)),
        ) from None
    return folder


def write_all(files: Mapping[Path, bytes]) -> list[Path]:
    """All or nothing: every file is written to a temporary name beside its target, then each old file is kept
    aside and the new one renamed into place. When any step fails, the new files already in place are taken
    back and the old ones restored, so a PDF never stands next to the DOCX of another run.
    """
    temps: dict[Path, Path] = {}
    kept: dict[Path, Path | None] = {}  # target → its old file set aside (None: there was none)
    failed_at = next(iter(files), Path())
    try:
        for target, data in files.items():
            failed_at = target
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
            temps[target] = Path(tmp)
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o644)
        for target, tmp in temps.items():
            failed_at = target
            kept[target] = _set_aside(target)
            os.replace(tmp, target)
    except OSError as e:
        unrestored = _roll_back(temps, kept)
        raise OutputError.of(
            "output.write_failed",
            source=SourceRef(str(failed_at)),
            hint=(
                msg(
                    "output.write_failed.unrestored", names=Text("、".join(unrestored), ", ".join(unrestored))
                )
                if unrestored
                else msg("output.write_failed.unchanged")
            ),
            name=failed_at.name,
            reason=Text(os_error_zh(e), str(e.strerror or e)),
        ) from None
    for old in kept.values():
        if old is not None:
            with contextlib.suppress(OSError):
                old.unlink()
    return list(files)


def _set_aside(target: Path) -> Path | None:
    """Keep the old file under a temporary name until all new ones are in place. A hard link keeps the old file
    at its name meanwhile; where links are not possible, it is renamed."""
    if not os.path.lexists(target):
        return None
    if target.is_dir() and not target.is_symlink():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
    old = target.with_name(f".{target.name}.{uuid.uuid4().hex[:12]}.docgen-old")
    try:
        os.link(target, old, follow_symlinks=False)
    except OSError:
        os.replace(target, old)
    return old


def _roll_back(temps: dict[Path, Path], kept: dict[Path, Path | None]) -> list[str]:
    """Undo a partial write_all: restore the old files, remove the new ones and the temporary files. Returns
    the names that could not be restored."""
    unrestored: list[str] = []
    for target, old in kept.items():
        try:
            if old is not None:
                os.replace(old, target)
            elif not temps[target].exists():  # the new file was renamed in: there was no old one
                target.unlink(missing_ok=True)
        except OSError:
            unrestored.append(target.name)
    for tmp in temps.values():
        with contextlib.suppress(OSError):
            tmp.unlink()
    return unrestored
