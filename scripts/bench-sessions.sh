#!/usr/bin/env bash
# Memory footprint of many idle sessions, Signet against Samba's smbd: SESSIONS smbj connections (one JVM,
# io.signet.bench.SessionsHold), each with a signed SMB 3.1.1 session and a tree connect in which it listed the share,
# held open while the servers' memory is read. See docs/PERFORMANCE.md, "Memory per session".
#
#   scripts/bench-sessions.sh [SESSIONS] [SETTLE_SECONDS]      (defaults: 1000 10)
#
# Signet runs through bin/signet with its defaults. For each server it prints, before the clients connect and
# SETTLE_SECONDS after all SESSIONS are up:
#   - Signet: VmRSS and Pss of its one process (/proc/PID/status, /proc/PID/smaps_rollup);
#   - smbd: the number of smbd processes (the parent, its helpers and one child per connection), the sum of their
#     VmRSS (which counts the pages they share once per process, so it overstates) and the sum of their Pss (each
#     shared page divided among the processes sharing it: the memory smbd really takes).
# Needs root (smbd, and reading other processes' smaps), java; opens SESSIONS + a few file descriptors in the client
# JVM and in Signet (the script raises its soft limit).
set -euo pipefail
cd "$(dirname "$0")/.."
sessions=${1:-1000} settle=${2:-10}
user=signetbench pass='Bench-pass-1'

. scripts/lib/servers.sh
. scripts/lib/proc.sh
ensure_smbd
[[ -n ${NO_BUILD:-} ]] || mvn -q -B -ntp -Pbench -pl bench,server -am package -DskipTests
ulimit -n "$(ulimit -Hn)"

work=$(mktemp -d /tmp/signet-bench-sessions.XXXXXX)
chmod 755 "$work"
signet_pid='' hold=''
cleanup() {
  [[ -n $hold ]] && kill "$hold" 2>/dev/null
  [[ -n $signet_pid ]] && kill "$signet_pid" 2>/dev/null
  stop_smbd "$work/smbd"
  sleep 1
  rm -rf "$work"
}
trap cleanup EXIT

pss_kib() { awk '$1 == "Pss:" {print $2}' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0; }

footprint() { # footprint NAME PID: one line of the server's memory
  local name=$1 p=$2 procs=0 rss=0 pss=0 q
  for q in "$p" $(descendants "$p"); do
    [[ -r /proc/$q/status ]] || continue
    procs=$((procs + 1))
    rss=$((rss + $(status_kib "$q" VmRSS))) pss=$((pss + $(pss_kib "$q")))
  done
  printf '  %-28s processes %5d   RSS (sum) %6d MiB   Pss (sum) %6d MiB\n' "$name" "$procs" $((rss / 1024)) \
    $((pss / 1024))
}

measure() { # measure NAME PORT PID
  local name=$1 port=$2 p=$3 fifo=$work/hold-$1
  footprint "$name, idle" "$p"
  mkfifo "$fifo"
  java -Xss256k -cp bench/target/benchmarks.jar io.signet.bench.SessionsHold 127.0.0.1 "$port" "$user" "$pass" \
    data "$sessions" <"$fifo" >"$work/hold-$name.out" 2>"$work/hold-$name.err" &
  hold=$!
  exec {keep}>"$fifo"
  local start=$SECONDS
  until grep -q '^ready' "$work/hold-$name.out"; do
    kill -0 "$hold" 2>/dev/null || { cat "$work/hold-$name.err" >&2; echo "bench-sessions: client failed" >&2; exit 1; }
    sleep 1
  done
  echo "  $sessions sessions up in $((SECONDS - start)) s"
  sleep "$settle"
  footprint "$name, $sessions sessions" "$p"
  exec {keep}>&-
  wait "$hold" || true
  hold=
}

echo "java: $(java -version 2>&1 | head -1); $(nproc) cores; $sessions sessions"
g=$work/signet
mkdir -p "$g/data" "$g/state"
port=$(free_port)
bin/signet serve --port "$port" --bind 127.0.0.1 --share "data=$g/data" --state-dir "$g/state" \
  --user "$user:$pass" >"$g/server.log" 2>&1 &
signet_pid=$!
wait_port "$port"
sleep "$settle"
echo "signet ($(tr '\0' ' ' <"/proc/$signet_pid/cmdline" | sed 's/ -jar .*//'))"
measure signet "$port" "$signet_pid"
kill "$signet_pid"
signet_pid=

port=$(free_port)
if [[ -n ${SAMBA_REFERENCE:-} ]]; then
  "$SAMBA_REFERENCE" "$port" "$work/smbd" "$user" "$pass" >/dev/null
else
  start_smbd "$work/smbd" "$port" "$user" "$pass"
fi
sleep "$settle"
echo "smbd ($(smbd --version))"
measure smbd "$port" "$(cat "$work/smbd/pid/smbd.pid")"
