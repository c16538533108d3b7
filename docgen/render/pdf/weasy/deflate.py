"""The PDF's streams deflated at zlib's default level (6) instead of pydyf's fixed 9, and a large stream
deflated before (a font subset, a seal's picture) taken from this process's cache.

Level 9 spent ~36 ms of an annual report's writing on 0.9 MB of streams (mostly the embedded font
subsets); level 6 takes ~21 ms for 0.3 % more bytes. pydyf offers no option, so the module's ``zlib`` is
swapped for one whose ``compressobj`` ignores the level asked for, while docgen writes (``weasy.tuned``).

The streams of ``CACHE_FROM`` bytes or more are fonts and pictures, which recur from document to document
of a batch (fontembed.py keeps the subsets themselves); deflating them again cost ~5 ms per 0.4 MB. Such a
stream's deflated bytes are kept under a digest of its bytes (``CACHE_BYTES`` at most, least recently used
out first): the same input, the same calls to zlib, the same output. Page contents (under ~20 KB) differ
from document to document and are deflated each time.
"""

from __future__ import annotations

import hashlib
import zlib
from typing import Any

from . import compat
from .kept import KeptBytes
from .patching import Patches

W = compat.require()
LEVEL = 6
CACHE_FROM = 64 * 1024
CACHE_BYTES = 8 * 2**20
_deflated = KeptBytes(CACHE_BYTES)  # (arguments, chunk lengths, digest) → the deflated bytes


class _Finished:
    """What a compressor is after its final flush: any further call is an error, as with zlib's."""

    def compress(self, data: bytes) -> bytes:
        raise zlib.error("the stream was finished")

    def flush(self, mode: int = zlib.Z_FINISH) -> bytes:
        raise zlib.error("the stream was finished")


_FINISHED = _Finished()


class _Deflater:
    """A compressor at ``LEVEL`` whose output comes from ``flush``: the input is gathered, then deflated by
    zlib's own compressor with the same calls in the same order (``compress`` once per chunk, then
    ``flush``), or taken from the cache when a large input was deflated before. Any other use (a flush
    that does not finish) hands everything to zlib's compressor from then on."""

    def __init__(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        self._args, self._kwargs = args, kwargs
        self._chunks: list[bytes] = []
        self._zlib: Any = None

    def _compressor(self) -> tuple[Any, bytes]:
        """zlib's compressor, fed what was gathered (and what it gave for that)."""
        if self._zlib is not None:
            return self._zlib, b""
        self._zlib = zlib.compressobj(LEVEL, *self._args, **self._kwargs)
        chunks, self._chunks = self._chunks, []
        return self._zlib, b"".join([self._zlib.compress(chunk) for chunk in chunks])

    def compress(self, data: bytes) -> bytes:
        if self._zlib is not None:
            return self._zlib.compress(data)
        self._chunks.append(bytes(data))
        return b""

    def flush(self, mode: int = zlib.Z_FINISH) -> bytes:
        size = sum(map(len, self._chunks))
        if self._zlib is not None or mode != zlib.Z_FINISH or size < CACHE_FROM:
            compressor, head = self._compressor()
            return head + compressor.flush(mode)
        digest = hashlib.blake2b(digest_size=20)
        for chunk in self._chunks:
            digest.update(chunk)
        key = (
            self._args,
            tuple(sorted(self._kwargs.items())),
            tuple(map(len, self._chunks)),
            digest.digest(),
        )
        out = _deflated.get(key)
        if out is None:
            compressor, head = self._compressor()
            out = head + compressor.flush(mode)
            _deflated.put(key, out)
        else:  # finished, as zlib's compressor would be: a further call fails
            self._chunks = []
            self._zlib = _FINISHED
        return out


class _DefaultLevelZlib:
    """zlib, but every compressor at ``LEVEL`` (anything else pydyf asks of zlib passes through)."""

    @staticmethod
    def compressobj(level: int = LEVEL, *args: Any, **kwargs: Any) -> Any:
        return _Deflater(args, kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)


PATCHES = Patches(attributes=((W.pydyf, "zlib", _DefaultLevelZlib()),))
