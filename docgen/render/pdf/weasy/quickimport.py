"""WeasyPrint imported in about half the time: its C declarations read from a cache, not parsed again.

``import weasyprint`` took ~1 s of a cold ``docgen render`` (~1.6 s). Two things made most of it:

- ``weasyprint/text/ffi.py`` hands ~500 lines of C declarations (Pango, HarfBuzz, fontconfig) to
  cffi, whose C parser is pure Python (pycparser): ~0.4 s on every start, for the same result. cffi can
  write that result out (its "out-of-line ABI mode": ``set_source(name, None)``) and load it in ~2 ms.
  :func:`load` keeps it in the user's cache, keyed by the exact text of the installed ``ffi.py``, cffi's
  and Python's versions and the machine, and runs the rest of ``ffi.py`` (the libraries opened, GObject set up) as
  WeasyPrint wrote it. The cache holds data only (marshalled bytes, ints and tuples, no code).
- ``weasyprint/html.py`` parses WeasyPrint's user-agent, form and presentational-hints stylesheets when
  imported (~65 ms); docgen's renders read none of them (docgen hands WeasyPrint its own user-agent
  sheet, ``tree.py``). :class:`_Rewriter` runs that file as WeasyPrint wrote it but with the three sheets
  parsed on first use (:func:`_lazy_css`: by anyone, e.g. a program calling ``weasyprint.HTML``), and
  the counter styles the user-agent sheet defines, which every document starts from, parsed at once
  from those rules alone (~8 ms; the same styles, tested).
- Modules WeasyPrint imports for work docgen never asks of it: fontTools' subsetter and variable-font
  instancer (~0.19 s; docgen subsets with HarfBuzz and uses no variable fonts) and the HTML parser
  (docgen hands WeasyPrint a tree, ``tree.py``). They are imported lazily: on first use, by anyone,
  they load as usual.

Nothing of WeasyPrint changes: the same module, the same functions, the same pages (the tests render
every example both ways and compare bytes). When ``ffi.py`` does not have the shape this expects
(another WeasyPrint), or with ``DOCGEN_PLAIN_WEASYPRINT=1``, WeasyPrint is imported the usual way;
when the cache cannot be written (a read-only home), the declarations are parsed at each start as before. Called by docgen before its first import of WeasyPrint; once
WeasyPrint is imported (by docgen or by the program using docgen), it does nothing.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import io
import marshal
import os
import re
import sys
import threading
import types
from pathlib import Path
from typing import Any

from ....cachedir import cache_dir, keep
from .compat import plain_requested

FFI_MODULE = "weasyprint.text.ffi"
# The one statement the cache replaces: the FFI object made and handed the declarations.
CDEF = re.compile(r"^ffi = cffi\.FFI\(\)\nffi\.cdef\('''(?P<cdef>.*?)'''\)\n", re.S | re.M)
# Imported by WeasyPrint at start, used by docgen's renders never (see the module's docstring).
LAZY = ("fontTools.subset", "tinyhtml5")
# ``from fontTools.varLib.instancer import instantiateVariableFont`` (weasyprint/pdf/fonts.py) and
# ``from PIL.ImageCms import ImageCmsProfile`` (weasyprint/css, for an ``@color-profile`` rule, ~12 ms):
# names imported from a module, which a lazy module cannot defer; a stand-in function imports the module on
# first call.
DEFERRED = {
    "fontTools.varLib.instancer": ("instantiateVariableFont",),
    "PIL.ImageCms": ("ImageCmsProfile",),
}
_CACHE_VERSION = 1

HTML_MODULE = "weasyprint.html"
# The statements of weasyprint/html.py the rewrite replaces, and what replaces them.
UA_SHEETS = (
    "UA_STYLESHEET = CSS(string=UA, counter_style=UA_COUNTER_STYLE)\n"
    "UA_FORM_STYLESHEET = CSS(string=UA_FORM, counter_style=UA_COUNTER_STYLE)\n"
    "PH_STYLESHEET = CSS(string=PH)\n"
)
LAZY_SHEETS = (
    "_docgen_counter_styles(CSS, UA, UA_COUNTER_STYLE)\n"
    "UA_STYLESHEET = _docgen_lazy_css(CSS, string=UA, counter_style=UA_COUNTER_STYLE)\n"
    "UA_FORM_STYLESHEET = _docgen_lazy_css(CSS, string=UA_FORM, counter_style=UA_COUNTER_STYLE)\n"
    "PH_STYLESHEET = _docgen_lazy_css(CSS, string=PH)\n"
)
COUNTER_STYLE_RULE = re.compile(r"@counter-style\s+[\w-]+\s*\{[^{}]*\}")


def load() -> None:
    """Import WeasyPrint, the quick way where it can be taken (see the module's docstring)."""
    if "weasyprint" in sys.modules:
        return
    if plain_requested():
        import weasyprint  # noqa: F401

        return
    try:
        _prepare()
    except Exception:  # any failure here only costs speed: WeasyPrint is imported the usual way
        sys.modules.pop(FFI_MODULE, None)
    _import_with_stand_ins()


def _prepare() -> None:
    spec = importlib.util.find_spec("weasyprint")
    if spec is None or not spec.submodule_search_locations:
        return
    path = Path(spec.submodule_search_locations[0]) / "text" / "ffi.py"
    source = path.read_text(encoding="utf-8")
    match = CDEF.search(source)
    if match is None:
        return
    import cffi

    machine = f"{sys.platform}|{os.uname().machine}" if hasattr(os, "uname") else sys.platform
    key = f"{_CACHE_VERSION}|{cffi.__version__}|{sys.version}|{machine}|{source}"
    key = hashlib.sha256(key.encode()).hexdigest()
    cached = cache_dir("weasyprint") / f"ffi-{key[:32]}.marshal"
    try:
        kwargs = marshal.loads(cached.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        kwargs = _parse(match["cdef"])
        keep(cached, marshal.dumps(kwargs))
    import _cffi_backend

    module = types.ModuleType(FFI_MODULE)
    module.__file__ = str(path)
    module.__spec__ = importlib.util.spec_from_file_location(FFI_MODULE, path)
    module.__dict__["_docgen_ffi"] = _cffi_backend.FFI("_docgen_weasy_ffi", **kwargs)
    rest = source[: match.start()] + "ffi = _docgen_ffi\n" + source[match.end() :]
    sys.modules[FFI_MODULE] = module
    exec(compile(rest, str(path), "exec"), module.__dict__)  # WeasyPrint's own file, its cdef replaced


def _parse(cdef: str) -> dict[str, Any]:
    """What cffi's parser makes of the declarations, as the arguments of its compiled FFI object."""
    import tempfile

    import cffi

    builder = cffi.FFI()
    builder.cdef(cdef)
    builder.set_source("_docgen_weasy_ffi", None)
    with tempfile.TemporaryDirectory() as tmp, contextlib.redirect_stdout(io.StringIO()):  # "generating …"
        target = Path(tmp) / "ffi.py"
        builder.emit_python_code(str(target))
        tree = ast.parse(target.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "FFI":
            return {kw.arg: ast.literal_eval(kw.value) for kw in node.keywords if kw.arg}
    raise ValueError("cffi wrote no FFI object")


def _import_with_stand_ins() -> None:
    """``import weasyprint`` with :data:`LAZY` modules loading on first use and :data:`DEFERRED` names
    standing in; the stand-in modules are gone from ``sys.modules`` after, so later imports are real."""
    stand_ins = {}
    rewriter = _Rewriter.for_html()
    if rewriter is not None:
        sys.meta_path.insert(0, rewriter)
    for name in LAZY:
        if name not in sys.modules:
            _lazy(name)
    for name, attrs in DEFERRED.items():
        if name not in sys.modules:
            stand_ins[name] = sys.modules[name] = _deferred(name, attrs)
    try:
        import weasyprint  # noqa: F401
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
        if rewriter is not None:
            sys.meta_path.remove(rewriter)


class _Rewriter(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds ``weasyprint.html`` while WeasyPrint is imported and runs WeasyPrint's own file with its
    stylesheets made lazy (see the module's docstring); on any other text, runs nothing of its own."""

    def __init__(self, path: Path, source: str) -> None:
        self.path, self.source = path, source

    @classmethod
    def for_html(cls) -> _Rewriter | None:
        spec = importlib.util.find_spec("weasyprint")
        if spec is None or not spec.submodule_search_locations:
            return None
        path = Path(spec.submodule_search_locations[0]) / "html.py"
        try:
            source = path.read_text(encoding="utf-8")
        except OSError:
            return None
        if source.count(UA_SHEETS) != 1:
            return None
        return cls(path, source.replace(UA_SHEETS, LAZY_SHEETS))

    def find_spec(
        self, name: str, path: Any = None, target: Any = None
    ) -> importlib.machinery.ModuleSpec | None:
        if name != HTML_MODULE:
            return None
        return importlib.util.spec_from_file_location(name, self.path, loader=self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> None:
        return None  # the usual module object

    def exec_module(self, module: types.ModuleType) -> None:
        helpers = {"_docgen_counter_styles": _counter_styles, "_docgen_lazy_css": _lazy_css}
        module.__dict__.update(helpers)
        try:
            exec(compile(self.source, str(self.path), "exec"), module.__dict__)
        finally:
            for name in helpers:
                module.__dict__.pop(name, None)
            # a reload (or anything asking how the module was loaded) gets WeasyPrint's own file
            loader = importlib.machinery.SourceFileLoader(HTML_MODULE, str(self.path))
            module.__loader__ = loader
            if module.__spec__ is not None:
                module.__spec__.loader = loader


def _counter_styles(css: type, ua: str, counter_style: Any) -> None:
    """The ``@counter-style`` rules of the user-agent sheet, parsed into ``counter_style`` alone."""
    css(string="\n".join(COUNTER_STYLE_RULE.findall(ua)), counter_style=counter_style)


_LAZY_CSS: dict[type, type] = {}


def _lazy_css(css: type, **arguments: Any) -> Any:
    """A WeasyPrint ``CSS`` sheet parsed at the first read of anything it holds (by WeasyPrint's
    cascade, whoever renders), with the arguments WeasyPrint gave."""
    lazy = _LAZY_CSS.get(css)
    if lazy is None:

        class LazyCSS(css):  # type: ignore[misc,valid-type]
            def __init__(self, **arguments: Any) -> None:
                self.__dict__["_docgen_arguments"] = arguments

            def __getattr__(self, attr: str) -> Any:
                with _LAZY_LOCK:  # another thread waits here until the sheet is parsed
                    arguments = self.__dict__.get("_docgen_arguments")
                    if arguments is not None:
                        # parsed whole, then taken over at once: no thread sees half a sheet
                        self.__dict__.update(vars(css(**arguments)))
                        del self.__dict__["_docgen_arguments"]
                return object.__getattribute__(self, attr)

        lazy = _LAZY_CSS[css] = LazyCSS
    return lazy(**arguments)


def _lazy(name: str) -> None:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return
    module = importlib.util.module_from_spec(spec)
    module.__class__ = _LazyModule
    sys.modules[name] = module


_LAZY_LOCK = threading.RLock()


class _LazyModule(types.ModuleType):
    """A module whose code runs at the first attribute it is asked for that it lacks. Unlike
    ``importlib.util.LazyLoader``, whose modules load at any attribute read, ``__spec__`` included
    (which ``import`` itself reads on Python 3.11), so that a second ``import`` loaded them."""

    def __getattr__(self, attr: str) -> Any:
        with _LAZY_LOCK:  # another thread waits here until the module has run
            if type(self) is _LazyModule:
                if self.__dict__.get("_docgen_loading"):  # asked while running: not there yet
                    raise AttributeError(attr)
                self.__dict__["_docgen_loading"] = True
                try:
                    self.__spec__.loader.exec_module(self)
                except BaseException:
                    if sys.modules.get(self.__name__) is self:  # as a failed import: tried again next time
                        del sys.modules[self.__name__]
                    raise
                finally:
                    del self.__dict__["_docgen_loading"]
                    self.__class__ = types.ModuleType
        return getattr(self, attr)


def _deferred(name: str, attrs: tuple[str, ...]) -> types.ModuleType:
    module = types.ModuleType(name)
    for attr in attrs:

        def stand_in(*args: Any, _attr: str = attr, **kwargs: Any) -> Any:
            real = getattr(importlib.import_module(name), _attr)
            return real(*args, **kwargs)

        stand_in.__name__ = attr
        setattr(module, attr, stand_in)
    return module


def quick() -> bool:
    """Whether this process's WeasyPrint was imported the quick way (for tests and ``--debug``)."""
    ffi = sys.modules.get(FFI_MODULE)
    return ffi is not None and "_docgen_ffi" in vars(ffi)
