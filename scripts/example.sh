#!/usr/bin/env bash
# Set up (idempotent) and render the bundled example, the seed report, into out/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
# the seed is a published report: rendered without the 草稿 mark every other draft carries
docgen render inputs/changde-2017.yaml --out out --no-draft-mark --format pdf,docx,ofd
# the OFD beside the PDF for a sealed 通知 and an annual report with its tables (drafts: marked 草稿)
docgen render inputs/notice-2024.yaml --out out --format pdf,ofd
docgen render inputs/annual-2024-example.yaml --out out --format pdf,ofd
