"""A table's collapsed borders: resolved once per box and side, drawn as whole rules.

WeasyPrint resolves the collapsing-border conflicts of a table cell edge by cell edge, reading the
style of every cell, row, row group, column and the table again for each edge it covers (a row's
bottom border once per column), and draws the result one cell edge at a time, each in its own saved
graphics state: 848 strokes for the annual report's tables, ~7 % of its CPU together.

Here each box's four borders are read once, a box without any border claims nothing (a border that is
``none`` never wins a conflict), and the winning edges are drawn as rules: the edges of one line that
touch, with the same style, width and colour, become one stroke (117 for the annual report). Solid
rules only; dashed and dotted ones keep their own pattern per edge. The resolved grid and the widths
set on the boxes are WeasyPrint's (same layout, tested); the pages rasterise the same to the pixel.
"""

from __future__ import annotations

import contextlib
from typing import Any

from . import compat
from .patching import Patches

W = compat.require()
get_color = W.get_color

# CSS 2.1 §17.6.2.1: the order of styles when widths are equal (weakest first)
_RANK = {
    style: rank
    for rank, style in enumerate(
        ("none", "inset", "groove", "outset", "ridge", "dotted", "dashed", "solid", "double", "hidden")
    )
}
_DRAWN_AS = {"inset": "ridge", "outset": "groove"}
_NO_CLAIM = (0, 0, _RANK["none"])
_WEAK_NULL = (_NO_CLAIM, ("none", 0, W.TRANSPARENT))
_STRONG_NULL = ((1, 0, _RANK["hidden"]), ("hidden", 0, W.TRANSPARENT))

Border = tuple[tuple[int, float, int], tuple[str, float, Any]]  # (score, (style, width, colour))


def _claims(box: Any) -> list[Border | None]:
    """The box's top, right, bottom and left borders as conflict entries; None where it has none."""
    style = box.style
    claims: list[Border | None] = []
    for side in ("top", "right", "bottom", "left"):
        kind = style[f"border_{side}_style"]
        width = style[f"border_{side}_width"]
        score = (1 if kind == "hidden" else 0, width, _RANK[kind])
        if score == _NO_CLAIM:
            claims.append(None)
        else:
            colour = get_color(style, f"border_{side}_color")
            claims.append((score, (_DRAWN_AS.get(kind, kind), width, colour)))
    return claims


def collapse_table_borders(table: Any, grid_width: int, grid_height: int) -> tuple[list[Any], list[Any]]:
    """``table.collapse_table_borders`` for left-to-right tables (WeasyPrint's own for the others)."""
    if table.style["direction"] != "ltr":
        return _ORIGINAL_COLLAPSE(table, grid_width, grid_height)
    if not (grid_width and grid_height):
        return [], []
    vertical = [[_WEAK_NULL] * (grid_width + 1) for _ in range(grid_height)]
    horizontal = [[_WEAK_NULL] * grid_width for _ in range(grid_height + 1)]

    def claim(box: Any, x: int, y: int, w: int, h: int) -> None:
        # in WeasyPrint's order, and a tie keeps the earlier claim: cells win over rows, rows over groups…
        top, right, bottom, left = _claims(box)
        for yy in range(y, y + h):
            if left is not None and vertical[yy][x][0] < left[0]:
                vertical[yy][x] = left
            if right is not None and vertical[yy][x + w][0] < right[0]:
                vertical[yy][x + w] = right
        for xx in range(x, x + w):
            if top is not None and horizontal[y][xx][0] < top[0]:
                horizontal[y][xx] = top
            if bottom is not None and horizontal[y + h][xx][0] < bottom[0]:
                horizontal[y + h][xx] = bottom

    y = 0
    for group in table.children:
        for row in group.children:
            for cell in row.children:
                x, w, h = cell.grid_x, cell.colspan, cell.rowspan
                for yy in range(y, y + h):  # no border inside a spanning cell
                    vertical[yy][x + 1 : x + w] = [_STRONG_NULL] * (w - 1)
                for yy in range(y + 1, y + h):
                    horizontal[yy][x : x + w] = [_STRONG_NULL] * w
                claim(cell, x, y, w, h)
            y += 1
    y = 0
    for group in table.children:
        for row in group.children:
            claim(row, 0, y, grid_width, 1)
            y += 1
    y = 0
    for group in table.children:
        claim(group, 0, y, grid_width, len(group.children))
        y += len(group.children)
    for column_group in table.column_groups:
        for column in column_group.children:
            claim(column, column.grid_x, 0, 1, grid_height)
    for column_group in table.column_groups:
        claim(column_group, column_group.grid_x, 0, column_group.span, grid_height)
    claim(table, 0, 0, grid_width, grid_height)

    def widest_vertical(x: int, y1: int, y2: int) -> float:
        return max(row[x][1][1] for row in vertical[y1:y2])

    def widest_horizontal(x1: int, y: int, x2: int) -> float:
        return max(entry[1][1] for entry in horizontal[y][x1:x2])

    def set_widths(box: Any, top: float, right: float, bottom: float, left: float) -> None:
        # each box's border is half the rule it shares with its neighbour
        box.border_top_width, box.border_right_width = top / 2, right / 2
        box.border_bottom_width, box.border_left_width = bottom / 2, left / 2

    y = 0
    for group in table.children:
        set_widths(group, 0, 0, 0, 0)
        for row in group.children:
            set_widths(row, 0, 0, 0, 0)
            for cell in row.children:
                x, w, h = cell.grid_x, cell.colspan, cell.rowspan
                set_widths(
                    cell,
                    widest_horizontal(x, y, x + w),
                    widest_vertical(x + w, y, y + h),
                    widest_horizontal(x, y + h, x + w),
                    widest_vertical(x, y, y + h),
                )
            y += 1
    for column_group in table.column_groups:
        set_widths(column_group, 0, 0, 0, 0)
        for column in column_group.children:
            set_widths(column, 0, 0, 0, 0)
    # CSS 2.1 §17.6.2: the table's left and right widths from the first row only
    set_widths(
        table,
        widest_horizontal(0, 0, grid_width),
        widest_vertical(grid_width, 0, 1),
        widest_horizontal(0, grid_height, grid_width),
        widest_vertical(0, 0, 1),
    )
    return vertical, horizontal


