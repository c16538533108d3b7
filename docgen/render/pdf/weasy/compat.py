"""Every private name of WeasyPrint and pydyf docgen touches, checked once against the pinned versions.

docgen's tunings (this package) replace or call functions that WeasyPrint does not offer as its API.
They were written and measured on WeasyPrint 70.0 with pydyf 0.13.0; on anything else, or with
``DOCGEN_PLAIN_WEASYPRINT=1`` in the environment, none of them is used and docgen renders through
WeasyPrint's public API only (``HTML(string=…).render(…)``, ``write_pdf``): the same pages, for about twice the CPU.

Nothing here touches WeasyPrint's internals when imported. :func:`private` imports and resolves every
name below the first time it is asked, and only on the pinned versions; a tuning module reads its
originals from there (so none captures an internal before the check), and only this module names them.
"""

from __future__ import annotations

import importlib
import logging
import os
from functools import cache
from types import SimpleNamespace
from typing import Any

WEASYPRINT_VERSION = "70.0"  # pyproject.toml pins it
PYDYF_VERSION = "0.13.0"  # what WeasyPrint 70.0 installs; deflate.py swaps its zlib
PLAIN_ENV = "DOCGEN_PLAIN_WEASYPRINT"  # "1": render on WeasyPrint's public API only

LOGGER = logging.getLogger("docgen.weasy")

# docgen's name for it: (module, attribute path; "" for the module itself). Who uses it, in the comment.
SYMBOLS: dict[str, tuple[str, str]] = {
    # fontembed.py: one subsetting pass, the face's file copied only when read
    "pdf_fonts": ("weasyprint.pdf.fonts", ""),
    "Font": ("weasyprint.pdf.fonts", "Font"),
    "Font_harfbuzz_subset": ("weasyprint.pdf.fonts", "Font._harfbuzz_subset"),
    "pdf_fonts_get_hb_object_data": ("weasyprint.pdf.fonts", "get_hb_object_data"),
    "get_hb_object_data": ("weasyprint.text.fonts", "get_hb_object_data"),
    "ffi": ("weasyprint.text.ffi", "ffi"),
    "harfbuzz": ("weasyprint.text.ffi", "harfbuzz"),
    "harfbuzz_subset": ("weasyprint.text.ffi", "harfbuzz_subset"),  # (typeset/fonts.py reads it, guarded)
    "pango": ("weasyprint.text.ffi", "pango"),
    "WEASY_LOGGER": ("weasyprint.logger", "LOGGER"),
    # deflate.py: streams at zlib's default level
    "pydyf": ("pydyf", ""),
    "pydyf_zlib": ("pydyf", "zlib"),
    # drawtext.py: a line's glyphs read per run
    "draw_first_line": ("weasyprint.draw.text", "draw_first_line"),
    "FROM_UNITS": ("weasyprint.text.ffi", "FROM_UNITS"),
    # keeplayouts.py: Pango layouts kept from layout to drawing
    "Layout": ("weasyprint.text.line_break", "Layout"),
    "Layout_deactivate": ("weasyprint.text.line_break", "Layout.deactivate"),
    "Layout_reactivate": ("weasyprint.text.line_break", "Layout.reactivate"),
    "Layout_set_text": ("weasyprint.text.line_break", "Layout.set_text"),
    # textsetup.py: font descriptions and struts per font style
    "line_break": ("weasyprint.text.line_break", ""),
    "get_font_description": ("weasyprint.text.line_break", "get_font_description"),
    "strut": ("weasyprint.text.line_break", "strut"),
    # nofloats.py: line boxes placed directly when nothing floats
    "LineBox": ("weasyprint.formatting_structure.boxes", "LineBox"),
    "avoid_collisions": ("weasyprint.layout.float", "avoid_collisions"),
    # usedvalues.py: unset properties, lengths and backgrounds
    "ComputedStyle": ("weasyprint.css", "ComputedStyle"),
    "ComputedStyle_missing": ("weasyprint.css", "ComputedStyle.__missing__"),
    "PHYSICAL_FUNCTIONS": ("weasyprint.css.computed_values", "PHYSICAL_FUNCTIONS"),
    "check_math": ("weasyprint.css.functions", "check_math"),
    "INHERITED": ("weasyprint.css.properties", "INHERITED"),
    "INITIAL_NOT_COMPUTED": ("weasyprint.css.properties", "INITIAL_NOT_COMPUTED"),
    "INITIAL_VALUES": ("weasyprint.css.properties", "INITIAL_VALUES"),
    "get_color": ("weasyprint.draw.color", "get_color"),
    "Box": ("weasyprint.formatting_structure.boxes", "Box"),
    "PageBox": ("weasyprint.formatting_structure.boxes", "PageBox"),
    "background": ("weasyprint.layout.background", ""),
    "layout_box_backgrounds": ("weasyprint.layout.background", "layout_box_backgrounds"),
    "percent": ("weasyprint.layout.percent", ""),
    "resolve_percentages": ("weasyprint.layout.percent", "resolve_percentages"),
    "percentage": ("weasyprint.layout.percent", "percentage"),
    "adjust_box_sizing": ("weasyprint.layout.percent", "adjust_box_sizing"),
    "resolve_radii_percentages": ("weasyprint.layout.percent", "resolve_radii_percentages"),
    # tablerules.py: collapsed borders resolved once per box, drawn as whole rules
    "build": ("weasyprint.formatting_structure.build", ""),
    "build_collapse_table_borders": ("weasyprint.formatting_structure.build", "collapse_table_borders"),
    "collapse_table_borders": ("weasyprint.layout.table", "collapse_table_borders"),
    "TRANSPARENT": ("weasyprint.layout.table", "TRANSPARENT"),
    "draw": ("weasyprint.draw", ""),
    "draw_collapsed_borders": ("weasyprint.draw", "draw_collapsed_borders"),
    "draw_line": ("weasyprint.draw", "draw_line"),
    # tree.py: WeasyPrint's HTML document made from docgen's element tree (what HTML.__init__ sets)
    "HTML_ua_stylesheets": ("weasyprint", "HTML._ua_stylesheets"),
}

