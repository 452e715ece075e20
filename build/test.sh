#!/usr/bin/env bash
# The README's test command: sets up what is missing, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash build/setup.sh
swift build --build-tests
swift test --skip-build 2>&1 | tee .build/test-output.txt

# The embedded library (C ABI and Python package): built in release with the
# Swift runtime inside, then its C suite and its Python suite, each comparing
# its answers to a real `voucher serve` on loopback (~1-2 min, most of it the
# library's release build). Pytest's plugins are not loaded (schemathesis's
# alone costs 9 s); exit status 5 (no tests collected) is a failure too.
bash build/embed.sh
bash Tests/Embed/check-c.sh
status=0
PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 .venv/bin/pytest -q python/tests || status=$?
if [ "$status" -ne 0 ]; then
  [ "$status" -ne 5 ] || echo "test: pytest collected no tests in python/tests" >&2
  exit "$status"
fi
