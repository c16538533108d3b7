"""Confining every path the page names to the served folder.

Why here and strict: the page sends file names typed or picked in a browser; a name such as ``../x``, an
absolute path or a symlink leading out of FOLDER must never reach a read or a write. Every route turns the
name it received into a path through ``confine`` and nothing else.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath

from ..errors import InputError
from ..messages import Text, msg

DATA_SUFFIXES = (".yaml", ".yml", ".json", ".xlsx")
SKIPPED_DIRS = {"out", "__pycache__", "node_modules"}
MAX_LISTED = 500


def _refuse(name: str, why: Text) -> InputError:
    return InputError.of("serve.path.refused", name=name, why=why)


def confine(root: Path, name: str, suffixes: tuple[str, ...] = DATA_SUFFIXES) -> Path:
    """``name`` (relative, ``/``-separated) as a path inside ``root``; refuses ``..``, absolute paths, drive
    letters, NUL, other suffixes, and anything that resolves (through symlinks) outside ``root``."""
    if not isinstance(name, str) or not name.strip():
        raise _refuse(str(name), msg("serve.path.empty"))
    if "\x00" in name or "\\" in name:
        raise _refuse(name, msg("serve.path.bad_char"))
    pure = PurePosixPath(name)
    if pure.is_absolute() or PureWindowsPath(name).drive or name.startswith("~"):
        raise _refuse(name, msg("serve.path.absolute"))
    if any(part == ".." for part in pure.parts):
        raise _refuse(name, msg("serve.path.outside"))
    if suffixes and pure.suffix.lower() not in suffixes:
        raise _refuse(name, msg("serve.path.not_data", suffixes="、".join(suffixes)))
    base = root.resolve()
    target = (base / pure).resolve()
    if not target.is_relative_to(base):
        raise _refuse(name, msg("serve.path.symlink_outside"))
    return target


def relative(root: Path, path: Path) -> str:
    """The name the page uses for ``path``: relative to ``root``, ``/``-separated."""
    return path.resolve().relative_to(root.resolve()).as_posix()


def data_files(root: Path) -> list[Path]:
    """The data files under ``root`` (hidden files and folders, output folders and links out skipped), by
    name; at most ``MAX_LISTED``."""
    base = root.resolve()
    found: list[Path] = []

    def walk(folder: Path, depth: int) -> None:
        try:
            entries = sorted(folder.iterdir())
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith(".") or len(found) >= MAX_LISTED:
                continue
            real = entry.resolve()
            if not real.is_relative_to(base):
                continue
            if entry.is_dir() and depth < 2 and entry.name not in SKIPPED_DIRS:
                walk(entry, depth + 1)
            elif entry.is_file() and entry.suffix.lower() in DATA_SUFFIXES:
                found.append(entry)

    walk(base, 0)
    return found
