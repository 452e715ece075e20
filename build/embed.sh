#!/usr/bin/env bash
# Builds the table's C library and its Python wheel into .build/embed/:
#   lib/libvouchertable.so        the C ABI (Sources/VoucherEmbed), release, Swift runtime inside
#   include/voucher_table.h       its header (Sources/CVoucherTable)
#   lib/pkgconfig/vouchertable.pc pkg-config file (prefix: .build/embed's absolute path)
#   voucher_table-*.whl           the Python package (python/) with the library bundled
# The Swift runtime is linked statically (-static-stdlib; SwiftPM's
# --static-swift-stdlib applies to executables only), so the library needs
# no Swift installation: readelf -d lists libc, libm, libz, libzstd,
# libstdc++ and libgcc_s, and this script fails if it lists any libswift.
# Only vt_* functions are exported (exports.map). Cross-module optimisation
# lets the compiler specialise VoucherAPI's generic request path for
# VoucherTable inside the library (5% fewer instructions a request, callgrind;
# the lookup's entry points inline). No run-time exclusivity checks, as in
# build/release.sh. The build uses its own
# scratch path, .build-embed, so the flags leave .build alone.
set -euo pipefail
cd "$(dirname "$0")/.."
bash build/setup.sh

scratch=.build-embed
out=.build/embed
swift build -c release --product vouchertable --scratch-path "$scratch" \
  -Xswiftc -static-stdlib -Xswiftc -enforce-exclusivity=unchecked -Xswiftc -cross-module-optimization \
  -Xlinker --version-script="$PWD/Sources/VoucherEmbed/exports.map" \
  -Xlinker -soname -Xlinker libvouchertable.so

rm -rf "$out"
mkdir -p "$out/lib/pkgconfig" "$out/include"
strip --strip-unneeded -o "$out/lib/libvouchertable.so" "$scratch/release/libvouchertable.so"
cp Sources/CVoucherTable/voucher_table.h "$out/include/"
version=$(sed -n 's/^#define VT_VERSION "\(.*\)"$/\1/p' Sources/CVoucherTable/voucher_table.h)
prefix=$(cd "$out" && pwd)
sed -e "s|@PREFIX@|$prefix|" -e "s|@VERSION@|$version|" Sources/VoucherEmbed/vouchertable.pc.in \
  > "$out/lib/pkgconfig/vouchertable.pc"

if readelf -d "$out/lib/libvouchertable.so" | grep -q 'NEEDED.*libswift'; then
  echo "embed: $out/lib/libvouchertable.so still needs a Swift library:" >&2
  readelf -d "$out/lib/libvouchertable.so" | grep NEEDED >&2
  exit 1
fi

# The wheel: a copy of python/ with the library beside the module.
stage="$scratch/python-wheel"
rm -rf "$stage"
mkdir -p "$stage"
cp -r python/pyproject.toml python/setup.py python/README.md python/voucher_table "$stage/"
find "$stage" -name __pycache__ -prune -exec rm -rf {} +
cp "$out/lib/libvouchertable.so" "$stage/voucher_table/"
.venv/bin/pip wheel --quiet --disable-pip-version-check --no-deps --no-build-isolation -w "$out" "$stage"

echo "embed: $(ls "$out"/lib/libvouchertable.so "$out"/include/voucher_table.h "$out"/lib/pkgconfig/vouchertable.pc "$out"/*.whl | tr '\n' ' ')"
echo "embed: needs $(readelf -d "$out/lib/libvouchertable.so" | sed -n 's/.*NEEDED.*\[\(.*\)\]/\1/p' | tr '\n' ' ')"
