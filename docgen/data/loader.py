"""Data files with positions. Every value keeps the line it came from, so a message can say
``report.yaml 第 41 行`` instead of a pydantic path.

JSON is read with the YAML composer too (JSON is YAML's subset) after ``json`` itself has checked it,
so both formats report lines the same way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..chars import UNWRITABLE
from ..errors import InputError
from ..messages import Text, msg
from ..output import os_error_zh
from ..source import SourceRef

Path_ = tuple[str | int, ...]

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")  # data read from Excel (data/xlsx_read.py), not parsed as YAML
MAX_BYTES = 20 * 1024 * 1024
# A number as people write it. YAML 1.1 also reads 017 as octal 15, 1_000 as 1000, 1:30 as 90 (base 60) and
# 0x1F as 31; such scalars are kept as the text typed, so that no figure is silently changed (the readers of
# numbers then take or refuse the text, quoting it).
_PLAIN_NUMBER = re.compile(r"[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")

# Limits on what one data file may expand to (README, "Limits"). Generous for real documents (an annual report
# has ~500 values, ~100 paragraphs, fields of a few thousand characters, nesting depth 5), they stop files
# built to exhaust memory or time: aliases repeated into billions of values ("billion laughs"), nesting that
# overflows the stack, a 5 MB paragraph (2,800 pages), 20,000 paragraphs.
MAX_DEPTH = 50  # nesting of mappings and lists
MAX_VALUES = 100_000  # values after alias expansion (``*name`` counts its anchor's values again)
MAX_FIELD_CHARS = 200_000  # one text field, ~300 pages of 公文 text
MAX_PARAGRAPHS = 5_000  # text values and blank-line-separated paragraphs in one file
MAX_TEXT_CHARS = 600_000  # all text of one file (aliases counted each time): bounds the pages, ~1,000
# Above this size the values are counted on the event stream before the node tree is built: 18 MB of
# ``[1,1,1,…]`` compose into 9 million nodes (2.7 GB, 58 s) before MAX_VALUES could say no.
PRECOUNT_FROM = 1024 * 1024


@dataclass
class Locator:
    """Maps a data path such as ``("sections", "overview", 2)`` to where it stands in the file."""

    file: str
    positions: dict[Path_, SourceRef] = field(default_factory=dict)
    # For workbooks and other sources: a function that knows better than the map.
    resolver: Callable[[Path_], SourceRef | None] | None = None

    def __call__(self, path: Path_) -> SourceRef:
        if self.resolver is not None:
            found = self.resolver(tuple(path))
            if found is not None:
                return found
        p = tuple(path)
        while p:
            if p in self.positions:
                return self.positions[p]
            p = p[:-1]
        return self.positions.get((), SourceRef(self.file))


@dataclass
class Loaded:
    """A data file's values and positions."""

    path: Path
    values: dict[str, Any]
    locate: Locator

    @property
    def template(self) -> str | None:
        t = self.values.get("template")
        return t if isinstance(t, str) else None


def _ref(file: str, mark: yaml.Mark) -> SourceRef:
    return SourceRef(file=file, line=mark.line + 1, column=mark.column + 1)


@dataclass
class _Budget:
    """What one file has expanded to so far; each limit is checked where it is crossed, so the message can
    name that value's line and field."""

    file: str
    values: int = 0
    paragraphs: int = 0
    chars: int = 0
    seen: set[int] = field(default_factory=set)  # ids of the nodes built: a second visit is an alias
    aliased: bool = False

    def enter(self, node: yaml.Node, path: Path_) -> None:
        if len(path) > MAX_DEPTH:
            raise _limit(self.where(node), msg("data.limit.depth", max=MAX_DEPTH), path[:3], cut=True)
        self.values += 1
        if id(node) in self.seen:
            self.aliased = True
        self.seen.add(id(node))
        if self.values > MAX_VALUES:
            raise self.too_many(node, path, msg("data.limit.values", max=MAX_VALUES))

    def text(self, value: str, node: yaml.Node, path: Path_) -> None:
        if len(value) > MAX_FIELD_CHARS:
            raise _limit(
                self.where(node), msg("data.limit.field_chars", length=len(value), max=MAX_FIELD_CHARS), path
            )
        self.chars += len(value)
        if self.chars > MAX_TEXT_CHARS:
            raise self.too_many(node, path, msg("data.limit.text_chars", max=MAX_TEXT_CHARS))
        self.paragraphs += 1 + value.count("\n\n")
        if self.paragraphs > MAX_PARAGRAPHS:
            raise self.too_many(node, path, msg("data.limit.paragraphs", max=MAX_PARAGRAPHS))

    def too_many(self, node: yaml.Node, path: Path_, what: Text) -> InputError:
        """Too many values or paragraphs: when aliases were expanded, they are the cause to name."""
        if self.aliased:
            what = msg("data.limit.aliased", what=what)
        return _limit(self.where(node), what, path)

    def where(self, node: yaml.Node) -> SourceRef:
        return _ref(self.file, node.start_mark)


