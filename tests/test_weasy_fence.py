"""docgen's WeasyPrint tunings are installed only around docgen's own layout and writing: importing docgen
patches nothing, other callers (and docgen's own SVG rasteriser) get WeasyPrint's functions, threads that
render at once share one installation, and any other WeasyPrint runs plain."""

from __future__ import annotations

import subprocess
import sys
import threading
import zlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import weasyprint
from conftest import FIXED_TIME, ROOT

from docgen import api
from docgen.render.options import RenderOptions
from docgen.render.pdf import weasy
from docgen.render.pdf.weasy import compat

pinned = pytest.mark.skipif(not compat.active(), reason="docgen's WeasyPrint tunings are off")

# what is docgen's inside WeasyPrint and pydyf: names bound to docgen's functions, pydyf's zlib swapped
SCAN = """
import sys, zlib
def patched():
    found = []
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] not in ("weasyprint", "pydyf"):
            continue
        for key, value in list(vars(module).items()):
            owners = [(key, value)]
            if isinstance(value, type) and value.__module__.startswith("weasyprint"):
                owners += [(f"{key}.{k}", v) for k, v in vars(value).items()]
            for where, v in owners:
                origin = getattr(v, "__module__", None) or getattr(getattr(v, "fget", None), "__module__", "")
                if str(origin).startswith("docgen"):
                    found.append(f"{name}.{where}")
    if sys.modules["pydyf"].zlib is not zlib:
        found.append("pydyf.zlib")
    return sorted(set(found))
"""
namespace: dict = {}
exec(SCAN, namespace)
_scan = namespace["patched"]

# What docgen's quick import of WeasyPrint leaves in its modules (render/pdf/weasy/quickimport.py): modules
# that load on first use, functions that import the instancer's and ImageCms's on first call, and the
# user-agent stylesheets parsed at first use. Not patches: the same code runs, later
# (test_weasy_quickimport.py); this test checks that they are all there is.
QUICK_IMPORT = [
    "weasyprint.PH_STYLESHEET",
    "weasyprint.UA_FORM_STYLESHEET",
    "weasyprint.UA_STYLESHEET",
    "weasyprint.css.ImageCmsProfile",
    "weasyprint.html.PH_STYLESHEET",
    "weasyprint.html.UA_FORM_STYLESHEET",
    "weasyprint.html.UA_STYLESHEET",
    "weasyprint.pdf.fonts.instantiateVariableFont",
    "weasyprint.pdf.fonts.subset",
    "weasyprint.tinyhtml5",
]


def patched() -> list[str]:
    """docgen's tunings inside WeasyPrint: the scan, less what the quick import leaves (``QUICK_IMPORT``,
    checked exactly in a fresh process below), which stays from import to exit in whichever test process
    imported docgen's renderer before WeasyPrint."""
    return [name for name in _scan() if name not in QUICK_IMPORT]


@pytest.fixture
def fresh_compat() -> Iterator[None]:
    """compat's one check made again for this test, and again after it."""
    compat.private.cache_clear()
    yield
    compat.private.cache_clear()


def _pdf(name: str, options: RenderOptions | None = None) -> bytes:
    doc = api.prepare(ROOT / "inputs" / f"{name}.yaml").document
    return api.render_document(doc, ("pdf",), options or RenderOptions(timestamp=FIXED_TIME))[0]["pdf"]


def test_importing_docgen_patches_nothing(tmp_path: Path) -> None:
    """A program that imports docgen's PDF engine and then calls WeasyPrint itself gets WeasyPrint's own."""
    script = SCAN + (
        "import docgen.api, docgen.render.pdf.engine, weasyprint\n"
        "from docgen.render.pdf.weasy import quickimport\n"
        "assert patched() == (QUICK if quickimport.quick() else []), patched()\n"
        "assert weasyprint.pdf.fonts.subset is sys.modules['fontTools.subset']\n"
        'pdf = weasyprint.HTML(string=\'<table style="border-collapse:collapse"><td style="border:1px solid">x\''
        ").write_pdf()\n"
        "assert set(patched()) <= set(QUICK if quickimport.quick() else []), patched()  # used: loaded\n"
    ).replace("QUICK", repr(QUICK_IMPORT))
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


@pinned
def test_installed_only_while_docgen_lays_out_and_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []
    write_pdf = weasyprint.document.Document.write_pdf

    def watch(self, *args, **kwargs):  # WeasyPrint's write, as docgen calls it
        seen.append(patched())
        return write_pdf(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.document.Document, "write_pdf", watch)
    assert patched() == []
    _pdf("order-2024")
    assert len(seen) == 1 and "pydyf.zlib" in seen[0] and "weasyprint.pdf.fonts.Font.file_content" in seen[0]
    assert any(name.endswith("resolve_percentages") for name in seen[0])  # rebound where imported by name
    assert patched() == []
    assert weasyprint.layout.block.resolve_percentages is compat.private().resolve_percentages


