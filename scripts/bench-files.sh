#!/usr/bin/env bash
# File-operation benchmark, Signet against Samba's smbd on the same machine with the same client (smbj):
# listing a directory of LIST_COUNT files and creating + closing CREATE_COUNT empty files. See docs/PERFORMANCE.md.
#
#   scripts/bench-files.sh [ROUNDS] [LIST_COUNT] [CREATE_COUNT]      (defaults: 7 20000 5000)
#
# Needs root (smbd runs as root and maps the benchmark user to a Unix account it creates) and installs Debian's
# samba package when smbd is missing. Both servers listen on loopback ports picked at random and require signing;
# everything lives in a temporary directory that is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-7} list_count=${2:-20000} create_count=${3:-5000}
user=signetbench pass='Bench-pass-1'

command -v smbd >/dev/null || {
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq samba >/dev/null
}
mvn -q -B -ntp -Pbench -pl bench,server -am package -DskipTests

work=$(mktemp -d /tmp/signet-bench.XXXXXX)
chmod 755 "$work"  # smbd serves the share as the benchmark user, who must reach it
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [[ -f $work/samba/pid/smbd.pid ]] && kill "$(cat "$work/samba/pid/smbd.pid")" 2>/dev/null || true
  sleep 1
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
  for _ in $(seq 1 60); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.5; done
  echo "nothing listens on port $1" >&2; return 1
}
populate() { mkdir -p "$1/list"; (cd "$1/list" && seq -f 'file-%05g.dat' 1 "$list_count" | xargs touch); }

# smbd: a standalone server with the settings a Windows-like share needs (signing mandatory, DOS attributes,
# ACLs and streams in xattrs), the same features Signet provides.
s=$work/samba
mkdir -p "$s"/{data,private,lock,state,cache,pid,log}
smbd_port=$(free_port)
cat > "$s/smb.conf" <<EOF
[global]
  server role = standalone server
  smb ports = $smbd_port
  interfaces = lo
  bind interfaces only = yes
  private dir = $s/private
  lock directory = $s/lock
  state directory = $s/state
  cache directory = $s/cache
  pid directory = $s/pid
  log file = $s/log/log.%m
  server signing = mandatory
  server min protocol = SMB2_02
  disable netbios = yes
  load printers = no
  passdb backend = tdbsam
  kernel oplocks = no
  ea support = yes
  store dos attributes = yes
  vfs objects = acl_xattr streams_xattr
  acl_xattr:ignore system acls = yes
[data]
  path = $s/data
  read only = no
EOF
id "$user" >/dev/null 2>&1 || useradd -M "$user"
(echo "$pass"; echo "$pass") | smbpasswd -c "$s/smb.conf" -s -a "$user" >/dev/null
populate "$s/data"
chown -R "$user" "$s/data"
smbd -s "$s/smb.conf" -D
wait_port "$smbd_port"

g=$work/signet
mkdir -p "$g/data" "$g/state"
populate "$g/data"
signet_port=$(free_port)
java -jar server/target/signet.jar serve --port "$signet_port" --share "data=$g/data" --state-dir "$g/state" \
  --user "$user:$pass" >"$g/server.log" 2>&1 &
pids+=($!)
wait_port "$signet_port"

echo "java: $(java -version 2>&1 | head -1); smbd: $(smbd --version); $(nproc) cores"
java -cp bench/target/benchmarks.jar io.signet.bench.FileOpsBench "$user" "$pass" data "$rounds" list \
  "$list_count" "$create_count" "signet=127.0.0.1:$signet_port" "smbd=127.0.0.1:$smbd_port"
