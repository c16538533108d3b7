"""Every example's DOCX parts are valid ECMA-376 transitional WordprocessingML.

The schemas are in tests/data/ooxml-xsd/ (README.md there says where they come from). As ECMA-376 Part 3
(markup compatibility) prescribes, a part is validated after markup-compatibility processing: the
``mc:Ignorable`` namespaces (w14, wp14: Word 2010 extras python-docx's template declares) are dropped first.
Word refuses a file whose property elements are out of schema order, which LibreOffice tolerates; this is
the test that sees it.
"""

from __future__ import annotations

import io
import zipfile
from functools import cache
from pathlib import Path

import pytest
from conftest import FIXED_TIME, ROOT
from lxml import etree

from docgen import api
from docgen.render.options import RenderOptions

XSD = Path(__file__).parent / "data" / "ooxml-xsd" / "docgen-docx.xsd"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
EXAMPLES = sorted((ROOT / "inputs").glob("*.yaml"))
# the WordprocessingML parts the writer makes or changes (document, styles, headers and footers, …)
PARTS = ("document", "styles", "settings", "fontTable", "numbering", "header", "footer")


@cache
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


def mce_processed(xml: bytes) -> etree._Element:
    """The part as a markup-compatibility consumer sees it (ECMA-376 Part 3 §10.1): the elements and
    attributes of every namespace ``mc:Ignorable`` names are removed, and the attribute itself."""
    root = etree.fromstring(xml)
    ignorable_attr = f"{{{MC}}}Ignorable"
    prefixes = (root.get(ignorable_attr) or "").split()
    ignored = {root.nsmap[p] for p in prefixes if p in root.nsmap}
    root.attrib.pop(ignorable_attr, None)
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        if etree.QName(el).namespace in ignored:
            el.getparent().remove(el)
            continue
        for name in [n for n in el.attrib if etree.QName(n).namespace in ignored]:
            del el.attrib[name]
    return root


def schema_errors(xml: bytes) -> list[str]:
    checker = schema()
    if checker.validate(mce_processed(xml)):
        return []
    return [f"line {e.line}: {e.message}" for e in checker.error_log]


def parts(docx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return {
            n: z.read(n)
            for n in z.namelist()
            if n.startswith("word/") and n.count("/") == 1 and n[5:].startswith(PARTS) and n.endswith(".xml")
        }


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("draft", [False, True], ids=["plain", "draft"])
def test_every_example_is_schema_valid(path: Path, draft: bool) -> None:
    if "errors" in path.name and not draft:
        pytest.skip("data with errors renders only as a draft")
    doc = api.prepare(path).document
    blobs, _, _ = api.render_document(doc, ("docx",), RenderOptions(timestamp=FIXED_TIME, draft=draft))
    found = parts(blobs["docx"])
    assert "word/document.xml" in found and any(n.startswith("word/footer") for n in found)
    problems = {name: errors for name, xml in found.items() if (errors := schema_errors(xml))}
    assert not problems, problems
    if draft:  # the 草稿 mark lives in the headers
        assert any(n.startswith("word/header") for n in found)


def test_the_schema_check_sees_order_and_required_attributes() -> None:
    """The check can fail: a paragraph property out of schema order, and a border without its ``w:val``."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    good = (
        f'<w:document xmlns:w="{w}"><w:body><w:p><w:pPr><w:pStyle w:val="Normal"/><w:jc w:val="left"/>'
        "</w:pPr></w:p></w:body></w:document>"
    )
    assert schema_errors(good.encode()) == []
    swapped = good.replace(
        '<w:pStyle w:val="Normal"/><w:jc w:val="left"/>', '<w:jc w:val="left"/><w:pStyle w:val="Normal"/>'
    )
    assert any("pStyle" in e for e in schema_errors(swapped.encode()))
    no_val = good.replace('<w:jc w:val="left"/>', '<w:pBdr><w:bottom w:sz="4"/></w:pBdr>')
    assert any("val" in e for e in schema_errors(no_val.encode()))
