#!/usr/bin/env bash
# output-snapshot.sh DIR — every output of the headless CLI on every capture we have, one file per output, so
# that a refactoring can prove it changed nothing:
#   releng/scripts/output-snapshot.sh /tmp/before     # on the old build
#   releng/scripts/output-snapshot.sh /tmp/after      # on the new build
#   diff -r /tmp/before /tmp/after                    # must print nothing
# Inputs: every file under releng/captures (recursively: the broken corpus too) and under
# ../shared/external-captures*/ (third-party captures, read in place, never copied). Files the CLI refuses
# (READMEs, checksums, .txt renderings, .cab) are run as well: their exit code and stderr are part of the
# snapshot. Per input: `analyze` (text), `analyze --json`, `analyze --html F --text G` (stdout, both report
# files); the committed captures also with the documented test password (signature checks). Per committed
# client-side/server-side pair: `compare` text, --json, --html/--text.
# Each run writes NAME.out (stdout), NAME.err (stderr) and NAME.rc (exit code); report files NAME.html/.txt.
# Normalised: only this checkout's absolute path (replaced by @REPO@); reports hold no generation time.
# The product must be built (`flock /tmp/negscope-mvn.lock ./negscope build -o`); the launcher runs with
# NEGSCOPE_NO_BUILD=1, so editing sources while a snapshot runs never starts a build. A build older than the
# sources is refused unless SNAPSHOT_STALE_OK=1 (the "before" snapshot of a change already begun).
# NEGSCOPE=path overrides the launcher (default: this checkout's ./negscope).
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
out=${1:?usage: output-snapshot.sh DIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$here"
launcher=${NEGSCOPE:-./negscope}
stamp=product/target/.negscope-built
if [ ! -f "$stamp" ] || [ -n "$(find bundles features product releng/org.negscope.target pom.xml -newer "$stamp" -type f \
        -not -path '*/target/*' -not -path '*/bin/*' -print -quit 2>/dev/null)" ]; then
  if [ ! -f "$stamp" ] || [ "${SNAPSHOT_STALE_OK:-0}" != 1 ]; then
    echo "output-snapshot: the product is not built or older than the sources; run ./negscope build first" >&2
    exit 2
  fi
  echo "output-snapshot: the product is older than the sources (SNAPSHOT_STALE_OK=1): snapshotting the built one" >&2
fi
export NEGSCOPE_NO_BUILD=1
pw=$(mktemp); trap 'rm -f "$pw"' EXIT
printf 'NegScope-Test-1' > "$pw"   # the documented test password of releng/captures (not a secret)

norm() { sed -e "s#$here#@REPO@#g" -e "s#$out#@OUT@#g" -e "s#$pw#@PASSWORD-FILE@#g"; }

# run NAME ARGS...: one CLI run into NAME.{out,err,rc}; report files the run writes are normalised in place
run() {
  local name=$1; shift
  local rc=0
  "$launcher" "$@" > "$out/$name.out.raw" 2> "$out/$name.err.raw" || rc=$?
  norm < "$out/$name.out.raw" > "$out/$name.out"; norm < "$out/$name.err.raw" > "$out/$name.err"
  rm -f "$out/$name.out.raw" "$out/$name.err.raw"
  echo "$rc" > "$out/$name.rc"
  local f
  for f in "$out/$name.html" "$out/$name.txt"; do
    if [ -f "$f" ]; then norm < "$f" > "$f.n" && mv "$f.n" "$f"; fi
  done
  count=$((count + 1))
}

key() { printf '%s' "$1" | sed -e 's#^\.\./shared/##' -e 's#[/ ]#__#g'; }

count=0
inputs=()
while IFS= read -r f; do inputs+=("$f"); done < <(
  { find releng/captures -type f; find ../shared/ -path '../shared/external-captures*' -type f; } | LC_ALL=C sort)
for f in "${inputs[@]}"; do
  k=$(key "$f")
  run "$k.analyze" analyze "$f"
  run "$k.json" analyze "$f" --json
  run "$k.reports" analyze "$f" --html "$out/$k.reports.html" --text "$out/$k.reports.txt"
  case "$f" in
    releng/captures/*.pcap|releng/captures/*.pcapng)
      [[ $f == releng/captures/broken/* ]] && continue
      run "$k.password" analyze "$f" --password-file "$pw" --user nsuser --domain NEGSCOPE
      run "$k.password-json" analyze "$f" --json --password-file "$pw" --user nsuser --domain NEGSCOPE ;;
  esac
done
for c in releng/captures/*.client-side.pcap; do
  s=${c%.client-side.pcap}.server-side.pcap
  [ -f "$s" ] || continue
  k=$(key "${c%.client-side.pcap}")
  run "$k.compare" compare "$c" "$s"
  run "$k.compare-json" compare "$c" "$s" --json
  run "$k.compare-reports" compare "$c" "$s" --html "$out/$k.compare-reports.html" --text "$out/$k.compare-reports.txt"
done
echo "output-snapshot: $count runs over ${#inputs[@]} files into $out ($(find "$out" -type f | wc -l) files)" >&2
