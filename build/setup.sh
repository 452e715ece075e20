#!/usr/bin/env bash
# Installs what building and testing need, and nothing already present.
# Idempotent: a second run changes nothing. Needs root (or sudo) for apt.
set -euo pipefail
cd "$(dirname "$0")/.."

# C libraries the package links (compression; libcurl for object storage),
# valgrind for the instruction budgets, openssl for the tests' own CA.
debs=(libzstd-dev libsnappy-dev zlib1g-dev libdeflate-dev pkg-config libcurl4-openssl-dev valgrind openssl)
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

# Python tools the tests run, kept in .venv (ignored by git):
#   pyarrow                 fixture generation, the independent table reader
#   openapi-spec-validator  checks docs/openapi.yaml
#   schemathesis            property-based tests of the server against it
#   moto[server], boto3     a real S3 server on loopback; botocore's SigV4 signer
#   pytest                  the Python package's tests
#   setuptools, wheel       build/embed.sh's wheel of python/ (pip wheel, no build isolation)
#   duckdb                  runs `voucher sql --dialect duckdb` in the SQL tests
#   polars                  build/bench-scale.sh's Polars end-to-end query
py_modules=(pyarrow openapi_spec_validator schemathesis moto boto3 pytest setuptools wheel duckdb polars)
py_packages=(pyarrow openapi-spec-validator schemathesis 'moto[server]' boto3 pytest setuptools wheel duckdb polars)
[ -x .venv/bin/python ] || { echo "setup: creating .venv"; python3 -m venv .venv; }
missing_py=()
for i in "${!py_modules[@]}"; do
  .venv/bin/python -c "import ${py_modules[$i]}" 2>/dev/null || missing_py+=("${py_packages[$i]}")
done
if [ ${#missing_py[@]} -gt 0 ]; then
  echo "setup: installing ${missing_py[*]} into .venv"
  .venv/bin/pip install -q --disable-pip-version-check "${missing_py[@]}"
fi
command -v swift >/dev/null || { echo "setup: swift is not on PATH" >&2; exit 1; }
