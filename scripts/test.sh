#!/usr/bin/env bash
# Set up (idempotent), then lint and run the whole test suite, LibreOffice checks included.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
python3 -m ruff check docgen tests scripts
python3 -m ruff format --check docgen tests scripts
python3 -m pytest -q "$@"