# Read from WeasyPrint's laid-out pages in every mode, tuned or plain: no public API gives where a box
# landed, and docgen measures its layout there (engine._boxes, _grid_pads, plan_squeeze;
# colophon.content_bottom). Not gated (there is no plain alternative): tests/test_weasy_fence.py checks
# them on a laid-out page, so an upgrade that moves them fails the tests, not the pages.
LAYOUT_READS = ("Page._page_box", "boxes.MarginBox", "Box.position_y", "Box.margin_height()", "Box.element",
                "Box.children", "type(box).__name__ in (BlockBox, LineBox, ImageBox)")  # fmt: skip

# what ``HTML.__init__`` sets on 70.0, all of which tree.TreeHTML sets instead of parsing
HTML_ATTRIBUTES = frozenset({"base_url", "url_fetcher", "media_type", "wrapper_element", "etree_element"})


def plain_requested() -> bool:
    """Whether the environment asks for WeasyPrint's public API only (read at each render)."""
    return os.environ.get(PLAIN_ENV, "") not in ("", "0")


def active() -> bool:
    """Whether docgen's tunings are used: the pinned versions, every name found, and not asked off."""
    return not plain_requested() and private() is not None


@cache
def private() -> SimpleNamespace | None:
    """Every name of :data:`SYMBOLS`, resolved once; None (and one log line) on any other version."""
    import pydyf
    import weasyprint

    versions = (weasyprint.__version__, getattr(pydyf, "__version__", "?"))
    if versions != (WEASYPRINT_VERSION, PYDYF_VERSION):
        LOGGER.info("WeasyPrint %s / pydyf %s: docgen's tunings are off (written for %s / %s)",
                    *versions, WEASYPRINT_VERSION, PYDYF_VERSION)  # fmt: skip
        return None
    try:
        found = {name: _resolve(module, path) for name, (module, path) in SYMBOLS.items()}
        html = weasyprint.HTML(string="<p>")
    except (ImportError, AttributeError, KeyError) as error:
        LOGGER.warning("docgen's WeasyPrint tunings are off: %s", error)
        return None
    if set(vars(html)) != HTML_ATTRIBUTES:
        LOGGER.warning("docgen's WeasyPrint tunings are off: HTML sets %s", sorted(vars(html)))
        return None
    return SimpleNamespace(**found)


def _resolve(module: str, path: str) -> Any:
    value: Any = importlib.import_module(module)
    for part in filter(None, path.split(".")):
        value = getattr(value, part) if not isinstance(value, type) else value.__dict__[part]
    return value


def require() -> SimpleNamespace:
    """:func:`private`, for a tuning module being imported (``tuned`` imports them only when active)."""
    names = private()
    if names is None:
        raise ImportError(f"docgen's WeasyPrint tunings need WeasyPrint {WEASYPRINT_VERSION}")
    return names
