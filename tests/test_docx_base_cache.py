"""The DOCX base package kept in the user's cache (docgen/render/docx/base.py): the same documents, built
or read, and a damaged cache only costs time. Each render is a fresh process, as a user's is."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT

SCRIPT = """
import datetime as dt, hashlib, sys
from docgen import api
from docgen.render.options import RenderOptions
doc = api.prepare(sys.argv[1]).document
blobs = api.render_document(doc, ("docx",), RenderOptions(timestamp=dt.datetime(2018, 3, 16, 9, tzinfo=dt.UTC)))[0]
print(hashlib.sha256(blobs["docx"]).hexdigest())
"""


def _docx_digest(data: str, cache: Path) -> str:
    env = dict(
        os.environ,
        XDG_CACHE_HOME=str(cache),
        PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    )
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(ROOT / data)], env=env, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr
    return run.stdout.split()[-1]


def test_a_cached_base_gives_the_same_docx_and_a_damaged_one_is_rebuilt(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    data = "inputs/notice-2024.yaml"
    built = _docx_digest(data, cache)
    (cached,) = (cache / "docgen" / "docx").glob("base-*.marshal")
    stamp = cached.stat().st_mtime_ns
    assert _docx_digest(data, cache) == built  # read from the cache
    assert cached.stat().st_mtime_ns == stamp  # and not written again
    cached.write_bytes(b"\x00 not marshal")
    assert _docx_digest(data, cache) == built  # rebuilt
    assert cached.read_bytes() != b"\x00 not marshal"
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be")
    assert _docx_digest(data, blocked) == built  # nothing can be kept: built each time, as before


def test_the_base_is_keyed_by_what_it_is_made_of(tmp_path: Path) -> None:
    """Another language gives another base (the styles' names), so another cache file; the key also covers
    the code that builds it."""
    from docgen.render.docx import base
    from docgen.typeset import fonts

    fs = fonts.resolve()
    assert base._key(fs, "zh") != base._key(fs, "en")
    assert base._key(fs, "zh") == base._key(fs, "zh")
    here = Path(base.__file__).parent
    assert any(p.name == "styles.py" for p in here.rglob("*.py"))
    assert _parts(base.build(fs, "zh")) == _parts(base.package(fs, "zh"))


def _parts(package: bytes) -> dict[str, str]:
    """Each part's digest (the zip's own timestamps aside: the written DOCX sets its own)."""
    with zipfile.ZipFile(io.BytesIO(package)) as z:
        return {n: hashlib.sha256(z.read(n)).hexdigest() for n in z.namelist()}