@pinned
def test_svg_rasteriser_runs_on_plain_weasyprint(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """docgen's own SVG-to-PNG step (for the DOCX) is no docgen layout: WeasyPrint's own functions."""
    seen: list[list[str]] = []
    write_pdf = weasyprint.HTML.write_pdf

    def watch(self, *args, **kwargs):
        seen.append(patched())
        return write_pdf(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", watch)
    text = (ROOT / "inputs" / "letter-2024.yaml").read_text(encoding="utf-8")
    svg = ROOT / "docgen" / "assets" / "seal-specimen.svg"
    data = tmp_path / "letter.yaml"
    data.write_text(text.replace("seal: seals/specimen-seal.png", f"seal: {svg}"), encoding="utf-8")
    api.render(data, tmp_path, options=RenderOptions(timestamp=FIXED_TIME))
    assert seen == [[]]  # rasterised once, nothing of docgen's installed


@pinned
def test_tuned_is_counted_across_threads() -> None:
    """The first user installs, the last removes; a thread leaving never pulls them from under another."""
    entered, leave, first_left = threading.Barrier(2), threading.Event(), threading.Event()
    states: list[bool] = []

    def first() -> None:
        with weasy.tuned():
            entered.wait()
            leave.wait()
        states.append(weasy.installed())  # the second is still inside
        first_left.set()

    def second() -> None:
        with weasy.tuned(), weasy.tuned():  # and reentrant
            entered.wait()
            leave.set()
            first_left.wait(30)
            states.append(bool(patched()))

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert states == [True, True]
    assert not weasy.installed() and patched() == []


@pinned
def test_two_threads_rendering_at_once_give_the_bytes_of_one() -> None:
    names = ["annual-2024-example", "notice-2024", "order-2024", "annual-2024-example"]
    alone = {name: _pdf(name) for name in set(names)}
    with ThreadPoolExecutor(2) as pool:
        together = list(pool.map(_pdf, names))
    assert together == [alone[name] for name in names]
    assert patched() == []


def test_another_weasyprint_runs_plain(monkeypatch: pytest.MonkeyPatch, fresh_compat: None) -> None:
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    assert compat.private() is None and not compat.active()
    with weasy.tuned() as on:
        assert on is False and patched() == []
    monkeypatch.delenv(compat.PLAIN_ENV, raising=False)
    by_version = _pdf("order-2024")
    monkeypatch.undo()
    compat.private.cache_clear()
    monkeypatch.setenv(compat.PLAIN_ENV, "1")
    assert _pdf("order-2024") == by_version  # the same plain path as asked for by the environment
    body = by_version[by_version.index(b"stream\n") + 7 :]
    assert zlib.decompressobj().decompress(body)  # (pydyf's own deflate)


def test_a_missing_private_name_turns_the_tunings_off(
    monkeypatch: pytest.MonkeyPatch, fresh_compat: None, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setitem(compat.SYMBOLS, "gone", ("weasyprint.layout.percent", "resolve_everything"))
    assert compat.private() is None and not compat.active()
    assert "resolve_everything" in caplog.text


def test_plain_requested_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(compat.PLAIN_ENV, "1")
    with weasy.tuned() as on:
        assert on is False and patched() == []
    monkeypatch.setenv(compat.PLAIN_ENV, "0")
    assert compat.active() is (compat.private() is not None)


def test_plain_path_goes_through_the_fetcher(monkeypatch: pytest.MonkeyPatch) -> None:
    """On plain WeasyPrint the tree is parsed again: the same asset-only fetcher guards it."""
    import xml.etree.ElementTree as ET

    from weasyprint import CSS

    from docgen.render.pdf.engine import asset_roots
    from docgen.render.pdf.fetcher import AssetFetcher, RefusedResource

    monkeypatch.setenv(compat.PLAIN_ENV, "1")
    root = ET.fromstring('<html><head></head><body><img src="file:///etc/hostname"/><p>x</p></body></html>')
    with pytest.raises(RefusedResource):
        weasy.render_tree(root, AssetFetcher(roots=asset_roots()), CSS(string="p{}"), [], None)


def test_what_docgen_reads_from_laid_out_pages_is_there() -> None:
    """compat.LAYOUT_READS, on a page WeasyPrint laid out (in either mode)."""
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    page = HTML(string="<p>x</p><img>").render().pages[0]
    found = {type(box).__name__ for box in _walk(page._page_box)}
    assert {"BlockBox", "LineBox"} <= found and isinstance(boxes.MarginBox, type)
    box = next(b for b in _walk(page._page_box) if getattr(b, "element_tag", "") == "p")
    assert isinstance(box.position_y + box.margin_height(), float) and box.element.tag == "p"


def _walk(box) -> Iterator:
    yield box
    for child in getattr(box, "children", ()):
        yield from _walk(child)
