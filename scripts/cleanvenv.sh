#!/usr/bin/env bash
# CI: the package as a user installs it — `pip install .` WITHOUT extras into a fresh virtual environment —
# then `docgen --help`, `docgen --version` and a render of the seed report. The dev extras (pytest, pdfplumber,
# dask …) bring packages of their own; a dependency docgen imports but does not declare (click, once) would hide
# behind them in the test environment and only fail for users. Run by .ci/run after the tests.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
say() { printf '[docgen clean venv] %s\n' "$*"; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Build from a copy: pip writes build/ and *.egg-info beside the sources, and the repo stays as it was.
mkdir "$work/src"
if git -C "$repo" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  (cd "$repo" && git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf -) | tar -xf - -C "$work/src"
else
  cp -a "$repo/." "$work/src"
fi
say "python -m venv; pip install . (no extras)"
"$PYTHON" -m venv "$work/venv"
# The environment of the caller (PYTHONPATH, an activated venv) must not leak in: only the venv's own packages count.
run() { env -u PYTHONPATH -u PYTHONHOME -u VIRTUAL_ENV "$@"; }
run "$work/venv/bin/python" -m pip install -q --disable-pip-version-check "$work/src"
cd "$work"  # outside the sources, so `import docgen` can only find the installed package
run "$work/venv/bin/docgen" --help >/dev/null
run "$work/venv/bin/docgen" --version
run "$work/venv/bin/docgen" render "$repo/inputs/changde-2017.yaml" --out "$work/out"
for f in "$work/out/changde-2017.pdf" "$work/out/changde-2017.docx"; do
  [ -s "$f" ] || { say "missing output: $f"; exit 1; }
done
say "ok: installed without extras, --help, --version and the seed render work"
