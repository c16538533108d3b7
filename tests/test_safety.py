"""Inputs and templates may come from anyone: nothing outside docgen's assets is ever loaded."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import tinyhtml5
from weasyprint import HTML

from docgen.errors import TemplateError
from docgen.model import Document, Meta, Paragraph, Signoff, Title
from docgen.render import render_formats
from docgen.render.options import RenderOptions
from docgen.render.pdf.engine import TreeHTML, asset_roots
from docgen.render.pdf.fetcher import AssetFetcher, RefusedResource
from docgen.render.pdf.html import build_tree, hoist_styles, to_html
from docgen.source import SourceRef
from docgen.templating import render_fragment
from docgen.typeset.fonts import resolve


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "http://127.0.0.1:9/x.png", "https://example.org/a.css"]
)
def test_fetcher_refuses(url: str) -> None:
    with pytest.raises(RefusedResource):
        AssetFetcher(roots=asset_roots()).fetch(url)


def test_fetcher_serves_assets() -> None:
    seal = asset_roots()[0] / "seal-specimen.svg"
    assert AssetFetcher(roots=asset_roots()).fetch(seal.as_uri()).status == 200


def test_refusal_stops_weasyprint(tmp_path: Path) -> None:
    """A refused resource is fatal, not a warning in a log nobody reads."""
    html = '<html><body><img src="file:///etc/hostname"><p>x</p></body></html>'
    with pytest.raises(RefusedResource):
        HTML(string=html, url_fetcher=AssetFetcher(roots=asset_roots())).render()


def test_refusal_stops_weasyprint_given_a_tree() -> None:
    """The tree path (engine.TreeHTML, no HTML parsing) goes through the same fetcher."""
    root = ET.fromstring('<html><head></head><body><img src="file:///etc/hostname"/><p>x</p></body></html>')
    with pytest.raises(RefusedResource):
        TreeHTML(root, AssetFetcher(roots=asset_roots())).render()


def test_markup_in_data_is_text() -> None:
    evil = '<img src="file:///etc/passwd"><script>alert(1)</script>&amp;'
    doc = Document(
        Meta(evil, evil), Title(evil), (Paragraph(evil),), signoff=Signoff(evil, dt.date(2024, 1, 5))
    )
    html = to_html(build_tree(doc, resolve(), RenderOptions()))
    tree = tinyhtml5.parse(html, namespace_html_elements=False)
    assert tree.find(".//img") is None and tree.find(".//script") is None
    assert tree.find(".//title").text == evil
    assert tree.find(".//h1//span[@class='xbs']").text == evil
    blobs, _plan, warnings = render_formats(doc, ("pdf",), resolve(), RenderOptions())
    pdf = blobs["pdf"]
    assert pdf.startswith(b"%PDF") and warnings == []


def test_template_sandbox_and_strict_undefined() -> None:
    where = SourceRef("t.yaml", line=3)
    with pytest.raises(TemplateError) as e:
        render_fragment("{{ organ }}{{ missing }}", {"organ": "x"}, where)
    assert "missing" in e.value.message and e.value.source == where
    with pytest.raises(TemplateError):
        render_fragment("{{ organ.__class__.__mro__ }}", {"organ": "x"}, where)
    assert render_fragment("{{ organ }}", {"organ": "<b>"}, where) == "<b>"  # text for the model, not HTML


def test_hoisted_styles_keep_their_meaning() -> None:
    """Style attributes become class rules with inline precedence; values that could hold a ';' stay."""
    root = ET.fromstring(
        '<html><head></head><body><p class="p" style="height: 2pt; margin-left: 1pt"/>'
        '<p style="height: 2pt; margin-left: 1pt"/><p style="background: url(data:x;y)"/></body></html>'
    )
    hoist_styles(root)
    first, second, third = root.find("body")
    assert first.get("class") == "p s0" and second.get("class") == "s0" and "style" not in first.attrib
    assert third.get("style") == "background: url(data:x;y)"
    assert root.find("head/style").text == ".s0 { height: 2pt !important; margin-left: 1pt !important }"
