#!/usr/bin/env bash
# make-kerberos-captures.sh — real SMB2/3 sessions authenticated with Kerberos, captured on loopback, and
# the throwaway domain's keytabs that decrypt their tickets.
#
# usage: releng/scripts/make-kerberos-captures.sh [OUTDIR]      (default: releng/captures/kerberos)
#        KEEP_WORK=1 ...   keep the temp dir (DC logs, smbclient output) for debugging
#
# A Samba AD DC (samba-dc-lib.sh: `samba-tool domain provision` into a temp dir, realm NEGSCOPE.TEST, DC
# dc1.negscope.test on 127.0.0.21, own krb5.conf via KRB5_CONFIG, names from nss_wrapper, `samba -i` under
# setsid, always stopped) is provisioned once per run. Each case is one `smbclient --use-kerberos=required`
# session (fresh credential cache: AS and TGS exchange, then the AP-REQ in SESSION_SETUP), captured with
# tcpdump on lo filtered on the SMB port only — as customer captures usually are, so the analysis has to
# use the service key, not the AS/TGS exchange. One case goes through NegotiateRewriteProxy.java in mode
# strip-resp-caps, one in corrupt-validate-sig; one is NegScope's own probe with --kerberos (its saved pcapng);
# the last one restarts the DC with `server max protocol = SMB3_02` while the client offers up to 3.1.1.
#
# Independent check: `tshark -K KEYTAB -o kerberos.decrypt:TRUE` must decrypt every captured ticket with the
# exported keytab; the keys it learns (ticket session key, authenticator subkey, AP-REP subkey) go to
# OUTDIR/KEYS.tsv, where the tests compare them with what NegScope derives. Also writes EXPECTED.tsv (the
# columns of releng/captures/EXPECTED.tsv; verdicts with the keytab / without), the keytabs and README.md.
# Needs root (tcpdump, samba), the Debian packages samba samba-ad-dc samba-ad-provision winbind krb5-user
# smbclient libnss-wrapper tcpdump tshark, and java 17 (the proxy).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUTDIR=${1:-$SCRIPT_DIR/../captures/kerberos}
DC_ADDR=127.0.0.21
PROXY_PORT=4460
SMBCLIENT_TIMEOUT=${SMBCLIENT_TIMEOUT:-60}

die() { echo "make-kerberos-captures: ERROR: $*" >&2; exit 1; }
note() { echo "make-kerberos-captures: $*" >&2; }

[ "$(id -u)" -eq 0 ] || die "must run as root (tcpdump on lo and samba need it)"
for tool in smbclient tcpdump tshark ktutil java javac ss setsid timeout; do
    command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found (Debian packages: smbclient tcpdump tshark krb5-user openjdk-17-jdk-headless iproute2)"
done
# shellcheck source=samba-dc-lib.sh
. "$SCRIPT_DIR/samba-dc-lib.sh"

