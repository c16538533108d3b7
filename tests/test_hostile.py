"""Inputs that cannot hurt: each hostile file is a fast exit 2 that names the file and the limit, never a hang,
a multi-GB process or an internal error (exit 3).

The CLI runs in a subprocess under an address-space limit (``RLIMIT_AS``) and a CPU-time limit
(``RLIMIT_CPU``): a run that would need gigabytes fails with MemoryError (exit 3) and one that would spin for
minutes is killed, so the bounds are asserted by the kernel, not by a wall-clock race. The hostile files are built
here, small on disk.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

from conftest import SEED_DATA

GOOD = SEED_DATA.read_text(encoding="utf-8")
MEMORY = 1536 * 1024 * 1024  # bytes of address space: the seed renders in ~400 MB
CPU_SECONDS = 60


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m docgen ARGS`` bounded in memory and CPU time."""
    return subprocess.run(
        [sys.executable, "-m", "docgen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        preexec_fn=_limits,
        env={**os.environ, "COLUMNS": "200"},
    )


def refused(r: subprocess.CompletedProcess[str], *expect: str) -> None:
    """Exit 2 with a message, no traceback, every ``expect`` in the message."""
    assert r.returncode == 2, (r.returncode, r.stderr[-3000:])
    assert "Traceback" not in r.stderr and "内部错误" not in r.stderr, r.stderr[-3000:]
    for e in expect:
        assert e in r.stderr, (e, r.stderr[-3000:])


def render(tmp_path: Path, name: str, text: str, *args: str) -> subprocess.CompletedProcess[str]:
    data = tmp_path / name
    data.write_text(text, encoding="utf-8", errors="surrogatepass")
    r = cli(["render", str(data), "--out", str(tmp_path / "out"), *args], tmp_path)
    out = tmp_path / "out"
    assert not out.exists() or not any(out.iterdir()), list(out.iterdir())
    return r


# --- command line ---------------------------------------------------------------------------------------------


def test_version_alone(tmp_path: Path) -> None:
    from docgen import __version__

    r = cli(["--version"], tmp_path)
    assert r.returncode == 0 and r.stdout.strip() == f"docgen {__version__}", r


def test_global_options_after_the_command(tmp_path: Path) -> None:
    """``check -v`` lists every notice (the seed has more punctuation notices than are shown without it);
    ``--lang en`` after the command switches the language."""
    quiet = cli(["check", str(SEED_DATA)], tmp_path)
    verbose = cli(["check", "-v", str(SEED_DATA)], tmp_path)
    assert quiet.returncode == verbose.returncode == 0, verbose.stderr
    assert "加 --verbose 查看全部" in quiet.stderr and "加 --verbose 查看全部" not in verbose.stderr
    assert verbose.stderr.count("提示") > quiet.stderr.count("提示")
    en = cli(["check", str(SEED_DATA), "--lang", "en"], tmp_path)
    assert en.returncode == 0 and "check passed" in en.stdout, en.stderr


def test_unknown_language_is_refused(tmp_path: Path) -> None:
    r = cli(["--lang", "fr", "check", str(SEED_DATA)], tmp_path)
    refused(r, "不支持的消息语言“fr”", "zh", "en")
    r = cli(["check", str(SEED_DATA), "--lang=english"], tmp_path)  # refused, in the language it meant
    refused(r, "unsupported message language 'english'")
    r = cli(["--lang", "en-US", "check", str(SEED_DATA)], tmp_path)
    assert r.returncode == 0 and "check passed" in r.stdout, r.stderr


def test_cli_does_not_import_click() -> None:
    """Typer 0.29 no longer depends on click and docgen does not declare it: importing it fails in a clean
    install (scripts/cleanvenv.sh proves the whole install in CI)."""
    code = "import sys; sys.modules['click'] = None; import docgen.cli; docgen.cli.main(['--version'])"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "docgen" in r.stdout, r.stderr
