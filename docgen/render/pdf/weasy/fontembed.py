"""How WeasyPrint embeds a font, made cheaper: one HarfBuzz subsetting pass, and the face's file copied
out of Pango only when something needs the whole of it.

WeasyPrint 70 copies every face's whole file into Python when a document first uses it (27 MB for the
Noto Serif CJK collection that sets a title's twenty characters), then subsets each face twice: once
keeping the used glyph ids, once more keeping every id up to the highest used and dropping hints. With
the HarfBuzz docgen installs the first pass already ends at the highest glyph used, so one pass that also
drops the hints gives the same bytes (tests/test_pdf_writing.py compares them on the installed faces;
``Font.__init__`` is the only caller of ``get_hb_object_data`` left in that module).
Both cost ~70 ms of an annual report's ~550 ms, and the whole file is needed only when a face is not
subset (a form field's font) or HarfBuzz refuses it.

A process keeps the subsets it made (``SUBSET_CACHE_BYTES``, least recently used out first): a batch worker
writes the same face with the same glyphs again and again — the headings' 黑体 and 楷体 of one template, the
版记's few characters, every copy of a document — and HarfBuzz spends ~4 ms per face (desubroutinizing the
CFF) to make bytes it made before. The key is the face (held, so that its address cannot be reused while
the entry lives), the glyph ids and the flags: a hit gives the bytes the subsetting would give.

Installed only while docgen writes (``weasy.tuned``); WeasyPrint's own ``Font._harfbuzz_subset`` is kept
(``compat``) and the tests compare against it.
"""

from __future__ import annotations

import threading
from typing import Any

from . import compat
from .kept import KeptBytes
from .patching import Patches

W = compat.require()
ffi, harfbuzz, harfbuzz_subset = W.ffi, W.harfbuzz, W.harfbuzz_subset
get_hb_object_data = W.get_hb_object_data

# tables a PDF viewer never reads from an embedded font (the glyphs are already chosen and placed)
DROP_TABLES = (
    b"BASE",
    b"DSIG",
    b"EBDT",
    b"EBLC",
    b"EBSC",
    b"GPOS",
    b"GSUB",
    b"JSTF",
    b"LTSH",
    b"PCLT",
    b"SVG ",
)


SUBSET_CACHE_BYTES = 16 * 2**20
_MAX_FACES = 64  # more faces than a process ever uses: past it the cache starts again
_subsets = KeptBytes(SUBSET_CACHE_BYTES)  # (face address, glyph ids, flags) → the subset's bytes
_held: dict[int, Any] = {}  # face address → a reference that keeps the face, and so its address, alive
_lock = threading.Lock()  # guards _held (documents may be written in several threads: docgen serve)


class _Deferred:
    """The whole file of a face, not yet copied."""

    __slots__ = ("face",)

    def __init__(self, face: Any) -> None:
        self.face = face


def _deferred_data(hb_object: Any, ot_color: str | None = None, glyph: int | None = None) -> Any:
    """``get_hb_object_data`` as ``Font.__init__`` calls it: for a face's whole file, a promise."""
    if ot_color is None and glyph is None:
        return _Deferred(hb_object)
    return get_hb_object_data(hb_object, ot_color, glyph)


def _get_file_content(font: Any) -> bytes:
    """The value is kept where WeasyPrint keeps it (the instance's ``file_content``), so a font made
    while the tunings are installed reads the same after they are removed, and one made before, during."""
    data = font.__dict__["file_content"]
    if isinstance(data, _Deferred):
        data = font.__dict__["file_content"] = get_hb_object_data(data.face)
    return data


def _set_file_content(font: Any, data: Any) -> None:
    font.__dict__["file_content"] = data


def _add_sorted(hb_set: Any, values: list[int]) -> None:
    array = ffi.new(f"hb_codepoint_t[{len(values)}]", values)
    harfbuzz.hb_set_add_sorted_array(hb_set, array, len(values))


def subset_face(face: Any, glyphs: list[int], flags: int) -> Any:
    """HarfBuzz's subset of ``face`` keeping ``glyphs``, without the tables a PDF never reads (or NULL)."""
    plan = ffi.gc(harfbuzz_subset.hb_subset_input_create_or_fail(), harfbuzz_subset.hb_subset_input_destroy)
    _add_sorted(harfbuzz_subset.hb_subset_input_glyph_set(plan), sorted(glyphs))
    harfbuzz_subset.hb_subset_input_set_flags(plan, flags)
    drop = harfbuzz_subset.hb_subset_input_set(plan, harfbuzz_subset.HB_SUBSET_SETS_DROP_TABLE_TAG)
    _add_sorted(drop, sorted(harfbuzz.hb_tag_from_string(tag, -1) for tag in DROP_TABLES))
    face = harfbuzz_subset.hb_subset_or_fail(face, plan)
    return face if face == ffi.NULL else ffi.gc(face, harfbuzz.hb_face_destroy)


def subset_flags(hinting: bool, notdef_outline: bool) -> int:
    flags = (
        harfbuzz_subset.HB_SUBSET_FLAGS_RETAIN_GIDS
        | harfbuzz_subset.HB_SUBSET_FLAGS_PASSTHROUGH_UNRECOGNIZED
        | harfbuzz_subset.HB_SUBSET_FLAGS_DESUBROUTINIZE
    )
    if not hinting:
        flags |= harfbuzz_subset.HB_SUBSET_FLAGS_NO_HINTING
    if notdef_outline:
        flags |= harfbuzz_subset.HB_SUBSET_FLAGS_NOTDEF_OUTLINE
    return flags


def _subset_bytes(face: Any, glyphs: tuple[int, ...], flags: int) -> bytes | None:
    """The bytes of :func:`subset_face`, from this process's cache when it made them before."""
    address = int(ffi.cast("uintptr_t", face))
    key = (address, glyphs, flags)
    data = _subsets.get(key)
    if data is not None:
        return data
    subset = subset_face(face, list(glyphs), flags)
    data = get_hb_object_data(subset) if subset != ffi.NULL else None
    if not data:
        return data
    with _lock:
        if address not in _held:
            if len(_held) >= _MAX_FACES:
                _subsets.clear()
                _held.clear()
            _held[address] = ffi.gc(harfbuzz.hb_face_reference(face), harfbuzz.hb_face_destroy)
    _subsets.put(key, data)
    return data


def _one_pass_subset(font: Any, to_unicode: dict[int, str], hinting: bool) -> None:
    """The used glyphs, their ids kept, hints dropped unless asked for, in one HarfBuzz pass."""
    data = _subset_bytes(font.hb_face, tuple(sorted(to_unicode)), subset_flags(hinting, bool(font.missing)))
    if data:
        font.file_content = data
        return
    # as WeasyPrint does: the whole face is embedded, and its warning reaches the user
    W.WEASY_LOGGER.warning('Unable to subset "%s" with HarfBuzz', font.family)


PATCHES = Patches(
    attributes=(
        (W.Font, "file_content", property(_get_file_content, _set_file_content)),
        (W.Font, "_harfbuzz_subset", _one_pass_subset),
        (W.pdf_fonts, "get_hb_object_data", _deferred_data),
    )
)
