"""Writing a generated form (``forms.py``) back into the data file it was opened from, changing only what
the page changed.

Why a merge and not a rewrite: the secretary's file carries comments, an order and spellings of its own
(``seal: 印章.png`` rather than a list of one, an 附件 by its name alone). The form as opened and the form
as saved are compared node by node: an unchanged value keeps its node as the file wrote it; a changed
record is edited key by key in place (its comments stay); a list's rows are matched to the file's items
(an unchanged row keeps its item, wherever it moved; an edited row is merged into the item it replaced);
only new values are written afresh, in the shape ``docgen init`` writes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from . import comments
from .forms import EMPTY, data_of

_UNSET: Any = object()  # "no form value before": the value is new


def apply(doc: Any, node: dict[str, Any], old: Any, new: Any) -> Any:
    """The file's value ``doc`` (a ruamel node, plain JSON data, or None when absent) updated from the form
    value ``old`` (as opened) to ``new``; EMPTY when the field is now blank."""
    if old is not _UNSET and old == new:
        return doc
    how = node["control"]
    if how == "group":
        return _group(doc, node, old, new)
    if how == "list":
        return _list(doc, node, old, new)
    if how == "mapping":
        return _mapping(doc, node, old, new)
    if how == "union":
        old_v = old if isinstance(old, dict) else {}
        new_v = new if isinstance(new, dict) else {}
        variant = new_v.get("variant") if new_v.get("variant") in range(len(node["variants"])) else 0
        same = old is not _UNSET and old_v.get("variant") == variant
        return apply(doc if same else None, node["variants"][variant], old_v.get("value") if same else _UNSET,
                     new_v.get("value"))  # fmt: skip
    return _scalar(node, new)


def _scalar(node: dict[str, Any], new: Any) -> Any:
    from ruamel.yaml.scalarstring import LiteralScalarString

    value = data_of(node, new, node.get("title", ""))
    if value is EMPTY or isinstance(value, bool):
        return value
    if isinstance(value, list | dict):  # YAML typed into a field, or text items with headings
        return fresh(value)
    if node["control"] == "textarea" and isinstance(value, str) and "\n" in value.strip():
        return LiteralScalarString(value.strip("\n") + "\n")
    if node.get("type") == "date" and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def fresh(value: Any) -> Any:
    """Plain data as ruamel nodes: block mappings, lists of scalars on one line."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = fresh(v)
        return out
    if isinstance(value, list):
        seq = CommentedSeq(fresh(v) for v in value)
        if all(not isinstance(v, dict | list) and "\n" not in str(v) for v in value):
            seq.fa.set_flow_style()
        return seq
    return value


def _group(doc: Any, node: dict[str, Any], old: Any, new: Any) -> Any:
    from ruamel.yaml.comments import CommentedMap

    plain = data_of(node, new)
    if plain is EMPTY or isinstance(plain, str):  # blank, or an 附件 by its name alone
        return plain
    if not isinstance(doc, dict):
        doc, old = CommentedMap(), _UNSET
    merge_fields(doc, node["fields"], old, new)
    return doc


def merge_fields(
    doc: dict[str, Any], fields: list[dict[str, Any]], old: Any, new: Any, order: list[str] | None = None
) -> None:
    """A record's fields updated in place: changed keys where they are, new keys in the model's order
    (``order``: all the model's keys, when ``fields`` are only some), blanked keys removed."""
    old = old if isinstance(old, dict) else {}
    new = new if isinstance(new, dict) else {}
    keys = order or ["template", *(f["key"] for f in fields)]
    for f in fields:
        k = f["key"]
        before = old.get(k, _UNSET) if k in doc else _UNSET  # a key the file lacks is new
        value = apply(doc.get(k), f, before, new.get(k))
        if value is EMPTY:
            doc.pop(k, None)
        elif k not in doc or doc[k] is not value:
            _replace(doc, k, value, keys)


