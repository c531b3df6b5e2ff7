#!/usr/bin/env bash
# check-executions.sh [MIN] — after a fuzzing run (`-Pfuzz`), fails unless EVERY fuzz target
# (src/test/java/org/negscope/fuzz/*Fuzz.java) wrote its statistics (target/fuzz-stats/<Target>.txt) and executed at
# least MIN inputs (default NEGSCOPE_FUZZ_MIN_EXECUTIONS, else 100): a target that did not start, stopped at once or
# was left out of the run must not pass as fuzzed. Clear target/fuzz-stats before the run (the replay run writes it too).
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
min=${1:-${NEGSCOPE_FUZZ_MIN_EXECUTIONS:-100}}
failed=0 n=0
for src in "$here"/src/test/java/org/negscope/fuzz/*Fuzz.java; do
  cls=$(basename "$src" .java)
  # the name the target gives its FuzzStats: new FuzzStats("Name")
  name=$(sed -n 's/.*new FuzzStats("\([^"]*\)").*/\1/p' "$src" | head -n1)
  n=$((n + 1))
  if [ -z "$name" ]; then
    echo "check-executions: FAILED: $cls keeps no FuzzStats"; failed=1; continue
  fi
  f="$here/target/fuzz-stats/$name.txt"
  if [ ! -f "$f" ]; then
    echo "check-executions: FAILED: $cls wrote no statistics ($f): it did not run"; failed=1; continue
  fi
  e=$(sed -n 's/.* executions=\([0-9]*\).*/\1/p' "$f")
  if ! [[ $e =~ ^[0-9]+$ ]] || [ "$e" -lt "$min" ]; then
    echo "check-executions: FAILED: $cls executed ${e:-no} inputs, fewer than $min"; failed=1
  else
    echo "check-executions: $cls executed $e inputs"
  fi
done
[ "$n" -gt 0 ] || { echo "check-executions: FAILED: no fuzz target found"; exit 1; }
[ "$failed" -eq 0 ] || exit 1
echo "check-executions: all $n targets executed at least $min inputs"
