"""WeasyPrint imported the quick way (docgen/render/pdf/weasy/quickimport.py): the same pages, less start-up.

Each render here is a fresh process (what a user's ``docgen render`` is) with its own cache folder, so
the first run builds the cache and the second reads it; the usual import is forced by importing
WeasyPrint before docgen does, which turns the quick way off.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from docgen.render.pdf.weasy import quickimport

ROOT = Path(__file__).resolve().parents[1]

PROBE = (
    "import sys\n"
    "{pre}"
    "sys.argv = ['docgen', 'render', {data!r}, '--out', {out!r}, '--format', 'pdf']\n"
    "from docgen.cli import main  # not the command's process: it would end without printing below\n"
    "try:\n"
    "    main()\n"
    "except SystemExit as e:\n"
    "    assert not e.code, e.code\n"
    "from docgen.render.pdf.weasy import quickimport\n"
    "loaded = [m for m in {watch!r} if type(sys.modules.get(m)).__name__ == 'module']\n"
    "print('QUICK', quickimport.quick(), 'LOADED', ','.join(loaded))\n"
)
# modules a draft render never needs: fontTools' subsetter and instancer, a CFF face's charstrings (read
# once per font file into docgen's metrics cache), the parser of C declarations, the 定稿 code
WATCH = (
    "fontTools.subset",
    "fontTools.varLib",
    "fontTools.ttLib.tables.C_F_F_",
    "pycparser",
    "docgen.finalize.final",
    "PIL.ImageCms",
)


def render(data: str, out: Path, cache: Path, usual: bool = False, **env: str) -> tuple[bool, list[str]]:
    """Render ``data`` to PDF in a fresh process; whether WeasyPrint came in the quick way, and which of
    :data:`WATCH` were loaded."""
    code = PROBE.format(
        pre="import weasyprint\n" if usual else "", data=str(ROOT / data), out=str(out), watch=WATCH
    )
    run_env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        XDG_CACHE_HOME=str(cache),
        **env,
    )
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=run_env, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stdout + run.stderr
    line = next(ln for ln in run.stdout.splitlines() if ln.startswith("QUICK"))
    _, quick, _, loaded = line.split(" ")
    return quick == "True", [m for m in loaded.split(",") if m]


@pytest.mark.parametrize(
    "data", ["inputs/changde-2017.yaml", "inputs/notice-2024.yaml", "inputs/annual-2024-example.yaml"]
)
def test_the_quick_import_gives_the_same_pdf(tmp_path: Path, data: str) -> None:
    """Byte for byte the PDF of the usual import; and once the cache is built, a render loads none of
    :data:`WATCH` (they would cost ~0.7 s of a cold render)."""
    cache = tmp_path / "cache"
    quick, loaded = render(data, tmp_path / "first", cache)  # builds the caches (C declarations, fonts)
    assert quick and "pycparser" in loaded
    assert render(data, tmp_path / "quick", cache) == (True, [])
    assert render(data, tmp_path / "usual", cache, usual=True)[0] is False
    name = Path(data).with_suffix(".pdf").name
    assert (tmp_path / "quick" / name).read_bytes() == (tmp_path / "usual" / name).read_bytes()
    assert (tmp_path / "first" / name).read_bytes() == (tmp_path / "usual" / name).read_bytes()


def test_a_damaged_or_unwritable_cache_costs_speed_only(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    data = "inputs/notice-2024.yaml"
    assert render(data, tmp_path / "a", cache)[0]
    (cached,) = (cache / "docgen" / "weasyprint").glob("ffi-*.marshal")
    cached.write_bytes(b"\x00not marshal")
    assert render(data, tmp_path / "b", cache) == (True, ["pycparser"])  # parsed again, and written
    assert render(data, tmp_path / "c", cache) == (True, [])
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be")
    assert render(data, tmp_path / "d", blocked)[0]  # nothing can be kept: parsed at each start, as before
    name = "notice-2024.pdf"
    assert len({(tmp_path / d / name).read_bytes() for d in "abcd"}) == 1


def test_plain_weasyprint_is_imported_the_usual_way(tmp_path: Path) -> None:
    quick, _ = render(
        "inputs/notice-2024.yaml", tmp_path / "out", tmp_path / "cache", DOCGEN_PLAIN_WEASYPRINT="1"
    )
    assert quick is False


@pytest.fixture
def probe_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A module that counts its runs in ``RUNS`` of ``builtins`` (so they survive a reload)."""
    import builtins

    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(builtins, "docgen_probe_runs", 0, raising=False)
    (tmp_path / "docgen_lazy_probe.py").write_text(
        "import builtins\nbuiltins.docgen_probe_runs += 1\nVALUE = 42\n", encoding="utf-8"
    )
    yield tmp_path
    sys.modules.pop("docgen_lazy_probe", None)


