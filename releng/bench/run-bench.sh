#!/usr/bin/env bash
# run-bench.sh — NegScope's performance benchmark: one command, documented in releng/bench/README.md.
#
# usage: releng/bench/run-bench.sh [SIZE...]            (default: 100M 1G 4G; K/M/G are powers of 1024;
#                                                        "none": only the real-capture run)
#
# For each size it (1) generates a deterministic SYNTHETIC capture with all hard cases on (cached in $BENCH_DIR),
# (2) proves the data is valid SMB2: tshark must count as many VALIDATE_NEGOTIATE_INFO messages as the ground
# truth says — tshark 4.0 loses messages whose TCP segment boundary falls inside the 4-byte NBSS length, so when
# the hard file differs the count is made on a file of the same size and seed without that one hard case, and
# both counts are printed, (3) asserts that NegScope's verdict (and difference, and who ended the connection)
# per connection equals the ground truth, (4) times `cat F >/dev/null`, `tshark -r F -Y 'smb2.ioctl.function ==
# 0x00140204'` and `negscope analyze F --json` (wall clock, peak RSS from /usr/bin/time -v; median of RUNS runs,
# page cache warm) and prints a table with seconds, MB/s, peak RSS and the ratio to tshark. Then the same on a
# REAL Samba capture (releng/captures/*.pcap) replicated to REAL_SIZE, and the targets (README.md).
#
# Environment:
#   BENCH_DIR=/tmp/negscope-bench  cache of generated files and results      RUNS=3   timed runs per tool
#   FORMATS="pcap pcapng"   formats for sizes up to 1G (also netmon; "," or " " between);  BIG_FORMATS=pcap   above 1G
#   TSHARK_BIG_RUNS=1       tshark runs above 1G (minutes each, GBs of RSS)   SEED=1
#   REAL_SIZE=100M          size of the replicated real capture ("none" skips it)
#   KEEP=1                  keep generated captures for the next run (0 deletes each when done)
#   NEGSCOPE_CP=...         run the CLI from this class path instead of ./negscope (development, see README)
#   NEGSCOPE_JVM_OPTS="..." JVM options with NEGSCOPE_CP (default: the launcher's -Xms24m -Xmx512m -Xmn16m -XX:+AlwaysPreTouch -XX:+UseSerialGC -XX:TieredStopAtLevel=1)
#   STRICT=1                exit 1 when a performance target is missed (correctness failures always exit 1)
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH/../.." && pwd)
WORK=${BENCH_DIR:-/tmp/negscope-bench}
RUNS=${RUNS:-3}
SEED=${SEED:-1}
FORMATS=${FORMATS:-pcap pcapng}; FORMATS=${FORMATS//,/ }
BIG_FORMATS=${BIG_FORMATS:-pcap}; BIG_FORMATS=${BIG_FORMATS//,/ }
TSHARK_BIG_RUNS=${TSHARK_BIG_RUNS:-1}
REAL_SIZE=${REAL_SIZE:-100M}
KEEP=${KEEP:-1}
FILTER='smb2.ioctl.function == 0x00140204'
# shellcheck source=bench-lib.sh
. "$BENCH/bench-lib.sh"

for tool in java javac tshark /usr/bin/time awk; do
    command -v "$tool" >/dev/null 2>&1 || bench_die "'$tool' not found (Debian packages: openjdk-17-jdk-headless tshark time gawk)"
done
mkdir -p "$WORK"
bench_tools
bench_negscope_cmd
if [ $# -eq 0 ]; then set -- 100M 1G 4G; fi

bytes_of() { awk -v s="$1" 'BEGIN{
    m=1; u=toupper(substr(s,length(s))); n=s
    if(u=="K"){m=1024}else if(u=="M"){m=1048576}else if(u=="G"){m=1073741824}
    if(m>1){n=substr(s,1,length(s)-1)}; printf "%.0f", n*m }'; }

ensure_space() { # ensure_space BYTES — refuse to start what would fill the disk
    local need=$(( $1 + (1 << 30) )) avail
    avail=$(df -P -B1 "$WORK" | awk 'NR==2 {print $4}')
    [ "$avail" -gt "$need" ] || bench_die "$WORK: $(( avail >> 20 )) MB free, $(( need >> 20 )) MB needed"
}

# measure OUT CMD... — runs CMD with stdout to OUT; sets M_US (wall, µs) and M_KB (peak RSS, KB).
measure() {
    local out=$1; shift
    local tf rc=0 t0 t1
    tf=$(mktemp "$WORK/time.XXXXXX")
    t0=$(date +%s%N)
    /usr/bin/time -v -o "$tf" "$@" >"$out" 2>>"$WORK/stderr.log" || rc=$?
    t1=$(date +%s%N)
    M_US=$(( (t1 - t0) / 1000 ))
    M_KB=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$tf")
    M_CPU=$(awk -F: '/User time|System time/ {s += $2} END {printf "%d", s * 1e6}' "$tf")
    rm -f "$tf"
    if [ "$rc" -gt 1 ]; then bench_die "exit $rc from: $* (see $WORK/stderr.log)"; fi
}

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
maxof() { tr ' ' '\n' | grep -v '^$' | sort -n | tail -n1; }

RESULTS="$WORK/results.tsv"   # label tool bytes seconds MB/s rssMB vs-tshark runs cpu-seconds
: >"$RESULTS"
FAILED=0

# time_file LABEL CAPTURE TSHARK_RUNS [tshark args...] — the timed part; appends to $RESULTS and prints rows.
time_file() {
    local label=$1 cap=$2 truns=$3; shift 3
    local size walls_cat="" walls_ts="" walls_ns="" rss_cat="" rss_ts="" rss_ns="" cpu_cat="" cpu_ts="" cpu_ns="" i
    size=$(stat -c %s "$cap")
    cat "$cap" >/dev/null # warm the page cache
    for i in $(seq 1 "$RUNS"); do
        measure /dev/null cat "$cap"; walls_cat+=" $M_US"; rss_cat+=" $M_KB"; cpu_cat+=" $M_CPU"
        if [ "$i" -le "$truns" ]; then
            measure "$WORK/tshark.out" tshark -r "$cap" "$@" -Y "$FILTER"; walls_ts+=" $M_US"; rss_ts+=" $M_KB"; cpu_ts+=" $M_CPU"
            TSHARK_TIMED_COUNT=$(wc -l <"$WORK/tshark.out")
        fi
        measure "$WORK/negscope.json" "${NEGSCOPE_CMD[@]}" "$cap" --json; walls_ns+=" $M_US"; rss_ns+=" $M_KB"; cpu_ns+=" $M_CPU"
    done
    local ts_us=0 tools="cat tshark negscope"
    # tshark cannot read every format NegScope reads (ETL): then it is not timed and the ratio column says n/a
    if [ -n "$walls_ts" ]; then ts_us=$(echo "$walls_ts" | median); else tools="cat negscope"; fi
    local tool walls rss cpus us kb cpu
    for tool in $tools; do
        case $tool in
            cat) walls=$walls_cat; rss=$rss_cat; cpus=$cpu_cat ;;
            tshark) walls=$walls_ts; rss=$rss_ts; cpus=$cpu_ts ;;
            negscope) walls=$walls_ns; rss=$rss_ns; cpus=$cpu_ns ;;
        esac
        us=$(echo "$walls" | median); kb=$(echo "$rss" | maxof); cpu=$(echo "$cpus" | median)
        awk -v l="$label" -v t="$tool" -v b="$size" -v us="$us" -v kb="$kb" -v ts="$ts_us" -v n="$(echo $walls | wc -w)" -v cpu="$cpu" 'BEGIN {
            s = us / 1e6; printf "%s\t%s\t%.0f\t%.3f\t%.0f\t%.0f\t%.1f\t%d\t%.2f\n", l, t, b, s, b / 1e6 / s, kb / 1024, ts / us, n, cpu / 1e6 }' >>"$RESULTS"
    done
    print_header
    print_rows "$label"
}

