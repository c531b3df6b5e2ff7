# bench-lib.sh — shared by run-bench.sh and check-synthetic.sh (sourced, not run).
# Needs: BENCH (this directory), REPO (repository root), WORK (scratch/cache directory).

bench_note() { echo "bench: $*" >&2; }
bench_die() { echo "bench: ERROR: $*" >&2; exit 1; }

# Compiles the single-file tools once into $WORK/tools (recompiled when a source is newer).
bench_tools() {
    local out="$WORK/tools" stamp="$WORK/tools/.stamp"
    mkdir -p "$out"
    if [ ! -f "$stamp" ] || [ -n "$(find "$BENCH" -maxdepth 1 -name '*.java' -newer "$stamp" -print -quit)" ]; then
        javac -nowarn -d "$out" "$BENCH"/*.java || bench_die "cannot compile the bench tools"
        touch "$stamp"
    fi
    TOOLS_CP="$out"
}

# The command that runs NegScope's CLI: NEGSCOPE_CP (a class path of the core bundles' classes or jars plus
# bcprov and gson, for development before a product build) runs it the way the launcher does, with the
# launcher's JVM options unless NEGSCOPE_JVM_OPTS says otherwise (to compare JVM settings); otherwise the
# repository's ./negscope launcher (builds the product on first use).
bench_negscope_cmd() {
    if [ -n "${NEGSCOPE_CP:-}" ]; then
        local opts
        read -r -a opts <<<"${NEGSCOPE_JVM_OPTS:--Xms24m -Xmx512m -Xmn16m -XX:+AlwaysPreTouch -XX:+UseSerialGC -XX:TieredStopAtLevel=1}"
        NEGSCOPE_CMD=(java "${opts[@]}" -cp "$NEGSCOPE_CP" org.negscope.cli.Main analyze)
    else
        NEGSCOPE_CMD=("$REPO/negscope" analyze)
    fi
}

# bench_generate SIZE FORMAT SEED HARD FILE [GENERATOR OPTIONS...] — cached: regenerated only when missing or
# the generator changed.
bench_generate() {
    local size=$1 format=$2 seed=$3 hard=$4 file=$5
    shift 5
    if [ -s "$file" ] && [ -s "$file.truth.tsv" ] && [ "$file" -nt "$BENCH/SynthCapture.java" ] && [ "$file" -nt "$BENCH/NetmonWriter.java" ]; then
        return 0
    fi
    java -cp "$TOOLS_CP" SynthCapture --out "$file" --size "$size" --format "$format" --seed "$seed" --hard "$hard" "$@" \
        || bench_die "generator failed for $file"
}

# bench_truth_value FILE KEY — a key=value from the truth file's comment lines.
bench_truth_value() {
    grep -o "[[:space:]]$2=[^[:space:]]*" "$1.truth.tsv" | head -n1 | cut -d= -f2
}

# bench_check_negscope CAPTURE JSON — runs NegScope once and compares its verdicts with the ground truth.
bench_check_negscope() {
    local cap=$1 json=$2 rc=0
    "${NEGSCOPE_CMD[@]}" "$cap" --json >"$json" 2>"$json.err" || rc=$?
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
        cat "$json.err" >&2
        bench_die "negscope analyze $cap exited with $rc"
    fi
    java -cp "$TOOLS_CP" CheckTruth "$cap.truth.tsv" "$json"
}

# tshark's count of frames with a VALIDATE_NEGOTIATE_INFO IOCTL (request or response). Extra args (e.g. -d) allowed.
bench_tshark_count() {
    local cap=$1; shift
    tshark -r "$cap" "$@" -Y 'smb2.ioctl.function == 0x00140204' 2>/dev/null | wc -l
}
