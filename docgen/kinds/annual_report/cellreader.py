"""The annual report's cell reader: one cell or row of plain data at a time, with the input position of
each, the findings met (a value that is not a number, an unknown label, a label read as an official one) and
the none-markers seen. ``tablereader.py`` reads the three tables with it; ``loading.py`` says why it is shaped
so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ...errors import Finding, Severity
from ...messages import EMPTY, Text, msg
from ...source import SourceRef
from .labels import TABLE_NAME_EN, TABLE_NAME_ZH
from .matching import LabelIndex, is_chinese, nearest_text, norm
from .models import Locate, Path
from .values import Bad, is_none_marker, typed, zero_like


class CellReader:
    """Reads the plain nested data, converts values, and records findings and positions as it goes."""

    def __init__(self, locate: Locate | None, base: Path) -> None:
        self.locate = locate
        self.base = base
        self.findings: list[Finding] = []
        self.sources: dict[Path, SourceRef] = {}
        self.invalid: set[Path] = set()
        self.markers: dict[str, list[tuple[str, Path]]] = {}  # table → (marker as typed, input path)
        self.mapped: set[tuple[str, str]] = set()  # (table, label) already said to be read as another
        self.group_paths: dict[str, tuple[Any, Path]] = {}  # 表三 group → (key as typed, input path)

    def at(self, actual: Path) -> SourceRef | None:
        return self.locate(self.base + actual) if self.locate is not None else None

    def bind(self, canonical: Path, actual: Path) -> None:
        ref = self.at(actual)
        if ref is not None:
            self.sources[canonical] = ref

    def error(self, code: str, what: Text, actual: Path) -> None:
        self.findings.append(Finding(Severity.ERROR, code, what.zh, self.at(actual), what.en))

    def unknown(
        self,
        what: Text,
        key: Any,
        actual: Path,
        hint: str = "",
        index: LabelIndex | None = None,
    ) -> None:
        near = index.nearest(str(key)) if index is not None and not hint else []
        keys = not is_chinese(str(key))
        names = Text(nearest_text(near, keys=keys), ", ".join(e.key if keys else e.label for e in near))
        nearest = msg("annual.read.nearest", names=names) if near else EMPTY
        self.error(
            "R14", msg("annual.read.unknown", what=what, key=key, note=hint, nearest=nearest), (*actual, key)
        )

    def find(self, index: LabelIndex, key: Any, table: str, actual: Path) -> str | None:
        """The entry a typed label names; a label read by more than its declared spellings is said once
        (a notice), so the user knows which official row it went to."""
        found = index.find(str(key))
        if found is None:
            return None
        if found.how and (table, norm(key)) not in self.mapped:
            self.mapped.add((table, norm(key)))
            self.findings.append(
                Finding.of(
                    Severity.NOTICE,
                    "R14",
                    "annual.cell.read_as",
                    self.at((*actual, key)),
                    table=Text(TABLE_NAME_ZH[table], TABLE_NAME_EN[table]),
                    key=key,
                    label=found.label,
                    how=Text(found.how, found.how_en),
                )
            )
        return found.key

    def items(
        self,
        raw: Any,
        actual: Path,
        cols: Sequence[str],
        index: LabelIndex,
        what: Text,
        table: str,
        hint: Callable[[Any], str] = lambda _key: "",
    ) -> dict[str, tuple[Any, Path]]:
        """The values of one row as {column key: (raw value, input path)}: from a mapping (keys or labels),
        a list in column order, or a bare value for a one-column row. ``hint`` explains an unknown key."""
        out: dict[str, tuple[Any, Path]] = {}
        if isinstance(raw, Mapping):
            for k, v in raw.items():
                col = self.find(index, k, table, actual)
                if col is None:
                    self.unknown(what, k, actual, hint(k), index)
                else:
                    out[col] = (v, (*actual, k))
        elif isinstance(raw, list | tuple):
            if len(raw) > len(cols):
                self.error(
                    "R14", msg("annual.read.too_many", what=what, columns=len(cols), count=len(raw)), actual
                )
            for i, v in enumerate(raw[: len(cols)]):
                out[cols[i]] = (v, (*actual, i))
        elif len(cols) == 1 or raw is None:
            if raw is not None:
                out[cols[0]] = (raw, actual)
        else:
            self.error("R14", msg("annual.read.one_value", what=what, columns=len(cols)), actual)
        return out

    def convert(
        self, parse: Callable[[Any], Any], raw: Any, actual: Path, canonical: Path, code: str, name: str
    ) -> Any:
        """One cell: a none-marker (无, —, / …) is 0 and remembered for the table's notice; anything that
        is not a number in the accepted shape is an error quoting what was typed."""
        self.bind(canonical, actual)
        if is_none_marker(raw):
            self.markers.setdefault(str(canonical[0]), []).append((str(raw).strip(), actual))
            return zero_like(parse)
        try:
            return parse(raw)
        except Bad as bad:
            self.invalid.add(canonical)
            shown = typed(raw)
            want = msg("annual.read.want", want=Text(bad.want, bad.want_en)) if bad.want else EMPTY
            self.error(
                code,
                msg("annual.read.bad_value", name=name, shown=shown, why=Text(bad.zh, bad.en), want=want),
                actual,
            )
            return None

    def marker_notices(self) -> None:
        """One notice per table whose cells say “none” with a marker instead of 0."""
        for table, found in self.markers.items():
            shown = "、".join(f"“{m}”" for m in dict.fromkeys(m for m, _ in found))
            self.findings.append(
                Finding.of(
                    Severity.NOTICE,
                    "R1",
                    "annual.cell.none_marker",
                    self.at(found[0][1]),
                    table=Text(TABLE_NAME_ZH[table], TABLE_NAME_EN[table]),
                    count=len(found),
                    shown=shown,
                )
            )