print_header() {
    printf '\n%-30s %-9s %7s %9s %8s %12s %10s %8s %5s\n' "capture" "tool" "MB" "seconds" "MB/s" "peak RSS MB" "vs tshark" "CPU s" "runs"
}
print_rows() {
    awk -F'\t' -v l="$1" '$1 == l {
        vs = $7 > 0 ? sprintf("%9.1fx", $7) : sprintf("%10s", "n/a")
        printf "%-30s %-9s %7.0f %9.3f %8.0f %12.0f %s %8.2f %5d\n", $1, $2, $3 / 1e6, $4, $5, $6, vs, $9, $8 }' "$RESULTS"
}

check_tshark_count() { # check_tshark_count CAPTURE SIZE FORMAT — proof that the synthetic data is valid SMB2
    local cap=$1 size=$2 format=$3 want got
    want=$(bench_truth_value "$cap" validateMessages)
    got=$TSHARK_TIMED_COUNT
    if [ "$got" -eq "$want" ]; then
        echo "tshark check: $got VALIDATE messages, as the ground truth says (hard cases on)"
        return
    fi
    local easy="$WORK/synth-$size-s$SEED-tshark-check.$format"
    ensure_space "$(stat -c %s "$cap")"
    bench_generate "$size" "$format" "$SEED" split-header,fake-data,interleave,retransmit "$easy"
    local want2 got2
    want2=$(bench_truth_value "$easy" validateMessages)
    got2=$(bench_tshark_count "$easy")
    echo "tshark check: hard file: tshark counts $got of $want VALIDATE messages (it loses messages whose segment boundary falls inside the NBSS length, $(bench_truth_value "$cap" nbssSplits) such boundaries, and can be misled by reordered segments);"
    if [ "$got2" -eq "$want2" ]; then
        echo "              same size/seed without split-nbss and reorder: $got2 of $want2 — the data is valid"
    else
        echo "              same size/seed without split-nbss and reorder: $got2 of $want2 — MISMATCH"
        FAILED=1
    fi
    [ "$KEEP" = 1 ] || rm -f "$easy" "$easy.truth.tsv"
}

