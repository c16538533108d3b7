"""标题 line breaking, §7.3.1: meaning kept intact, lines balanced in a 梯形 or 菱形, never an hourglass.

Manual break points in the data win; otherwise the title is broken only when it does not fit one line,
at the position that balances the lines best, preferring places where Chinese titles usually break.
"""

from __future__ import annotations

import itertools
import math
import re

from .. import standard as std
from ..model import Role, Title
from .fonts import FontSet
from .linebreak import NO_END, NO_START

# Places a title is usually broken: after these words, or before these endings.
_AFTER = re.compile(r"(年度|年|关于|的|暨|及|和|工作|情况|公开)$")
_BEFORE = re.compile(
    r"^(政府信息公开|工作报告|工作方案|实施方案|有关事项|的(通知|请示|报告|函|批复|意见|决定|纪要))"
)
_ASCII = re.compile(r"[\x21-\x7e]")


def _width(text: str, fonts: FontSet) -> float:
    return fonts.width(Role.XIAOBIAOSONG, text, std.TITLE_SIZE.pt)


def _allowed(text: str, k: int) -> bool:
    before, after = text[:k], text[k:]
    if after[0] in NO_START or before[-1] in NO_END:
        return False
    return not (_ASCII.match(before[-1]) and _ASCII.match(after[0]))


def _cost(lines: list[str], fonts: FontSet) -> float:
    em = std.TITLE_SIZE.pt
    widths = [_width(t, fonts) for t in lines]
    if max(widths) > std.TEXT_WIDTH.pt:
        return math.inf
    cost = 0.0
    for i in range(len(lines) - 1):
        cost += abs(widths[i] - widths[i + 1]) / em
        left, right = lines[i], lines[i + 1]
        if not (_AFTER.search(left) or _BEFORE.match(right)):
            cost += 8.0
    if len(lines) >= 3 and widths[1] < min(widths[0], widths[2]):
        cost += 10.0  # hourglass
    if len(lines) == 2 and widths[0] > widths[1] + em:
        cost += 1.0  # inverted trapezoid
    return cost


def title_lines(title: Title, fonts: FontSet) -> list[str]:
    """The title's lines, in order."""
    text = title.text
    if title.breaks:
        cuts = [0, *sorted(title.breaks), len(text)]
        return [text[a:b] for a, b in itertools.pairwise(cuts) if text[a:b]]
    # Leave one character of air on each side before a title counts as fitting one line.
    if _width(text, fonts) <= std.TEXT_WIDTH.pt - 2 * std.TITLE_SIZE.pt:
        return [text]
    best: tuple[float, list[str]] = (math.inf, [text])
    positions = [k for k in range(2, len(text) - 1) if _allowed(text, k)]
    for k in positions:
        for lines in ([text[:k], text[k:]],):
            c = _cost(lines, fonts)
            if c < best[0]:
                best = (c, lines)
    if best[0] == math.inf or _width(text, fonts) > 1.6 * std.TEXT_WIDTH.pt:
        for i, k1 in enumerate(positions):
            for k2 in positions[i + 1 :]:
                lines = [text[:k1], text[k1:k2], text[k2:]]
                c = _cost(lines, fonts)
                if c < best[0]:
                    best = (c, lines)
    return best[1]
