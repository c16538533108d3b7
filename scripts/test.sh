#!/usr/bin/env bash
# Set up (idempotent), then lint and run the whole test suite, LibreOffice checks included.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
python3 -m ruff check docgen tests scripts
python3 -m ruff format --check docgen tests scripts
python3 -m pytest -q "$@"
# The PDF layout tests once more on WeasyPrint's public API only (docgen's tunings off, as on any other
# WeasyPrint version): an upgrade may cost speed, never pages (render/pdf/weasy/compat.py; ~40 s).
DOCGEN_PLAIN_WEASYPRINT=1 python3 -m pytest -q tests/test_pdf_layout.py tests/test_annual_layout.py \
  tests/test_squeeze.py -k "not docx and not draft_mark"