echo "NegScope benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(java -version 2>&1 | head -n1), $(tshark --version 2>/dev/null | head -n1)"
echo "NegScope command: ${NEGSCOPE_CMD[*]} FILE --json;  cache: $WORK;  runs: $RUNS;  load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "(seconds = median wall clock, MB = 10^6 bytes, vs tshark = tshark's seconds / this tool's, CPU s = median user+sys)"

for size in "$@"; do
    [ "$size" = none ] && continue # `run-bench.sh none`: only the real-capture run
    fmts=$FORMATS; truns=$RUNS
    if [ "$(bytes_of "$size")" -gt $((1 << 30)) ]; then fmts=$BIG_FORMATS; truns=$TSHARK_BIG_RUNS; fi
    for format in $fmts; do
        cap="$WORK/synth-$size-s$SEED.$format"
        label="synthetic $size $format"
        if [ ! -s "$cap" ]; then ensure_space "$(bytes_of "$size")"; fi
        bench_note "generating $cap (cached)"
        bench_generate "$size" "$format" "$SEED" all "$cap"
        echo
        echo "== $label: $(stat -c %s "$cap") bytes, $(bench_truth_value "$cap" frames) frames, $(bench_truth_value "$cap" connections) connections ($(grep '^# connections' "$cap.truth.tsv" | cut -d' ' -f3-)), hard cases: $(bench_truth_value "$cap" hard)"
        bench_check_negscope "$cap" "$WORK/check.json" || FAILED=1
        if [ "$format" = etl ]; then
            # tshark reads no ETL on Linux: compare with the pcap row of the same size (same frames)
            time_file "$label" "$cap" 0
        else
            time_file "$label" "$cap" "$truns"
            check_tshark_count "$cap" "$size" "$format"
        fi
        [ "$KEEP" = 1 ] || rm -f "$cap" "$cap.truth.tsv"
    done
done

