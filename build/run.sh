#!/usr/bin/env bash
# The README's run command: sets up, builds in release, and serves the
# committed default table (artifacts/vouchers.vtab) on port 8000, so the
# behaviour §5 curl example answers {"voucher_amount": 2640}. Stop it with Ctrl-C.
# Extra arguments go to `voucher serve` (e.g. --port 8080, --table FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
bash build/setup.sh
bash build/release.sh
exec .build/release/voucher serve "$@"
