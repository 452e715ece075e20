#!/usr/bin/env bash
# The README's test command: sets up what is missing, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash build/setup.sh
swift build --build-tests
swift test --skip-build 2>&1 | tee .build/test-output.txt
