"""The comment lines of a YAML file around the values a save replaces or adds (ruamel.yaml's comment
tokens), so that a file ``docgen init`` wrote reads as well after the page filled it in.

Why it is needed: ruamel keeps the lines that follow a value (docgen init's notes, its commented-out
optional fields ``# copy_number: '000012'  # 份号（可不填）…``) with that value's innermost last item. A
value replaced whole would take them away; a field added after its neighbour would land below all of the
neighbour's notes and leave its own placeholder behind. Here a field filled in takes its placeholder's
place (and keeps its explanation as its own comment), and a replaced value keeps the lines after it.
"""

from __future__ import annotations

import re
from typing import Any


def _containers() -> tuple[type, type]:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    return CommentedMap, CommentedSeq


def _last(node: Any) -> Any:
    cmap, _ = _containers()
    return list(node)[-1] if isinstance(node, cmap) else len(node) - 1


def _slot(parent: Any, key: Any) -> tuple[Any, Any, int] | None:
    """Where the comment after ``parent[key]`` is kept: (node, its key, position in its entry)."""
    cmap, _ = _containers()
    value = parent[key]
    if _block(value):
        inner = _slot(value, _last(value))
        if inner is not None:
            return inner
    pos = 2 if isinstance(parent, cmap) else 0
    entry = parent.ca.items.get(key) if hasattr(parent, "ca") else None
    return (parent, key, pos) if entry and len(entry) > pos and entry[pos] is not None else None


def _token(text: str, column: int = 0) -> Any:
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    return CommentToken(text, CommentMark(column), None)


def _block(value: Any) -> bool:
    """A record or list written on lines of its own (not ``[a, b]`` on its key's line)."""
    cmap, cseq = _containers()
    return isinstance(value, cmap | cseq) and bool(value) and not value.fa.flow_style()


def attach(parent: Any, key: Any, text: str, column: int = 0) -> None:
    """Put ``text`` (a comment on the value's line, then whole lines; or ``\\n`` and whole lines) after
    ``parent[key]``: with its innermost last item when it is written on lines of its own (the comment
    meant for its key's line is then dropped: it would land on the last item), else with the key."""
    cmap, _ = _containers()
    node, last = parent, key
    if _block(node[last]) and text.startswith("#"):
        text = text[text.index("\n") :] if "\n" in text else ""
    while _block(node[last]):
        node = node[last]
        last = _last(node)
    if text.strip() and hasattr(node, "ca"):
        token = _token(text, column)
        node.ca.items[last] = (
            [None, None, token, None] if isinstance(node, cmap) else [token, None, None, None]
        )


def following(parent: Any, key: Any) -> str:
    """The whole lines after ``parent[key]`` (its own end-of-line comment left out), as ``attach`` takes
    them; "" when none."""
    slot = _slot(parent, key)
    if slot is None:
        return ""
    node, last, pos = slot
    text = node.ca.items[last][pos].value or ""
    if text.startswith("#"):
        text = text[text.index("\n") :] if "\n" in text else ""
    return text if "#" in text else ""


def take_placeholder(parent: Any, before: Any, key: str, value: Any) -> tuple[str, int] | None:
    """Cut the commented-out ``# key: …`` line (and the lines indented under it) out of the notes after
    ``parent[before]``, for ``key`` to take its place with ``value``. Its explanation stays: on the new
    line (returned, with its column, before the lines that followed the placeholder, for ``attach``), or
    on a line of its own above a value written on lines of its own. None when there is no such line."""
    slot = _slot(parent, before)
    if slot is None:
        return None
    node, last, pos = slot
    lines = (node.ca.items[last][pos].value or "").splitlines(keepends=True)
    start = next((i for i, ln in enumerate(lines) if i and re.match(rf"# ?{re.escape(key)}:", ln)), None)
    if start is None:
        return None
    end = start + 1
    while end < len(lines) and re.match(r"\s|#\s{2,}", lines[end]):  # “#   ……”, “  # title: …”
        end += 1
    why = re.search(r"\s(#\s.*)$", lines[start].rstrip("\n")[1:])
    rest = "".join(lines[end:])
    kept = "".join(lines[:start])
    if why and _block(value):
        kept, why = kept + why.group(1) + "\n", None
    column = node.ca.items[last][pos].column
    node.ca.items[last][pos] = _token(kept, column if kept.strip("\n") else 0) if kept != "\n" else None
    if why:
        return why.group(1) + "\n" + rest, why.start(1) + 1
    return ("\n" + rest if rest else ""), 0
