#!/usr/bin/env bash
# probe-samba.sh — a throw-away Samba smbd on loopback for the probe's tests (and for trying the probe by
# hand). Everything lives in DIR: smb.conf, tdbsam passdb, lock/state/cache dirs, logs, pid file. Nothing
# outside DIR is touched: Debian's libnss-wrapper supplies the Unix account, so /etc stays as it is.
#
#   probe-samba.sh start DIR PORT PASSWORD_FILE [USER]   # USER defaults to nsuser; prints "ready" when listening
#   probe-samba.sh stop DIR                               # stops the smbd started in DIR (by its pid file)
#
# PROBE_SAMBA_EXTRA (optional): more [global] lines separated by ';', e.g. "server signing = mandatory".
#
# The server: workgroup NEGSCOPE, standalone, SMB2_02..SMB3_11, signing "default" (enabled, not required;
# IPC$ tree connects are signed anyway), "map to guest = bad user" so an unknown user gets a guest session,
# a read-only share [probe] that allows guests. smbd runs with --foreground --no-process-group under setsid:
# on exit smbd signals its whole process group, which must not be the caller's (docs/architecture.md).
set -euo pipefail

usage() { echo "usage: $0 start DIR PORT PASSWORD_FILE [USER] | stop DIR" >&2; exit 2; }

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || usage

nsswrap=""
for f in /usr/lib/x86_64-linux-gnu/libnss_wrapper.so /usr/lib/aarch64-linux-gnu/libnss_wrapper.so /usr/lib/libnss_wrapper.so /usr/lib64/libnss_wrapper.so; do
  [ -e "$f" ] && { nsswrap=$f; break; }
done

case "$cmd" in
start)
  port=${3:-}
  pwfile=${4:-}
  user=${5:-nsuser}
  [ -n "$port" ] && [ -n "$pwfile" ] || usage
  command -v smbd >/dev/null || { echo "smbd not found (Debian package samba)" >&2; exit 3; }
  command -v pdbedit >/dev/null || { echo "pdbedit not found (Debian package samba)" >&2; exit 3; }
  [ -n "$nsswrap" ] || { echo "libnss_wrapper.so not found (Debian package libnss-wrapper)" >&2; exit 3; }
  [ -r "$pwfile" ] || { echo "cannot read password file $pwfile" >&2; exit 2; }
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  mkdir -p "$dir"/{lock,state,cache,private,pid,ncalrpc,log,share}
  chmod 755 "$dir" "$dir/share"
  uid=$(id -u)
  gid=$(id -g)
  # The account smbd maps the SMB user to; as root smbd switches to it, otherwise it stays the caller.
  if [ "$uid" = 0 ]; then uuid=20001; ugid=20001; else uuid=$uid; ugid=$gid; fi
  cat >"$dir/passwd" <<EOF
root:x:0:0:root:/root:/bin/false
$user:x:$uuid:$ugid:NegScope probe test:$dir:/bin/false
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOF
  cat >"$dir/group" <<EOF
root:x:0:
$user:x:$ugid:
nogroup:x:65534:
EOF
  cat >"$dir/smb.conf" <<EOF
[global]
  workgroup = NEGSCOPE
  netbios name = PROBESRV
  server role = standalone server
  security = user
  passdb backend = tdbsam:$dir/private/passdb.tdb
  lock directory = $dir/lock
  state directory = $dir/state
  cache directory = $dir/cache
  private dir = $dir/private
  pid directory = $dir/pid
  ncalrpc dir = $dir/ncalrpc
  log file = $dir/log/log.%m
  max log size = 0
  log level = 1
  interfaces = lo
  bind interfaces only = yes
  smb ports = $port
  disable netbios = yes
  server min protocol = SMB2_02
  server max protocol = SMB3_11
  server signing = default
  map to guest = bad user
  guest account = nobody
  load printers = no
  printing = bsd
  printcap name = /dev/null
  disable spoolss = yes
  server services = -nbt
$(printf '%s' "${PROBE_SAMBA_EXTRA:-}" | tr ';' '\n' | sed 's/^ */  /')
[probe]
  path = $dir/share
  read only = yes
  guest ok = yes
EOF
  export LD_PRELOAD=$nsswrap NSS_WRAPPER_PASSWD=$dir/passwd NSS_WRAPPER_GROUP=$dir/group
  # Password twice on stdin (smbpasswd -s); it never appears on a command line.
  pw=$(head -n1 "$pwfile")
  printf '%s\n%s\n' "$pw" "$pw" | pdbedit -s "$dir/smb.conf" -a -u "$user" -t >"$dir/log/pdbedit.log" 2>&1 \
    || { echo "pdbedit failed, see $dir/log/pdbedit.log" >&2; exit 4; }
  unset pw
  setsid smbd -s "$dir/smb.conf" --foreground --no-process-group --debug-stdout -d 1 \
    >"$dir/log/smbd.out" 2>&1 </dev/null &
  echo $! >"$dir/smbd.pid"
  # Wait until it listens (up to 15 s).
  for _ in $(seq 1 150); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo ready
      exit 0
    fi
    if ! kill -0 "$(cat "$dir/smbd.pid")" 2>/dev/null; then
      echo "smbd exited early; last lines of $dir/log/smbd.out:" >&2
      tail -n 20 "$dir/log/smbd.out" >&2
      exit 5
    fi
    sleep 0.1
  done
  echo "smbd did not listen on port $port within 15 s" >&2
  exit 6
  ;;
stop)
  [ -f "$dir/smbd.pid" ] || exit 0
  pid=$(cat "$dir/smbd.pid")
  # setsid made smbd the leader of its own process group: end the group (smbd and its per-connection
  # children), never anything else.
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$dir/smbd.pid"
  ;;
*) usage ;;
esac
