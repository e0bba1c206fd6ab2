#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/) with clang, AddressSanitizer and UBSan
# into build-fuzz/, then runs each for FUZZ_SECONDS (default 36) starting from the seed
# corpus and the kept findings. Any crash, sanitizer report, leak, timeout (10 s per
# input) or out-of-memory fails the run; the input that did it is left in
# build-fuzz/findings/<target>/ (and named in the output). Once fixed, copy it to
# tests/fuzz/regressions/<kind>/ so that the ordinary test suite replays it forever.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
seconds=${FUZZ_SECONDS:-36}
OPT=-O1 CC=clang-14 CXX=clang++-14 BUILD_DIR=build-fuzz scripts/build.sh -DRENEWMAP_FUZZ=ON
# GDAL and SQLite are not built with the sanitizers; a report can only come from our
# code or from what our code hands them. Their own one-time allocations are not ours.
export ASAN_OPTIONS="intercept_tls_get_addr=0:detect_leaks=1"
export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizer/lsan.supp:intercept_tls_get_addr=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
status=0
for kind in geojson gpkg project mvt pgcopy; do
  target=build-fuzz/tests/fuzz/fuzz_$kind
  work=build-fuzz/corpus/$kind findings=build-fuzz/findings/fuzz_$kind
  rm -rf "$work" "$findings" && mkdir -p "$work" "$findings"
  case $kind in
    gpkg) max_len=65536 ;;
    *) max_len=16384 ;;
  esac
  echo "fuzz: $kind for ${seconds} s"
  if ! "$target" "$work" tests/fuzz/seeds/$kind tests/fuzz/regressions/$kind \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=$max_len \
      -artifact_prefix="$findings/" -print_final_stats=1 >"$findings/log.txt" 2>&1; then
    status=1
    echo "fuzz: $kind FOUND A PROBLEM; the input is in $findings/:" >&2
    ls "$findings" >&2
    grep -E "ERROR|SUMMARY|==[0-9]+==|runtime error|abort|deadly signal" "$findings/log.txt" | head -20 >&2
  else
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb|cov:" "$findings/log.txt" | tail -3
  fi
done
exit $status
