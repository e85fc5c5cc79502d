#!/bin/sh
# A plugin built out of tree: install recto into a temporary root, build
# outoftree/wordcount.c with nothing but the installed headers and
# pkg-config file, then use it from the command line.
# usage: test_outoftree.sh SOURCE_DIR_OF_THE_PLUGIN
set -u
src=$1
for tool in pkg-config cc meson nm; do
  command -v "$tool" >/dev/null 2>&1 || { echo "no $tool: skipped"; exit 77; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export RECTO_PLUGIN_CACHE="$tmp/cache"
fail() { echo "FAIL: $*" >&2; exit 1; }

DESTDIR="$tmp/root" meson install -C "$RECTO_BUILD_ROOT" --no-rebuild \
  >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; fail "meson install"; }
pc=$(find "$tmp/root" -name recto.pc | head -n 1)
[ -n "$pc" ] || fail "no recto.pc installed"
export PKG_CONFIG_PATH="$(dirname "$pc")"
prefix="$tmp/root$(pkg-config --variable=prefix recto)"
pc() { pkg-config --define-variable=prefix="$prefix" "$@" recto; }
[ "$(pc --variable=plugin_abi)" = 1 ] || fail "plugin_abi variable"
plugindir=$(pc --variable=plugindir)
[ -d "$plugindir" ] || fail "plugindir $plugindir is not installed"
[ -f "$(pc --variable=includedir)/recto/registry.h" ] || fail "headers"

mkdir "$tmp/plugins"
# shellcheck disable=SC2046
cc -std=c11 -Wall -Wextra -Werror -shared -fPIC -fvisibility=hidden \
  -o "$tmp/plugins/recto-wordcount.so" "$src/wordcount.c" \
  $(pc --cflags --libs) || fail "building the plugin"
exported=$(nm -D --defined-only "$tmp/plugins/recto-wordcount.so" |
           awk '$2 == "T" || $2 == "D" || $2 == "R" { print $3 }')
[ "$exported" = recto_plugin_descriptor ] ||
  fail "exports more than the entry point: $exported"

printf 'one two three\n\nfour  five\n' >"$tmp/in.words"
out=$("$RECTO" --plugin-path "$tmp/plugins" -t wordcount "$tmp/in.words") ||
  fail "conversion with the out-of-tree plugin"
[ "$out" = "words: 5
paragraphs: 2" ] || fail "output: $out"
"$RECTO" --plugin-path "$tmp/plugins" --list-plugins |
  grep -q "^wordcount  *writer  *1.0  *$tmp/plugins/recto-wordcount.so\$" ||
  fail "--list-plugins does not show it"

# The installed program, its library and plugins, with the new plugin.
bin="$tmp/root$(meson introspect --buildoptions "$RECTO_BUILD_ROOT" |
  python3 -c 'import json,sys
o={x["name"]:x["value"] for x in json.load(sys.stdin)}
print(o["prefix"]+"/"+o["bindir"])')/recto"
[ -x "$bin" ] || fail "no installed program at $bin"
out=$(LD_LIBRARY_PATH="$(pc --variable=libdir)" "$bin" --plugin-path \
  "$tmp/plugins" -o "$tmp/out.wc" "$tmp/in.words" && cat "$tmp/out.wc") ||
  fail "installed program"
[ "$out" = "words: 5
paragraphs: 2" ] || fail "installed program output: $out"
# Every installed plugin is listed, or refused with a reason (a plugin
# still being written may be broken): none is silently missing.
n_installed=$(ls "$plugindir" | grep -c '\.so$')
LD_LIBRARY_PATH="$(pc --variable=libdir)" "$bin" --plugin-path "$plugindir" \
  --list-plugins >"$tmp/list.txt" 2>"$tmp/list.err"
n_seen=$( (awk '{print $4}' "$tmp/list.txt";
           sed -n 's/^recto: warning: plugin \([^ ]*\) refused: .*/\1/p' \
             "$tmp/list.err") | sort -u | grep -c "^$plugindir/")
[ "$n_seen" = "$n_installed" ] ||
  fail "installed plugins seen: $n_seen of $n_installed"
echo "out-of-tree plugin OK"
