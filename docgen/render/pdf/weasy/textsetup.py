"""What WeasyPrint sets up for every text box, made once per font style.

For each of an annual report's ~600 text boxes WeasyPrint builds a Pango font description from the
style (six Pango calls) and, for each line, looks up the line's strut (height and baseline) under a key
made by printing fourteen style values into one string. A document uses a handful of font styles: the
descriptions (Pango copies the one it is given) and the struts are kept per font configuration, keyed
by the same values as tuples. ~3 % of an annual report's CPU; the same PDF bytes (tested).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import compat
from .patching import Patches

W = compat.require()
_ORIGINAL_DESCRIPTION = W.get_font_description
_ORIGINAL_STRUT = W.strut


# what each result depends on (WeasyPrint's own cache key for the strut)
_DESCRIPTION_KEY = (
    "font_family", "font_style", "font_stretch", "font_weight", "font_size", "font_variant_caps",
    "font_variation_settings",
)  # fmt: skip
_STRUT_KEY = (
    "font_family", "font_style", "font_stretch", "font_weight", "font_variant_ligatures",
    "font_variant_position", "font_variant_caps", "font_variant_numeric", "font_variant_alternates",
    "font_variant_east_asian", "font_feature_settings", "font_variation_settings", "font_language_override",
    "lang", "font_size", "line_height",
)  # fmt: skip


def _once(style: Any, names: tuple[str, ...], compute: Callable[[Any], Any]) -> Any:
    """``compute(style)``, kept for the style's font configuration (the fonts it was made with) under
    the values of ``names``; a value that cannot be a key gets WeasyPrint's own, not kept."""
    key = tuple(map(style.__getitem__, names))
    cache = style.font_config.__dict__.setdefault(f"_docgen_{compute.__name__}", {})
    try:
        result = cache.get(key)
    except TypeError:
        return compute(style)
    if result is None:
        result = cache[key] = compute(style)
    return result


def get_font_description(style: Any) -> Any:
    """``fonts.get_font_description``, one per font style."""
    return _once(style, _DESCRIPTION_KEY, _ORIGINAL_DESCRIPTION)


def strut(style: Any) -> tuple[float, float]:
    """``line_break.strut`` without printing fourteen values into a cache key per line."""
    return _once(style, _STRUT_KEY, _ORIGINAL_STRUT)  # type: ignore[no-any-return]


PATCHES = Patches(
    attributes=((W.line_break, "get_font_description", get_font_description),),
    functions=((_ORIGINAL_STRUT, strut),),
)
