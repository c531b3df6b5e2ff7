#!/usr/bin/env bash
# workbench-bench.sh — how soon the workbench shows the first verdicts of a big capture (target: under 2 s for 1 GB, README.md),
# and how long its whole analysis takes, measured in the real product under Xvfb.
#
# usage: releng/bench/workbench-bench.sh [CAPTURE] [RUNS]
#   CAPTURE defaults to the benchmark's 1 GB synthetic file ($BENCH_DIR/synth-1G-s1.pcap, made by run-bench.sh);
#   RUNS (default 3) separate launches. Needs a built product (./negscope build) and what
#   releng/scripts/screenshot.sh needs. The times are the workbench's own (its log): from the start of the analysis
#   Job to the first rows in the capture editor's table, and to the final result. The picture of the first run,
#   taken the moment the first verdicts are shown, is written to $BENCH_DIR/workbench-first-verdicts.png.
#   Each run also times `negscope analyze CAPTURE --json` (the CLI, same machine, same moment) and reads the
#   workbench's benchmark lines (-Dnegscope.bench=true): the longest UI-thread stall during the analysis, the heap in
#   use at its end, and a filter change (FILTER, default verdict:RESPONSE_MISMATCH), clearing it and a sort on the
#   whole table. 100 000 connections: javac -d /tmp/bench releng/bench/*.java && java -cp /tmp/bench SynthCapture --out F
#   --connections 100000 --mean-read 0.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK=${BENCH_DIR:-/tmp/negscope-bench}
capture=${1:-$WORK/synth-1G-s1.pcap}
runs=${2:-3}
[ -f "$capture" ] || { echo "workbench-bench.sh: no $capture (run releng/bench/run-bench.sh 1G first, or name a capture)" >&2; exit 2; }
echo "capture: $capture ($(stat -c %s "$capture") bytes); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$runs"); do
    out="$WORK/workbench-first-verdicts-$i.png"
    cli_start=$(date +%s%N)
    "$repo/negscope" analyze "$capture" --json >/dev/null 2>&1 || true   # exit 1 when a connection is fatal
    cli_ms=$(( ($(date +%s%N) - cli_start) / 1000000 ))
    log=$(VMARGS="-Dnegscope.bench=true -Dnegscope.bench.filter=${FILTER:-verdict:RESPONSE_MISMATCH}" SHOT_AT=first \
        TIMEOUT=600 "$repo/releng/scripts/screenshot.sh" "$out" "$capture")
    first=$(sed -n 's/.*First verdicts of .* shown after \([0-9]*\) ms (\([0-9]*\) connection.*/\1 ms, \2 rows/p' <<<"$log" | head -n1)
    total=$(sed -n 's/.*Analysed .*(\([0-9]*\) ms)$/\1 ms/p' <<<"$log" | head -n1)
    stall=$(sed -n 's/.*longest UI-thread stall during the analysis \([0-9]*\) ms; heap in use \([0-9]*\) MB of [0-9]* MB, \([0-9]*\) MB after a GC\(.*\)/\1 ms, heap \2 MB (\3 MB after a GC)\4/p' <<<"$log" | head -n1)
    filter=$(sed -n 's/.*Benchmark: filter \(.*\)$/\1/p' <<<"$log" | head -n1)
    echo "run $i: first verdicts after ${first:-?}; whole analysis ${total:-?} (CLI ${cli_ms} ms);" \
        "longest UI stall ${stall:-?}; filter ${filter:-?}"
    [ "$i" = 1 ] && cp "$out" "$WORK/workbench-first-verdicts.png"
    rm -f "$out"
done
echo "picture of run 1 at its first verdicts: $WORK/workbench-first-verdicts.png"
