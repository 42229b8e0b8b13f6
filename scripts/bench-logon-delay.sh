#!/usr/bin/env bash
# Failed-logon delay benchmark: FAILURES wrong passwords from 127.0.0.1 over CONNECTIONS parallel connections, while
# good logons from 127.0.0.2 are timed before and during the guessing. See docs/PERFORMANCE.md.
#
#   scripts/bench-logon-delay.sh [FAILURES] [CONNECTIONS] [DELAY_MS]      (defaults: 20 4 2000)
#
# Signet runs from its CLI jar on a random loopback port with `auth failure delay = DELAY_MS` (2000 is the default);
# everything lives in a temporary directory that is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
failures=${1:-20} connections=${2:-4} delay=${3:-2000}
user=signetbench pass='Bench-pass-1'

mvn -q -B -ntp -Pbench -pl bench,server -am package -DskipTests

work=$(mktemp -d /tmp/signet-logon-bench.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  sleep 1
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
  for _ in $(seq 1 60); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.5; done
  echo "nothing listens on port $1" >&2; return 1
}

mkdir -p "$work/data" "$work/state"
port=$(free_port)
cat > "$work/smb.conf" <<CONF
[global]
  port = $port
  bind address = 127.0.0.1
  state dir = $work/state
  auth failure delay = $delay
[data]
  path = $work/data
  read only = no
CONF
java -jar server/target/signet.jar serve --config "$work/smb.conf" --user "$user:$pass" >"$work/server.log" 2>&1 &
pids+=($!)
wait_port "$port"

echo "java: $(java -version 2>&1 | head -1); $(nproc) cores; auth failure delay ${delay} ms"
java -cp bench/target/benchmarks.jar io.signet.bench.LogonDelayBench "$port" "$user" "$pass" "$failures" \
  "$connections"
echo "server log: $(grep -c 'session setup failed' "$work/server.log") failed logons logged"
