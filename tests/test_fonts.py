"""Fonts: roles resolved, the system told about them, characters that fall back named."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from docgen.model import Role
from docgen.typeset.fontconfig import INSTALLED_PATH, fontconfig_text
from docgen.typeset.fonts import harfbuzz_subsetting, resolve


def test_every_role_resolves_to_an_existing_file() -> None:
    for role, choice in resolve().choices.items():
        assert Path(choice.face.path).is_file(), role
        assert choice.fallback is not None


def test_harfbuzz_subsetting_available() -> None:
    assert harfbuzz_subsetting(), "install libharfbuzz-subset0 (scripts/setup.sh): subsetting is 20x slower"


def test_rare_name_characters_are_reported() -> None:
    fonts = resolve()
    found = fonts.fallbacks([(Role.FANGSONG, "张喆堃赟办公室")])
    if fonts[Role.FANGSONG].official:
        pytest.skip("an official 仿宋 is installed; its coverage differs")
    assert found and set(found[0].chars) <= set("喆堃赟") and found[0].served_by


def test_installed_aliases_match_the_fonts_here() -> None:
    """setup wrote the aliases for the fonts installed now; a stale file shows DOCX in the wrong faces."""
    text = fontconfig_text(resolve())
    assert Path(INSTALLED_PATH).read_text(encoding="utf-8") == text, "run scripts/setup.sh"


@pytest.mark.parametrize("role", list(Role))
def test_docx_font_names_reach_the_chosen_face(role: Role) -> None:
    choice = resolve()[role]
    out = subprocess.run(
        ["fc-match", "-f", "%{family[0]}|%{weight}", choice.docx_name],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    family, weight = out.split("|")
    assert family == choice.face.family
    assert (float(weight) >= 180) == (choice.face.weight >= 600)


def test_metrics_cache_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Metrics read back from the cache equal those measured from the font; a damaged cache file is
    measured again, never trusted."""
    from docgen.typeset.fonts import _Metrics, _metrics_cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    face = resolve()[Role.FANGSONG].face
    measured = _Metrics.measure(face)
    assert measured.has("公") and not measured.has("\U000e0001")
    assert measured.advance("公") == 1.0 and measured.advance("1") < 1.0
    first = _Metrics.load(face)  # measures and stores
    path = _metrics_cache(face)
    assert path is not None and path.is_file() and path.parent.parent == tmp_path / "docgen"
    cached = _Metrics.load(face)  # reads the file
    assert cached == first == measured
    path.write_text("{not json", encoding="ascii")
    assert _Metrics.load(face) == measured
