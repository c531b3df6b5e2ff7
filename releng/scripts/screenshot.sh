#!/usr/bin/env bash
# screenshot.sh — picture of the NegScope workbench with a capture open (the README's docs/screenshot.png).
#
# usage: releng/scripts/screenshot.sh OUT.png [CAPTURE]
#   CAPTURE defaults to the sample the product ships (samples/samba-3.0.2-strip-resp-caps.pcap).
#
# Starts the built product (./negscope build, or ./mvnw verify) under its own Xvfb on a free display,
# waits until the window titled "NegScope — <file>" exists and the workbench has logged the end of the
# analysis ("Analysed FILE: ..." with -consoleLog), takes the screenshot of the whole screen with
# ImageMagick's `import`, and stops what it started. The workbench
# selects the first fatal connection by itself (else the first where Validate Negotiate applies), so the picture shows the verdict, the field-by-field
# comparison and the diagnosis without any clicking. Needs: xvfb, x11-utils (xwininfo), imagemagick, java 17.
set -euo pipefail

[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: $0 OUT.png [CAPTURE]" >&2; exit 2; }
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out=$(realpath -m "$1")
product="$repo/product/target/products/org.negscope.product/linux/gtk/x86_64/negscope"
capture=${2:-$product/samples/samba-3.0.2-strip-resp-caps.pcap}
WIDTH=${WIDTH:-1400}
HEIGHT=${HEIGHT:-900}
TIMEOUT=${TIMEOUT:-120}     # seconds for the window to appear and the analysis to end
# SHOT_AT=first: take the picture when the first verdicts are shown, not at the end (big captures)
SETTLE=${SETTLE:-2}         # seconds after that for the selection to reach the views and the layout to settle

die() { echo "screenshot.sh: $*" >&2; exit 2; }
for tool in Xvfb xwininfo import java; do
    command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found (Debian packages: xvfb x11-utils imagemagick openjdk-17-jre)"
done
launcher=$(ls "$product"/plugins/org.eclipse.equinox.launcher_*.jar 2>/dev/null | head -n1 || true)
[ -n "$launcher" ] || die "no built product in $product (run ./negscope build first)"
[ -f "$capture" ] || die "no capture $capture"
capture=$(realpath "$capture")
mkdir -p "$(dirname "$out")"

# A display number nobody uses (no lock file, no socket).
display=""
for n in $(seq 90 159); do
    if [ ! -e "/tmp/.X$n-lock" ] && [ ! -e "/tmp/.X11-unix/X$n" ]; then display=$n; break; fi
done
[ -n "$display" ] || die "no free X display number in 90-159"

work=$(mktemp -d "${TMPDIR:-/tmp}/negscope-shot.XXXXXX")
xvfb_pid=""
app_pid=""
cleanup() {
    [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null || true
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

# No xvfb-run: its xauth cookie setup fails on some machines ("Authorization required"); a private
# display without TCP listening needs no cookie.
Xvfb ":$display" -screen 0 "${WIDTH}x${HEIGHT}x24" -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 1 50); do
    DISPLAY=":$display" xwininfo -root >/dev/null 2>&1 && break
    kill -0 "$xvfb_pid" 2>/dev/null || die "Xvfb :$display did not start: $(cat "$work/xvfb.log")"
    sleep 0.1
done

# Private workspace and configuration area: nothing is written into the product or the user's home.
cp -r "$product/configuration" "$work/configuration"
# VMARGS: extra JVM options (workbench-bench.sh: -Dnegscope.bench=true for the benchmark's log lines)
(cd "$product" && exec env DISPLAY=":$display" java -Xmx1g ${VMARGS:-} -jar "$launcher" \
    -configuration "$work/configuration" -data "$work/workspace" -consoleLog "$capture") >"$work/app.log" 2>&1 &
app_pid=$!

title="NegScope — $(basename "$capture")"
deadline=$((SECONDS + TIMEOUT))
wait_for() { # wait_for WHAT COMMAND... — polls until COMMAND succeeds, bounded by the deadline
    local what=$1; shift
    until "$@"; do
        if ! kill -0 "$app_pid" 2>/dev/null; then
            tail -n 20 "$work/app.log" >&2
            die "NegScope exited before $what"
        fi
        if [ $SECONDS -ge $deadline ]; then
            tail -n 20 "$work/app.log" >&2
            die "no $what after ${TIMEOUT} s"
        fi
        sleep 0.5
    done
}
window_drawn() { DISPLAY=":$display" xwininfo -root -tree 2>/dev/null | grep -qF "$title"; }
analysis_done() { grep -qE '^!MESSAGE (Analysed|Cannot analyse) ' "$work/app.log"; }
first_verdicts() { grep -qE '^!MESSAGE (First verdicts|Cannot analyse) ' "$work/app.log"; }
wait_for "window titled '$title'" window_drawn
if [ "${SHOT_AT:-end}" = first ]; then
    # the picture as soon as the first verdicts are in the table (big captures: the analysis is still running)
    wait_for "first verdicts in the log" first_verdicts
    DISPLAY=":$display" import -window root "$out"
fi
wait_for "end of the analysis in the log" analysis_done
grep -E '^!MESSAGE (First verdicts|Analysed|Cannot analyse|Benchmark:) ' "$work/app.log" | sed 's/^!MESSAGE /screenshot.sh: /'
if [ "${SHOT_AT:-end}" != first ]; then
    sleep "$SETTLE"
    DISPLAY=":$display" import -window root "$out"
fi
echo "screenshot.sh: wrote $out (${WIDTH}x${HEIGHT}, $(basename "$capture"))"
