#!/usr/bin/env bash
# check-synthetic.sh — the CI-sized version of the benchmark (releng/bench/README.md): correctness only, no timing.
#
# usage: releng/bench/check-synthetic.sh            (≈ 1 minute; needs java/javac; tshark optional)
#
# Generates two SYNTHETIC captures with every hard case on — 32 MiB pcap (seed 7) and 16 MiB pcapng (seed 8),
# READs of 512 KiB per connection on average, so ≈ 50 + 25 connections:
# TCP segment boundaries inside the NBSS length and the SMB2 header, READ data with FE 'S' 'M' 'B' and complete
# fake VALIDATE messages at segment starts, interleaved connections, retransmitted, overlapping and reordered segments —
# runs `negscope analyze F --json` on each and asserts that every connection's verdict, difference (side and
# field) and terminatedBy equal the generator's ground truth, and that nothing else is reported. It also asserts
# that the generator really produced each hard case, and, when tshark is installed, that tshark counts as many
# VALIDATE messages as the ground truth on a small file without NBSS-length splits and reordering (tshark 4.0 loses
# messages there), the
# proof that the synthetic bytes are valid SMB2.
#
# NegScope runs through ./negscope (the launcher; builds the product on first use) unless NEGSCOPE_CP is set
# (see README.md). Exit 0 when everything matches, 1 otherwise. Scratch files go to a temp dir that is removed.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH/../.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/negscope-check-synthetic.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
# shellcheck source=bench-lib.sh
. "$BENCH/bench-lib.sh"

for tool in java javac; do command -v "$tool" >/dev/null 2>&1 || bench_die "'$tool' not found"; done
bench_tools
bench_negscope_cmd
FAILED=0

check() { # check SIZE FORMAT SEED
    local cap="$WORK/synthetic-$1-s$3.$2" h
    bench_generate "$1" "$2" "$3" all "$cap" --mean-read 512K 2>/dev/null
    echo "check-synthetic: $(basename "$cap"): $(stat -c %s "$cap") bytes, $(bench_truth_value "$cap" frames) frames, $(grep '^# connections' "$cap.truth.tsv" | cut -d' ' -f2-)"
    for h in nbssSplits headerSplits fakeValidatesInReadData retransmittedSegments reorderedPairs; do
        # a key missing from the ground truth (or not a number) fails: `[ "" -le 0 ]` alone would be false and pass
        v=$(bench_truth_value "$cap" "$h")
        if ! [[ $v =~ ^[0-9]+$ ]]; then
            echo "check-synthetic: FAILED: the ground truth of $(basename "$cap") has no number for $h ('$v')"; FAILED=1
        elif [ "$v" -le 0 ]; then
            echo "check-synthetic: FAILED: the generator produced no $h in $(basename "$cap")"; FAILED=1
        fi
    done
    if ! bench_check_negscope "$cap" "$WORK/negscope.json"; then FAILED=1; fi
    # the comparison itself must be able to fail: a ground truth with one verdict changed has to be rejected
    if [ "$3" = 7 ]; then
        awk -F'\t' -v OFS='\t' '!/^#/ && $3 == "VALIDATED" && !done {$3 = "RESPONSE_MISMATCH"; done = 1} {print}' \
            "$cap.truth.tsv" >"$WORK/tampered.tsv"
        if java -cp "$TOOLS_CP" CheckTruth "$WORK/tampered.tsv" "$WORK/negscope.json" >/dev/null; then
            echo "check-synthetic: FAILED: CheckTruth accepted a ground truth with a changed verdict"; FAILED=1
        fi
    fi
    rm -f "$cap"
}

check 32M pcap 7
check 16M pcapng 8

if command -v tshark >/dev/null 2>&1; then
    cap="$WORK/synthetic-8M-tshark-check.pcap"
    bench_generate 8M pcap 7 split-header,fake-data,interleave,retransmit "$cap" 2>/dev/null
    want=$(bench_truth_value "$cap" validateMessages)
    got=$(bench_tshark_count "$cap")
    if ! [[ $want =~ ^[0-9]+$ && $got =~ ^[0-9]+$ ]]; then
        echo "check-synthetic: FAILED: no VALIDATE count to compare (ground truth '$want', tshark '$got')"; FAILED=1
    elif [ "$got" -eq "$want" ]; then
        echo "check-synthetic: tshark finds $got VALIDATE messages, as the ground truth says (data valid)"
    else
        echo "check-synthetic: FAILED: tshark finds $got VALIDATE messages, the ground truth says $want"; FAILED=1
    fi
else
    echo "check-synthetic: tshark not installed: the tshark validity check is skipped"
fi

if [ "$FAILED" -ne 0 ]; then echo "check-synthetic: FAILED"; exit 1; fi
echo "check-synthetic: OK"
