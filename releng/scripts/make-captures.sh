#!/usr/bin/env bash
# make-captures.sh — regenerate NegScope's real test captures with Samba on loopback.
#
# usage: releng/scripts/make-captures.sh [OUTDIR]        (default: releng/captures)
#        CASES="3.0.2-clean 3.0.2-resp-guid" releng/scripts/make-captures.sh /tmp/x   (only those cases; the
#                 3.0.2-cut-* cases are cut from 3.0.2-clean, so name it too)
#        KEEP_WORK=1 ...   keep the temp dir (smbd/proxy/smbclient logs) for debugging
#
# What it does, without touching the system: a private smb.conf with its own lock/state/private/cache
# dirs under a temp dir, a tdbsam user whose Unix account comes from libnss_wrapper (NSS_WRAPPER_PASSWD/
# GROUP, no /etc change), smbd on a free loopback port (default 4450) started with
# `--foreground --no-process-group` under `setsid` (its own process group, killed as a whole on exit),
# NegotiateRewriteProxy.java (a rewriting proxy standing in for a WAN accelerator) on the next free port,
# tcpdump on `lo` filtered on the port(s), and smbclient (always under `timeout`) listing a one-file share.
# Two cases use NegScope's own probe as the client instead (compiled from bundles/ into the temp dir), for
# what smbclient cannot do: skip VALIDATE (RequireSecureNegotiate=0) and reset with RST like Windows. Three
# "cut" captures are derived with editcap from the fresh samba-3.0.2-clean.pcap (a capture started late or
# stopped early), so a regeneration covers them too.
#
# Writes OUTDIR/samba-<dialect>-<case>.pcap (+ .client-side/.server-side pairs), OUTDIR/EXPECTED.tsv
# (expected verdicts from docs/protocol.md per case; frame numbers read back from each capture with tshark)
# and OUTDIR/README.md (the same as a table, with what smbclient and smbd really did). A full run replaces
# the whole set only when every case succeeded; with CASES it adds EXPECTED.partial.tsv and leaves
# README.md alone. Prints one summary line per capture on stdout (details on stderr). Needs root (tcpdump, smbd), samba, smbclient, libnss-wrapper,
# tcpdump, tshark and editcap (wireshark-common), java 17 (javac), iproute2 (ss), and BouncyCastle's bcprov jar
# for the probe (found in the product build, ~/.m2, or NEGSCOPE_BCPROV=path).
#
# The test user's password is a fixed, documented test value (releng/captures/README.md), so tests can
# verify the signatures in the captures. It is test data, not a secret.
set -euo pipefail

TEST_USER=nsuser
TEST_PASSWORD='NegScope-Test-1'
TEST_DOMAIN=NEGSCOPE

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
OUTDIR=${1:-$REPO_ROOT/releng/captures}
SMBCLIENT_TIMEOUT=${SMBCLIENT_TIMEOUT:-40}
# The probe is a JVM (start-up and a cold NTLM path on a busy machine); its own --deadline is 60 s.
PROBE_TIMEOUT=${PROBE_TIMEOUT:-90}

die() { echo "make-captures: ERROR: $*" >&2; exit 1; }
note() { echo "make-captures: $*" >&2; }

# ---- prerequisites -------------------------------------------------------------------------------------
[ "$(id -u)" -eq 0 ] || die "must run as root (tcpdump on lo and smbd need it)"
for tool in smbd smbclient pdbedit tcpdump tshark editcap java javac ss setsid timeout; do
    command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found (Debian packages: samba smbclient tcpdump tshark wireshark-common openjdk-17-jdk-headless iproute2 util-linux coreutils)"
