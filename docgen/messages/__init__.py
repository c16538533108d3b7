"""What docgen says to its users, in Chinese and English, looked up by a stable key.

Every message an error or finding carries lives in two catalogues, ``zh`` and ``en``: plain dicts of key →
template, each split by area into parts of the same names (``general.py``, ``annual.py``, ``finalize.py``;
``__init__.py`` merges them), read once, on the first message made (a command that reports nothing loads
neither). A key
is a dotted lowercase name grouped by the module that says it (``data.file.not_found``,
``sign.p12.no_password``); a template holds ``{named}`` placeholders filled with ``str.format`` (so
``{name!r}`` and ``{count:,}`` work, and a literal brace is written ``{{``). The optional entry
``<key>.hint`` is the message's "what to do" line.

How to add a message
--------------------
1. Pick a key: the module's prefix (look at its neighbours in ``zh/``) and what went wrong.
2. Add the Chinese template to ``zh/<part>.py`` and the English one to ``en/<part>.py`` under the same key,
   with the same placeholders; add ``<key>.hint`` to both when the user can do something about it.
3. Say it in one line at the call site::

       raise InputError.of("data.file.not_found", source=SourceRef(str(path)))
       out.append(Finding.of(W, "R13", "annual.r13.date_too_early", source, issued=issued, year=year))
       what = msg("data.limit.depth", max=MAX_DEPTH)  # a Text: .zh and .en

   A field whose wording itself depends on the language is passed as a ``Text`` (``msg(...)`` or
   ``Text(zh, en)``): each language takes its own side (a Chinese date and an ISO one, 表三's row label and
   its key, a list joined with ``、`` and with ``, ``). The key must be a string literal at the call, so
   that the test below can find it; choose between two keys with two calls, not with a variable.
4. The other shapes: ``hint=msg(...)`` for a hint shared by several messages (or chosen at the call),
   ``details=[msg(...), …]`` for an error's detail lines, ``Finding.of(…, blank=Text(…))`` for the
   blank-cells summary, ``ValidationFailed(findings, *msg(key))`` and ``LayoutError.of(key)`` alike, and
   ``msg(key)`` wherever a pair is needed (a ``Bad`` cell value, a ``TemplateLimit``). ``EMPTY`` says
   nothing in both languages.
5. Run ``tests/test_messages.py``. Field names ``source``, ``hint``, ``details``, ``exit_code``, ``origin``
   and ``blank`` are the constructors' own and cannot be placeholders.

When a part nears the 500 lines a module may have (tests/test_structure.py), add a part to both languages
(and to their ``PARTS``).

How a missing translation is found
----------------------------------
``tests/test_messages.py`` fails when a key is in one catalogue and not the other, when a key's
placeholders differ between the languages, when a key said in ``docgen/`` (found by scanning the source for
calls of ``msg`` and the ``.of`` constructors) is in no catalogue, when an entry is said nowhere, or when a
call passes other fields than its templates use. So an English text cannot silently be missing: the test
names the key. Texts written before the catalogues where one language names a field the other does not (the
English often leaves out a Chinese label) are listed in the test's ``ONE_SIDED``, which may only shrink.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any, NamedTuple

LANGS = ("zh", "en")
HINT = ".hint"  # suffix of the entry that holds a message's "what to do" line


class Text(NamedTuple):
    """One message in both languages. ``Finding``/``DocgenError`` keep the two sides as ``message`` and
    ``message_en`` because their readers (serve, batch reports, JSON outputs) read those fields."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


EMPTY = Text("", "")  # nothing to say, in either language

_catalogues: dict[str, Mapping[str, str]] = {}


def catalogue(lang: str) -> Mapping[str, str]:
    """The ``lang`` catalogue, imported on first use (so startup pays for it only when something is said)."""
    found = _catalogues.get(lang)
    if found is None:
        if lang not in LANGS:
            raise ValueError(f"no message catalogue for {lang!r}")
        found = _catalogues[lang] = importlib.import_module(f"{__name__}.{lang}").MESSAGES
    return found


def _fill(template: str, fields: Mapping[str, Any], side: int) -> str:
    return template.format_map({k: v[side] if isinstance(v, Text) else v for k, v in fields.items()})


def msg(key: str, /, **fields: Any) -> Text:
    """The message ``key`` with ``fields`` filled in, in both languages. A missing key is a KeyError: a
    defect the catalogue test catches before any user can."""
    return Text(_fill(catalogue("zh")[key], fields, 0), _fill(catalogue("en")[key], fields, 1))


def hint_of(key: str, /, **fields: Any) -> Text | None:
    """The ``<key>.hint`` entry filled in, or None when the message has no hint."""
    return msg(key + HINT, **fields) if key + HINT in catalogue("zh") else None
