#!/usr/bin/env bash
# Build recto and convert every document in samples/ to Markdown, EPUB 3,
# DocBook 5 and TEI P5 (output in out/, mirroring samples/).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/deps.sh build
[ -d build ] || meson setup build >/dev/null
ninja -C build >/dev/null
# The documents of samples/ (the .bib/.json files are bibliographies the
# documents load themselves; figure.png is an image they embed).
./build/core/recto -t markdown -t epub -t docbook -t tei -o out \
  samples/*.md samples/*.txt "$@"
echo "converted samples/ into out/"
