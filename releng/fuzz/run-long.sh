#!/usr/bin/env bash
# run-long.sh — long fuzzing of every NegScope fuzz target (Jazzer, JAZZER_FUZZ=1 via the pom's "fuzz" profile).
#
# usage: releng/fuzz/run-long.sh [MINUTES] [TARGET...]
#        MINUTES  per target (default 10); targets run one after the other, each in its own JVM
#        TARGET   class names (default: all), e.g. PcapReaderFuzz Smb2StreamFuzz
#
# Findings (crash-*, timeout-*, oom-* input files) are written to releng/fuzz/target/jazzer/; to keep one as a
# regression input, copy it to releng/fuzz/src/test/resources/org/negscope/fuzz/<Target>Inputs/fuzz/ (the normal
# test run replays every file there) and fix the bug. The corpus grown by libFuzzer stays in
# target/jazzer/.cifuzz-corpus/ between runs (until `clean`), so repeated runs go deeper.
# Prints the executions per target at the end (target/fuzz-stats/<Target>.txt).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
MINUTES=${1:-10}
shift || true
case "$MINUTES" in ''|*[!0-9]*) echo "run-long: MINUTES must be a number, got '$MINUTES'" >&2; exit 2;; esac
TESTS=""
if [ $# -gt 0 ]; then TESTS="-Dtest=$(IFS=,; echo "$*")"; fi
rm -f "$HERE"/target/fuzz-stats/*.txt
status=0
"$ROOT/mvnw" -f "$HERE/pom.xml" test -Pfuzz -Dsurefire.groups=jazzer -Dfuzz.seconds=$((MINUTES * 60)) \
    -Dsurefire.failIfNoSpecifiedTests=false $TESTS || status=$?
echo "run-long: executions per target ($MINUTES min each):"
total=0
for f in "$HERE"/target/fuzz-stats/*.txt; do
  [ -e "$f" ] || continue
  line=$(cat "$f"); echo "  $line"
  n=$(sed -n 's/.* executions=\([0-9]*\).*/\1/p' "$f"); total=$((total + ${n:-0}))
done
echo "run-long: total executions $total; findings, if any: $HERE/target/jazzer/"
exit $status
