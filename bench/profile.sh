#!/bin/sh
# Profile recto's conversions on the benchmark inputs.
#
#   bench/profile.sh [--callgrind] [SIZE_MB]
#
# Builds build-profile/ (release, with debug information), generates the
# inputs with bench/gen.py (10 MB by default; 1 MB with --callgrind, which
# runs about fifty times slower), and for every conversion prints the
# functions that take the most time (self time, with the shared object
# that holds them).  The raw profiles stay in build-profile/profile-data/
# for `perf report -i` or `callgrind_annotate`.
set -eu

tool=perf
if [ "${1:-}" = "--callgrind" ]; then
  tool=callgrind
  shift
fi
size=${1:-}
[ -n "$size" ] || { [ $tool = perf ] && size=10 || size=1; }

root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build-profile
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" "$root" --buildtype=release -Ddebug=true \
    -Dwerror=false >/dev/null
fi
ninja -C "$build" >/dev/null
recto=$build/core/recto
data=$build/profile-data
mkdir -p "$data"

input() { # kind -> path (generated once)
  f=$data/$1-$size.in
  [ -s "$f" ] || python3 "$root/bench/gen.py" "$1" "$size" "$f"
  echo "$f"
}
md=$(input markdown)
plain=$(input plain)

for conv in markdown:markdown markdown:epub markdown:docbook markdown:tei \
            markdown:native plain:native plain:tei; do
  src=${conv%%:*}
  dst=${conv#*:}
  in=$md
  [ "$src" = plain ] && in=$plain
  name=$src-$dst-$size
  echo "== $src -> $dst ($size MB, $tool)"
  if [ $tool = perf ]; then
    perf record -q -F 4000 -o "$data/$name.perf" -- \
      "$recto" -q -f "$src" -t "$dst" -o "$data/$name.out" "$in" 2>/dev/null
    perf report -q -i "$data/$name.perf" --no-children --sort dso,symbol \
      --stdio 2>/dev/null | grep -v '^$' | sed 's/ *-  *- *$//' | head -15
  else
    valgrind -q --tool=callgrind --callgrind-out-file="$data/$name.cg" \
      "$recto" -q -f "$src" -t "$dst" -o "$data/$name.out" "$in"
    callgrind_annotate "$data/$name.cg" 2>/dev/null |
      sed -n '/^Ir/,$p' | sed -n '3,17p'
  fi
done
