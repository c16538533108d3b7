#!/usr/bin/env bash
# Set up (idempotent) and render the bundled example, the seed report, into out/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
docgen render inputs/changde-2017.yaml --out out
