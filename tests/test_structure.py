"""The shape of the package, checked so that it can only get better: no import cycles between docgen's
modules at module level, and no module over 500 lines except the ones listed (which may only shrink).

A newcomer reads a module with what it imports; a cycle means neither side can be read (or loaded) first,
and a 1,000-line module is several modules waiting to be named.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "docgen"
MAX_LINES = 500

# Modules allowed over MAX_LINES, with their size in lines when listed: none since session 6 split the last
# eight. Only shrink it: the test fails when a listed one grows beyond its number, when another module
# crosses MAX_LINES, or when a listed one is back within the limit and its line was not deleted.
OVERSIZED: dict[str, int] = {}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def module_level_imports(body: list[ast.stmt]) -> Iterator[ast.Import | ast.ImportFrom]:
    """The import statements that run when the module is imported: at module level, also inside ``if``,
    ``try``, ``with`` and class bodies; not inside functions (lazy imports) nor under ``if TYPE_CHECKING``."""
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                yield from module_level_imports(node.body)
            yield from module_level_imports(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody, *(h.body for h in node.handlers)):
                yield from module_level_imports(block)
        elif isinstance(node, ast.With | ast.ClassDef):
            yield from module_level_imports(node.body)


def import_graph(known: dict[str, Path]) -> dict[str, set[str]]:
    """Module → the docgen modules it imports at module level. ``from .a import b`` is an edge to ``a.b`` when
    that is a module, else to ``a``. A package's implicit import of its parents is not an edge: Python
    runs the parents first whatever they import, and a package ``__init__`` importing its own submodules
    (``docgen.cli`` registering its commands) is the façade pattern, not a cycle a reader meets."""
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        is_package = path.name == "__init__.py"
        here = name.split(".") if is_package else name.split(".")[:-1]
        edges: set[str] = set()
        for node in module_level_imports(ast.parse(path.read_text(encoding="utf-8")).body):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                base = here[: len(here) - node.level + 1] if node.level else []
                target = ".".join(base + ([node.module] if node.module else []))
                # a name that is a submodule needs only that module loaded; any other name needs the
                # body of the module it comes from
                targets = [
                    f"{target}.{a.name}" if f"{target}.{a.name}" in known else target for a in node.names
                ]
            edges.update(t for t in targets if t in known and t != name)
        graph[name] = edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycles_at_module_level() -> None:
    graph = import_graph(modules())
    assert len(graph) > 50 and graph["docgen.cli"] >= {"docgen.cli.console", "docgen.cli.render"}
    assert cycles(graph) == []


def test_the_cycle_check_sees_a_cycle(tmp_path: Path) -> None:
    """Two modules importing each other at module level are a cycle; a lazy import and a TYPE_CHECKING
    import are not."""
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "a.py").write_text("from . import b\n")
    (tmp_path / "pkg" / "b.py").write_text("from .a import thing\n")
    (tmp_path / "pkg" / "c.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import d\n"
    )
    (tmp_path / "pkg" / "d.py").write_text("def f():\n    from . import c\n")
    known = {
        ".".join(p.relative_to(tmp_path).with_suffix("").parts): p for p in (tmp_path / "pkg").glob("*.py")
    }
    known = {k.removesuffix(".__init__"): v for k, v in known.items()}
    assert cycles(import_graph(known)) == [["pkg.a", "pkg.b"]]


def test_no_module_over_500_lines_but_the_listed_ones() -> None:
    sizes = {
        str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines()) for p in modules().values()
    }
    grown = {f: (sizes.get(f), limit) for f, limit in OVERSIZED.items() if sizes.get(f, 0) > limit}
    assert grown == {}, "a listed module grew (size now, size allowed): split it instead"
    new = {f: n for f, n in sizes.items() if n > MAX_LINES and f not in OVERSIZED}
    assert new == {}, f"over {MAX_LINES} lines: split the module"
    done = {f: sizes.get(f) for f in OVERSIZED if sizes.get(f, 0) <= MAX_LINES}
    assert done == {}, f"now within {MAX_LINES} lines (or gone): delete its line in OVERSIZED"


# docgen/cli/: the modules every command may use, and the command modules, which use only those
CLI_SHARED = {"docgen.cli.console", "docgen.cli.args", "docgen.cli.english", "docgen.cli.checking"}
CLI_COMMANDS = {"docgen.cli.render", "docgen.cli.batch", "docgen.cli.finalize", "docgen.cli.serve"}


def cli_imports(path: Path, name: str, known: dict[str, Path]) -> set[str]:
    """The docgen.cli modules ``path`` imports anywhere (also inside functions)."""
    here = name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = here[: len(here) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            found.update(
                f"{target}.{a.name}" if f"{target}.{a.name}" in known else target for a in node.names
            )
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return {m for m in found if m.startswith("docgen.cli") and m != name}


def test_no_cli_command_module_imports_another() -> None:
    """A command group can be read, moved or removed alone: it imports console/args/english/checking, never
    another command group (nor the package ``__init__``, the app that registers them)."""
    known = modules()
    cli = {m for m in known if m.startswith("docgen.cli.")}
    assert cli == CLI_SHARED | CLI_COMMANDS, "classify the new module here"
    crossing = {
        m: sorted(cli_imports(known[m], m, known) - CLI_SHARED) for m in sorted(CLI_COMMANDS | CLI_SHARED)
    }
    assert {m: i for m, i in crossing.items() if i} == {}


# What docgen/cli/ may import from the library besides ``docgen.api`` (issue 16: every command goes through the
# api), each for its reason; None: any name. Imports under ``if TYPE_CHECKING`` name types and run nothing.
CLI_LIBRARY: dict[str, set[str] | None] = {
    "docgen": {"__version__"},  # ``docgen --version``
    "docgen.errors": None,  # the errors, findings and exit codes every command raises and reports
    "docgen.source": {"SourceRef"},  # where an error a command raises points
    "docgen.output": {"ensure_writable"},  # an output folder refused before any work starts
    "docgen.render.options": {"RenderOptions"},  # the value ``render`` fills from its flags
    "docgen.chars": {
        "SURROGATE",
        "UNWRITABLE",
        "shown",
    },  # argument checks (loads re only: --help stays light)
    "docgen.finalize": {"PASSWORD_ENV"},  # named in --help; the package alone loads no signing code
    "docgen.fields": {"meaning"},  # how a field ``api.template_fields`` gave reads in Chinese …
    "docgen.fields_en": {"meaning_en", "type_en"},  # … and in English
    "docgen.serve": {"serve"},  # the web page: a front end of its own, which ``docgen serve`` only starts
    "docgen.messages": {"msg", "Text"},  # the message catalogue, in which the CLI words its own errors
    "docgen.launch": {"GLOBAL_OPTIONS", "quiet_pydantic"},  # the process's first step, before the CLI loads
}


def library_imports(path: Path, name: str, known: dict[str, Path]) -> set[tuple[str, str]]:
    """(module, name) for each docgen import in ``path`` that runs, at module level or inside a function:
    ``from ..x import y`` is (docgen.x, y), or (docgen.x.y, "*") when y is a module; ``import docgen.x`` is
    (docgen.x, "*"). Not under ``if TYPE_CHECKING``."""
    here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: set[tuple[str, str]] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.ImportFrom):
            base = here[: len(here) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            for a in node.names:
                sub = f"{target}.{a.name}"
                found.add((sub, "*") if sub in known else (target, a.name))
        elif isinstance(node, ast.Import):
            found.update((a.name, "*") for a in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return {(m, n) for m, n in found if m == "docgen" or m.startswith("docgen.")}


def outside_the_api(found: set[tuple[str, str]]) -> list[str]:
    """The imports of ``found`` that neither go through ``docgen.api`` nor are listed in CLI_LIBRARY."""
    bad = []
    for module, imported in sorted(found):
        if module == "docgen.api" or module.startswith("docgen.cli"):
            continue
        allowed = CLI_LIBRARY.get(module, set())
        if allowed is not None and imported not in allowed:
            bad.append(f"{module}.{imported}" if imported != "*" else module)
    return bad


def test_cli_reaches_the_library_only_through_the_api() -> None:
    """Each command calls ``docgen.api`` (which imports the engines when called), so the api is the one
    door to the library a newcomer must know, and the boundary --help and check rely on holds in one place."""
    known = modules()
    cli = sorted(m for m in known if m == "docgen.cli" or m.startswith("docgen.cli."))
    assert len(cli) >= 8
    found = {m: outside_the_api(library_imports(known[m], m, known)) for m in cli}
    assert {m: bad for m, bad in found.items() if bad} == {}


def test_the_api_check_sees_a_library_import(tmp_path: Path) -> None:
    """A library module imported inside a command function is caught, a listed value and the api are not,
    nor a type imported under TYPE_CHECKING."""
    code = (
        "from typing import TYPE_CHECKING\n"
        "from ..errors import InputError\n"
        "from ..output import ensure_writable, write_all\n"
        "if TYPE_CHECKING:\n    from ..batch import Unit\n"
        "def command():\n    from .. import api, batch\n    from ..typeset import fonts\n"
        "    import docgen.rollup\n"
    )
    path = tmp_path / "cmd.py"
    path.write_text(code, encoding="utf-8")
    known = dict.fromkeys(["docgen.batch", "docgen.api", "docgen.typeset.fonts", "docgen.rollup"], path)
    found = library_imports(path, "docgen.cli.cmd", known)
    assert outside_the_api(found) == [
        "docgen.batch",
        "docgen.output.write_all",
        "docgen.rollup",
        "docgen.typeset.fonts",
    ]
