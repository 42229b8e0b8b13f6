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

. scripts/lib/servers.sh
ensure_smbd
mvn -q -B -ntp -Pbench -pl bench,server -am package -DskipTests

work=$(mktemp -d /tmp/signet-bench.XXXXXX)
chmod 755 "$work"  # smbd serves the share as the benchmark user, who must reach it
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  stop_smbd "$work/samba"
  sleep 1
  rm -rf "$work"
}
trap cleanup EXIT

populate() { mkdir -p "$1/list"; (cd "$1/list" && seq -f 'file-%05g.dat' 1 "$list_count" | xargs touch); }

s=$work/samba
mkdir -p "$s/data"
populate "$s/data"
smbd_port=$(free_port)
start_smbd "$s" "$smbd_port" "$user" "$pass"

g=$work/signet
mkdir -p "$g/data"
populate "$g/data"
signet_port=$(free_port)
start_signet "$g" "$signet_port" "$user" "$pass"

echo "java: $(java -version 2>&1 | head -1); smbd: $(smbd --version); $(nproc) cores"
java -cp bench/target/benchmarks.jar io.signet.bench.FileOpsBench "$user" "$pass" data "$rounds" list \
  "$list_count" "$create_count" "signet=127.0.0.1:$signet_port" "smbd=127.0.0.1:$smbd_port"