done
NSS_WRAPPER_LIB=$(ldconfig -p 2>/dev/null | awk '/libnss_wrapper\.so[^.]/ && /x86-64|64/ {print $NF; exit}')
[ -n "$NSS_WRAPPER_LIB" ] || NSS_WRAPPER_LIB=$(ls /usr/lib/*/libnss_wrapper.so /usr/lib/libnss_wrapper.so 2>/dev/null | head -n1 || true)
[ -n "$NSS_WRAPPER_LIB" ] && [ -e "$NSS_WRAPPER_LIB" ] || die "libnss_wrapper.so not found (Debian package libnss-wrapper)"
mkdir -p "$OUTDIR" || die "cannot create $OUTDIR"
OUTDIR=$(cd "$OUTDIR" && pwd)

# ---- temp dir and cleanup ------------------------------------------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/negscope-captures.XXXXXX")
# smbd serves the share as the test user (uid 20001): the path must be traversable by it.
chmod 755 "$WORK"
SMBD_PID=""
SMBD21_PID=""   # the second smbd, capped at SMB 2.1 (started only for the cases that need it)
PROXY_PID=""
TCPDUMP_PIDS=()

alive() { # alive PID — true while PID runs (a zombie waiting to be reaped does not count)
    local st
    st=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
    [[ $st != Z* ]]
}

group_alive() { # group_alive PGID — true while a non-zombie process of that process group runs
    ps -e -o pgid=,stat= 2>/dev/null | awk -v g="$1" '$1 == g && $2 !~ /^Z/ {found = 1} END {exit !found}'
}

stop_pid() { # stop_pid PID SIGNAL — only processes this script started (its own children)
    local pid=$1 sig=${2:-TERM}
    [ -n "$pid" ] || return 0
    if alive "$pid"; then
        kill "-$sig" "$pid" 2>/dev/null || true
        for _ in $(seq 50); do alive "$pid" || break; sleep 0.1; done
        alive "$pid" && kill -KILL "$pid" 2>/dev/null
    fi
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    local rc=$?
    set +e
    for pid in "${TCPDUMP_PIDS[@]}"; do stop_pid "$pid" INT; done
    stop_pid "$PROXY_PID" TERM
    local spid
    for spid in "$SMBD_PID" "$SMBD21_PID"; do
        [ -n "$spid" ] || continue
        # smbd was started by setsid, so its pid is its process group: end the group (smbd and its children).
        kill -TERM -- "-$spid" 2>/dev/null
        for _ in $(seq 50); do group_alive "$spid" || break; sleep 0.1; done
        group_alive "$spid" && kill -KILL -- "-$spid" 2>/dev/null
        stop_pid "$spid" KILL
    done
    if [ "$rc" -ne 0 ]; then
        note "failed (exit $rc); last lines of the logs in $WORK:"
        for f in "$WORK"/log/smbd.out "$WORK"/log/proxy-*.log; do
            [ -f "$f" ] && { echo "--- $f" >&2; tail -n 15 "$f" >&2; }
        done
    fi
    if [ "${KEEP_WORK:-0}" = 1 ] || [ "$rc" -ne 0 ]; then
        note "work dir kept: $WORK"
    else
        rm -rf "$WORK"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- ports ---------------------------------------------------------------------------------------------
port_in_use() { ss -Htan "( sport = :$1 or dport = :$1 )" 2>/dev/null | grep -q .; }
free_port() { # first port >= $1 that nothing listens on or talks through
    local p=$1
    while port_in_use "$p"; do p=$((p + 1)); [ "$p" -lt $(($1 + 200)) ] || die "no free port near $1"; done
    echo "$p"
}

listening_pid() { # listening_pid PORT PID — true once process PID itself listens on 127.0.0.1:PORT
    ss -Hltnp "( sport = :$1 )" 2>/dev/null | grep -q "pid=$2,"
}

wait_listen() { # wait_listen PORT PID — bounded wait; 0 = PID listens, 1 = PID exited (e.g. port taken)
    local port=$1 pid=$2
    for _ in $(seq 150); do
        alive "$pid" || return 1
        listening_pid "$port" "$pid" && return 0
        sleep 0.1
    done
    return 2
}

wait_quiet() { # wait until no TCP connection on PORT is still open (TIME-WAIT is fine), at most 10 s
    local port=$1
    for _ in $(seq 100); do
        ss -Htan "( sport = :$port or dport = :$port )" 2>/dev/null | grep -v -e LISTEN -e TIME-WAIT | grep -q . || return 0
        sleep 0.1
    done
    note "warning: connections on port $port still open after 10 s"
}

# ---- Samba configuration (all private) -----------------------------------------------------------------
mkdir -p "$WORK"/{lock,state,cache,private,pid,ncalrpc,log,share} "$WORK"/client/{lock,state,cache,private}
chmod 755 "$WORK/share"
printf 'NegScope test share\n' > "$WORK/share/hello.txt"
chmod 644 "$WORK/share/hello.txt"
cat > "$WORK/passwd" <<EOF
root:x:0:0:root:/root:/bin/false
$TEST_USER:x:20001:20001:NegScope test user:$WORK:/bin/false
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOF
cat > "$WORK/group" <<EOF
root:x:0:
$TEST_USER:x:20001:
nogroup:x:65534:
EOF
cat > "$WORK/smb.conf" <<EOF
[global]
    workgroup = $TEST_DOMAIN
    netbios name = NEGSCOPESRV
    server role = standalone server
    security = user
    passdb backend = tdbsam:$WORK/private/passdb.tdb
    lock directory = $WORK/lock
    state directory = $WORK/state
    cache directory = $WORK/cache
    private dir = $WORK/private
    pid directory = $WORK/pid
    ncalrpc dir = $WORK/ncalrpc
    log file = $WORK/log/smbd.%m
    max log size = 0
    log level = 2
    interfaces = 127.0.0.1
    bind interfaces only = yes
    disable netbios = yes
    server services = -nbt
    server min protocol = SMB2_02
    server max protocol = SMB3_11
    server signing = default
    map to guest = bad user
    guest account = nobody
    load printers = no
    printing = bsd
    printcap name = /dev/null
    disable spoolss = yes
[share]
    path = $WORK/share
    read only = yes
    guest ok = yes
EOF
# smbclient gets its own config too, so the host's /etc/samba/smb.conf never changes the result.
cat > "$WORK/client.conf" <<EOF
[global]
    workgroup = $TEST_DOMAIN
    lock directory = $WORK/client/lock
    state directory = $WORK/client/state
    cache directory = $WORK/client/cache
    private dir = $WORK/client/private
    client min protocol = SMB2_02
    log level = 1
EOF
printf '%s\n' "$TEST_PASSWORD" > "$WORK/password"
chmod 600 "$WORK/password"

nss() { env NSS_WRAPPER_PASSWD="$WORK/passwd" NSS_WRAPPER_GROUP="$WORK/group" LD_PRELOAD="$NSS_WRAPPER_LIB" "$@"; }

printf '%s\n%s\n' "$TEST_PASSWORD" "$TEST_PASSWORD" \
    | nss pdbedit -s "$WORK/smb.conf" -a -u "$TEST_USER" -t >"$WORK/log/pdbedit.out" 2>&1 \
    || { cat "$WORK/log/pdbedit.out" >&2; die "pdbedit could not create the tdbsam user"; }
nss pdbedit -s "$WORK/smb.conf" -L 2>/dev/null | grep -q "^$TEST_USER:" || die "tdbsam user $TEST_USER missing after pdbedit"

# Other runs (CI, other developers) may use the same ports at the same time: pick a free port, check
# that *our* process is the one listening, and move on to another port if the bind lost a race.
# start_smbd CONF LOG BASEPORT PIDVAR — sets STARTED_PORT, and the variable named PIDVAR to smbd's pid (set at
# once, so the cleanup can stop it whatever happens next).
start_smbd() {
    local conf=$1 log=$2 port=$3 pidvar=$4 pid rc
    STARTED_PORT=""
    for attempt in 1 2 3 4 5; do
        port=$(free_port "$port") || die "no free port near $port"
        # A plain background command (no subshell): setsid and env exec in turn, so $! is smbd itself and,
        # thanks to setsid, also its process group id.
        setsid env NSS_WRAPPER_PASSWD="$WORK/passwd" NSS_WRAPPER_GROUP="$WORK/group" LD_PRELOAD="$NSS_WRAPPER_LIB" \
            smbd -s "$conf" -p "$port" --foreground --no-process-group --debug-stdout -d 2 \
            >"$log" 2>&1 </dev/null &
        pid=$!
        printf -v "$pidvar" '%s' "$pid"
        sleep 0.2
        [ "$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ')" = "$pid" ] \
            || die "smbd did not start in its own process group"
        rc=0; wait_listen "$port" "$pid" || rc=$?
        if [ "$rc" -eq 0 ]; then STARTED_PORT=$port; return 0; fi
        [ "$rc" -eq 2 ] && die "smbd did not listen on port $port within 15 s"
        note "smbd could not use port $port, trying another"
        stop_pid "$pid" TERM
        printf -v "$pidvar" '%s' ""
        port=$((port + 2))
    done
    die "smbd could not listen on any port (see $log)"
}
start_smbd "$WORK/smb.conf" "$WORK/log/smbd.out" "${NEGSCOPE_SMBD_PORT:-4450}" SMBD_PID
SMBD_PORT=$STARTED_PORT
note "smbd $(smbd --version | awk '{print $2}') listening on 127.0.0.1:$SMBD_PORT (work dir $WORK)"

# A second smbd capped at SMB 2.1 (server max protocol = SMB2_10, as a Windows 7 / 2008 R2 server), for a
# client that offers 3.x and validates on 2.1. Same user database, its own lock/state/cache/pid dirs.
SMBD21_PORT=""
start_smbd21() {
    [ -z "$SMBD21_PORT" ] || return 0
    mkdir -p "$WORK"/s21/{lock,state,cache,pid,ncalrpc}
    sed -e "s|$WORK/lock|$WORK/s21/lock|; s|$WORK/state|$WORK/s21/state|; s|$WORK/cache|$WORK/s21/cache|" \
        -e "s|$WORK/pid|$WORK/s21/pid|; s|$WORK/ncalrpc|$WORK/s21/ncalrpc|; s|smbd\.%m|smbd21.%m|" \
        -e "s|server max protocol = SMB3_11|server max protocol = SMB2_10|" "$WORK/smb.conf" > "$WORK/smb21.conf"
    grep -q 'server max protocol = SMB2_10' "$WORK/smb21.conf" || die "cannot write smb21.conf"
    start_smbd "$WORK/smb21.conf" "$WORK/log/smbd21.out" $((SMBD_PORT + 20)) SMBD21_PID
    SMBD21_PORT=$STARTED_PORT
    note "second smbd (server max protocol = SMB2_10) listening on 127.0.0.1:$SMBD21_PORT"
}

start_proxy() { # start_proxy MODE LOG — sets PROXY_PID and PROXY_PORT
    local mode=$1 log=$2 port=$((SMBD_PORT + 1)) rc extra=()
    # PROXY_VIA=addr: the proxy listens on 127.0.0.2 at the server's own port and reaches smbd from 127.0.0.3 with the
    # client's source port, so both capture points show the same port numbers (addresses differ; TCP is re-originated).
    # Default (port): it listens on 127.0.0.1 at a new port and reaches smbd from a new ephemeral port (NAT with new ports).
    if [ "${PROXY_VIA:-port}" = addr ]; then
        port=$SMBD_PORT
        extra=(--listen 127.0.0.2 --source 127.0.0.3 --keep-port)
    fi
    for attempt in 1 2 3 4 5; do
        [ "${PROXY_VIA:-port}" = addr ] || port=$(free_port "$port") || die "no free port near $port"
        # MODE may carry proxy options after the mode word (e.g. "none --split-writes").
        java -cp "$WORK/proxy-classes" NegotiateRewriteProxy "$port" "127.0.0.1:$SMBD_PORT" $mode \
            --password-file "$WORK/password" "${extra[@]}" >"$log" 2>&1 </dev/null &
        PROXY_PID=$!
        rc=0; wait_listen "$port" "$PROXY_PID" || rc=$?
        if [ "$rc" -eq 0 ]; then PROXY_PORT=$port; return 0; fi
        [ "$rc" -eq 2 ] && die "proxy ($mode) did not listen on port $port within 15 s"
        grep -q 'BindException' "$log" || die "proxy ($mode) failed: $(head -n 3 "$log")"
        stop_pid "$PROXY_PID" TERM
        PROXY_PID=""
        port=$((port + 1))
    done
    die "proxy ($mode) could not listen on any port"
}

# The proxy is compiled once (the same file also runs as `java NegotiateRewriteProxy.java ...`).
javac -d "$WORK/proxy-classes" "$SCRIPT_DIR/NegotiateRewriteProxy.java" || die "cannot compile NegotiateRewriteProxy.java"

# NegScope's probe (`negscope probe`: org.negscope.cli.Main dispatches to org.negscope.probe.ProbeCommand) and the
# core bundles it runs on, compiled from this checkout on first use: the captures then show what this revision of
# the probe sends.
PROBE_CP=""
build_probe() {
    [ -z "$PROBE_CP" ] || return 0
    local bc=${NEGSCOPE_BCPROV:-} gs=${NEGSCOPE_GSON:-} c
    if [ -z "$bc" ]; then
        for c in "$REPO_ROOT"/product/target/products/*/linux/gtk/x86_64/*/plugins/bcprov_*.jar \
                 "$HOME"/.m2/repository/org/bouncycastle/bcprov-jdk18on/*/bcprov-jdk18on-*.jar; do
            [ -f "$c" ] && { bc=$c; break; }
        done
    fi
    [ -n "$bc" ] && [ -f "$bc" ] || die "BouncyCastle bcprov jar not found for the probe (build once, or set NEGSCOPE_BCPROV)"
    if [ -z "$gs" ]; then
        for c in "$REPO_ROOT"/product/target/products/*/linux/gtk/x86_64/*/plugins/com.google.gson_*.jar \
                 "$HOME"/.m2/repository/com/google/code/gson/gson/*/gson-*.jar; do
            [ -f "$c" ] && { gs=$c; break; }
        done
    fi
    [ -n "$gs" ] && [ -f "$gs" ] || die "Gson jar not found for the negscope command (build once, or set NEGSCOPE_GSON)"
    note "compiling the negscope command (bundles capture, smb2, crypto, analysis, remedy, report, probe, cli)"
    local b
    for b in capture smb2 crypto analysis remedy report probe cli; do
        [ -d "$REPO_ROOT/bundles/org.negscope.$b/src" ] || die "bundles/org.negscope.$b/src missing"
    done
    find "$REPO_ROOT"/bundles/org.negscope.{capture,smb2,crypto,analysis,remedy,report,probe,cli}/src -name '*.java' > "$WORK/probe-sources.txt"
    javac -nowarn -encoding UTF-8 -d "$WORK/probe-classes" -cp "$bc:$gs" @"$WORK/probe-sources.txt" >"$WORK/log/probe-javac.log" 2>&1 \
        || { tail -n 20 "$WORK/log/probe-javac.log" >&2; die "cannot compile the probe"; }
    PROBE_CP="$WORK/probe-classes:$bc:$gs"
}

# ---- one capture ---------------------------------------------------------------------------------------
STAGE="$WORK/out"   # finished files wait here until the whole run succeeded
mkdir -p "$STAGE"
EXPECTED="$WORK/EXPECTED.tsv"
printf '# file\tverdict\tverdictWithoutPassword\tfatal\tdifferences\tsignature\tdialect\tnegReq\tnegResp\tvalReq\tvalResp\ttermination\tterminatedBy\n' > "$EXPECTED"
SUMMARY="$WORK/summary.txt"
: > "$SUMMARY"

start_tcpdump() { # start_tcpdump FILE PORT [HOST] — HOST narrows the filter to one leg when both use the same port
    local file=$1 port=$2 err="$1.tcpdump.err" filter="tcp port $2"
    [ -z "${3:-}" ] || filter="$filter and host $3"
    # -Z root: write the file as root (no privilege drop into a 0700 temp dir). Default snaplen; in immediate
    # mode each ring slot is snaplen-sized, so the default 2 MiB ring holds only ~8 packets: -B 64 MiB.
    tcpdump -i lo -n -U --immediate-mode -B 65536 -Z root -w "$file" "$filter" 2>"$err" &
    TCPDUMP_PIDS+=($!)
    for _ in $(seq 100); do
        grep -q 'listening on' "$err" 2>/dev/null && return 0
        kill -0 "${TCPDUMP_PIDS[-1]}" 2>/dev/null || { cat "$err" >&2; die "tcpdump failed"; }
        sleep 0.1
    done
    die "tcpdump did not start"
}

stop_tcpdumps() {
    for pid in "${TCPDUMP_PIDS[@]}"; do stop_pid "$pid" INT; done
    TCPDUMP_PIDS=()
}

# frames FILE SERVER_PORT [decrypt] -> "negReq negResp valReq valResp termination terminatedBy" read with tshark.
# VALIDATE = the first FSCTL_VALIDATE_NEGOTIATE_INFO request and the response with its MessageId;
# termination = the first FIN or RST of the capture, terminatedBy = the side that sent it.
# With "decrypt", tshark derives the SMB3 keys from NTLMSSP and the test password and sees inside encryption.
# With "extra" (instead of "decrypt") it adds "frames dialect endkind": the number of frames, the DialectRevision of the
# NEGOTIATE response and FIN/RST of the termination — in the same tshark pass (each start costs about a second).
frames() {
    local file=$1 sport=$2 opts=() extra=0
    [ "${3:-}" = decrypt ] && opts=(-o "ntlmssp.nt_password:$TEST_PASSWORD")
    [ "${3:-}" = extra ] && extra=1
    tshark -r "$file" -d "tcp.port==$sport,nbss" "${opts[@]}" -T fields -E separator=/t -E aggregator=, \
        -e frame.number -e tcp.srcport -e tcp.flags.fin -e tcp.flags.reset \
        -e smb2.cmd -e smb2.flags.response -e smb2.msg_id -e smb2.ioctl.function -e smb2.dialect 2>/dev/null |
    awk -F'\t' -v sport="$sport" -v extra="$extra" '
        function truth(v) { return v == "1" || v == "True" || v == "true" }
        {
            f = $1
            if (!term && (truth($3) || truth($4))) { term = f; by = ($2 == sport) ? "server" : "client"; kind = truth($4) ? "RST" : "FIN" }
            n = split($5, cmd, ","); split($6, resp, ","); split($7, mid, ","); split($8, fn, ",")
            fi = 0
            for (i = 1; i <= n; i++) {
                r = truth(resp[i])
                if (cmd[i] == "0" && !r && !nq) nq = f
                if (cmd[i] == "0" && r && !ns) { ns = f; dialect = $9 }
                if (cmd[i] == "11") {
                    fi++
                    if (!r && fn[fi] == "0x00140204" && !vq) { vq = f; vmid = mid[i] }
                    if (r && vq && !vs && mid[i] == vmid) vs = f
                }
            }
        }
        END {
            printf "%d %d %d %d %d %s", nq, ns, vq, vs, term, (term ? by : "none")
            if (extra) printf " %d %s %s", NR, (dialect == "" ? "-" : dialect), (term ? kind : "-")
            printf "\n"
        }'
}

# complete FILE — true when tcpdump dropped nothing and the capture holds one whole TCP connection
# (SYN first, no segment missing). A loaded machine can make tcpdump fall behind; then we retry.
complete() {
    local file=$1 err="$1.tcpdump.err"
    grep -q '^0 packets dropped by kernel' "$err" || return 1
    # SYN first and one stream in one tshark pass (each start costs about a second on a busy machine), then lost segments
    tshark -r "$file" -T fields -e tcp.flags.syn -e tcp.stream 2>/dev/null | awk '
        NR == 1 { first = ($1 == "1" || $1 == "True") }
        { streams[$2] = 1 }
        END { n = 0; for (k in streams) n++; exit !(first && n == 1) }' || return 1
    local lost
    lost=$(tshark -r "$file" -Y 'tcp.analysis.lost_segment || tcp.analysis.ack_lost_segment' -T fields -e frame.number 2>/dev/null | wc -l)
    [ "$lost" -eq 0 ]
}

# capture_once NAME MODE SIDES CDIR CLIENT CARGS... — one client run (CLIENT smbclient|probe) under capture;
# 0 ok, 1 = incomplete capture. Called as an `if` condition, where bash ignores `set -e`: every step checks
# its own result.
capture_once() {
    local name=$1 mode=$2 sides=$3 cdir=$4 client=$5
    shift 5
    local port=$SMBD_PORT
    rm -rf "$cdir"
    mkdir -p "$cdir" || die "cannot create $cdir"
    if [ "$mode" != direct ]; then
        start_proxy "$mode" "$WORK/log/proxy-$name.$sides.log"
        port=$PROXY_PORT
    fi
    if [ "${PROXY_VIA:-port}" = addr ] && [ "$mode" != direct ]; then
        start_tcpdump "$cdir/client.pcap" "$port" 127.0.0.2
        if [ "$sides" = both ]; then start_tcpdump "$cdir/server.pcap" "$SMBD_PORT" 127.0.0.3; fi
    else
        start_tcpdump "$cdir/client.pcap" "$port"
        if [ "$sides" = both ]; then start_tcpdump "$cdir/server.pcap" "$SMBD_PORT"; fi
    fi

    local rc=0 limit=$SMBCLIENT_TIMEOUT
    if [ "$client" = probe ]; then
        limit=$PROBE_TIMEOUT
        timeout -k 5 "$limit" java -cp "$PROBE_CP" org.negscope.cli.Main probe "$CLIENT_HOST:$port" "$@" \
            >"$cdir/client.txt" 2>&1 </dev/null || rc=$?
    else
        timeout -k 5 "$limit" smbclient -p "$port" "$@" >"$cdir/client.txt" 2>&1 </dev/null || rc=$?
    fi
    echo "$rc" > "$cdir/client.rc"
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then die "$client hung in case $name (timeout ${limit}s)"; fi

    wait_quiet "$port"
    if [ "$sides" = both ]; then wait_quiet "$SMBD_PORT"; fi
    sleep 0.3
    stop_tcpdumps
    if [ -n "$PROXY_PID" ]; then stop_pid "$PROXY_PID" TERM; PROXY_PID=""; fi
    echo "$port" > "$cdir/port"
    complete "$cdir/client.pcap" || return 1
    if [ "$sides" = both ]; then complete "$cdir/server.pcap" || return 1; fi
    return 0
}

# run_case NAME MODE PROTO SIDES CREDS VERDICT VERDICT_NO_PW FATAL DIFFS SIGNATURE DIALECT END SMBCLIENT
#   MODE      direct (no proxy) or a NegotiateRewriteProxy mode (+ options)
#   PROTO     smbclient -m value; for the probe its --dialects list
#   SIDES     client = one capture (client side); both = a .client-side/.server-side pair of one connection
#   CREDS     user | user-nosign | user-encrypt | wrong-password | guest | anonymous (smbclient);
#             probe-no-validate | probe-reset (NegScope's probe with --no-validate / --reset-on-failure)
#   END       who must send the first FIN/RST (client|server), optionally +RST or +FIN for its kind — checked,
#             so a change in Samba fails loudly
#   SMBCLIENT OK (exit 0) or the text smbclient's last line must contain; for the probe, the text its
#             "Verdict:" line must contain (exit 0 or 1: judged)
#   VERDICT_NO_PW ENCRYPTED: tshark must find the VALIDATE exchange after decrypting with the test password,
#             with the NEGOTIATE response's values; EXPECTED.tsv keeps the cleartext view (VALIDATE 0/0)
#   env DESC (how made / what the peers did, for README.md); for SIDES=both also SERVER_DESC and
#   SERVER_SIDE_EXPECT = "verdict|verdictWithoutPassword|fatal|differences|signature" of the server side.
run_case() {
    local name=$1 mode=$2 proto=$3 sides=$4 creds=$5 verdict=$6 verdict_nopw=$7 fatal=$8 diffs=$9 sig=${10} dialect=${11}
    local want_end=${12} want_msg=${13}
    if [ -n "${CASES:-}" ] && ! [[ " $CASES " == *" $name "* ]]; then return 0; fi
    local base="samba-$name" cdir="$WORK/$name.$sides" client=smbclient
    local CLIENT_HOST=127.0.0.1
    [ "${PROXY_VIA:-port}" = addr ] && [ "$mode" != direct ] && CLIENT_HOST=127.0.0.2
    local cargs=(-s "$WORK/client.conf" "//$CLIENT_HOST/share" -m "$proto" -c ls)
    # env SERVER=smb2_10: this case talks to the second smbd (server max protocol = SMB2_10); the functions called
    # below see its port as SMBD_PORT (bash's dynamic scope).
    local SMBD_PORT=$SMBD_PORT
    if [ "${SERVER:-}" = smb2_10 ]; then start_smbd21; SMBD_PORT=$SMBD21_PORT; fi
    # env CLIENT_OPTS: extra smbclient options (e.g. --option=client max protocol=SMB2_10)
    if [ -n "${CLIENT_OPTS:-}" ]; then cargs+=("$CLIENT_OPTS"); fi
    case $creds in
        probe-*)
            client=probe
            build_probe
            cargs=(--user "$TEST_USER" --domain "$TEST_DOMAIN" --password-file "$WORK/password" --dialects "$proto"
                   --deadline 60) ;;
    esac
    case $creds in
        user)           cargs+=(-U "$TEST_USER%$TEST_PASSWORD" --client-protection=sign) ;;
        user-nosign)    cargs+=(-U "$TEST_USER%$TEST_PASSWORD") ;;
        user-encrypt)   cargs+=(-U "$TEST_USER%$TEST_PASSWORD" --client-protection=encrypt) ;;
        probe-no-validate) cargs+=(--no-validate) ;;
        probe-reset)    cargs+=(--reset-on-failure) ;;
        wrong-password) cargs+=(-U "$TEST_USER%wrong-$TEST_PASSWORD") ;;
        guest)          cargs+=(-U "no-such-user%whatever") ;;   # 'map to guest = bad user'
        anonymous)      cargs+=(-U '%' -N) ;;                    # empty user and password: NTLMSSP anonymous
        *) die "unknown credentials kind $creds" ;;
    esac
    local attempt ok=0
    for attempt in 1 2 3 4; do
        if capture_once "$name" "$mode" "$sides" "$cdir" "$client" "${cargs[@]}"; then ok=1; break; fi
        note "case $name: capture incomplete (tcpdump dropped packets or lost a segment; machine busy?), retrying"
        sleep 2
    done
    [ "$ok" = 1 ] || die "case $name: no complete capture after 4 attempts"

    local rc port outs=()
    rc=$(cat "$cdir/client.rc")
    port=$(cat "$cdir/port")
    if [ "$sides" = both ]; then
        outs=("$base.client-side.pcap:client.pcap:$port" "$base.server-side.pcap:server.pcap:$SMBD_PORT")
    else
        outs=("$base.pcap:client.pcap:$port")
    fi
    local msg
    if [ "$client" = probe ]; then
        # The probe's own judgement (its "Verdict:" line); exit 0/1 = judged, 2/3 = no verdict.
        msg=$(grep -m1 '^Verdict:' "$cdir/client.txt" | tr -s ' \t' ' ' \
            | sed -e 's/ \[MS-SMB2[^]]*\]//' -e 's/ (fatal:[^)]*)/ (fatal)/' | cut -c1-110 || true)
        [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ] || die "case $name: the probe reached no verdict (exit $rc): $(tail -n 3 "$cdir/client.txt")"
        [[ $msg == *"$want_msg"* ]] || die "case $name: the probe should say '$want_msg' but says: ${msg:-nothing}"
    else
        msg=$(grep -v -e '^\s*$' -e 'blocks of size' -e '^\s*\.\{1,2\}\s' -e 'hello.txt' "$cdir/client.txt" | tail -n 1 | tr -s ' \t' ' ' | cut -c1-110 || true)
    fi
    if [ "$client" = probe ]; then
        :
    elif [ "$want_msg" = OK ]; then
        [ "$rc" -eq 0 ] || die "case $name: smbclient should succeed but exited $rc: $msg"
        msg="(listing printed)"
    else
        [ "$rc" -ne 0 ] && [[ $msg == *"$want_msg"* ]] \
            || die "case $name: smbclient should fail with '$want_msg' but exited $rc: ${msg:-no message}"
    fi
    local want_by=${want_end%%+*} want_kind=""
    [[ $want_end == *+* ]] && want_kind=${want_end#*+}
    local o
    for o in "${outs[@]}"; do
        local out=${o%%:*} rest=${o#*:}
        local src=$cdir/${rest%%:*} sport=${rest#*:}
        local npk
        local v vn fa df sg desc nq ns vq vs term by chosen endkind
        read -r nq ns vq vs term by npk chosen endkind <<<"$(frames "$src" "$sport" extra)"
        [ "$npk" -gt 0 ] || die "capture $out is empty"
        [ "$nq" -gt 0 ] && [ "$ns" -gt 0 ] || die "$out: no NEGOTIATE request/response found by tshark"
        [ "$by" = "$want_by" ] || die "$out: connection should be ended first by the $want_by, but tshark shows: $by (frame $term)"
        # The dialect the server chose must be the one the case says (e.g. 2.1 from the smbd capped at SMB2_10).
        local want_hex
        local dl=$dialect
        [ "$out" = "$base.server-side.pcap" ] && dl=${SERVER_SIDE_DIALECT:-$dialect}
        case $dl in 2.0.2) want_hex=0x0202 ;; 2.1) want_hex=0x0210 ;; 3.0) want_hex=0x0300 ;; 3.0.2) want_hex=0x0302 ;;
                         3.1.1) want_hex=0x0311 ;; *) want_hex=$chosen ;; esac
        [ "$chosen" = "$want_hex" ] || die "$out: the NEGOTIATE response (frame $ns) chose $chosen, the case expects $dl"
        v=$verdict vn=$verdict_nopw fa=$fatal df=$diffs sg=$sig desc=${DESC:-}
        if [ "$out" = "$base.server-side.pcap" ]; then
            # The server-side capture shows what the server saw; its expectation is given after '|'.
            local r1=${SERVER_SIDE_EXPECT:?SERVER_SIDE_EXPECT needed for $name}
            v=${r1%%|*}; r1=${r1#*|}; vn=${r1%%|*}; r1=${r1#*|}; fa=${r1%%|*}; r1=${r1#*|}; df=${r1%%|*}; sg=${r1#*|}
            desc=${SERVER_DESC:-}
        fi
        # Cross-checks of the expectation against what tshark sees: no VALIDATE <=> NONE, no answer <=> NONE.
        local hidden=""
        if [ "$vn" = ENCRYPTED ]; then
            # The exchange is inside SMB3 encryption: invisible in cleartext (0/0 in EXPECTED.tsv, as an analysis
            # without credentials sees it), but tshark with the test password must find it, answered, repeating
            # the NEGOTIATE response.
            [ "$vq" -eq 0 ] && [ "$vs" -eq 0 ] || die "$out: VALIDATE visible in cleartext ($vq/$vs) in an encrypted case"
            local dq ds dt
            read -r _ _ dq ds dt _ <<<"$(frames "$src" "$sport" decrypt)"
            [ "$dq" -gt 0 ] && [ "$ds" -gt 0 ] || die "$out: tshark finds no VALIDATE exchange even after decrypting ($dq/$ds)"
            local fneg fval
            fneg=$(tshark -r "$src" -d "tcp.port==$sport,nbss" -Y "frame.number==$ns" -T fields \
                -e smb2.capabilities -e smb2.server_guid -e smb2.sec_mode -e smb2.dialect 2>/dev/null)
            fval=$(tshark -r "$src" -d "tcp.port==$sport,nbss" -o "ntlmssp.nt_password:$TEST_PASSWORD" -Y "frame.number==$ds" \
                -T fields -e smb2.capabilities -e smb2.server_guid -e smb2.sec_mode -e smb2.dialect 2>/dev/null)
            [ -n "$fval" ] && [ "$fneg" = "$fval" ] \
                || die "$out: decrypted VALIDATE response ($fval) differs from the NEGOTIATE response ($fneg)"
            [ "$v" = VALIDATED ] || die "$out: the decrypted VALIDATE repeats the NEGOTIATE response, but $v was expected"
            hidden=" (decrypted: $dq / $ds)"
        elif [ "$vq" -eq 0 ] || [ "$vs" -eq 0 ]; then
            [ "$sg" = NONE ] || die "$out: expected signature $sg but tshark finds no VALIDATE request/response ($vq/$vs)"
        else
            [ "$sg" != NONE ] || die "$out: tshark finds a VALIDATE exchange ($vq/$vs) but NONE was expected"
        fi
        cp "$src" "$STAGE/$out"
        echo "$sport" > "$WORK/port.$out"
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$out" "$v" "$vn" "$fa" "$df" "$sg" "$dl" \
            "$nq" "$ns" "$vq" "$vs" "$term" "$by" >> "$EXPECTED"
        [ -z "$want_kind" ] || [ "$endkind" = "$want_kind" ] \
            || die "$out: the connection should end with $want_kind, but frame $term is a $endkind"
        printf '| `%s` | %s | %d | %s | %s / %s | %s / %s%s | %s %s by %s | **%s**%s%s |\n' \
            "$out" "$desc" "$sport" "\`$msg\`" "$nq" "$ns" "$vq" "$vs" "$hidden" "$term" "$endkind" "$by" \
            "$v" "$([ "$fa" = true ] && echo ' (fatal)')" "$([ "$df" != - ] && echo ", $df")" >> "$WORK/readme-rows.md"
        printf '%-46s %6d B %3d frames port %-5s NEG %s/%s VALIDATE %s/%s end %s %s by %-6s client rc=%d: %s\n' \
            "$out" "$(stat -c %s "$STAGE/$out")" "$npk" "$sport" "$nq" "$ns" "$vq" "$vs" "$term" "$endkind" "$by" "$rc" "$msg" | tee -a "$SUMMARY"
    done
    if [ "$mode" != direct ]; then
        # The proxy checks every signature it forwards with the test password: a BAD one means the proxy's
        # crypto (or this script's assumptions) broke, and then the expectations above would be wrong.
        ! grep -q -e 'signature BAD' -e 'cannot derive' -e 'not replaced' "$WORK/log/proxy-$name.$sides.log" \
            || die "case $name: proxy reported a problem: $(grep -m1 -e 'signature BAD' -e 'cannot derive' -e 'not replaced' "$WORK/log/proxy-$name.$sides.log")"
        sed -n 's/^proxy: //p' "$WORK/log/proxy-$name.$sides.log" | grep -v -e 'listening on' -e ' <-> ' | sed "s/^/    proxy($mode): /" >&2
    fi
}

# cut_case NAME EDIT VERDICT VERDICT_NO_PW FATAL DIFFS SIGNATURE DIALECT — a capture derived with editcap from the
# fresh samba-3.0.2-clean.pcap, as if tcpdump had been started late or stopped early (real frames, none added):
#   EDIT  keep-through-negotiate         frames 1..NEGOTIATE response              (editcap -r SRC OUT 1-N)
#         start-after-negotiate          every frame after the NEGOTIATE response  (editcap SRC OUT 1-N)
#         keep-through-validate-request  frames 1..first VALIDATE request          (editcap -r SRC OUT 1-N)
#   DIALECT "-" when the capture cannot show it (no NEGOTIATE response).
# What tshark reads from the result must be the source's frames, renumbered (checked). A capture that ends
# before either side closed has terminatedBy "unknown" (docs/cli.md) and termination 0.
cut_case() {
    local name=$1 edit=$2 verdict=$3 verdict_nopw=$4 fatal=$5 diffs=$6 sig=$7 dialect=$8
    if [ -n "${CASES:-}" ] && ! [[ " $CASES " == *" $name "* ]]; then return 0; fi
    local srcname=samba-3.0.2-clean.pcap
    local src="$STAGE/$srcname" out="samba-$name.pcap" dst="$WORK/$name.cut.pcap"
    [ -f "$src" ] || die "case $name is derived from $srcname: select 3.0.2-clean too (CASES)"
    local sport nq ns vq vs term by args want got
    sport=$(cat "$WORK/port.$srcname")
    read -r nq ns vq vs term by <<<"$(frames "$src" "$sport")"
    case $edit in
        keep-through-negotiate)        args=(-r "$src" "$dst" "1-$ns"); want="$nq $ns 0 0 0 none" ;;
        start-after-negotiate)         args=("$src" "$dst" "1-$ns"); want="0 0 $((vq - ns)) $((vs - ns)) $((term - ns)) $by" ;;
        keep-through-validate-request) args=(-r "$src" "$dst" "1-$vq"); want="$nq $ns $vq 0 0 none" ;;
        *) die "unknown cut '$edit' in case $name" ;;
    esac
    # The same command with the published file names, for README.md.
    local shown="editcap $([ "${args[0]}" = -r ] && echo '-r ')$srcname $out ${args[-1]}"
    editcap "${args[@]}" >"$WORK/log/editcap-$name.log" 2>&1 || die "editcap failed for $name: $(head -n 3 "$WORK/log/editcap-$name.log")"
    got=$(frames "$dst" "$sport")
    [ "$got" = "$want" ] || die "$out: tshark reads '$got' from the cut capture, expected '$want' (the source's frames renumbered)"
    read -r nq ns vq vs term by <<<"$got"
    [ "$by" = none ] && by=unknown
    if [ "$vq" -eq 0 ] || [ "$vs" -eq 0 ]; then
        [ "$sig" = NONE ] || die "$out: expected signature $sig but the cut capture has no VALIDATE request/response ($vq/$vs)"
    else
        [ "$sig" != NONE ] || die "$out: the cut capture has a VALIDATE exchange ($vq/$vs) but NONE was expected"
    fi
    local npk
    npk=$(tshark -r "$dst" -T fields -e frame.number 2>/dev/null | wc -l)
    [ "$npk" -gt 0 ] || die "capture $out is empty"
    cp "$dst" "$STAGE/$out"
    echo "$sport" > "$WORK/port.$out"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$out" "$verdict" "$verdict_nopw" "$fatal" "$diffs" "$sig" \
        "$dialect" "$nq" "$ns" "$vq" "$vs" "$term" "$by" >> "$EXPECTED"
    local end="none (the capture ends first)"
    if [ "$term" -gt 0 ]; then
        local k
        k=$(tshark -r "$dst" -Y "frame.number==$term" -T fields -e tcp.flags.reset 2>/dev/null)
        [[ $k == 1 || $k == True ]] && k=RST || k=FIN
        end="$term $k by $by"
    fi
    printf '| `%s` | %s | %d | %s | %s / %s | %s / %s | %s | **%s**%s%s |\n' \
        "$out" "${DESC:-}" "$sport" "derived: \`$shown\`" \
        "$nq" "$ns" "$vq" "$vs" "$end" "$verdict" "$([ "$fatal" = true ] && echo ' (fatal)')" \
        "$([ "$diffs" != - ] && echo ", $diffs")" >> "$WORK/readme-rows.md"
    printf '%-46s %6d B %3d frames port %-5s NEG %s/%s VALIDATE %s/%s end %s %s (editcap %s)\n' \
        "$out" "$(stat -c %s "$STAGE/$out")" "$npk" "$sport" "$nq" "$ns" "$vq" "$vs" "$term" "$by" "$edit" | tee -a "$SUMMARY"
}

# oneside_case NAME SIDE VERDICT DIALECT — samba-3.0.2-clean.pcap filtered with tcpdump to what one side sent
# (SIDE server: `src port SMBD_PORT`, client: `dst port SMBD_PORT`): the packets a capture filter on one direction,
# asymmetric routing or a one-way mirror port would have recorded. Real frames, none added or changed.
oneside_case() {
    local name=$1 side=$2 verdict=$3 dialect=$4
    if [ -n "${CASES:-}" ] && ! [[ " $CASES " == *" $name "* ]]; then return 0; fi
    local srcname=samba-3.0.2-clean.pcap
    local src="$STAGE/$srcname" out="samba-$name.pcap" dst="$WORK/$name.oneside.pcap" filter
    [ -f "$src" ] || die "case $name is derived from $srcname: select 3.0.2-clean too (CASES)"
    local sport
    sport=$(cat "$WORK/port.$srcname")
    case $side in
        server) filter="tcp src port $sport" ;;
        client) filter="tcp dst port $sport" ;;
        *) die "unknown side '$side' in case $name" ;;
    esac
    tcpdump -r "$src" -w "$dst" "$filter" >"$WORK/log/tcpdump-$name.log" 2>&1 || die "tcpdump -r failed for $name"
    local nq ns vq vs term by npk other
    read -r nq ns vq vs term by <<<"$(frames "$dst" "$sport")"
    npk=$(tshark -r "$dst" -T fields -e frame.number 2>/dev/null | wc -l)
    [ "$npk" -gt 0 ] || die "capture $out is empty"
    # the other side must be absent: not a single segment from it
    if [ "$side" = server ]; then other=$(tshark -r "$dst" -Y "tcp.dstport==$sport" 2>/dev/null | wc -l)
    else other=$(tshark -r "$dst" -Y "tcp.srcport==$sport" 2>/dev/null | wc -l); fi
    [ "$other" -eq 0 ] || die "$out: $other frames of the other side left"
    [ "$by" = none ] && by=unknown
    cp "$dst" "$STAGE/$out"
    echo "$sport" > "$WORK/port.$out"
    # Only one side: no VALIDATE exchange is complete (request or response is missing), so the signature is NONE.
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$out" "$verdict" "$verdict" false - NONE \
        "$dialect" "$nq" "$ns" "$vq" "$vs" "$term" "$by" >> "$EXPECTED"
    printf '| `%s` | %s | %d | %s | %s / %s | %s / %s | %s | **%s** |\n' \
        "$out" "${DESC:-}" "$sport" "derived: \`tcpdump -r $srcname -w $out '$filter'\`" \
        "$nq" "$ns" "$vq" "$vs" "$term by $by" "$verdict" >> "$WORK/readme-rows.md"
    printf '%-46s %6d B %3d frames port %-5s NEG %s/%s VALIDATE %s/%s end %s %s (tcpdump %s)\n' \
        "$out" "$(stat -c %s "$STAGE/$out")" "$npk" "$sport" "$nq" "$ns" "$vq" "$vs" "$term" "$by" "$filter" | tee -a "$SUMMARY"
}

# ---- the cases -----------------------------------------------------------------------------------------
# Expected verdicts follow docs/protocol.md (with the test password given); "no-pw" is what an analysis without
# credentials can prove. Differences are side:field as in the JSON contract (docs/cli.md), "-" for none.
# Signature = status of the VALIDATE response with the password (VALID|INVALID|UNSIGNED|NONE = no response).
: > "$WORK/readme-rows.md"
S='smbclient -m SMB3_02 --client-protection=sign'
P='Through NegotiateRewriteProxy'
# name mode proto sides creds | verdict no-pw fatal diffs signature dialect | end smbclient
DESC="Direct \`$S\`. Both VALIDATE exchanges (IPC\$ for the DFS lookup, then the share) signed and equal; listing printed." \
run_case 3.0.2-clean direct SMB3_02 client user  VALIDATED VALIDATED false - VALID 3.0.2  client OK
DESC="Direct, \`-m SMB3_00\`. As 3.0.2-clean." \
run_case 3.0-clean direct SMB3_00 client user  VALIDATED VALIDATED false - VALID 3.0  client OK
DESC="Direct, \`smbclient -m SMB3_02 --client-protection=encrypt\`: everything after SESSION_SETUP is SMB3-encrypted (TRANSFORM_HEADER, AES-128-CCM), both VALIDATE exchanges included; inside, the VALIDATE responses are unsigned (encryption authenticates them) and repeat the NEGOTIATE response. Listing printed." \
run_case 3.0.2-encrypted direct SMB3_02 client user-encrypt  VALIDATED ENCRYPTED false - VALID 3.0.2  client OK
DESC="Direct, \`-m SMB3_00 --client-protection=encrypt\`: as 3.0.2-encrypted with dialect 0x0300." \
run_case 3.0-encrypted direct SMB3_00 client user-encrypt  VALIDATED ENCRYPTED false - VALID 3.0  client OK
DESC="Direct, \`-m SMB2_10\`: Samba's client validates 2.1 too (tree connect signed); HMAC-SHA256 signatures. Client Capabilities 0." \
run_case 2.1-clean direct SMB2_10 client user  VALIDATED VALIDATED false - VALID 2.1  client OK
DESC="Direct, \`-m SMB2_02\`: as 2.1-clean with dialect 0x0202." \
run_case 2.0.2-clean direct SMB2_02 client user  VALIDATED VALIDATED false - VALID 2.0.2  client OK
DESC="Direct, \`$S\` against a second smbd with \`server max protocol = SMB2_10\` (as a Windows 7 / 2008 R2 server): the client offers 2.0.2, 2.1, 3.0, 3.0.2, gets 2.1 and validates on it (signed, equal): a client that implements SMB 3 validates below 3.1.1 whatever the dialect, to catch a downgrade. Listing printed." \
SERVER=smb2_10 run_case 2.1-server-max-smb2_10 direct SMB3_02 client user  VALIDATED VALIDATED false - VALID 2.1  client OK
DESC="Direct, a client limited to 2.x: \`smbclient -m SMB2_10 --option='client max protocol=SMB2_10' --client-protection=sign\` offers only 2.0.2 and 2.1. Samba's client still validates on 2.1 (its own rule: every signed tree connect below 3.1.1), so the exchange is analysed like any other: **VALIDATED**. A Windows client limited to 2.x (Windows 7) sends none; that is NOT_APPLICABLE." \
CLIENT_OPTS="--option=client max protocol=SMB2_10" run_case 2.1-client-max-smb2_10 direct SMB2_10 client user  VALIDATED VALIDATED false - VALID 2.1  client OK
DESC="Direct, \`-m SMB3_11\`: no VALIDATE (3.1.1 is protected by preauth integrity); listing printed." \
run_case 3.1.1-clean direct SMB3_11 client user  NOT_APPLICABLE NOT_APPLICABLE false - NONE 3.1.1  client OK
DESC="Direct, \`-m SMB3_11 --client-protection=encrypt\`: everything after SESSION_SETUP is SMB3-encrypted with the cipher the NEGOTIATE response's ENCRYPTION_CAPABILITIES chose, keys over the 3.1.1 preauthentication hash; no VALIDATE (3.1.1). Listing printed." \
run_case 3.1.1-encrypted direct SMB3_11 client user-encrypt  NOT_APPLICABLE NOT_APPLICABLE false - NONE 3.1.1  client OK
DESC="Direct, smbclient without \`--client-protection\`: only the SESSION_SETUP response, TREE_CONNECTs and VALIDATE exchanges are signed, the rest is not; VALIDATE still sent and answered." \
run_case 3.0.2-default-protection direct SMB3_02 client user-nosign  VALIDATED VALIDATED false - VALID 3.0.2  client OK
DESC="Direct, \`-U no-such-user%whatever\` with \`map to guest = bad user\`: SESSION_SETUP response SessionFlags IS_GUEST (0x0001), nothing signed, no VALIDATE; listing printed." \
run_case 3.0.2-guest direct SMB3_02 client guest  NOT_APPLICABLE NOT_APPLICABLE false - NONE 3.0.2  client OK
DESC="Direct, \`-U% -N\`: NTLMSSP anonymous AUTHENTICATE (empty user name and NT response). Samba answers SessionFlags 0x0000 (not IS_NULL); nothing signed, no VALIDATE; listing printed." \
run_case 3.0.2-anonymous direct SMB3_02 client anonymous  NOT_APPLICABLE NOT_APPLICABLE false - NONE 3.0.2  client OK
DESC="Direct, wrong password: SESSION_SETUP fails with STATUS_LOGON_FAILURE, no tree connect, no VALIDATE; smbclient closes." \
run_case 3.0.2-wrong-password direct SMB3_02 client wrong-password  NOT_APPLICABLE NOT_APPLICABLE false - NONE 3.0.2  client NT_STATUS_LOGON_FAILURE
DESC="\`$S\` through NegotiateRewriteProxy in mode \`none\` (nothing changed): the proxied baseline, as 3.0.2-clean." \
run_case 3.0.2-proxy-none none SMB3_02 client user  VALIDATED VALIDATED false - VALID 3.0.2  client OK
DESC="$P, mode \`none --split-writes\`: every message the proxy sends to the client leaves in three TCP segments (4-byte length, first half, rest). Frame numbers are those of the segment that completes the message (tshark's view)." \
run_case 3.0.2-proxy-split-segments "none --split-writes" SMB3_02 client user  VALIDATED VALIDATED false - VALID 3.0.2  client OK
DESC="$P, mode \`strip-resp-caps\`: NEGOTIATE response Capabilities 0x4f -> 0x4b (LARGE_MTU cleared). smbclient: IPC\$ VALIDATE response says 0x4f -> IPC\$ connect fails, then the share's VALIDATE fails again; client closes with FIN. smbd saw nothing wrong." \
run_case 3.0.2-strip-resp-caps strip-resp-caps SMB3_02 client user  RESPONSE_MISMATCH RESPONSE_MISMATCH true response:Capabilities VALID 3.0.2  client NT_STATUS_ACCESS_DENIED
DESC="Client side (smbclient <-> proxy) of one \`strip-resp-caps\` connection: as samba-3.0.2-strip-resp-caps.pcap." \
SERVER_DESC="Server side (proxy <-> smbd) of the same connection: NEGOTIATE response 0x4f, VALIDATE response 0x4f, signed: nothing wrong to see here; the client (through the proxy) closes after the second VALIDATE. Only the pair shows the middlebox." \
SERVER_SIDE_EXPECT='VALIDATED|VALIDATED|false|-|VALID' \
run_case 3.0.2-strip-resp-caps strip-resp-caps SMB3_02 both user  RESPONSE_MISMATCH RESPONSE_MISMATCH true response:Capabilities VALID 3.0.2  client NT_STATUS_ACCESS_DENIED
DESC="$P, mode \`strip-req-caps\`: NEGOTIATE request Capabilities 0x7f -> 0x7b on the way to smbd. smbd compares the VALIDATE request (0x7f) with what it received (0x7b), sends no IOCTL response and closes the connection (FIN). In this capture the values agree." \
run_case 3.0.2-strip-req-caps strip-req-caps SMB3_02 client user  SERVER_TERMINATED SERVER_TERMINATED true - NONE 3.0.2  server NT_STATUS_CONNECTION_DISCONNECTED
DESC="Client side (smbclient <-> proxy) of one \`strip-req-caps\` connection: as samba-3.0.2-strip-req-caps.pcap." \
SERVER_DESC="Server side (proxy <-> smbd) of the same connection: NEGOTIATE request 0x7b, VALIDATE request 0x7f; smbd closes (FIN) without answering." \
SERVER_SIDE_EXPECT='REQUEST_MISMATCH|REQUEST_MISMATCH|true|request:Capabilities|NONE' \
run_case 3.0.2-strip-req-caps strip-req-caps SMB3_02 both user  SERVER_TERMINATED SERVER_TERMINATED true - NONE 3.0.2  server NT_STATUS_CONNECTION_DISCONNECTED
# smbclient 4.17.12+dfsg-0+deb12u4 no longer completes SESSION_SETUP once SecurityMode or ServerGuid of the NEGOTIATE
# response was changed (smbd answers STATUS_LOGON_FAILURE), so NegScope's probe is the client of these two cases.
DESC="$P, mode \`resp-secmode\`, NegScope's probe (offering 2.0.2-3.0.2) with \`--reset-on-failure\`: NEGOTIATE response SecurityMode 0x01 -> 0x03 (SIGNING_REQUIRED set). The signed VALIDATE response says 0x01: the probe resets the connection (RST), as Windows does." \
run_case 3.0.2-resp-secmode resp-secmode 2.0.2,2.1,3.0,3.0.2 client probe-reset  RESPONSE_MISMATCH RESPONSE_MISMATCH true response:SecurityMode VALID 3.0.2  client+RST RESPONSE_MISMATCH
DESC="$P, mode \`resp-guid\`, NegScope's probe with \`--reset-on-failure\`: last byte of the NEGOTIATE response ServerGuid flipped (...0000 -> ...0001). The signed VALIDATE response carries the real GUID: the probe resets the connection (RST)." \
run_case 3.0.2-resp-guid resp-guid 2.0.2,2.1,3.0,3.0.2 client probe-reset  RESPONSE_MISMATCH RESPONSE_MISMATCH true response:Guid VALID 3.0.2  client+RST RESPONSE_MISMATCH
DESC="Client side; $P, mode \`req-dialects\`: 0x0202 removed from the NEGOTIATE request on the way to smbd (4 -> 3 dialects, 0x0302 still chosen). Samba 4.17's smbd checks only the dialect it would pick, so it answers VALIDATE with success; listing printed. Nothing to see on this side." \
SERVER_DESC="Server side of the same connection: NEGOTIATE request has 3 dialects, VALIDATE request 4; smbd answers success anyway, although MS-SMB2 3.3.5.15.12 says a 3.1.1-capable server must compare the arrays and drop." \
SERVER_SIDE_EXPECT='REQUEST_MISMATCH|REQUEST_MISMATCH|true|request:Dialects|VALID' \
run_case 3.0.2-req-dialects req-dialects SMB3_02 both user  VALIDATED VALIDATED false - VALID 3.0.2  client OK
DESC="$P, mode \`unsign-validate-resp\`: SMB2_FLAGS_SIGNED cleared and Signature zeroed in the first VALIDATE response. smbclient closes at once (FIN), no second tree connect." \
run_case 3.0.2-unsign-validate-resp unsign-validate-resp SMB3_02 client user  RESPONSE_UNSIGNED RESPONSE_UNSIGNED true - UNSIGNED 3.0.2  client NT_STATUS_CONNECTION_DISCONNECTED
DESC="$P, mode \`corrupt-validate-sig\`: bit 0 of Signature[0] flipped in the first VALIDATE response. smbclient prints \`Bad SMB2 (sign_algo_id=1) signature for message\` and closes at once (FIN). Without the password the signature cannot be checked." \
run_case 3.0.2-corrupt-validate-sig corrupt-validate-sig SMB3_02 client user  SIGNATURE_INVALID VALIDATED true - INVALID 3.0.2  client NT_STATUS_CONNECTION_DISCONNECTED
DESC="$P, mode \`validate-error=NOT_SUPPORTED\`: each VALIDATE response replaced by an SMB2 ERROR STATUS_NOT_SUPPORTED that the proxy signs itself (AES-CMAC, key derived from the test password). smbclient accepts it (\"not implemented\"); listing printed." \
run_case 3.0.2-validate-not-supported validate-error=NOT_SUPPORTED SMB3_02 client user  SERVER_REFUSED SERVER_REFUSED false - VALID 3.0.2  client OK
DESC="$P, mode \`validate-error=ACCESS_DENIED\`: as above with a signed STATUS_ACCESS_DENIED. Both tree connects fail, client FIN." \
run_case 3.0.2-validate-access-denied validate-error=ACCESS_DENIED SMB3_02 client user  SERVER_REFUSED SERVER_REFUSED true - VALID 3.0.2  client NT_STATUS_ACCESS_DENIED

# Two-point pairs for every field the path can rewrite (request: Capabilities, SecurityMode, ClientGuid, Dialects;
# response: Capabilities, SecurityMode, ServerGuid, Dialect), each with a port change (proxy on a new port, smbd reached
# from a new ephemeral port: NAT) and without one (PROXY_VIA=addr: the proxy answers at the server's port on 127.0.0.2
# and reaches smbd from 127.0.0.3 with the client's own source port). The proxy terminates TCP either way (new sequence
# numbers). strip-resp-caps, strip-req-caps and req-dialects have their port-change pair above.
REQ_DROP='SERVER_TERMINATED SERVER_TERMINATED true - NONE 3.0.2  server NT_STATUS_CONNECTION_DISCONNECTED'
RESP_FAIL='NT_STATUS_ACCESS_DENIED'
pair_desc() { # pair_desc MODE WHAT VIA — DESC / SERVER_DESC of a two-point pair
    local via="a new port (127.0.0.1, NAT: new ports on both legs)"
    [ "$3" = addr ] && via="the server's port on another address (127.0.0.2; it reaches smbd from 127.0.0.3 with the client's source port: same port numbers at both points)"
    DESC="Client side of a two-point pair: $P, mode \`$1\` ($2), listening on $via."
    SERVER_DESC="Server side (proxy <-> smbd) of the same connection, as the server saw it."
}
for via in port addr; do
    sfx=""; [ "$via" = addr ] && sfx="-same-ports"
    if [ "$via" = addr ]; then
        pair_desc strip-req-caps "NEGOTIATE request Capabilities 0x7f -> 0x7b; smbd closes at the VALIDATE request" addr
        PROXY_VIA=$via SERVER_SIDE_EXPECT='REQUEST_MISMATCH|REQUEST_MISMATCH|true|request:Capabilities|NONE' \
        run_case 3.0.2-strip-req-caps$sfx strip-req-caps SMB3_02 both user  $REQ_DROP
        pair_desc req-dialects "0x0202 removed from the NEGOTIATE request; Samba answers VALIDATE anyway" addr
        PROXY_VIA=$via SERVER_SIDE_EXPECT='REQUEST_MISMATCH|REQUEST_MISMATCH|true|request:Dialects|VALID' \
        run_case 3.0.2-req-dialects$sfx req-dialects SMB3_02 both user  VALIDATED VALIDATED false - VALID 3.0.2  client OK
        pair_desc strip-resp-caps "NEGOTIATE response Capabilities 0x4f -> 0x4b" addr
        PROXY_VIA=$via SERVER_SIDE_EXPECT='VALIDATED|VALIDATED|false|-|VALID' \
        run_case 3.0.2-strip-resp-caps$sfx strip-resp-caps SMB3_02 both user  RESPONSE_MISMATCH RESPONSE_MISMATCH true response:Capabilities VALID 3.0.2  client $RESP_FAIL
    fi
    pair_desc req-secmode "NEGOTIATE request SecurityMode 0x03 -> 0x01; smbd closes at the VALIDATE request" $via
    PROXY_VIA=$via SERVER_SIDE_EXPECT='REQUEST_MISMATCH|REQUEST_MISMATCH|true|request:SecurityMode|NONE' \
    run_case 3.0.2-req-secmode$sfx req-secmode SMB3_02 both user  $REQ_DROP
    pair_desc req-guid "last byte of the NEGOTIATE request ClientGuid flipped; smbd closes at the VALIDATE request" $via
    PROXY_VIA=$via SERVER_SIDE_EXPECT='REQUEST_MISMATCH|REQUEST_MISMATCH|true|request:Guid|NONE' \
    run_case 3.0.2-req-guid$sfx req-guid SMB3_02 both user  $REQ_DROP
    # NegScope's probe is the client of these two pairs, as of the single resp-secmode / resp-guid cases above.
    pair_desc resp-secmode "NEGOTIATE response SecurityMode 0x01 -> 0x03; NegScope's probe as the client" $via
    PROXY_VIA=$via SERVER_SIDE_EXPECT='VALIDATED|VALIDATED|false|-|VALID' \
    run_case 3.0.2-probe-resp-secmode$sfx resp-secmode 2.0.2,2.1,3.0,3.0.2 both probe-reset  RESPONSE_MISMATCH RESPONSE_MISMATCH true response:SecurityMode VALID 3.0.2  client+RST RESPONSE_MISMATCH
    pair_desc resp-guid "last byte of the NEGOTIATE response ServerGuid flipped; NegScope's probe as the client" $via
    PROXY_VIA=$via SERVER_SIDE_EXPECT='VALIDATED|VALIDATED|false|-|VALID' \
    run_case 3.0.2-probe-resp-guid$sfx resp-guid 2.0.2,2.1,3.0,3.0.2 both probe-reset  RESPONSE_MISMATCH RESPONSE_MISMATCH true response:Guid VALID 3.0.2  client+RST RESPONSE_MISMATCH
    pair_desc resp-dialect "NEGOTIATE response DialectRevision 0x0302 -> 0x0300: same signing, so the session works until VALIDATE" $via
    PROXY_VIA=$via SERVER_SIDE_EXPECT='VALIDATED|VALIDATED|false|-|VALID' SERVER_SIDE_DIALECT=3.0.2 \
    run_case 3.0-resp-dialect$sfx resp-dialect SMB3_02 both user  RESPONSE_MISMATCH RESPONSE_MISMATCH true response:Dialect VALID 3.0  client $RESP_FAIL
done
unset -f pair_desc; unset DESC SERVER_DESC

# NegScope's probe as the client (what smbclient cannot do). It offers what Windows 8.1 offers (2.0.2-3.0.2).
W81=2.0.2,2.1,3.0,3.0.2
DESC="Direct, NegScope's probe with \`--no-validate\` (as a Windows 8 / 2012 client with RequireSecureNegotiate=0): NTLMv2 session, signed TREE_CONNECT to IPC\$ (response signed), then LOGOFF instead of VALIDATE; the probe closes with FIN." \
run_case 3.0.2-probe-no-validate direct "$W81" client probe-no-validate  NOT_SENT NOT_SENT false - NONE 3.0.2  client+FIN NOT_SENT
DESC="$P, mode \`strip-resp-caps\`, NegScope's probe with \`--reset-on-failure\`: the signed VALIDATE response says Capabilities 0x4f, the NEGOTIATE response said 0x4b; the probe aborts at once with RST (SO_LINGER 0), as a Windows client does (Samba's client closes with FIN). The proxy passes the reset on to smbd." \
run_case 3.0.2-probe-strip-resp-caps-rst strip-resp-caps "$W81" client probe-reset  RESPONSE_MISMATCH RESPONSE_MISMATCH true response:Capabilities VALID 3.0.2  client+RST RESPONSE_MISMATCH

# Derived from the fresh samba-3.0.2-clean.pcap (made above): captures started late or stopped early.
DESC="samba-3.0.2-clean.pcap cut after the NEGOTIATE response (a capture stopped early): dialect known, but no session, no VALIDATE and no FIN or RST." \
cut_case 3.0.2-cut-after-negotiate keep-through-negotiate  INCOMPLETE INCOMPLETE false - NONE 3.0.2
DESC="samba-3.0.2-clean.pcap without its first frames, through the NEGOTIATE response (a capture started late): both VALIDATE exchanges are there, but no NEGOTIATE to compare them with; the dialect, and with it the signing algorithm, is unknown, so the signature stays unverified even with the password." \
cut_case 3.0.2-cut-start-after-negotiate start-after-negotiate  INCOMPLETE INCOMPLETE false - UNVERIFIED -
DESC="samba-3.0.2-clean.pcap cut right after the first VALIDATE request: the capture ends before the answer (no FIN or RST)." \
cut_case 3.0.2-cut-after-validate-request keep-through-validate-request  INCOMPLETE INCOMPLETE false - NONE 3.0.2
DESC="samba-3.0.2-clean.pcap filtered to what the server sent (a capture filter on one direction, asymmetric routing or a one-way mirror port): NEGOTIATE, SESSION_SETUP, TREE_CONNECT and VALIDATE responses, nothing from the client. The analysis says only one side was captured and what to collect instead." \
oneside_case 3.0.2-server-only server INCOMPLETE 3.0.2
DESC="samba-3.0.2-clean.pcap filtered to what the client sent: every request, nothing from the server (as suricata-verify's bug-8629 capture). The analysis says only one side was captured and what to collect instead." \
oneside_case 3.0.2-client-only client INCOMPLETE -

[ -s "$SUMMARY" ] || die "no case selected (CASES='${CASES:-}')"

# publish STAGED_FILE... — copy into OUTDIR with cat, so the files get the caller's owner and umask.
publish() {
    local f
    for f in "$@"; do cat "$f" > "$OUTDIR/$(basename "$f")" || die "cannot write $OUTDIR/$(basename "$f")"; done
}
if [ -n "${CASES:-}" ]; then
    cp "$EXPECTED" "$STAGE/EXPECTED.partial.tsv"
    cp "$WORK/readme-rows.md" "$STAGE/README.partial.md"
    publish "$STAGE"/*
    note "wrote $(wc -l < "$SUMMARY") captures, EXPECTED.partial.tsv and README.partial.md (its table rows) to $OUTDIR (README.md untouched)"
    exit 0
fi
cp "$EXPECTED" "$STAGE/EXPECTED.tsv"

SAMBA_VERSION=$(smbd --version | awk '{print $2}')
{
cat <<EOF
# Real SMB2 captures made with Samba on loopback

Generated by \`releng/scripts/make-captures.sh\` (this file, the \`.pcap\` files and \`EXPECTED.tsv\` are
written together by one run; do not edit them by hand — rerun the script). Samba $SAMBA_VERSION
(\`smbd\` and \`smbclient\`), tcpdump on \`lo\` (pcap, Ethernet link type, default snaplen).

- **Test account:** user \`$TEST_USER\`, domain \`$TEST_DOMAIN\`, password \`$TEST_PASSWORD\` — a fixed test
  value, not a secret: give it to the analysis (\`--password-file\`) to verify the signatures. NTLMv2 with
  key exchange (the exported session key is RC4-encrypted in the AUTHENTICATE message).
- **Server:** \`smbd\` with a private \`smb.conf\` (tdbsam user, \`map to guest = bad user\`, signing
  default), port shown per file; ServerGuid \`7367656e-6f63-6570-7372-760000000000\` (Samba derives it
  from the NetBIOS name), SecurityMode 0x01, Capabilities 0x4f on 3.x (0x07 on 2.x).
- **Client:** \`smbclient //127.0.0.1/share -c ls\`, with \`--client-protection=sign\` unless said otherwise
  (SecurityMode 0x03, Capabilities 0x7f on 3.x). It sends **two** VALIDATE exchanges per connection: one
  after the IPC\$ tree connect (for the DFS referral lookup), one after the share's tree connect.
  Files with \`probe\` in the name use NegScope's own probe instead (\`negscope probe\`, compiled
  from this checkout; NTLMv2, tree connect to IPC\$, one VALIDATE, LOGOFF), for what smbclient cannot do: skip
  VALIDATE as a Windows client with RequireSecureNegotiate=0 does, and reset the connection (RST) after a failed
  validation as Windows does. It offers Windows 8.1's dialects (2.0.2, 2.1, 3.0, 3.0.2), SecurityMode 0x01 and
  Capabilities 0x7f. Files with \`cut\` in the name are derived from samba-3.0.2-clean.pcap with \`editcap\`
  (see the table): real frames, as if tcpdump had started late or stopped early.
- **Proxy:** \`releng/scripts/NegotiateRewriteProxy.java\` stands in for a WAN accelerator: it forwards
  both directions, parses the direct-TCP framing and changes one thing (mode). Proxied captures are
  taken on the client side (smbclient <-> proxy port) unless the name says \`.server-side\` (proxy <->
  smbd). A \`.client-side\`/\`.server-side\` pair is the same SMB connection seen on both sides of the proxy
  (same NTLM exchange and SessionId; the same ClientGuid unless the case rewrites it; the proxy opens its own TCP
  connection to smbd). The proxy also derives the session key from the test password and checked
  every real VALIDATE signature it forwarded (log line "signature ok").

Frame numbers (1-based, as Wireshark shows them) were read with
\`tshark -r F -d tcp.port==PORT,nbss -Y 'smb2 || tcp.flags.reset==1 || tcp.flags.fin==1'\`, PORT being the
server port of the file. NEG = NEGOTIATE request / response; VALIDATE = the *first* FSCTL_VALIDATE_NEGOTIATE_INFO
request / its response (0 = absent; inside SMB3 encryption tshark sees 0 / 0 without the password, and the
frames it finds after decrypting with \`-o ntlmssp.nt_password:PASSWORD\` are added in brackets); End = first FIN
or RST and who sent it. The script checks who ended the connection (and, where it matters, with FIN or RST)
and the client's message against its case table, so a change in Samba's behaviour fails the run instead of
silently changing these files. Expected verdicts follow docs/protocol.md;
\`EXPECTED.tsv\` has the same facts in machine-readable form (see below).

| File | How made, what the peers did | Port | Client said | NEG | VALIDATE | End | Expected verdict |
|---|---|---|---|---|---|---|---|
EOF
cat "$WORK/readme-rows.md"
cat <<'EOF'

## EXPECTED.tsv

Tab-separated, one line per capture, `#` starts the header line. Columns:
`file`, `verdict` (with the test password), `verdictWithoutPassword`, `fatal`, `differences`
(`side:field[,side:field]`, `-` for none; side `request`/`response`, field as in the JSON contract),
`signature` (status of the VALIDATE response with the password: VALID, INVALID, UNSIGNED, UNVERIFIED = present
but not checkable, NONE = no response), `dialect` (`-` when the capture does not show it), `negReq`, `negResp`,
`valReq`, `valResp`, `termination` (frame numbers, 0 = absent), `terminatedBy` (`client`/`server`: sender of
the first FIN or RST; `unknown` when the capture ends before either side closed).

Rows whose `verdictWithoutPassword` is `ENCRYPTED` list VALIDATE frames 0 / 0: the cleartext view, what an
analysis without credentials can see. With the password the VALIDATE exchange is found inside the encryption
(the frames in brackets in the table above), between the NEGOTIATE response and the termination.

## Notes for the analysis

- *wrong-password*: docs/protocol.md names no verdict for a connection whose SESSION_SETUP failed;
  `NOT_APPLICABLE` is expected here (no session, so nothing could be validated).
- *anonymous*: Samba sets neither IS_NULL nor IS_GUEST; an anonymous session is recognisable only from
  the NTLMSSP AUTHENTICATE message (empty UserName, DomainName, LM and NT responses).
- *corrupt-validate-sig*: without credentials the signed response looks fine and the values agree;
  only the password proves `SIGNATURE_INVALID` — the client's FIN right after the response is the hint.
- *req-dialects.server-side*: a real request-side difference that Samba 4.17 tolerates; a Windows
  server (or any that follows MS-SMB2 3.3.5.15.12 with 3.1.1 support) drops the connection.
- *strip-resp-caps.server-side*: the server's view is clean; pair it with the client side to see the
  capability the middlebox removed.
- Loopback never splits messages over segments by itself; `proxy-split-segments` does, on purpose.
- *encrypted*: smbclient still validates inside SMB3 encryption; the inner VALIDATE response is not signed
  (SMB2_FLAGS_SIGNED clear, Signature zero) because the AES-CCM transform authenticates it. Without credentials
  nothing can be checked (`ENCRYPTED`); with the password the analysis decrypts and finds `VALIDATED`.
- *probe-no-validate*: a real signed session and tree connect with no VALIDATE — `NOT_SENT`, not fatal. smbclient
  cannot produce this (it always validates a signed tree connect on 2.0.2-3.0.2).
- *probe-strip-resp-caps-rst*: the same rewrite as strip-resp-caps, but the client resets (RST) right after the
  VALIDATE response, as Windows does; smbclient closes with FIN.
- *2.1-server-max-smb2_10*: the client offered 3.x and got 2.1 from a server capped at 2.1: it validates, as a
  Windows 8+ client does against Windows 7 (the downgrade the check exists to catch). Without a VALIDATE such a
  connection would be `NOT_SENT`; a client that offered only 2.x (Windows 7) sends none and is `NOT_APPLICABLE`.
- *2.1-client-max-smb2_10*: a client limited to 2.x. Samba's smbclient validates anyway (its own rule), and any
  VALIDATE exchange in a capture is analysed whatever the dialect, so the truthful verdict is `VALIDATED`.
- *server-only* / *client-only*: one direction of samba-3.0.2-clean.pcap (tcpdump -r with a port filter, real frames):
  `INCOMPLETE`, saying that nothing from the other side was captured and what to collect instead.
- *Two-point pairs* (`.client-side` / `.server-side`): one per field the proxy can rewrite — request Capabilities
  (`strip-req-caps`), SecurityMode (`req-secmode`), ClientGuid (`req-guid`), Dialects (`req-dialects`); response
  Capabilities (`strip-resp-caps`), SecurityMode (`probe-resp-secmode`), ServerGuid (`probe-resp-guid`), DialectRevision
  (`resp-dialect`: 0x0302 -> 0x0300, both AES-CMAC, so the session works until VALIDATE) — each once with a port change
  (proxy on a new port, smbd reached from a new ephemeral port) and once `-same-ports` (proxy on 127.0.0.2 at the
  server's port, reaching smbd from 127.0.0.3 with the client's own source port). The proxy terminates TCP in all of
  them (new sequence numbers). A fully transparent path (same addresses too) needs a kernel-level interception
  (TPROXY, network namespaces) that this loopback lab does not set up.
- *resp-secmode*, *resp-guid* (single captures and pairs): smbclient 4.17.12+dfsg-0+deb12u4 no longer completes
  SESSION_SETUP once the NEGOTIATE response's SecurityMode or ServerGuid was changed (smbd answers STATUS_LOGON_FAILURE),
  so NegScope's probe is the client there; it resets the connection after the failed VALIDATE, as Windows does.
- *cut-start-after-negotiate*: without the NEGOTIATE exchange the dialect is unknown, so the analysis cannot
  pick the signing algorithm; the signature is `UNVERIFIED` even with the password.
EOF
} > "$STAGE/README.md"

# Only a complete run replaces the set: stale captures of renamed cases go, nothing half-written stays.
rm -f "$OUTDIR"/samba-*.pcap "$OUTDIR/EXPECTED.tsv" "$OUTDIR/EXPECTED.partial.tsv"
publish "$STAGE"/*
note "wrote $(wc -l < "$SUMMARY") captures, EXPECTED.tsv and README.md to $OUTDIR"
