#!/usr/bin/env bash
# make-broken-captures.sh — regenerate the corpus of damaged captures, releng/captures/broken/, and its
# manifest EXPECTED.tsv (the exact exit code, frame count, verdicts and message of every file).
#
# usage: releng/scripts/make-broken-captures.sh [SOURCE] [OUTDIR]
#        SOURCE  a committed real capture (default releng/captures/samba-3.0.2-clean.pcap; it must be listed in
#                releng/captures/EXPECTED.tsv, which gives its VALIDATE frames and verdict)
#        OUTDIR  default releng/captures/broken
#
# The damage (truncations inside records and blocks and exactly at boundaries, 2^31 and unaligned lengths,
# flipped bytes, wrong magic, an empty file, a directory, random bytes with a fixed seed, a snap-length cut,
# pcapng and gzip variants) and the expectations are computed by BrokenCaptures.java from the structure of
# SOURCE; nothing here runs NegScope. The corpus is checked by the normal test suite (releng/fuzz,
# BrokenCapturesTest: `./mvnw -f releng/fuzz/pom.xml test`). Needs Java 17. Deterministic.
set -euo pipefail
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
SOURCE=${1:-$REPO_ROOT/releng/captures/samba-3.0.2-clean.pcap}
OUTDIR=${2:-$REPO_ROOT/releng/captures/broken}
command -v java >/dev/null || { echo "make-broken-captures: needs java 17" >&2; exit 2; }
[ -f "$SOURCE" ] || { echo "make-broken-captures: no source capture $SOURCE" >&2; exit 2; }
mkdir -p "$OUTDIR"
exec java "$SCRIPT_DIR/BrokenCaptures.java" "$SOURCE" "$REPO_ROOT/releng/captures/EXPECTED.tsv" "$OUTDIR"
