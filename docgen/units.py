"""Exact lengths.

Every length is an integer count of EMU (English Metric Units, as python-docx and OOXML use them):
1 mm = 36,000 EMU and 1 pt = 12,700 EMU, so both the standard's millimetres and Word's points
(28.95 pt = 367,665 EMU) are exact. Sums of lengths never drift, and each renderer converts at the
last moment into its own unit: CSS points, twips, half-points or eighths of a point.
"""

from __future__ import annotations

EMU_PER_MM = 36_000
EMU_PER_PT = 12_700
EMU_PER_TWIP = 635  # 1/20 pt


class Length(int):
    """A length in EMU. Arithmetic with ints and Lengths stays a Length; division by a length is a ratio."""

    __slots__ = ()

    def __add__(self, other: int) -> Length:
        return Length(int(self) + int(other))

    __radd__ = __add__

    def __sub__(self, other: int) -> Length:
        return Length(int(self) - int(other))

    def __rsub__(self, other: int) -> Length:
        return Length(int(other) - int(self))

    def __mul__(self, k: float) -> Length:  # type: ignore[override]
        return Length(round(int(self) * k))

    __rmul__ = __mul__

    def __neg__(self) -> Length:
        return Length(-int(self))

    def __truediv__(self, other: float) -> float | Length:  # type: ignore[override]
        if isinstance(other, Length):
            return int(self) / int(other)
        return Length(round(int(self) / other))

    @property
    def mm(self) -> float:
        return int(self) / EMU_PER_MM

    @property
    def pt(self) -> float:
        return int(self) / EMU_PER_PT

    @property
    def twips(self) -> int:
        """Twentieths of a point, rounded: OOXML's unit for indents, spacing and page geometry."""
        return round(int(self) / EMU_PER_TWIP)

    @property
    def half_points(self) -> int:
        """OOXML's unit for font sizes (``w:sz``)."""
        return round(int(self) * 2 / EMU_PER_PT)

    @property
    def eighth_points(self) -> int:
        """OOXML's unit for border widths (``w:sz`` of a border)."""
        return round(int(self) * 8 / EMU_PER_PT)

    def css(self) -> str:
        """The length as a CSS point value, precise to 1/1000 pt."""
        return f"{self.pt:.3f}".rstrip("0").rstrip(".") + "pt"

    def __repr__(self) -> str:
        return f"Length({self.mm:.3f} mm = {self.pt:.3f} pt)"


def mm(value: float) -> Length:
    return Length(round(value * EMU_PER_MM))


def pt(value: float) -> Length:
    return Length(round(value * EMU_PER_PT))


def twips(value: int) -> Length:
    return Length(value * EMU_PER_TWIP)
