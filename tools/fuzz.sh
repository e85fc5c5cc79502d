#!/usr/bin/env bash
# Run one fuzz target (a reader's name: markdown, plain, native, bibtex,
# csljson, ...) for SECONDS on one core:
#   tools/fuzz.sh TARGET SECONDS [libFuzzer options]
#   tools/fuzz.sh --build      only build (tools/test.sh runs the suite)
# Builds with clang, libFuzzer, AddressSanitizer and UBSan in build-fuzz.
# The corpus grows in build-fuzz/tests/fuzz/corpus-TARGET (kept between
# runs); a crash is written as build-fuzz/fuzz-TARGET-crash-*: once it is
# fixed, add it to tests/fuzz/regressions/TARGET/.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${1:-}" = --build ] || [ $# -ge 2 ] ||
  { echo "usage: tools/fuzz.sh TARGET SECONDS [OPTIONS] | --build" >&2; exit 2; }
tools/deps.sh build
if [ ! -d build-fuzz ]; then
  command -v clang >/dev/null || { echo "fuzzing needs clang" >&2; exit 1; }
  CC=clang CXX=clang++ meson setup build-fuzz -Dfuzz=true -Db_sanitize=address,undefined \
    -Db_lundef=false >/dev/null || { rm -rf build-fuzz; exit 1; }
fi
ninja -C build-fuzz >/dev/null || { ninja -C build-fuzz; exit 1; }
[ "$1" = --build ] && exit 0
target=$1 seconds=$2
shift 2
exe=build-fuzz/tests/fuzz/fuzz-$target
[ -x "$exe" ] || { echo "no fuzz target '$target'" >&2; exit 2; }
corpus=build-fuzz/tests/fuzz/corpus-$target
mkdir -p "$corpus"
dirs=("$corpus" "build-fuzz/tests/fuzz/$target-seeds")
[ -d "tests/fuzz/regressions/$target" ] && dirs+=("tests/fuzz/regressions/$target")
dict=$(sed -n "s/^ *\['$target', '\([^']*\)'.*/\1/p" tests/fuzz/meson.build)
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
exec "$exe" ${dict:+-dict="tests/fuzz/dict/$dict"} -max_total_time="$seconds" \
  -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="build-fuzz/fuzz-$target-" "$@" "${dirs[@]}"
