# samba-dc-lib.sh — a throwaway Samba AD domain controller on loopback, for scripts that need Kerberos.
# Source it (bash), then:
#   dc_provision WORKDIR IP        samba-tool domain provision into WORKDIR/dc (about 10-20 s), private smb.conf,
#                                  own krb5.conf (WORKDIR/krb5.conf) and nss_wrapper hosts file (WORKDIR/hosts)
#   dc_start [EXTRA_SMB_CONF]      start `samba -i` under setsid (its own process group); EXTRA lines go into
#                                  [global] (e.g. "server max protocol = SMB3_02"); waits until 445 and 88 listen
#   dc_stop                        end the DC's process group (TERM, then KILL); safe to call twice
#   dc_env                         export KRB5_CONFIG, NSS_WRAPPER_HOSTS and LD_PRELOAD for clients (smbclient, kinit);
#                                  smbclient also needs `-s $DC_WORK/client.conf` (its own name cache)
#   dc_krb5_conf ENCTYPE FILE      a client krb5.conf that asks only for ENCTYPE (aes256-cts-hmac-sha1-96,
#                                  aes128-cts-hmac-sha1-96, arcfour-hmac-md5)
# Nothing outside WORKDIR is changed: no /etc edit, no system service. The caller must `trap dc_stop EXIT`.
#
# The domain: realm NEGSCOPE.TEST, NetBIOS domain NSTEST, DC dc1.negscope.test, Administrator's password
# $DC_ADMIN_PASSWORD — a documented test value (releng/captures/kerberos/README.md), not a secret.

DC_REALM=NEGSCOPE.TEST
DC_DOMAIN=NSTEST
DC_HOST=dc1.negscope.test
DC_ADMIN_PASSWORD='NegScope-Krb-1'
DC_PGID=""

dc_note() { echo "samba-dc: $*" >&2; }