if [ "$REAL_SIZE" != none ]; then
    cap="$WORK/samba-real-$REAL_SIZE.pcap"
    label="real Samba x copies $REAL_SIZE"
    if [ ! -s "$cap" ] || [ ! "$cap" -nt "$BENCH/ReplicateCapture.java" ]; then
        ensure_space "$(bytes_of "$REAL_SIZE")"
        java -cp "$TOOLS_CP" ReplicateCapture --out "$cap" --size "$REAL_SIZE" --expected "$REPO/releng/captures/EXPECTED.tsv" \
            "$REPO"/releng/captures/*.pcap
    fi
    ports=$(awk -F'\t' 'NR > 3 {split($2, a, ":"); print a[2]}' "$cap.truth.tsv" | sort -un)
    decode=(); for p in $ports; do decode+=(-d "tcp.port==$p,nbss"); done
    echo
    echo "== $label: $(stat -c %s "$cap") bytes, $(grep -c . "$cap.truth.tsv" | awk '{print $1 - 3}') connections, copies of the $(ls "$REPO"/releng/captures/*.pcap | wc -l) captures in releng/captures/"
    bench_check_negscope "$cap" "$WORK/check.json" || FAILED=1
    time_file "$label" "$cap" "$RUNS" "${decode[@]}"
    # expected tshark count: per source capture, tshark's own count times the number of copies
    want=0
    while read -r n src; do
        c=$(bench_tshark_count "$REPO/releng/captures/$src" "${decode[@]}")
        want=$(( want + n * c ))
    done < <(awk -F'\t' 'NR > 3 {print $7}' "$cap.truth.tsv" | sort | uniq -c)
    got=$(wc -l <"$WORK/tshark.out")
    if [ "$got" -eq "$want" ]; then echo "tshark check: $got VALIDATE messages = copies x count in each source"
    else echo "tshark check: $got VALIDATE messages, expected $want — MISMATCH"; FAILED=1; fi
    [ "$KEEP" = 1 ] || rm -f "$cap" "$cap.truth.tsv"
fi

# ---- targets (README.md) ------------------------------------------------------------------------------------------
echo
echo "== targets"
val() { awk -F'\t' -v l="$1" -v t="$2" -v c="$3" '$1 == l && $2 == t {print $c}' "$RESULTS"; }
MISSED=0
verdict() { if awk "BEGIN {exit !($1)}"; then echo "MET"; else echo "MISSED"; MISSED=1; fi; }
for f in pcap pcapng; do
    r=$(val "synthetic 1G $f" negscope 7); m=$(val "synthetic 1G $f" negscope 6)
    [ -n "$r" ] && echo "1G $f: ${r}x faster than tshark (target >= 20): $(verdict "$r >= 20");  peak RSS ${m} MB (target <= 256): $(verdict "$m <= 256")"
done
for f in netmon etl; do
    mbs=$(val "synthetic 1G $f" negscope 5); rss=$(val "synthetic 1G $f" negscope 6)
    pm=$(val "synthetic 1G pcap" negscope 5); pr=$(val "synthetic 1G pcap" negscope 6)
    [ -n "$mbs" ] && [ -n "$pm" ] && echo "1G $f: $mbs MB/s vs pcap $pm MB/s (target >= 50 %): $(verdict "$mbs >= $pm * 0.5");  peak RSS $rss vs $pr MB (target within 10 %): $(verdict "$rss <= $pr * 1.10")"
done
big=$(val "synthetic 4G pcap" negscope 5); big_rss=$(val "synthetic 4G pcap" negscope 6); small_rss=$(val "synthetic 100M pcap" negscope 6)
[ -n "$big" ] && echo "4G pcap: $big MB/s (target >= 1000): $(verdict "$big >= 1000")"
if [ -n "$big_rss" ] && [ -n "$small_rss" ]; then
    echo "4G pcap peak RSS $big_rss MB vs 100M $small_rss MB (target within 10 %): $(verdict "$big_rss <= $small_rss * 1.10")"
fi
p1=$(val "synthetic 1G pcap" negscope 4); p2=$(val "synthetic 1G pcapng" negscope 4)
[ -n "$p1" ] && [ -n "$p2" ] && echo "1G pcapng ${p2} s vs pcap ${p1} s (pcapng as fast as pcap, within 10 %): $(verdict "$p2 <= $p1 * 1.10")"
echo "results (TSV): $RESULTS"

if [ "$FAILED" -ne 0 ]; then echo "bench: CORRECTNESS FAILED (see MISMATCH lines above)"; exit 1; fi
if [ "${STRICT:-0}" = 1 ] && [ "$MISSED" -ne 0 ]; then exit 1; fi
echo "bench: correctness OK for every capture"
