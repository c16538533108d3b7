"""Bytes a process made and may be asked for again (fontembed.py's subsets, deflate.py's deflated
streams), kept under a byte budget, least recently used out first. Safe across threads: documents may
be written in several at once (docgen serve)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable


class KeptBytes:
    """At most ``budget`` bytes of values; a value over a quarter of the budget is not kept (it would
    push out everything else)."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.size = 0
        self._values: OrderedDict[Hashable, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> bytes | None:
        with self._lock:
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
            return value

    def put(self, key: Hashable, value: bytes) -> None:
        if len(value) > self.budget // 4:
            return
        with self._lock:
            if key not in self._values:
                self._values[key] = value
                self.size += len(value)
            while self.size > self.budget:
                self.size -= len(self._values.popitem(last=False)[1])

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self.size = 0

    def __len__(self) -> int:
        return len(self._values)
