"""What a unit of a batch is: its values (the shared defaults merged under its own), the positions they came
from, and the files it was read from. Kept apart from discovery so that the manifest readers, the per-unit
job and ``rollup`` build and read units the same way without importing how a source is walked.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..data.loader import WORKBOOK_SUFFIXES, Loaded, Locator, load_data
from ..errors import DocgenError, InputError
from ..messages import Text
from ..source import SourceRef

MANIFEST_SUFFIXES = (".csv", *WORKBOOK_SUFFIXES)


@dataclass
class Unit:
    """One unit's inputs: its values (defaults merged in), positions, and the files they came from."""

    name: str
    values: dict[str, Any]
    positions: dict[tuple, SourceRef]
    file: str  # the unit's own data file (or the manifest) for messages
    sources: list[str]  # every input file, hashed for --resume
    where: str = ""  # where the unit was found ("a.xlsx", "units.csv 第 3 行"): unique within a batch
    where_en: str = ""  # the same in English ("units.csv line 3"), when it differs


def deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """``over`` on top of ``base``, nested mappings merged key by key (a unit's values over the defaults)."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def _own_name(path: Path, values: dict[str, Any]) -> str:
    """A workbook names its unit in its own 发文机关 (else 署名) cell: collected workbooks come back as
    ``年报.xlsx``, ``年报(1).xlsx`` …; a YAML/JSON file is named by its file name, as it was prepared."""
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        for key in ("organ", "signature"):
            v = values.get(key)
            if isinstance(v, str) and v.strip():
                return v.strip()
    return path.stem


def _positions(loaded: Loaded) -> tuple[dict[tuple, SourceRef], dict[tuple, SourceRef]]:
    """A loaded file's positions as a plain map (a Unit travels to worker processes by pickle; a workbook's
    locator is a closure): the positions of its values, and of the cells it left blank (organ, date …)."""
    locate = loaded.locate
    if locate.resolver is None:
        return dict(locate.positions), {}
    found: dict[tuple, SourceRef] = {}

    def walk(node: Any, path: tuple) -> None:
        found[path] = locate(path)
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, (*path, k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, (*path, i))

    walk(loaded.values, ())
    from ..data.xlsx import INFO_FIELDS, TEXT_ROWS

    blanks = {p: locate(p) for p in [*((f.key,) for f in INFO_FIELDS), *(p for p, _, _ in TEXT_ROWS)]}
    return found, {p: ref for p, ref in blanks.items() if p not in found}


def unit_from_file(
    path: Path,
    extra: dict,
    base: dict,
    base_pos: dict,
    base_files: list[str],
    extra_pos: dict | None = None,
    name: str | None = None,
    where: str = "",
    where_en: str = "",
) -> Unit:
    """A unit from its data file, with the manifest row's values (``extra``) over its own and the
    defaults under both. A file that does not load still makes a unit, which fails with the loader's message."""
    try:
        loaded = load_data(path)
        values, (positions, blanks) = loaded.values, _positions(loaded)
    except DocgenError as e:  # the unit fails later with this message; discovery goes on
        values, positions, blanks = (
            {"__error__": e.text(), "__error_message__": e.message, "__error_en__": e.text("en")},
            {},
            {},
        )
    merged = deep_merge(deep_merge(base, values), extra)
    return Unit(
        name or _own_name(path, values),
        merged,
        {**blanks, **base_pos, **positions, **(extra_pos or {})},
        str(path),
        [*base_files, str(path)],
        where or path.name,
        where_en,
    )


def set_path(values: dict, dotted: str, value: Any) -> tuple[str, ...]:
    """Set a dotted field (``sections.overview``) in nested values; its key path, for the position."""
    keys = dotted.split(".")
    node = values
    for k in keys[:-1]:
        node = node.setdefault(k, {})
    node[keys[-1]] = value
    return tuple(keys)


def unit_loaded(unit: Unit) -> Loaded:
    """The unit's values as a loaded data file (its own file's positions, the defaults' for the rest)."""
    return Loaded(Path(unit.file), unit.values, Locator(unit.file, unit.positions))


def unit_error(unit: Unit) -> InputError | None:
    """The error that kept the unit's own file from loading (found at discovery)."""
    if "__error__" in unit.values:
        text = str(unit.values["__error__"])
        return InputError(message=text, message_en=str(unit.values.get("__error_en__") or text))
    return None


def missing_template(unit: Unit) -> InputError | None:
    """A manifest row or sheet without a template: told in manifest terms (a column, --template, the
    defaults file) rather than the data file's “add a line at the top”."""
    from_manifest = any(Path(f).suffix.lower() in MANIFEST_SUFFIXES for f in unit.sources)
    if isinstance(unit.values.get("template"), str) or not from_manifest:
        return None
    return InputError.of(
        "batch.no_template",
        name=unit.name,
        where=Text(unit.where, unit.where_en or unit.where),
    )