def test_a_lazy_module_runs_at_its_first_attribute_not_at_import(probe_module: Path) -> None:
    import builtins

    quickimport._lazy("docgen_lazy_probe")
    importlib.import_module("docgen_lazy_probe")  # ``import`` reads __spec__: it must not run the module
    assert builtins.docgen_probe_runs == 0
    module = sys.modules["docgen_lazy_probe"]
    assert module.VALUE == 42
    assert builtins.docgen_probe_runs == 1
    assert type(module).__name__ == "module"  # a plain module from then on
    assert importlib.import_module("docgen_lazy_probe").VALUE == 42
    assert builtins.docgen_probe_runs == 1


def test_a_lazy_module_that_fails_fails_as_an_import_and_is_tried_again(probe_module: Path) -> None:
    (probe_module / "docgen_lazy_probe.py").write_text("raise ImportError('broken')\n", encoding="utf-8")
    quickimport._lazy("docgen_lazy_probe")
    module = sys.modules["docgen_lazy_probe"]
    with pytest.raises(ImportError, match="broken"):
        _ = module.VALUE
    assert "docgen_lazy_probe" not in sys.modules
    (probe_module / "docgen_lazy_probe.py").write_text("VALUE = 7\n", encoding="utf-8")
    importlib.invalidate_caches()
    assert importlib.import_module("docgen_lazy_probe").VALUE == 7


def test_a_deferred_name_imports_its_module_when_called() -> None:
    module = quickimport._deferred("json", ("dumps",))
    assert module.dumps([1]) == "[1]"
    assert module.dumps.__name__ == "dumps"


SHEETS_PROBE = (
    "import sys, hashlib\n"
    "{pre}"
    "import weasyprint, weasyprint.html as h\n"
    "from importlib.resources import files\n"
    "from weasyprint.css.counters import CounterStyle\n"
    "lazy = [n for n in ('UA_STYLESHEET', 'UA_FORM_STYLESHEET', 'PH_STYLESHEET')\n"
    "        if '_docgen_arguments' in vars(getattr(h, n))]\n"
    "full = CounterStyle()\n"
    "weasyprint.CSS(string=(files(weasyprint.css) / 'html5_ua.css').read_text('utf-8'), counter_style=full)\n"
    "html = weasyprint.HTML(string='<ol><li>one<li>two</ol><p align=right>right<hr><input value=x>')\n"
    "pdf = html.write_pdf(presentational_hints=True, pdf_identifier=b'x')\n"
    "print('LAZY', ','.join(lazy) or '-', 'COUNTERS', h.UA_COUNTER_STYLE == full and len(full),\n"
    "      'PDF', hashlib.sha256(pdf).hexdigest()[:16])\n"
)


def _sheets(pre: str) -> list[str]:
    code = SHEETS_PROBE.format(pre=pre)
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return next(ln for ln in run.stdout.splitlines() if ln.startswith("LAZY")).split()


def test_weasyprints_stylesheets_parsed_at_first_use_give_the_same_pages() -> None:
    """Imported the quick way, WeasyPrint's user-agent, form and presentational-hints sheets wait for
    their first use; its counter styles are there at once and are those of a whole parse; a document
    that uses all three sheets (lists, ``align``, a form field) gives the bytes of the usual import."""
    quick = _sheets("import docgen.render.pdf.engine\n")
    usual = _sheets("")
    assert quick[1] == "UA_STYLESHEET,UA_FORM_STYLESHEET,PH_STYLESHEET" and usual[1] == "-"
    assert quick[3] == usual[3] == "49"  # the counter styles: equal to a whole parse's
    assert quick[5] == usual[5]


def test_a_lazy_sheet_is_parsed_once_and_never_seen_half_parsed() -> None:
    """Threads reading a lazy sheet while it is parsed wait for the whole of it (``_lazy_css``)."""
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    parses = []

    class Sheet:  # stands for weasyprint.CSS: sets its attributes one by one, slowly
        def __init__(self, string: str) -> None:
            parses.append(string)
            self.rules: list[str] = []
            for rule in string.split(";"):
                time.sleep(0.01)
                self.rules.append(rule)
            self.done = True

    sheet = quickimport._lazy_css(Sheet, string="a;b;c;d")
    assert isinstance(sheet, Sheet) and parses == []
    start = threading.Barrier(8)

    def read(_: int) -> list[str]:
        start.wait()
        return list(sheet.rules)

    with ThreadPoolExecutor(8) as pool:
        seen = list(pool.map(read, range(8)))
    assert parses == ["a;b;c;d"] and seen == [["a", "b", "c", "d"]] * 8 and sheet.done
