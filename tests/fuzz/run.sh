#!/bin/sh
# run.sh MODE TARGET SEEDS REGRESSIONS DICT SECONDS
#   replay: run TARGET (a replay build) once on every seed and regression;
#   fuzz:   run TARGET (a libFuzzer build, one process) for SECONDS over
#           them; a crash is left in the current directory as
#           fuzz-NAME-crash-*, to be added to REGRESSIONS once fixed.
set -eu
mode=$1 target=$2 seeds=$3 regressions=$4 dict=$5 seconds=$6
dirs=$seeds
[ -d "$regressions" ] && dirs="$dirs $regressions"
if [ "$mode" = replay ]; then
  set --
  for d in $dirs; do set -- "$@" "$d"/*; done
  exec "$target" "$@"
fi
# Each regression input once first, so that a failure names its file.
# A crash fails the test (libFuzzer's own exit code, 77, would read as a
# skip); a fixed seed makes a run repeatable.
[ -d "$regressions" ] && "$target" -error_exitcode=1 "$regressions"/*
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck disable=SC2086
"$target" ${dict:+-dict="$dict"} -max_total_time="$seconds" \
  -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 -seed=1 \
  -error_exitcode=1 -timeout_exitcode=1 \
  -artifact_prefix="$(pwd)/$(basename "$target")-" "$work" $dirs