mkdir -p "$OUTDIR"
OUTDIR=$(cd "$OUTDIR" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/negscope-krb.XXXXXX")
TCPDUMP_PID="" PROXY_PID=""

stop_pid() { # stop_pid PID SIGNAL — only processes this script started
    local pid=$1 _
    [ -n "$pid" ] || return 0
    kill "-$2" "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    local rc=$?
    set +e
    stop_pid "$TCPDUMP_PID" INT
    stop_pid "$PROXY_PID" TERM
    dc_stop
    if [ "$rc" -ne 0 ]; then
        for f in "$WORK"/dc/log/samba.out "$WORK"/proxy.log; do [ -f "$f" ] && { echo "--- $f" >&2; tail -n 15 "$f" >&2; }; done
    fi
    if [ "${KEEP_WORK:-0}" = 1 ] || [ "$rc" -ne 0 ]; then note "work dir kept: $WORK"; else rm -rf "$WORK"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

t0=$(date +%s)
note "provisioning the AD DC (realm $DC_REALM) in $WORK"
dc_provision "$WORK" "$DC_ADDR" || die "provision failed"
dc_start || die "the DC did not start"
note "DC up after $(( $(date +%s) - t0 )) s"
dc_env

# The keytabs: the service (DC1$, whose SPNs include cifs/dc1.negscope.test) with every enctype it has,
# and the user's keys only (a keytab that cannot open a cifs ticket). Wrong keys: the right principal,
# enctype and kvno, derived by MIT ktutil from another password.
KT="$WORK/negscope-test.keytab"
samba-tool domain exportkeytab "$KT" -s "$WORK/dc/etc/smb.conf" --principal='DC1$' >/dev/null || die "exportkeytab failed"
samba-tool domain exportkeytab "$WORK/user-only.keytab" -s "$WORK/dc/etc/smb.conf" --principal=Administrator >/dev/null \
    || die "exportkeytab (user) failed"
printf 'addent -password -p DC1$@%s -k 1 -e aes256-cts-hmac-sha1-96\nnot-the-machine-password\nwkt %s\nq\n' \
    "$DC_REALM" "$WORK/wrong.keytab" | ktutil >/dev/null 2>&1
[ -s "$WORK/wrong.keytab" ] || die "ktutil did not write the wrong keytab"

javac -d "$WORK/proxy-classes" "$SCRIPT_DIR/NegotiateRewriteProxy.java" || die "cannot compile NegotiateRewriteProxy.java"
printf '%s\n' "$DC_ADMIN_PASSWORD" > "$WORK/password"

# NegScope's probe (`negscope probe`: the one command, org.negscope.cli.Main) and the bundles it runs on, compiled
# from this checkout on first use.
PROBE_CP=""
build_probe() {
    [ -z "$PROBE_CP" ] || return 0
    local bc=${NEGSCOPE_BCPROV:-} gs=${NEGSCOPE_GSON:-} c
    if [ -z "$bc" ]; then
        for c in "$SCRIPT_DIR"/../../product/target/products/*/linux/gtk/x86_64/*/plugins/bcprov_*.jar \
                 "$HOME"/.m2/repository/org/bouncycastle/bcprov-jdk18on/*/bcprov-jdk18on-*.jar; do
            [ -f "$c" ] && { bc=$c; break; }
        done
    fi
    [ -n "$bc" ] && [ -f "$bc" ] || die "BouncyCastle bcprov jar not found for the probe (build once, or set NEGSCOPE_BCPROV)"
    if [ -z "$gs" ]; then
        for c in "$SCRIPT_DIR"/../../product/target/products/*/linux/gtk/x86_64/*/plugins/com.google.gson_*.jar \
                 "$HOME"/.m2/repository/com/google/code/gson/gson/*/gson-*.jar; do
            [ -f "$c" ] && { gs=$c; break; }
        done
    fi
    [ -n "$gs" ] && [ -f "$gs" ] || die "Gson jar not found for the negscope command (build once, or set NEGSCOPE_GSON)"
    find "$SCRIPT_DIR"/../../bundles/org.negscope.{capture,smb2,crypto,analysis,remedy,report,probe,cli}/src -name '*.java' > "$WORK/probe-sources.txt"
    javac -nowarn -encoding UTF-8 -d "$WORK/probe-classes" -cp "$bc:$gs" @"$WORK/probe-sources.txt" >"$WORK/probe-javac.log" 2>&1 \
        || { tail -n 20 "$WORK/probe-javac.log" >&2; die "cannot compile the probe"; }
    PROBE_CP="$WORK/probe-classes:$bc:$gs"
}

printf '# file\tverdict\tverdictWithoutPassword\tfatal\tdifferences\tsignature\tdialect\tnegReq\tnegResp\tvalReq\tvalResp\ttermination\tterminatedBy\n' > "$WORK/EXPECTED.tsv"
printf '# file\tframe\tkind\tkeytype\tkey (tshark -K negscope-test.keytab: keys learnt from the AP-REQ/AP-REP; TEST SECRETS of a throwaway domain)\n' > "$WORK/KEYS.tsv"
: > "$WORK/rows.md"

start_tcpdump() { # start_tcpdump FILE FILTER
    tcpdump -i lo -n -U --immediate-mode -B 65536 -Z root -w "$1" "$2" 2>"$1.err" &
    TCPDUMP_PID=$!
    local _
    for _ in $(seq 100); do grep -q 'listening on' "$1.err" 2>/dev/null && return 0; sleep 0.1; done
    die "tcpdump did not start: $(cat "$1.err")"
}

# frames FILE PORT [SESSIONKEY-UAT] -> "negReq negResp valReq valResp termination terminatedBy"; with the
# third argument (an smb2_seskey_list entry: SessionId,SessionKey,,) tshark decrypts SMB3 encryption.
frames() {
    local opts=()
    [ -n "${3:-}" ] && opts=(-o "uat:smb2_seskey_list:$3")
    tshark -r "$1" -d "tcp.port==$2,nbss" "${opts[@]}" -T fields -E separator=/t -E aggregator=, \
        -e frame.number -e tcp.srcport -e tcp.flags.fin -e tcp.flags.reset \
        -e smb2.cmd -e smb2.flags.response -e smb2.msg_id -e smb2.ioctl.function 2>/dev/null |
    awk -F'\t' -v sport="$2" '
        function truth(v) { return v == "1" || v == "True" || v == "true" }
        { f = $1
          if (!term && (truth($3) || truth($4))) { term = f; by = ($2 == sport) ? "server" : "client" }
          n = split($5, cmd, ","); split($6, resp, ","); split($7, mid, ","); split($8, fn, ",")
          fi = 0
          for (i = 1; i <= n; i++) {
              r = truth(resp[i])
              if (cmd[i] == "0" && !r && !nq) nq = f
              if (cmd[i] == "0" && r && !ns) ns = f
              if (cmd[i] == "11") { fi++
                  if (!r && fn[fi] == "0x00140204" && !vq) { vq = f; vmid = mid[i] }
                  if (r && vq && !vs && mid[i] == vmid) vs = f } } }
        END { printf "%d %d %d %d %d %s\n", nq, ns, vq, vs, term, (term ? by : "none") }'
}

# run_case NAME PROTO PROTECTION ENCTYPE VIA VERDICT VERDICT_NO_KEYTAB FATAL DIFFS SIGNATURE DIALECT SMBCLIENT DESC [SMBCLIENT-OPTION]
#   PROTECTION sign|encrypt; ENCTYPE of the session keys the client asks for; VIA direct or a proxy mode;
#   SMBCLIENT OK or the text smbclient's last line must contain. VERDICT_NO_KEYTAB ENCRYPTED: the VALIDATE exchange
#   is only visible after tshark decrypted with the keytab (EXPECTED.tsv keeps the cleartext view, 0/0).
run_case() {
    local name=$1 proto=$2 prot=$3 enc=$4 via=$5 verdict=$6 nokt=$7 fatal=$8 diffs=$9 sig=${10} dialect=${11} want=${12} desc=${13} extra=${14:-}
    local out="krb-$name.pcap" cdir="$WORK/$name" port=445
    mkdir -p "$cdir"
    dc_krb5_conf "$enc" "$cdir/krb5.conf"
    local rc=0 msg
    if [ "$via" = probe ]; then
        # NegScope's own probe logs on with Kerberos (JAAS/JGSS: AS, TGS, AP-REQ) and saves what it sent and received
        # as pcapng; names come from a hosts file the JVM reads (jdk.net.hosts.file), the KDC is given.
        out="krb-$name.pcapng"
        build_probe
        timeout -k 5 120 java -Djdk.net.hosts.file="$WORK/hosts" -cp "$PROBE_CP" org.negscope.cli.Main probe "$DC_HOST" \
            --kerberos --user "Administrator@$DC_REALM" --password-file "$WORK/password" --kdc "$DC_ADDR" --dialects "$proto" \
            --save "$cdir/c.pcap" >"$cdir/client.txt" 2>&1 </dev/null || rc=$?
        msg=$(grep -m1 '^Verdict:' "$cdir/client.txt" | tr -s ' \t' ' ' | sed -e 's/ \[MS-SMB2[^]]*\]//' | cut -c1-110 || true)
        [ "$rc" -eq 0 ] && [[ $msg == *"$want"* ]] || die "$name: the probe should say '$want' (exit 0) but exited $rc: $(tail -n 5 "$cdir/client.txt")"
        sed -n '/^  Kerberos AS/,/^  SESSION_SETUP/p' "$cdir/client.txt" | head -n 3 | sed 's/^/    probe: /' >&2
    else
        local target=(-s "$DC_WORK/client.conf" //$DC_HOST/share)
        [ -z "$extra" ] || target+=(--option="$extra")
        if [ "$via" != direct ]; then
            java -cp "$WORK/proxy-classes" NegotiateRewriteProxy "$PROXY_PORT" "$DC_ADDR:445" "$via" >"$WORK/proxy.log" 2>&1 &
            PROXY_PID=$!
            local _
            for _ in $(seq 100); do ss -Hltn "( sport = :$PROXY_PORT )" | grep -q . && break; sleep 0.1; done
            port=$PROXY_PORT
            target+=(-p "$PROXY_PORT" -I 127.0.0.1)
        fi
        start_tcpdump "$cdir/c.pcap" "tcp port $port"
        KRB5_CONFIG=$cdir/krb5.conf KRB5CCNAME=FILE:$cdir/ccache timeout -k 5 "$SMBCLIENT_TIMEOUT" smbclient "${target[@]}" \
            -U "Administrator@$DC_REALM%$DC_ADMIN_PASSWORD" --use-kerberos=required -m "$proto" --client-protection="$prot" \
            -c ls >"$cdir/client.txt" 2>&1 </dev/null || rc=$?
        sleep 0.5
        stop_pid "$TCPDUMP_PID" INT; TCPDUMP_PID=""
        [ -z "$PROXY_PID" ] || { stop_pid "$PROXY_PID" TERM; PROXY_PID=""; }
        grep -q '^0 packets dropped by kernel' "$cdir/c.pcap.err" || die "$name: tcpdump dropped packets"
        msg=$(grep -v -e '^\s*$' -e 'blocks of size' -e '^\s*\.\{1,2\}\s' -e 'hello.txt' -e 'Running as user' "$cdir/client.txt" | tail -n 1 | tr -s ' \t' ' ' | cut -c1-110 || true)
        if [ "$want" = OK ]; then
            [ "$rc" -eq 0 ] || die "$name: smbclient should succeed but exited $rc: $msg"
            msg="(listing printed)"
        else
            [ "$rc" -ne 0 ] && [[ $msg == *"$want"* ]] || die "$name: smbclient should fail with '$want' but exited $rc: $msg"
        fi
    fi
    local nq ns vq vs term by dq ds hidden=""
    read -r nq ns vq vs term by <<<"$(frames "$cdir/c.pcap" "$port")"
    [ "$nq" -gt 0 ] && [ "$ns" -gt 0 ] || die "$name: tshark finds no NEGOTIATE"
    [ "$(tshark -r "$cdir/c.pcap" -T fields -e frame.number 2>/dev/null | wc -l)" -gt 0 ] || die "$name: empty capture"
    # tshark must open the ticket with the keytab; the keys it learns are what the tests expect.
    tshark -r "$cdir/c.pcap" -d "tcp.port==$port,nbss" -K "$KT" -o kerberos.decrypt:TRUE -V -Y 'smb2.cmd == 1' 2>/dev/null \
        > "$cdir/tshark-V.txt"
    # "[Learnt KIND keytype N (id=F.i) (xxxxxxxx...)]" names each learnt key with its first 4 bytes; the
    # full value is the "keyvalue:" line that begins with them.
    grep -o 'Learnt [A-Za-z_]* keytype [0-9]* (id=[0-9.]*) ([0-9a-f]*' "$cdir/tshark-V.txt" | sort -u |
    while read -r _ kind _ kt id prefix; do
        local frame=${id#(id=}; frame=${frame%%.*}
        prefix=${prefix#(}
        local val
        val=$(grep -o "keyvalue: $prefix[0-9a-f]*" "$cdir/tshark-V.txt" | head -n1 | cut -d' ' -f2)
        [ "$kind" = KrbCredInfo_key ] && continue   # the forwarded TGT's key (delegation), not the session's
        printf '%s\t%s\t%s\t%s\t%s\n' "$out" "$frame" "$kind" "$kt" "$val"
    done > "$cdir/keys.tsv"
    grep -q 'encTicketPart_key' "$cdir/keys.tsv" || die "$name: tshark could not decrypt the ticket with the keytab"
    grep -q 'Decrypted keytype [0-9]* usage 2 using keytab principal DC1\$' "$cdir/tshark-V.txt" \
        || die "$name: tshark did not decrypt the cifs ticket with the DC1\$ key"
    # The GSS session key tshark learnt (acceptor subkey, else initiator subkey, else ticket key) decrypts SMB3:
    # MS-SMB2's session key is its first 16 bytes (the full key for 3.1.1 AES-256 ciphers). tshark takes it
    # per SessionId (the 8 bytes as on the wire) in its smb2_seskey_list table.
    local gss sid uat
    gss=$(awk -F'\t' '$3 == "encAPRepPart_subkey" {a = $5} $3 == "authenticator_subkey" {i = $5} $3 == "encTicketPart_key" {t = $5}
                      END {print (a != "" ? a : (i != "" ? i : t))}' "$cdir/keys.tsv")
    sid=$(tshark -r "$cdir/c.pcap" -d "tcp.port==$port,nbss" -Y 'smb2.cmd == 1 && smb2.flags.response == 1' -T fields -e smb2.sesid 2>/dev/null | tail -n1)
    sid=$(printf '%016x' "$sid" | sed 's/../& /g' | awk '{for (i = NF; i > 0; i--) printf "%s", $i}')
    uat="$sid,${gss:0:32},\"\",\"\""
    read -r _ _ dq ds _ _ <<<"$(frames "$cdir/c.pcap" "$port" "$uat")"
    if [ "$nokt" = ENCRYPTED ]; then
        [ "$vq" -eq 0 ] && [ "$dq" -gt 0 ] && [ "$ds" -gt 0 ] \
            || die "$name: VALIDATE should be visible only after tshark decrypted with the keytab ($vq/$vs, decrypted $dq/$ds)"
        hidden=" (decrypted: $dq / $ds)"
    elif [ "$vq" -eq 0 ] || [ "$vs" -eq 0 ]; then
        [ "$sig" = NONE ] || die "$name: expected signature $sig but there is no VALIDATE exchange ($vq/$vs)"
    fi
    cat "$cdir/keys.tsv" >> "$WORK/KEYS.tsv"
    local tkt
    tkt=$(grep -o -m1 'Decrypted keytype [0-9]* usage 2' "$cdir/tshark-V.txt" | cut -d' ' -f3)
    cp "$cdir/c.pcap" "$WORK/$out"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$out" "$verdict" "$nokt" "$fatal" "$diffs" "$sig" "$dialect" \
        "$nq" "$ns" "$vq" "$vs" "$term" "$by" >> "$WORK/EXPECTED.tsv"
    local kinds
    kinds=$(cut -f3,4 "$cdir/keys.tsv" | sed 's/^encTicketPart_key\t/ticket session key /; s/^authenticator_subkey\t/initiator subkey /; s/^encAPRepPart_subkey\t/acceptor subkey /' \
        | tr '\n' ';' | sed 's/;$//; s/;/; /g')
    printf '| `%s` | %s | %s | ticket enctype %s; %s | `%s` | %s / %s | %s / %s%s | %s by %s | **%s**%s%s |\n' "$out" "$desc" "$port" \
        "$tkt" "$kinds" "$msg" "$nq" "$ns" "$vq" "$vs" "$hidden" "$term" "$by" "$verdict" \
        "$([ "$fatal" = true ] && echo ' (fatal)')" "$([ "$diffs" != - ] && echo ", $diffs")" >> "$WORK/rows.md"
    printf '%-40s %6d B port %-5s NEG %s/%s VALIDATE %s/%s%s end %s by %s; ticket etype %s; client rc=%d %s\n' \
        "$out" "$(stat -c %s "$WORK/$out")" "$port" "$nq" "$ns" "$vq" "$vs" "$hidden" "$term" "$by" "$tkt" "$rc" "$msg"
}

A256=aes256-cts-hmac-sha1-96 A128=aes128-cts-hmac-sha1-96 RC4=arcfour-hmac-md5
#        NAME                   PROTO    PROT    ENCTYPE VIA   VERDICT  NO-KEYTAB  FATAL DIFFS SIG DIALECT SMBCLIENT DESC
run_case 3.0-signed             SMB3_00  sign    $A256 direct VALIDATED VALIDATED false - VALID 3.0 OK 'signed, AES256 session keys'
run_case 3.0.2-signed           SMB3_02  sign    $A256 direct VALIDATED VALIDATED false - VALID 3.0.2 OK 'signed, AES256 session keys'
run_case 3.1.1-signed           SMB3_11  sign    $A256 direct NOT_APPLICABLE NOT_APPLICABLE false - NONE 3.1.1 OK 'signed (AES-128-GMAC or CMAC as negotiated), no VALIDATE on 3.1.1'
run_case 3.0-encrypted          SMB3_00  encrypt $A256 direct VALIDATED ENCRYPTED false - VALID 3.0 OK 'encrypted (AES-128-CCM) after SESSION_SETUP'
run_case 3.0.2-encrypted        SMB3_02  encrypt $A256 direct VALIDATED ENCRYPTED false - VALID 3.0.2 OK 'encrypted (AES-128-CCM) after SESSION_SETUP'
run_case 3.1.1-encrypted        SMB3_11  encrypt $A256 direct NOT_APPLICABLE NOT_APPLICABLE false - NONE 3.1.1 OK 'encrypted with the cipher the NEGOTIATE response chose, keys over the preauth hash'
run_case 3.0.2-signed-aes128    SMB3_02  sign    $A128 direct VALIDATED VALIDATED false - VALID 3.0.2 OK 'signed; client krb5.conf asks for AES128 only'
run_case 3.0.2-signed-rc4       SMB3_02  sign    $RC4  direct VALIDATED VALIDATED false - VALID 3.0.2 OK 'signed; client krb5.conf asks for RC4-HMAC only'
run_case 3.1.1-encrypted-aes256-gcm SMB3_11 encrypt $A256 direct NOT_APPLICABLE NOT_APPLICABLE false - NONE 3.1.1 OK 'encrypted with AES-256-GCM (the client offers only it): the full 32-byte GSS key feeds the KDF' 'client smb3 encryption algorithms = AES-256-GCM'
run_case 3.1.1-encrypted-rc4    SMB3_11  encrypt $RC4  direct NOT_APPLICABLE NOT_APPLICABLE false - NONE 3.1.1 OK 'encrypted; RC4-HMAC session keys (16 bytes)'
run_case 3.0.2-strip-resp-caps  SMB3_02  sign    $A256 strip-resp-caps RESPONSE_MISMATCH RESPONSE_MISMATCH true response:Capabilities VALID 3.0.2 NT_STATUS_ACCESS_DENIED 'through NegotiateRewriteProxy strip-resp-caps (client side): LARGE_MTU cleared in the NEGOTIATE response'
run_case 3.0.2-corrupt-validate-sig SMB3_02 sign $A256 corrupt-validate-sig SIGNATURE_INVALID VALIDATED true - INVALID 3.0.2 NT_STATUS_CONNECTION_DISCONNECTED 'through NegotiateRewriteProxy corrupt-validate-sig: one bit of the VALIDATE response signature flipped'

run_case 3.0.2-probe           3.0.2    sign    $A256 probe  VALIDATED VALIDATED false - VALID 3.0.2 VALIDATED 'NegScope'"'"'s probe (`--kerberos --dialects 3.0.2 --save`): JAAS/JGSS AS and TGS exchange, AP-REQ in SESSION_SETUP, tree connect IPC$, one VALIDATE; the pcapng is the probe'"'"'s own transcript'

note "restarting the DC with server max protocol = SMB3_02"
dc_stop
dc_start "server max protocol = SMB3_02" || die "the DC did not restart"
run_case 3.1.1-offered-to-3.0.2 SMB3_11  sign    $A256 direct VALIDATED VALIDATED false - VALID 3.0.2 OK 'client offers up to 3.1.1, server capped at 3.0.2 (server max protocol)'
dc_stop

cp "$KT" "$WORK/user-only.keytab" "$WORK/wrong.keytab" "$WORK"/krb-*.pcap "$WORK"/krb-*.pcapng "$OUTDIR/"
cp "$WORK/EXPECTED.tsv" "$WORK/KEYS.tsv" "$OUTDIR/"
{
    cat <<EOF
# Real SMB2/3 sessions with Kerberos (Samba AD DC on loopback)

Generated by \`releng/scripts/make-kerberos-captures.sh\` (with \`samba-dc-lib.sh\`); this file, the
\`.pcap\` and \`.keytab\` files, \`EXPECTED.tsv\` and \`KEYS.tsv\` are written together by one run — rerun the
script rather than editing them. The \`.pcapng\` is the probe's own transcript (\`--save\`), not a tcpdump capture.
Samba $(samba --version | sed 's/^Version //'), MIT krb5 $(dpkg-query -W -f '${Version}' krb5-user 2>/dev/null), tshark $(tshark --version | head -n1 | awk '{print $3}').

- **Domain:** a throwaway Samba AD DC provisioned for this run: realm \`$DC_REALM\`, NetBIOS domain \`$DC_DOMAIN\`,
  DC \`$DC_HOST\` (127.0.0.21), user \`Administrator@$DC_REALM\`, password \`$DC_ADMIN_PASSWORD\` (a documented
  test value). Every run provisions a new domain, so keys and keytabs change with each regeneration.
- **Keytabs — TEST SECRETS of that throwaway domain, published on purpose so the tests can decrypt the
  captures; never use such files from a real domain like this:**
  - \`negscope-test.keytab\`: \`samba-tool domain exportkeytab --principal='DC1\$'\` — the DC's machine account
    (its SPNs include \`cifs/$DC_HOST\`), kvno 1, aes256-cts, aes128-cts, arcfour-hmac. Opens every ticket.
  - \`user-only.keytab\`: \`--principal=Administrator\` — the user's keys only: cannot open a cifs ticket.
  - \`wrong.keytab\`: MIT \`ktutil addent -password\` for \`DC1\$@$DC_REALM\` kvno 1 aes256-cts from another
    password: right principal, enctype and kvno, wrong key.
- **Client:** \`smbclient -s client.conf //$DC_HOST/share -U Administrator@$DC_REALM%… --use-kerberos=required -m PROTO
  --client-protection=sign|encrypt -c ls\` with a fresh credential cache (AS and TGS exchange before the
  session) and its own krb5.conf; tcpdump captured only the SMB port, as customer captures filtered to 445
  are, so the tickets must be opened with the service key (client.conf: its own name cache and directories). Samba's AD DC always issues tickets for its own
  machine account with AES256 (it ignores msDS-SupportedEncryptionTypes for DCs), so the AES128 and RC4
  cases vary the *session keys* (authenticator and AP-REP subkeys) through the client's enctype list.
  AES-SHA2 (RFC 8009): Samba 4.17's KDC (Heimdal) does not issue it — not covered.
- **Independent check:** \`tshark -K negscope-test.keytab -o kerberos.decrypt:TRUE -V\` decrypted every ticket
  (usage 2 with DC1\$'s key); \`KEYS.tsv\` lists the keys it learnt per SESSION_SETUP frame (ticket session key,
  authenticator subkey, AP-REP subkey; the forwarded TGT's key left out). The GSS session key is the AP-REP
  subkey when the server sent one. For encrypted cases tshark finds the VALIDATE exchange only with the keytab.

| File | How made | Port | Keys tshark learnt (enctype numbers: 18 aes256-cts, 17 aes128-cts, 23 rc4-hmac) | Client said | NEG | VALIDATE | End | Expected verdict (with keytab) |
|---|---|---|---|---|---|---|---|---|
EOF
    cat "$WORK/rows.md"
    cat <<EOF

\`EXPECTED.tsv\`: the columns of \`releng/captures/EXPECTED.tsv\`; \`verdictWithoutPassword\` is the verdict
without the keytab. Frame numbers as tshark numbers them (0 = absent; encrypted VALIDATE exchanges 0 / 0).
EOF
} > "$OUTDIR/README.md"
note "done in $(( $(date +%s) - t0 )) s"