_ORIGINAL_COLLAPSE = W.collapse_table_borders

Edge = list[Any]  # [x1, y1, x2, y2, width, style, colour]


class _Collector:
    """Stands in for the PDF stream while WeasyPrint works out the edges: ``draw_line`` given this
    stream keeps the edge instead of drawing it (no module attribute is swapped, so threads may draw)."""

    _nothing = contextlib.nullcontext()

    def __init__(self) -> None:
        self.edges: list[Edge] = []

    def artifact(self) -> contextlib.nullcontext[None]:
        return self._nothing

    def stacked(self) -> contextlib.nullcontext[None]:
        return self._nothing


def draw_line(stream: Any, x1: float, y1: float, x2: float, y2: float, width: float, style: str, colour: Any,
              offset: float = 0) -> None:  # fmt: skip
    """``draw.draw_line`` as ``draw_collapsed_borders`` calls it: an edge kept when collecting."""
    if type(stream) is _Collector:
        stream.edges.append([x1, y1, x2, y2, width, style, colour])
    else:
        _ORIGINAL_LINE(stream, x1, y1, x2, y2, width, style, colour, offset)


_ORIGINAL_LINE = W.draw_line


def _rules(edges: list[Edge]) -> list[list[Edge]]:
    """The edges grouped by line, style, width and colour, in the order of each group's first edge
    (WeasyPrint's painting order: weaker borders first), touching edges of a group joined."""
    groups: dict[tuple[Any, ...], list[Edge]] = {}
    order: list[list[Edge]] = []
    for edge in edges:
        x1, y1, x2, y2, width, style, colour = edge
        if style != "solid" or x1 > x2 or y1 > y2:  # (a pattern, or drawn backwards: kept as it is)
            order.append([edge])
            continue
        key = (
            width,
            colour.space,
            colour.coordinates,
            colour.alpha,
            "v" if x1 == x2 else "h",
            x1 if x1 == x2 else y1,
        )
        if key not in groups:
            groups[key] = []
            order.append(groups[key])
        groups[key].append(edge)
    rules = []
    for group in order:
        start, end = (1, 3) if group[0][0] == group[0][2] else (0, 2)
        group.sort(key=lambda edge: edge[start])
        joined = [group[0][:]]
        for edge in group[1:]:
            if edge[start] <= joined[-1][end] + 1e-6:
                joined[-1][end] = max(joined[-1][end], edge[end])
            else:
                joined.append(edge[:])
        rules.append(joined)
    return rules


def draw_collapsed_borders(stream: Any, table: Any) -> None:
    """``draw.draw_collapsed_borders``: WeasyPrint's edges, drawn as whole rules."""
    collector = _Collector()
    _ORIGINAL_DRAW(collector, table)
    for rule in _rules(collector.edges):
        for x1, y1, x2, y2, width, style, colour in rule:
            with stream.artifact(), stream.stacked():
                _ORIGINAL_LINE(stream, x1, y1, x2, y2, width, style, colour)


_ORIGINAL_DRAW = W.draw_collapsed_borders


PATCHES = Patches(
    attributes=(
        (W.build, "collapse_table_borders", collapse_table_borders),
        (W.draw, "draw_collapsed_borders", draw_collapsed_borders),
        (W.draw, "draw_line", draw_line),
    )
)
