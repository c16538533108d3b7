#!/usr/bin/env bash
# Set up (idempotent) and render the bundled example, the seed report, into out/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
# the seed is a published report: rendered without the 草稿 mark every other draft carries
docgen render inputs/changde-2017.yaml --out out --no-draft-mark
