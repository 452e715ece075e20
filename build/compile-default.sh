#!/usr/bin/env bash
# Rebuilds the committed default table, artifacts/vouchers.vtab, from the
# reference history and the default segments. The result is byte-identical
# for the same inputs (no clock in the file); a test checks that it is.
set -euo pipefail
cd "$(dirname "$0")/.."
bash build/setup.sh
bash build/release.sh
.build/release/voucher compile ../shared/data/voucher_history.parquet.gzip \
  --segments artifacts/segments.json -o artifacts/vouchers.vtab
