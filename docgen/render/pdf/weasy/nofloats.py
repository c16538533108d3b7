"""A line box placed directly when nothing floats beside it.

WeasyPrint asks ``avoid_collisions`` where each line box may go three times per line, and each time
builds the lists of floats it collides with and the keywords of both floating sides. docgen's documents
have no floats: with none on the page (``context.excluded_shapes`` empty) a left-to-right line box
starts at its containing block's content edge and has its whole width, which the replacement computes
with WeasyPrint's own arithmetic (same bytes, tested). Any other case is WeasyPrint's. ~1 % of an
annual report's CPU.
"""

from __future__ import annotations

from typing import Any

from . import compat
from .patching import Patches

W = compat.require()
LineBox = W.LineBox
_ORIGINAL = W.avoid_collisions


def avoid_collisions(context: Any, box: Any, containing_block: Any, outer: bool = True) -> Any:
    if context.excluded_shapes or type(box) is not LineBox or containing_block.style["direction"] != "ltr":
        return _ORIGINAL(context, box, containing_block, outer)
    left = containing_block.content_box_x()
    right = left + containing_block.width
    if outer:
        return left, box.position_y, right - left
    left += box.margin_left
    right -= box.margin_right
    return left - box.margin_left, box.border_box_y() - box.margin_top, right - left


PATCHES = Patches(functions=((_ORIGINAL, avoid_collisions),))
