"""Style and used values, computed by WeasyPrint's rules with less Python on the common paths.

An annual report has ~1,000 boxes; for each, WeasyPrint computes its element's style property by
property on first access, resolves a dozen lengths against the containing block (again at each layout
of the box) and looks for a background. Most of that work takes the same few steps every time:

- a property the element's rules do not set is inherited (the parent's computed value) or initial;
  ``ComputedStyle.__missing__`` reaches that answer after a dozen other checks;
- a length in a style is in px (or %), which ``resolve_percentages`` resolves through two calls each;
- a box with no background, border image or shadow gets no background, after building its layer list.

The replacements take those paths directly and hand every other case to WeasyPrint's own code, so the
values are the same (tests/test_pdf_writing.py: same PDF bytes). ~6 % of an annual report's CPU.
"""

from __future__ import annotations

from math import inf
from typing import Any

from . import compat
from .patching import Patches

W = compat.require()
PHYSICAL_FUNCTIONS, check_math, get_color = W.PHYSICAL_FUNCTIONS, W.check_math, W.get_color
INHERITED, INITIAL_NOT_COMPUTED, INITIAL_VALUES = W.INHERITED, W.INITIAL_NOT_COMPUTED, W.INITIAL_VALUES
Box, PageBox, percent = W.Box, W.PageBox, W.percent

# properties whose computing has a side step (specified values kept for display, propagated decorations,
# named pages): always WeasyPrint's own path
_SIDE_STEP = frozenset({"float", "display", "position", "page"})
_SIDE_STEP |= {name for name in INITIAL_VALUES if name.startswith("text_decoration_")}
_LOGICAL: dict[tuple[str, str], str] = {}  # (physical property, direction) → its logical property


def _missing(style: Any, key: str) -> Any:
    """``ComputedStyle.__missing__``, taking the inherited and initial values of unset properties directly."""
    cascaded = style.cascaded
    if key not in cascaded and key[:2] != "__":
        physical = PHYSICAL_FUNCTIONS.get(key)
        if physical is not None:  # (margin-top…) unset, unless its logical twin (margin-block-start…) is set
            direction = style["direction"]
            logical = _LOGICAL.get((key, direction))
            if logical is None:
                logical = _LOGICAL[key, direction] = physical(block="ttb", inline=direction)
            if logical in cascaded:
                return _ORIGINAL_MISSING(style, key)
        elif key in _SIDE_STEP:
            return _ORIGINAL_MISSING(style, key)
        if key in INHERITED:
            parent = style.parent_style
            if parent is not None:
                value = parent[key]
                if not check_math(value):  # (a math function left for later resolves again)
                    style[key] = value
                    return value
        elif key not in INITIAL_NOT_COMPUTED:
            value = style[key] = INITIAL_VALUES[key]
            return value
    return _ORIGINAL_MISSING(style, key)


_ORIGINAL_MISSING = W.ComputedStyle_missing


def _used(style: Any, name: str, refer_to: Any) -> Any:
    value = style[name]
    unit = getattr(value, "unit", None)
    if unit == "px":
        return value.value
    if unit == "%":
        return refer_to * value.value / 100
    return W.percentage(value, style, refer_to)  # auto, None, math functions


def _min(style: Any, name: str, refer_to: Any) -> Any:
    value = _used(style, name, refer_to)
    return 0 if value == "auto" else value


_BORDER_WIDTHS = ("border_top_width", "border_right_width", "border_bottom_width", "border_left_width")


def resolve_percentages(box: Any, containing_block: Any) -> None:
    """``percent.resolve_percentages``: the same used values, each length resolved in one step."""
    if isinstance(containing_block, Box):
        cb_width, cb_height = containing_block.width, containing_block.height
    else:
        cb_width, cb_height = containing_block
    vertical = cb_height if isinstance(box, PageBox) else cb_width  # margins and paddings refer to the width
    style = box.style
    box.margin_left = _used(style, "margin_left", cb_width)
    box.margin_right = _used(style, "margin_right", cb_width)
    box.margin_top = _used(style, "margin_top", vertical)
    box.margin_bottom = _used(style, "margin_bottom", vertical)
    box.padding_left = _used(style, "padding_left", cb_width)
    box.padding_right = _used(style, "padding_right", cb_width)
    box.padding_top = _used(style, "padding_top", vertical)
    box.padding_bottom = _used(style, "padding_bottom", vertical)
    box.width = _used(style, "width", cb_width)
    box.min_width = _min(style, "min_width", cb_width)
    box.max_width = _used(style, "max_width", cb_width)
    if cb_height == "auto":  # the containing block's height depends on its content
        height = style["height"]
        if height == "auto" or check_math(height) or height.unit == "%":
            box.height = "auto"
        else:
            box.height = height.value
        box.min_height = _min(style, "min_height", 0)
        box.max_height = _used(style, "max_height", inf)
    else:
        box.height = _used(style, "height", cb_height)
        box.min_height = _min(style, "min_height", cb_height)
        box.max_height = _used(style, "max_height", cb_height)
    collapse = style["border_collapse"] == "collapse"
    for name in _BORDER_WIDTHS:
        if not (collapse and hasattr(box, name)):  # (collapsed borders were resolved with the table)
            setattr(box, name, style[name])
    if style["box_sizing"] != "content-box":
        W.adjust_box_sizing(box, "width")
        W.adjust_box_sizing(box, "height")


_CORNERS = tuple(
    f"border_{corner}_radius" for corner in ("top_left", "top_right", "bottom_right", "bottom_left")
)
_ZERO = (0, "px")


def _no_background(style: Any) -> bool:
    return bool(
        style["border_image_source"][0] == "none"
        and style["mask_border_source"][0] == "none"
        and (
            style["visibility"] == "hidden"
            or (
                all(kind == "none" for kind, _ in style["background_image"])
                and get_color(style, "background_color").alpha == 0
            )
        )
        and not style["box_shadow"]
    )


def layout_box_backgrounds(
    page: Any, box: Any, get_image_from_uri: Any, layout_children: bool = True, style: Any = None
) -> None:
    """``background.layout_box_backgrounds``: a box without any background is settled directly."""
    if style is not None or box is page:  # the page and the canvas: WeasyPrint's own
        _ORIGINAL_BACKGROUNDS(page, box, get_image_from_uri, layout_children, style)
        return
    if layout_children:
        for child in box.all_children():
            layout_box_backgrounds(page, child, get_image_from_uri)
    style = box.style
    if not _no_background(style):
        _ORIGINAL_BACKGROUNDS(page, box, get_image_from_uri, False)
        return
    if any(style[name][0] != _ZERO and style[name][1] != _ZERO for name in _CORNERS):
        W.resolve_radii_percentages(box)
    else:
        for name in _CORNERS:
            setattr(box, name, (0, 0))
    box.background = None


_ORIGINAL_BACKGROUNDS = W.layout_box_backgrounds


PATCHES = Patches(
    attributes=(
        (W.ComputedStyle, "__missing__", _missing),
        (W.background, "layout_box_backgrounds", layout_box_backgrounds),
    ),
    functions=((W.resolve_percentages, resolve_percentages),),
)