dc_nss_wrapper_lib() {
    local lib
    lib=$(ldconfig -p 2>/dev/null | awk '/libnss_wrapper\.so[^.]/ && /x86-64|64/ {print $NF; exit}')
    [ -n "$lib" ] || lib=$(ls /usr/lib/*/libnss_wrapper.so /usr/lib/libnss_wrapper.so 2>/dev/null | head -n1 || true)
    echo "$lib"
}

dc_provision() { # dc_provision WORKDIR IP
    DC_WORK=$1 DC_IP=$2
    local d=$DC_WORK/dc tool
    for tool in samba samba-tool smbclient; do
        command -v "$tool" >/dev/null 2>&1 || { dc_note "'$tool' not found (Debian packages: samba samba-ad-dc samba-ad-provision smbclient winbind krb5-user)"; return 1; }
    done
    [ -d /usr/share/samba/setup/ad-schema ] || { dc_note "AD schema files missing (Debian package samba-ad-provision)"; return 1; }
    DC_NSS_WRAPPER=$(dc_nss_wrapper_lib)
    [ -n "$DC_NSS_WRAPPER" ] || { dc_note "libnss_wrapper.so not found (Debian package libnss-wrapper)"; return 1; }
    rm -rf "$d"
    samba-tool domain provision --realm="$DC_REALM" --domain="$DC_DOMAIN" --server-role=dc --dns-backend=NONE \
        --adminpass="$DC_ADMIN_PASSWORD" --targetdir="$d" --host-name=dc1 --host-ip="$DC_IP" \
        --option="interfaces=$DC_IP/8" --option="bind interfaces only=yes" --option="disable netbios=yes" \
        >"$DC_WORK/provision.log" 2>&1 || { tail -n 20 "$DC_WORK/provision.log" >&2; return 1; }
    mkdir -p "$d"/{log,pid,ncalrpc,share}
    printf 'NegScope Kerberos test share\n' > "$d/share/hello.txt"
    # Keep only [global] from the provisioned file; logs, pids and sockets go under WORKDIR, no NetBIOS,
    # no DNS/NTP/replication services (not needed for SMB with Kerberos), one read-only share.
    awk '/^\[/ && !/^\[global\]/ {exit} {print}' "$d/etc/smb.conf" \
        | sed -e "s|^\tlog file = .*|\tlog file = $d/log/log.%m|" \
              -e "s|^\tserver services = .*|\tserver services = s3fs, rpc, ldap, cldap, kdc, winbindd|" \
        > "$d/etc/smb.conf.base"
    # winbindd's socket too: its default (/run/samba/winbindd) is shared by every Samba on the machine, and the
    # DC's smbd maps Kerberos users through its own winbindd (NT_STATUS_INTERNAL_ERROR when another took the socket).
    mkdir -p "$d/winbindd"
    printf '\tpid directory = %s\n\tncalrpc dir = %s\n\twinbindd socket directory = %s\n' "$d/pid" "$d/ncalrpc" "$d/winbindd" \
        >> "$d/etc/smb.conf.base"
    cat > "$DC_WORK/krb5.conf" <<EOF
[libdefaults]
	default_realm = $DC_REALM
	dns_lookup_realm = false
	dns_lookup_kdc = false
	rdns = false
	allow_weak_crypto = true
[realms]
	$DC_REALM = {
		kdc = $DC_IP
	}
[domain_realm]
	.negscope.test = $DC_REALM
	negscope.test = $DC_REALM
EOF
    printf '%s %s dc1\n' "$DC_IP" "$DC_HOST" > "$DC_WORK/hosts"
    # The clients' own smb.conf (smbclient -s): Samba's client caches name lookups in gencache.tdb under its cache
    # directory, by default shared machine-wide (/var/cache/samba): a name cached from another run's DC address would
    # win over our hosts file.
    mkdir -p "$DC_WORK"/client/{cache,lock,state,private}
    cat > "$DC_WORK/client.conf" <<EOF
[global]
	workgroup = $DC_DOMAIN
	realm = $DC_REALM
	cache directory = $DC_WORK/client/cache
	lock directory = $DC_WORK/client/lock
	state directory = $DC_WORK/client/state
	private dir = $DC_WORK/client/private
	name resolve order = host
EOF
}

dc_env() {
    export KRB5_CONFIG=$DC_WORK/krb5.conf NSS_WRAPPER_HOSTS=$DC_WORK/hosts LD_PRELOAD=$DC_NSS_WRAPPER
}

dc_krb5_conf() { # dc_krb5_conf ENCTYPE FILE — Heimdal (Samba's client) reads default_etypes, MIT the other two
    sed "s/^\tallow_weak_crypto = true/\tallow_weak_crypto = true\n\tdefault_etypes = $1\n\tdefault_tgs_enctypes = $1\n\tdefault_tkt_enctypes = $1/" \
        "$DC_WORK/krb5.conf" > "$2"
}

dc_group_alive() {
    ps -e -o pgid=,stat= 2>/dev/null | awk -v g="$1" '$1 == g && $2 !~ /^Z/ {found = 1} END {exit !found}'
}

dc_start() { # dc_start [EXTRA [global] LINES]
    local d=$DC_WORK/dc
    { cat "$d/etc/smb.conf.base"; [ -n "${1:-}" ] && printf '\t%s\n' "$1"
      printf '\n[share]\n\tpath = %s\n\tread only = yes\n' "$d/share"; } > "$d/etc/smb.conf"
    # samba signals its whole process group on exit: setsid gives it its own, which dc_stop ends as a whole.
    # smbd's winbind client (libwbclient) ignores `winbindd socket directory` and connects to the compiled-in
    # /run/samba/winbindd, unless nss_wrapper is loaded (NSS_WRAPPER_PASSWD/GROUP set): then it honours
    # SELFTEST_WINBINDD_SOCKET_DIR (Samba's own test mode). Without this, two DCs on one machine share one socket
    # and the DC whose winbindd does not own it answers Kerberos logons with NT_STATUS_INTERNAL_ERROR. nss_wrapper
    # then reads copies of the system's passwd/group files (and our hosts file).
    cp /etc/passwd "$d/nss.passwd"; cp /etc/group "$d/nss.group"
    LD_PRELOAD=$DC_NSS_WRAPPER NSS_WRAPPER_PASSWD="$d/nss.passwd" NSS_WRAPPER_GROUP="$d/nss.group" \
        NSS_WRAPPER_HOSTS="$DC_WORK/hosts" SELFTEST_WINBINDD_SOCKET_DIR="$d/winbindd" \
        setsid samba -i -s "$d/etc/smb.conf" > "$d/log/samba.out" 2>&1 < /dev/null &
    DC_PGID=$!
    local _
    for _ in $(seq 300); do
        dc_group_alive "$DC_PGID" || { tail -n 20 "$d/log/samba.out" >&2; dc_note "samba exited"; return 1; }
        if ss -Hltn "( sport = :445 )" | grep -q "$DC_IP:445" && ss -Hltn "( sport = :88 )" | grep -q "$DC_IP:88"; then
            return 0
        fi
        sleep 0.1
    done
    dc_note "samba did not listen on $DC_IP:445 and :88 within 30 s"
    return 1
}

dc_stop() {
    [ -n "$DC_PGID" ] || return 0
    local _
    # Every step may fail harmlessly (already gone; samba's own exit status): safe under `set -e`.
    kill -TERM -- "-$DC_PGID" 2>/dev/null || true
    for _ in $(seq 100); do dc_group_alive "$DC_PGID" || break; sleep 0.1; done
    if dc_group_alive "$DC_PGID"; then kill -KILL -- "-$DC_PGID" 2>/dev/null || true; fi
    wait "$DC_PGID" 2>/dev/null || true
    DC_PGID=""
    return 0
}
