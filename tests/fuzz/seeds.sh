#!/bin/sh
# seeds.sh OUTDIR ROOT GLOB...: gather the files ROOT/GLOB into OUTDIR.
set -eu
out=$1 root=$2
shift 2
rm -rf "$out"
mkdir -p "$out"
for glob in "$@"; do
  for f in "$root"/$glob; do
    # named after the whole path: fixtures of the same name stay apart
    [ -f "$f" ] && cp "$f" "$out/$(printf %s "${f#"$root"/}" | tr / _)"
  done
done
