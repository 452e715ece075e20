#!/usr/bin/env bash
# The C suite of the embedded library (run by build/test.sh after
# build/embed.sh and the Swift build): compiles the C programs of this
# folder with the system compiler against .build/embed's header and library
# (through its pkg-config file), then, from an empty environment (env -i: no
# Swift library path, no LD_LIBRARY_PATH):
#   1. embed_tests: the ABI's defined behaviour on bad input, the accessors;
#      allocation_test: no malloc in vt_lookup and vt_answer_json after a
#      thread's first call;
#   2. answer_bodies: every body of the generated set (make_requests.py),
#      whose answers must equal, byte for byte, those of the real
#      `voucher serve` on a loopback ephemeral port (server_answers.py).
set -euo pipefail
cd "$(dirname "$0")/../.."
voucher=${VOUCHER_BIN:-.build/debug/voucher}
table=artifacts/vouchers.vtab
work=.build/embed-tests
rm -rf "$work"
mkdir -p "$work"

export PKG_CONFIG_PATH="$PWD/.build/embed/lib/pkgconfig"
cflags=$(pkg-config --cflags vouchertable)
libs=$(pkg-config --libs vouchertable)
for program in embed_tests answer_bodies; do
  # shellcheck disable=SC2086
  cc -std=c11 -O2 -Wall -Wextra -Werror $cflags "Tests/Embed/$program.c" -o "$work/$program" $libs -lpthread
done
if readelf -d "$work/embed_tests" | grep -q 'libswift'; then
  echo "check-c: the test program needs a Swift library" >&2
  exit 1
fi
# The allocation test counts malloc calls through its own malloc, linked ahead of libc's.
# shellcheck disable=SC2086
cc -std=c11 -O2 -Wall -Wextra -Werror $cflags Tests/Embed/allocation_test.c Tests/Embed/malloc_counter.c \
  -o "$work/allocation_test" $libs -ldl

env -i "$work/embed_tests" "$table" "$(sha256sum "$table" | cut -c1-64)" "$work"
env -i "$work/allocation_test" "$table"

.venv/bin/python Tests/Embed/make_requests.py --voucher "$voucher" --table "$table" "$work/bodies.bin"
.venv/bin/python Tests/Embed/server_answers.py --voucher "$voucher" --table "$table" "$work/bodies.bin" "$work/server.answers"
env -i "$work/answer_bodies" "$table" "$work/bodies.bin" "$work/c.answers"
if ! cmp "$work/server.answers" "$work/c.answers"; then
  echo "check-c: vt_answer_json's answers differ from the server's (see $work)" >&2
  exit 1
fi
echo "check-c: vt_answer_json answers the generated set byte for byte as voucher serve does"