def _replace(doc: dict[str, Any], key: str, value: Any, order: list[str]) -> None:
    """``put``, and a record or list replaced whole keeps the comment lines that followed it (a report's
    parts by key turned into a list of parts: docgen init's notes after them stay)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    notes = comments.following(doc, key) if isinstance(doc.get(key), CommentedMap | CommentedSeq) else ""
    put(doc, key, value, order)
    if notes:
        comments.attach(doc, key, notes)


def put(mapping: dict[str, Any], key: str, value: Any, order: list[str]) -> None:
    """Set ``key``; a key the mapping lacks goes after the fields that precede it in ``order``."""
    if key in mapping:
        mapping[key] = value
        return
    before = set(order[: order.index(key)]) if key in order else set(order)
    keys = list(mapping)
    at = max((i + 1 for i, k in enumerate(keys) if k in before), default=0)
    if hasattr(mapping, "insert"):  # a ruamel mapping: in the place of its commented-out placeholder
        placed = comments.take_placeholder(mapping, keys[at - 1], key, value) if at else None
        mapping.insert(at, key, value)
        if placed and placed[0]:
            comments.attach(mapping, key, *placed)
        return
    items = list(mapping.items())
    items.insert(at, (key, value))
    mapping.clear()
    mapping.update(items)


def _list(doc: Any, node: dict[str, Any], old: Any, new: Any) -> Any:
    from ruamel.yaml.comments import CommentedSeq

    item = node["item"]
    rows = new if isinstance(new, list) else []
    was_list = isinstance(doc, list)
    items = list(doc) if was_list else ([] if doc is None else [doc])
    before = old if isinstance(old, list) and len(old) == len(items) else [_UNSET] * len(items)
    unused = list(range(len(items)))
    chosen: list[int | None] = []
    for row in rows:  # an unchanged row keeps its item, wherever it moved
        j = next((j for j in unused if before[j] is not _UNSET and before[j] == row), None)
        if j is not None:
            unused.remove(j)
        chosen.append(j)
    out = []
    for row, j in zip(rows, chosen, strict=True):
        if j is None and unused:  # an edited row: merged into the item it replaced
            j = unused.pop(0)
            value = apply(items[j], item, before[j], row)
        elif j is None:
            value = apply(None, item, _UNSET, row)
        else:
            value = items[j]
        if value is not EMPTY or node.get("positional"):
            out.append(None if value is EMPTY else value)
    blank = all(v is None for v in out) if node.get("positional") else not out
    if blank:
        return EMPTY
    alone = not was_list and (doc is not None or node.get("single"))
    if alone and len(out) == 1 and not isinstance(out[0], dict | list):
        return out[0]  # one value written alone, as the file (or docgen init) writes it
    if isinstance(doc, CommentedSeq):
        _refill(doc, out)
        return doc
    if was_list:
        return out
    return fresh(out) if all(not isinstance(v, dict | list) for v in out) else CommentedSeq(out)


def _refill(seq: Any, items: list[Any]) -> None:
    """Replace a sequence's items in place (its style kept); the comment after its last item (often the
    lines before the next field) follows the new last item."""
    tail = seq.ca.items.pop(len(seq) - 1, None) if len(seq) else None
    if len(items) != len(seq):
        seq.ca.items.clear()  # the other items' comments no longer know their place
    seq[:] = items
    if tail is not None:
        seq.ca.items[len(items) - 1] = tail


def _mapping(doc: Any, node: dict[str, Any], old: Any, new: Any) -> Any:
    from ruamel.yaml.comments import CommentedMap

    rows = [r for r in (new if isinstance(new, list) else []) if isinstance(r, dict)]
    was = (
        {str(r.get("key")): r.get("value") for r in old if isinstance(r, dict)}
        if isinstance(old, list)
        else {}
    )
    target = doc if isinstance(doc, dict) else CommentedMap()
    wanted: dict[str, Any] = {}
    for row in rows:
        key = str(row.get("key") or "").strip()
        if key:
            before = was.get(key, _UNSET) if key in target else _UNSET
            value = apply(target.get(key), node["item"], before, row.get("value"))
            wanted[key] = "" if value is EMPTY else value
    if not wanted:
        return EMPTY
    for key in [k for k in target if k not in wanted]:
        del target[key]
    for key, value in wanted.items():
        put(target, key, value, list(wanted))
    return target
