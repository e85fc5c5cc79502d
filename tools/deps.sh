#!/usr/bin/env bash
# Install the Debian packages recto needs, only those that are missing.
#   tools/deps.sh build   what building needs
#   tools/deps.sh test    that, plus the validators and test tools
set -euo pipefail

build_pkgs=(gcc libc6-dev pkg-config meson ninja-build libxml2-dev libzip-dev
            g++ libpoppler-cpp-dev libpoppler-glib-dev libcairo2-dev
            libcmark-gfm-dev libcmark-gfm-extensions-dev)
test_pkgs=(python3 cmark-gfm jing epubcheck docbook5-xml default-jdk-headless
           libxml2-utils libcairo2-dev libpango1.0-dev fonts-dejavu-core qpdf
           pandoc clang libclang-rt-14-dev groff-base man-db bash)

want=("${build_pkgs[@]}")
[ "${1:-build}" = test ] && want+=("${test_pkgs[@]}")

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' \
    || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
