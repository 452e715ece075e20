#!/usr/bin/env bash
# Regenerates docs/report.png, the README's screenshot of the history report:
# builds `voucher` in release, writes the report of the reference history to a
# temporary folder and captures its top 1200 × 2400 px with headless Chromium
# (Debian's `chromium`, installed when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
data=../shared/data/voucher_history.parquet.gzip
[ -f "$data" ] || { echo "report-screenshot: $data is absent" >&2; exit 1; }
if ! command -v chromium >/dev/null 2>&1; then
  echo "report-screenshot: installing chromium"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
bash build/setup.sh >/dev/null
bash build/release.sh

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.build/release/voucher report "$data" -o "$work/report.html"
mkdir -p docs
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
  --screenshot="$PWD/docs/report.png" --window-size=1200,2400 "file://$work/report.html" 2>/dev/null
echo "wrote docs/report.png ($(wc -c < docs/report.png) bytes)"
