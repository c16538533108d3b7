"""The package every DOCX starts from: python-docx's template with docgen's styles applied and the
template's leftovers dropped.

Building it took ~0.12 s (applying the styles was 40 % of a document's DOCX time), once per process: a
batch worker pays it once, but a single ``docgen render`` paid it every time. It is kept in the user's
cache, keyed by everything it is made of: the source of this package's modules and of ``standard.py`` and
``units.py`` (the styles' lengths), the versions of python-docx and lxml, the fonts chosen (faces,
official or stand-in) and the language. Any change makes a new key, so a stale base is never used; a cache
that cannot be read or written only costs the 0.12 s.
"""

from __future__ import annotations

import hashlib
import io
import marshal
from functools import cache
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from ... import standard, units
from ...cachedir import cache_dir, keep
from ...typeset.fonts import FontSet
from . import ooxml, styles

STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_CACHE_VERSION = 1


def package(fonts: FontSet, lang: str) -> bytes:
    """The base package's bytes (every document opens a copy of it)."""
    return _base(fonts, lang)[0]


def style_ids(fonts: FontSet, lang: str) -> dict[str, str]:
    """The id of every style in the base package, by name (what ``styles[name]`` would find)."""
    return _base(fonts, lang)[1]


@cache
def _base(fonts: FontSet, lang: str) -> tuple[bytes, dict[str, str]]:
    cached = cache_dir("docx") / f"base-{_key(fonts, lang)}.marshal"
    try:
        blob, ids = marshal.loads(cached.read_bytes())
        if isinstance(blob, bytes) and isinstance(ids, dict):
            return blob, ids
    except (OSError, EOFError, ValueError, TypeError):
        pass  # absent or unreadable: build it
    blob = build(fonts, lang)
    ids = {s.name: s.style_id for s in docx.Document(io.BytesIO(blob)).styles}
    keep(cached, marshal.dumps((blob, ids)))
    return blob, ids


def build(fonts: FontSet, lang: str) -> bytes:
    """The base package, made now (what the cache holds)."""
    out = docx.Document()
    out._body.clear_content()  # the template's body holds an empty paragraph; sectPr stays
    styles.apply_styles(out, fonts, lang)
    styles.drop_unused_styles(out)
    _drop_template_leftovers(out)
    ooxml.complete_zoom(out.settings.element)
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def _key(fonts: FontSet, lang: str) -> str:
    import lxml.etree

    h = hashlib.sha256(f"{_CACHE_VERSION}|{docx.__version__}|{lxml.etree.__version__}|{lang}|".encode())
    h.update(repr(sorted((role.value, repr(choice)) for role, choice in fonts.choices.items())).encode())
    here = Path(__file__).parent
    for path in sorted([*here.rglob("*.py"), Path(standard.__file__), Path(units.__file__)]):
        h.update(path.read_bytes())
    return h.hexdigest()[:32]


def _drop_template_leftovers(out: DocxDocument) -> None:
    """Parts of python-docx's template a 公文 must not carry: the thumbnail (its sample page shows in
    file browsers) and stylesWithEffects.xml (a Word 2010 copy of the styles, themed fonts and all)."""
    for rels, reltype in (
        (out.part.package.rels, RT.THUMBNAIL),
        (out.part.rels, STYLES_WITH_EFFECTS),
    ):
        for rid, rel in list(rels.items()):
            if rel.reltype == reltype:
                del rels[rid]