def field_name(path: Path_) -> str:
    """A data path as the user writes it: ``sections.overall[2]``."""
    out = ""
    for k in path:
        out += f"[{k}]" if isinstance(k, int) else (f".{k}" if out else str(k))
    return out


def _limit(where: SourceRef, what: Text, path: Path_ = (), cut: bool = False) -> InputError:
    """One message for every limit: which field (``cut``: only its start, the path goes on), which limit;
    the limits are listed in the README."""
    name = field_name(path) + ("…" if cut else "")
    hint = msg("data.limit.hint")
    if name:
        return InputError.of("data.limit.field", source=where, hint=hint, name=name, what=what)
    return InputError.of("data.limit.file", source=where, hint=hint, what=what)


def _construct(node: yaml.Node, budget: _Budget, path: Path_, positions: dict[Path_, SourceRef]) -> Any:
    """Node tree → plain values, recording each value's position. Scalars are typed by YAML's resolver."""
    file = budget.file
    budget.enter(node, path)
    positions[path] = _ref(file, node.start_mark)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = (
                yaml.SafeLoader.construct_scalar(_DUMMY, key_node)
                if isinstance(key_node, yaml.ScalarNode)
                else None
            )
            if not isinstance(key, str) or key == "":
                raise InputError.of("data.yaml.empty_key", source=_ref(file, key_node.start_mark))
            if key in out:
                raise InputError.of(
                    "data.yaml.duplicate_key", source=_ref(file, key_node.start_mark), key=key
                )
            out[key] = _construct(value_node, budget, (*path, key), positions)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(v, budget, (*path, i), positions) for i, v in enumerate(node.value)]
    try:
        value = _scalar(node)
    except ValueError as e:  # e.g. 2018-13-16: looks like a date, is none
        raise InputError.of(
            "data.yaml.bad_value",
            source=_ref(file, node.start_mark),
            value=node.value,
            problem=Text(_value_problem_zh(e), str(e)),
        ) from None
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and not _PLAIN_NUMBER.fullmatch(node.value)
    ):
        value = node.value
    if isinstance(value, str):
        budget.text(value, node, path)
        _check_text(value, file, node)
        if node.style in ("|", ">"):
            # a block scalar's text starts on the line after its indicator
            positions[path] = SourceRef(file=file, line=node.start_mark.line + 2)
    return value


def _precount(text: str, file: str) -> None:
    """Count values and nesting on the event stream (constant memory), stopping at the first limit crossed.
    Aliases are not counted here (they add no node); ``_Budget`` counts their expansion. A syntax error is left
    to the composer, whose message is the one translated."""
    depth = values = 0
    try:
        for event in yaml.parse(text, Loader=_LIBYAML or yaml.SafeLoader):
            if isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent):
                values += 1
                if values > MAX_VALUES:
                    raise _limit(_ref(file, event.start_mark), msg("data.limit.values", max=MAX_VALUES))
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _limit(_ref(file, event.start_mark), msg("data.limit.depth", max=MAX_DEPTH))
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return


def _too_deep(text: str, file: str) -> InputError:
    """Where the nesting first goes deeper than MAX_DEPTH, found on the event stream (flat, so it cannot
    overflow the stack as the composers and ``json`` do on a 1,000-deep file)."""
    try:
        _precount(text, file)
    except InputError as e:
        return e
    return _limit(SourceRef(file), msg("data.limit.depth", max=MAX_DEPTH))


class _Constructor(yaml.SafeLoader):
    pass


_DUMMY = _Constructor("")


def _scalar(node: yaml.Node) -> Any:
    """One scalar, typed by YAML's resolver. The constructor remembers every node it has built (to share
    aliased ones); forgotten at once here, or every file loaded would stay in memory with all its nodes,
    and every later garbage collection of a batch worker would walk them (+0.7 ms per annual report loaded,
    growing for the worker's whole life)."""
    try:
        return _DUMMY.construct_object(node, deep=True)
    finally:
        _DUMMY.constructed_objects.clear()


def _check_text(value: str, file: str, node: yaml.Node | None) -> None:
    """Refuse characters a DOCX cannot hold, naming where they are."""
    m = UNWRITABLE.search(value)
    if m and 0xD800 <= ord(m.group()) <= 0xDFFF:
        raise InputError.of(
            "data.text.lone_surrogate",
            source=_ref(file, node.start_mark) if node is not None else SourceRef(file),
            codepoint=ord(m.group()),
        )
    if m:
        if node is None:  # the raw file: point at the character itself
            line = value.count("\n", 0, m.start()) + 1
            where = SourceRef(file, line=line, column=m.start() - value.rfind("\n", 0, m.start()))
        else:
            where = _ref(file, node.start_mark)
        raise InputError.of("data.text.control_char", source=where, codepoint=ord(m.group()))


