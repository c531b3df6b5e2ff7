#!/usr/bin/env bash
# Regenerates every Samba capture into a temporary directory with make-captures.sh (real smbd and
# smbclient on loopback, the rewriting proxy in between) and runs the real-capture analysis test and the
# two-point matrix (every rewritable field, with and without a port change) against that fresh set. Ports,
# timing and ACKs change from run to run, so the fresh set carries its own EXPECTED.tsv (frame numbers read back with tshark); the verdicts and fields come from the cases.
# Runs on the jars the build produced: call it after `./mvnw verify` (./negscope test does).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
work=$(mktemp -d "${TMPDIR:-/tmp}/negscope-regen.XXXXXX")
trap 'rm -rf "$work"' EXIT

releng/scripts/make-captures.sh "$work/captures" >&2
# Kerberos: one throwaway Samba AD DC per run (provisioned once, ~20-90 s), a dozen smbclient sessions, keytabs.
releng/scripts/make-kerberos-captures.sh "$work/kerberos" >&2

# The JUnit console launcher runs the test class on a flat class path: the core bundles as the
# product ships them plus the compiled test fragment (no OSGi needed: the core is plain Java).
junit_version=1.14.1
junit="$HOME/.m2/repository/org/junit/platform/junit-platform-console-standalone/$junit_version/junit-platform-console-standalone-$junit_version.jar"
if [ ! -f "$junit" ]; then
  (cd "$work" && "$repo/mvnw" -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:get \
      -Dartifact=org.junit.platform:junit-platform-console-standalone:$junit_version -Dtransitive=false >&2)
fi
plugins="$repo/product/target/products/org.negscope.product/linux/gtk/x86_64/negscope/plugins"
cp=""
for j in "$plugins"/org.negscope.{capture,smb2,crypto,analysis}_*.jar "$plugins"/bcprov_*.jar; do cp="$cp${cp:+:}$j"; done
cp="$cp:$repo/bundles/org.negscope.testing/target/classes:$repo/bundles/org.negscope.analysis.tests/target/classes"
cd bundles/org.negscope.analysis.tests
java -Dnegscope.captures="$work/captures" -Dnegscope.kerberos.captures="$work/kerberos" -jar "$junit" execute \
     --disable-banner --details=summary -cp "$cp" --select-class org.negscope.analysis.SambaCapturesTest \
     --select-class org.negscope.analysis.TwoPointMatrixTest --select-class org.negscope.analysis.KerberosCapturesTest
