"""Fonts per GB/T 9704 role: the official family where installed, an open stand-in otherwise.

The PDF renderer names the chosen family first and a wide-coverage CJK face second, so a character the
chosen face lacks is still printed; this module tells which characters that is, before rendering, so the
user hears it from docgen instead of finding a different-looking glyph on paper. The DOCX renderer names
the official family (what a secretary's Word or WPS has); the fontconfig aliases that setup installs map
those names to the stand-ins for LibreOffice here.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont

from .. import standard as std
from ..cachedir import cache_dir, keep
from ..errors import FontError
from ..model import Role

# Families offices use (spec A4.2/A4.3), in order of preference.
OFFICIAL: dict[Role, tuple[str, ...]] = {
    Role.FANGSONG: ("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong"),
    Role.HEI: ("黑体", "SimHei", "STHeiti"),
    Role.KAI: ("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "STKaiti"),
    Role.SONG: ("宋体", "SimSun", "STSong"),
    Role.XIAOBIAOSONG: ("方正小标宋简体", "FZXiaoBiaoSong-B05S", "方正小标宋_GBK"),
}

# Open stand-ins available as Debian packages (notes/engineering-facts.md), with the weight to ask for.
STAND_IN: dict[Role, tuple[tuple[str, int], ...]] = {
    Role.FANGSONG: (("FandolFang", 400),),
    # FandolHei before Noto Sans: both complete for GB2312, and a subset of the small OpenType file costs
    # ~15 ms against ~60 ms for the 19 MB collection in every PDF.
    Role.HEI: (("FandolHei", 400), ("Noto Sans CJK SC", 400)),
    Role.KAI: (("FandolKai", 400), ("AR PL KaitiM GB", 400), ("LXGW WenKai", 400)),
    Role.SONG: (("FandolSong", 400), ("Noto Serif CJK SC", 400)),
    Role.XIAOBIAOSONG: (("Noto Serif CJK SC", 700),),
}

# Second in every stack: covers the rare name characters GB2312 faces lack (喆堃赟珺…).
FALLBACK: dict[Role, tuple[str, int]] = {
    role: ("Noto Sans CJK SC", 400) if role is Role.HEI else ("Noto Serif CJK SC", 400) for role in Role
}

# The family name written into a DOCX (w:eastAsia): the canonical official name.
DOCX_NAME: dict[Role, str] = {
    Role.FANGSONG: "仿宋_GB2312",
    Role.HEI: "黑体",
    Role.KAI: "楷体_GB2312",
    Role.SONG: "宋体",
    Role.XIAOBIAOSONG: "方正小标宋简体",
}
# Fonts Windows itself ships, named in the DOCX font table as alternatives (w:altName).
DOCX_ALT_NAME: dict[Role, str] = {
    Role.FANGSONG: "仿宋",
    Role.HEI: "SimHei",
    Role.KAI: "楷体",
    Role.SONG: "SimSun",
    Role.XIAOBIAOSONG: "宋体",
}


@dataclass(frozen=True)
class FontFace:
    """One installed font file (a face inside it for .ttc collections)."""

    family: str
    path: str
    index: int
    weight: int

    @property
    def name(self) -> str:
        return f"{self.family}{' Bold' if self.weight >= 600 else ''}"


@dataclass(frozen=True)
class FontChoice:
    """What serves one role: the face, whether it is the official family, and the fallback face."""

    role: Role
    face: FontFace
    official: bool
    fallback: FontFace | None

    @property
    def css_families(self) -> tuple[str, ...]:
        fams = [self.face.family]
        if self.fallback and self.fallback.family != self.face.family:
            fams.append(self.fallback.family)
        return tuple(fams)

    @property
    def css_weight(self) -> int:
        return self.face.weight

    @property
    def docx_name(self) -> str:
        return self.face.family if self.official else DOCX_NAME[self.role]


@dataclass(frozen=True)
class Fallback:
    """Characters the chosen face of a role lacks, and which face prints them instead (or none)."""

    role: Role
    chars: str
    served_by: str | None


@dataclass(eq=False)  # hashed by identity: one FontSet per process, used as a cache key
class FontSet:
    """The resolved fonts of one run, with their metrics. Build once per process; it is read-only."""

    choices: dict[Role, FontChoice]
    _metrics: dict[FontFace, _Metrics] = field(default_factory=dict, repr=False)
    _advances: dict[Role, dict[str, float]] = field(default_factory=dict, repr=False)  # in em

    def __getitem__(self, role: Role) -> FontChoice:
        return self.choices[role]

    def _m(self, face: FontFace) -> _Metrics:
        if face not in self._metrics:
            self._metrics[face] = _Metrics.load(face)
        return self._metrics[face]

    def advance(self, role: Role, ch: str, size_pt: float) -> float:
        """Advance width of ``ch`` in points, from the face that will print it."""
        return self._em(role, ch) * size_pt

    def _em(self, role: Role, ch: str) -> float:
        table = self._advances.setdefault(role, {})
        em = table.get(ch)
        if em is None:
            choice = self.choices[role]
            m = self._m(choice.face)
            if not m.has(ch) and choice.fallback is not None:
                fb = self._m(choice.fallback)
                if fb.has(ch):
                    m = fb
            em = table[ch] = m.advance(ch)
        return em

    def width(self, role: Role, text: str, size_pt: float) -> float:
        table = self._advances.get(role, {})
        try:
            return sum(table[ch] for ch in text) * size_pt
        except KeyError:
            return sum(self._em(role, ch) for ch in text) * size_pt

    def vertical(self, role: Role) -> tuple[float, float]:
        """The ascent and descent (em) of the face that sets ``role``: where Pango puts the baseline."""
        m = self._m(self.choices[role].face)
        return m.ascent, m.descent

    def ink(self, role: Role, ch: str) -> tuple[float, float]:
        """How far below and above the baseline the outline of ``ch`` (one of :data:`INK`) reaches, in em,
        in the face that sets ``role``."""
        return self._m(self.choices[role].face).ink[ord(ch)]

    def fallbacks(self, uses: Iterable[tuple[Role, str]]) -> list[Fallback]:
        """For each role, the characters of its text its chosen face lacks (spaces and controls aside)."""
        wanted: dict[Role, set[str]] = {}
        for role, text in uses:
            wanted.setdefault(role, set()).update(ch for ch in text if not ch.isspace())
        out = []
        for role, chars in wanted.items():
            choice = self.choices[role]
            missing = sorted(ch for ch in chars if not self._m(choice.face).has(ch))
            if not missing:
                continue
            served = None
            if choice.fallback is not None and all(self._m(choice.fallback).has(c) for c in missing):
                served = choice.fallback.name
            out.append(Fallback(role, "".join(missing), served))
        return out


_PLANE = 0x110000
# Characters placed by their outline, not their advance: the page number's 一字线 (render/pdf/css.py).
INK = (std.FOLIO_DASH,)


@dataclass
class _Metrics:
    """What line breaking, coverage checks and the page number's placement need of a face, compactly:
    which code points it maps (a bit per code point) and their advances (in em; CJK faces give almost
    every glyph the same one, so only the others are kept), the ascent and descent Pango places a line
    by, and the vertical ink extent of the few glyphs docgen places by their outline (:data:`INK`).
    fontTools builds a dict of every cmap entry (~0.15 s and ~10 MB per CJK face) and parses a CFF face's
    charstrings to draw one glyph (~0.1 s more); this is computed once per font file and kept in the
    user's cache folder."""

    bitmap: bytes
    default: float
    others: dict[int, float]
    ascent: float = 0.88  # em, from hhea (what Pango uses)
    descent: float = 0.12
    ink: dict[int, tuple[float, float]] = field(default_factory=dict)  # code point: (y min, y max) in em

    def has(self, ch: str) -> bool:
        cp = ord(ch)
        return bool(self.bitmap[cp >> 3] & (1 << (cp & 7)))

    def advance(self, ch: str) -> float:
        if not self.has(ch):
            return 1.0 if ord(ch) >= 0x2E80 else 0.5  # unknown: full width for CJK, half otherwise
        return self.others.get(ord(ch), self.default)

    @classmethod
    def load(cls, face: FontFace) -> _Metrics:
        path = _metrics_cache(face)
        if path is not None:
            try:
                data = json.loads(path.read_text(encoding="ascii"))
                return cls(
                    base64.b64decode(data["bitmap"]),
                    data["default"],
                    {int(k): v for k, v in data["others"].items()},
                    data["ascent"],
                    data["descent"],
                    {int(k): (lo, hi) for k, (lo, hi) in data["ink"].items()},
                )
            except (OSError, ValueError, KeyError, TypeError):
                pass  # absent or unreadable: measure the font again
        metrics = cls.measure(face)
        if path is not None:
            metrics._store(path)
        return metrics

    @classmethod
    def measure(cls, face: FontFace) -> _Metrics:
        from fontTools.pens.boundsPen import BoundsPen

        font = TTFont(face.path, fontNumber=face.index, lazy=True)
        try:
            cmap = font.getBestCmap() or {}
            hmtx = font["hmtx"].metrics
            upem = font["head"].unitsPerEm
            hhea = font["hhea"]
            ascent, descent = hhea.ascent / upem, abs(hhea.descent) / upem  # some fonts store it positive
            ink = {}
            glyphs = font.getGlyphSet()
            for ch in INK:
                if ord(ch) in cmap:
                    pen = BoundsPen(glyphs)
                    glyphs[cmap[ord(ch)]].draw(pen)
                    if pen.bounds is not None:
                        ink[ord(ch)] = (pen.bounds[1] / upem, pen.bounds[3] / upem)
        finally:
            font.close()
        bitmap = bytearray(_PLANE // 8)
        ems: dict[int, float] = {}
        for cp, glyph in cmap.items():
            if cp < _PLANE:
                bitmap[cp >> 3] |= 1 << (cp & 7)
                ems[cp] = (hmtx[glyph][0] if glyph in hmtx else upem) / upem
        default = Counter(ems.values()).most_common(1)[0][0] if ems else 1.0
        others = {cp: em for cp, em in ems.items() if em != default}
        return cls(bytes(bitmap), default, others, ascent, descent, ink)

    def _store(self, path: Path) -> None:
        data = {
            "bitmap": base64.b64encode(self.bitmap).decode(),
            "default": self.default,
            "others": {str(k): v for k, v in self.others.items()},
            "ascent": self.ascent,
            "descent": self.descent,
            "ink": {str(k): v for k, v in self.ink.items()},
        }
        keep(path, json.dumps(data).encode("ascii"))


def _metrics_cache(face: FontFace) -> Path | None:
    """The cache file of a face's metrics, named by the font file's identity (path, size, mtime)."""
    try:
        st = os.stat(face.path)
    except OSError:
        return None
    key = hashlib.sha256(f"{face.path}|{face.index}|{st.st_size}|{st.st_mtime_ns}".encode()).hexdigest()
    return cache_dir(f"metrics-{_METRICS_VERSION}") / f"{key[:32]}.json"


_METRICS_VERSION = 2  # 2: ascent, descent and ink added


@cache
def installed_faces() -> tuple[FontFace, ...]:
    """Every face fontconfig knows, once per process."""
    try:
        out = subprocess.run(
            ["fc-list", "--format", "%{family}\t%{file}\t%{index}\t%{weight}\n"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
    except (OSError, subprocess.SubprocessError) as e:
        raise FontError.of("fonts.no_fc_list") from e
    faces = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) != 4 or not parts[1].lower().endswith((".ttf", ".otf", ".ttc", ".otc")):
            continue
        fams, path, index, weight = parts
        try:
            w = _fc_weight_to_css(float(weight.strip("[]").split()[0]))
            idx = int(index)
        except ValueError:
            continue
        for fam in fams.split(","):
            faces.append(FontFace(family=fam.strip(), path=path, index=idx, weight=w))
    return tuple(faces)


def _fc_weight_to_css(w: float) -> int:
    """fontconfig weights (80 regular, 200 bold, 210 black) to CSS weights."""
    if w >= 205:
        return 900
    if w >= 180:
        return 700
    if w >= 100:
        return 500
    return 400


def _find(family: str, weight: int, faces: tuple[FontFace, ...]) -> FontFace | None:
    same = [f for f in faces if f.family == family]
    if not same:
        return None
    return min(same, key=lambda f: (abs(f.weight - weight), f.path))


@cache
def resolve() -> FontSet:
    """Choose a face for every role: official families first, then the stand-ins."""
    faces = installed_faces()
    choices = {}
    for role in Role:
        face, official = None, False
        for fam in OFFICIAL[role]:
            face = _find(fam, 400, faces)
            if face:
                official = True
                break
        if face is None:
            for fam, weight in STAND_IN[role]:
                face = _find(fam, weight, faces)
                if face:
                    break
        fb_family, fb_weight = FALLBACK[role]
        fallback = _find(fb_family, fb_weight, faces)
        if face is None:
            face = fallback
        if face is None:
            wanted = "、".join([*OFFICIAL[role][:2], STAND_IN[role][0][0]])
            raise FontError.of("fonts.none_for_role", role=role.value, wanted=wanted)
        choices[role] = FontChoice(role=role, face=face, official=official, fallback=fallback)
    return FontSet(choices)


def harfbuzz_subsetting() -> bool:
    """Whether WeasyPrint can subset fonts with HarfBuzz (0.3 s) instead of fontTools (6 s per document)."""
    try:
        from ..render.pdf.weasy.quickimport import load

        load()
        from weasyprint.text.ffi import harfbuzz_subset
    except Exception:
        return False
    return harfbuzz_subset is not None