def not_found(path: Path) -> InputError:
    """The one message for a data file that is not there, whatever its format."""
    return InputError.of("data.file.not_found", source=SourceRef(str(path)))


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError.of(
                "data.file.too_large",
                source=SourceRef(str(path)),
                size=size // 1024 // 1024,
                max=MAX_BYTES // 1024 // 1024,
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise not_found(path) from None
    except IsADirectoryError:
        raise InputError.of("data.file.is_folder", source=SourceRef(str(path))) from None
    except OSError as e:
        raise InputError.of(
            "data.file.unreadable", source=SourceRef(str(path)), reason=Text(os_error_zh(e), str(e.strerror))
        ) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise InputError.of("data.file.not_utf8", source=SourceRef(str(path), line=line)) from None


_LIBYAML = getattr(yaml, "CSafeLoader", None)


def _compose(text: str) -> yaml.Node | None:
    """libyaml's parser where PyYAML has it (~14x faster: a batch parses every unit's file); on an error
    the pure-Python parser again, whose messages are the ones translated for the user."""
    if _LIBYAML is not None:
        try:
            return yaml.compose(text, Loader=_LIBYAML)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def load_data(path: Path) -> Loaded:
    """Read a YAML or JSON data file; errors name the file and line, in Chinese."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        from .xlsx_read import load_workbook_data

        return load_workbook_data(path)
    if suffix not in (".yaml", ".yml", ".json"):
        raise InputError.of(
            "data.file.unsupported_type",
            source=SourceRef(str(path)),
            suffix=Text(suffix or "无扩展名", suffix),
        )
    text = _read_text(path)
    file = str(path)
    _check_text(text, file, None)
    if len(text) > PRECOUNT_FROM:
        _precount(text, file)
    if suffix == ".json":
        try:
            json.loads(text)
        except RecursionError:
            raise _too_deep(text, file) from None
        except json.JSONDecodeError as e:
            raise InputError.of(
                "data.json.syntax", source=SourceRef(file, line=e.lineno, column=e.colno), msg=e.msg
            ) from None
    try:
        node = _compose(text)
    except RecursionError:  # the pure-Python composer, after libyaml found an error further on
        raise _too_deep(text, file) from None
    except yaml.MarkedYAMLError as e:
        mark = _yaml_mark(e)
        raise InputError.of(
            "data.yaml.syntax",
            source=_ref(file, mark) if mark else SourceRef(file),
            problem=Text(_yaml_problem_zh(e.problem or ""), str(e.problem)),
        ) from None
    except yaml.YAMLError as e:
        raise InputError.of("data.yaml.error", source=SourceRef(file), error=e) from None
    if node is None or not isinstance(node, yaml.MappingNode):
        raise InputError.of("data.yaml.not_mapping", source=SourceRef(file, line=1))
    positions: dict[Path_, SourceRef] = {}
    try:
        values = _construct(node, _Budget(file), (), positions)
    except yaml.constructor.ConstructorError as e:
        raise InputError.of(
            "data.yaml.unreadable_value",
            source=_ref(file, e.problem_mark) if e.problem_mark else SourceRef(file),
            problem=e.problem,
        ) from None
    positions[()] = SourceRef(file, line=1)
    return Loaded(path=path, values=values, locate=Locator(file, positions))


_YAML_PROBLEMS = {
    "mapping values are not allowed here": "此处不能出现冒号（文本中的冒号请加引号，或改用全角“：”）",
    "could not find expected ':'": "缺少冒号“:”",
    "found character '\\t' that cannot start any token": "不能使用制表符（Tab）缩进，请改用空格",
    "did not find expected key": "缩进不一致，或缺少“-”",
    "found undefined alias": "引用了未定义的锚点",
    "expected <block end>, but found '-'": "列表项“-”的缩进与上文不一致",
    # the file ended inside something opened earlier: reported where it was opened (``_yaml_mark``)
    "found unexpected end of stream": "引号没有闭合：从这里开始的文字缺少结尾的引号",
    "expected ',' or ']', but got '<stream end>'": "方括号“[”没有闭合",
    "expected ',' or '}', but got '<stream end>'": "花括号“{”没有闭合",
}


def _yaml_mark(e: yaml.MarkedYAMLError) -> yaml.Mark | None:
    """Where to send the user: where the quote or bracket was opened when the file ended inside it (the
    end of the file says nothing), else where the parser stopped."""
    at_end = "end of stream" in (e.problem or "") or "<stream end>" in (e.problem or "")
    if at_end and e.context_mark is not None:
        return e.context_mark
    return e.problem_mark or e.context_mark


def _yaml_problem_zh(problem: str) -> str:
    for en, zh in _YAML_PROBLEMS.items():
        if problem.startswith(en):
            return zh
    return problem


def _value_problem_zh(e: ValueError) -> str:
    text = str(e)
    if "day" in text:
        return "该月没有这一天"
    if "month" in text:
        return "月份超出范围"
    return text
