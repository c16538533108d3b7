"""Package parts: fontTable.xml and the ZIP members' dates."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from docx.oxml.ns import nsdecls, qn
from lxml import etree


# --- Font table -----------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class FontEntry:
    """One ``w:font`` of fontTable.xml: the name runs use, the Windows family to try instead."""

    name: str
    alt_name: str | None
    east_asian: bool = True


def font_table_xml(entries: Iterable[FontEntry]) -> bytes:
    """fontTable.xml naming each family the document uses, with ``w:altName`` so Word and WPS find a
    Windows font (仿宋) where the official one (仿宋_GB2312) is not installed; charset 86 = GB2312."""
    root = etree.fromstring(f"<w:fonts {nsdecls('w')}/>".encode())
    seen: set[str] = set()
    for entry in entries:
        if entry.name in seen:
            continue
        seen.add(entry.name)
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), entry.name)
        if entry.alt_name and entry.alt_name != entry.name:
            etree.SubElement(font, qn("w:altName")).set(qn("w:val"), entry.alt_name)
        etree.SubElement(font, qn("w:charset")).set(qn("w:val"), "86" if entry.east_asian else "00")
        etree.SubElement(font, qn("w:family")).set(qn("w:val"), "auto")
        etree.SubElement(font, qn("w:pitch")).set(qn("w:val"), "variable")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- Package --------------------------------------------------------------------------------------------
def normalize_zip(data: bytes, when: datetime) -> bytes:
    """The package with every member dated ``when``: python-docx stamps members with the wall clock, so two
    renders of the same document would otherwise differ byte for byte. The DOS date and time are rewritten
    in place, in each local header and central-directory entry (recompressing the members cost ~5 ms)."""
    y, mo, d, h, mi, s = max(when.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    stamp = struct.pack("<HH", h << 11 | mi << 5 | s // 2, (y - 1980) << 9 | mo << 5 | d)
    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        infos, entry = z.infolist(), z.start_dir
    for info in infos:
        local = info.header_offset
        assert out[local : local + 4] == b"PK\x03\x04" and out[entry : entry + 4] == b"PK\x01\x02"
        out[local + 10 : local + 14] = stamp
        out[entry + 12 : entry + 16] = stamp
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", out, entry + 28)
        entry += 46 + name_len + extra_len + comment_len
    return bytes(out)
