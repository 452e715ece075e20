#!/usr/bin/env bash
# The README's run command: sets up, builds in release, and runs the product
# on the reference history.
set -euo pipefail
cd "$(dirname "$0")/.."
bash build/setup.sh
bash build/release.sh
exec .build/release/voucher profile ../shared/data/voucher_history.parquet.gzip "$@"
