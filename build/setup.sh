#!/usr/bin/env bash
# Installs what building and testing need, and nothing already present.
# Idempotent: a second run changes nothing. Needs root (or sudo) for apt.
set -euo pipefail
cd "$(dirname "$0")/.."

debs=(libzstd-dev libsnappy-dev zlib1g-dev libdeflate-dev pkg-config)
missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Python with pyarrow, for the fixture generator and the independent table
# reader the tests run. Kept in .venv (ignored by git).
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c "import pyarrow" 2>/dev/null; then
  echo "setup: creating .venv with pyarrow"
  python3 -m venv .venv
  .venv/bin/pip install -q --disable-pip-version-check pyarrow
fi
command -v swift >/dev/null || { echo "setup: swift is not on PATH" >&2; exit 1; }
