"""Where a value came from, so every message can point at the exact line or cell."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class SourceRef:
    """A position in an input: ``file:line:col`` for text files, ``file sheet!cell`` for workbooks.

    Lines and columns are 1-based, as editors show them.
    """

    file: str
    line: int | None = None
    column: int | None = None
    sheet: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        name = Path(self.file).name if self.file else "<输入>"
        if self.sheet is not None:
            return f"{name} {self.sheet}!{self.cell}" if self.cell else f"{name} {self.sheet}"
        if self.line is not None:
            return f"{name}:{self.line}" + (f":{self.column}" if self.column else "")
        return name

    def describe(self, lang: str = "zh") -> str:
        """The position as a reader says it: ``seed.yaml 第 12 行`` or ``data.xlsx 表三!C7``."""
        name = Path(self.file).name if self.file else ("<输入>" if lang == "zh" else "<input>")
        if self.sheet is not None:
            where = f"{self.sheet}!{self.cell}" if self.cell else self.sheet
            return f"{name} {where}"
        if self.line is None:
            return name
        if lang == "zh":
            return f"{name} 第 {self.line} 行" + (f"第 {self.column} 列" if self.column else "")
        return f"{name} line {self.line}" + (f", column {self.column}" if self.column else "")
