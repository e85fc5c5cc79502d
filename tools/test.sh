#!/usr/bin/env bash
# Build recto twice (plain, and with AddressSanitizer + UBSan) and run the
# whole test suite in both builds; then the fuzz targets under libFuzzer
# when clang has it.  Exit status: 0 when every test passed.
set -uo pipefail
cd "$(dirname "$0")/.."
tools/deps.sh test || exit 1

status=0
for variant in build build-asan; do
  if [ ! -d "$variant" ]; then
    args=()
    [ "$variant" = build-asan ] && args=(-Db_sanitize=address,undefined -Db_lundef=false)
    meson setup "$variant" "${args[@]}" >/dev/null || exit 1
  fi
  ninja -C "$variant" >/dev/null || { ninja -C "$variant"; exit 1; }
  echo "== tests in $variant"
  # pathological-known-failing: see tests/pathological/meson.build.
  meson test -C "$variant" --print-errorlogs --num-processes 2 \
    --no-suite pathological-known-failing "$@" || status=1
done

# The fuzz targets under libFuzzer, a short run each (clang only; the
# other builds replay their seeds and regression inputs).
if tools/fuzz.sh --build; then
  echo "== fuzz targets in build-fuzz"
  meson test -C build-fuzz --print-errorlogs --num-processes 2 --suite fuzz \
    || status=1
else
  echo "== fuzz targets not run under libFuzzer (no clang with libFuzzer)"
fi
exit $status
