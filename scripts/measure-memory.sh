#!/usr/bin/env bash
# Measures the memory of a Signet server started through bin/signet: idle after start, then with CLIENTS smbclient
# processes each holding a signed session in which it listed the share and read a small file. Prints the server
# process's VmRSS and VmHWM (from /proc/PID/status), the Java heap in use and committed (jstat -gc, S0U+S1U+EU+OU and
# S0C+S1C+EC+OC) and the thread count at each point; with MEASURE_NMT=1 (and -XX:NativeMemoryTracking=summary in
# SIGNET_JAVA_OPTS) also the JVM's native memory summary at the end.
#
#   scripts/measure-memory.sh                                      # the launcher's defaults
#   SIGNET_JAVA_OPTS='-XX:+UseG1GC' scripts/measure-memory.sh      # the defaults with one option changed
#   SIGNET_HEAP=128m scripts/measure-memory.sh
#   MEASURE_PLAIN=1 scripts/measure-memory.sh                      # plain `java -jar signet.jar`, no launcher options
#   READ_MIB=256 scripts/measure-memory.sh                         # then also read a 256 MiB file three times,
#                                                                  # signed and then encrypted, and print the speed
#
# Needs a built jar (mvn -DskipTests package), smbclient, and jstat (from a JDK). Listens on loopback only, on a port
# the kernel picks.
set -euo pipefail
cd "$(dirname "$0")/.."
clients=${CLIENTS:-10}
settle=${SETTLE_SECONDS:-5}
for tool in smbclient jstat; do
  command -v "$tool" >/dev/null || { echo "measure-memory: $tool is needed" >&2; exit 1; }
done

work=$(mktemp -d)
server=
cleanup() {
  [[ -n $server ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

mkdir "$work/data"
head -c 65536 /dev/urandom >"$work/data/small.bin"
: >"$work/client.conf"
cat >"$work/smb.conf" <<EOF
[global]
  port = 0
  bind address = 127.0.0.1
  users file = users
  state dir = state
[data]
  path = data
  read only = no
EOF
printf 'secret\n' | bin/signet user add alice --users-file "$work/users" --password-stdin >/dev/null

if [[ -n ${MEASURE_PLAIN:-} ]]; then
  # shellcheck disable=SC2086 # the options are split into words on purpose
  java ${SIGNET_JAVA_OPTS:-} -jar server/target/signet.jar serve --config "$work/smb.conf" 2>"$work/server.log" &
else
  bin/signet serve --config "$work/smb.conf" 2>"$work/server.log" &
fi
server=$!
port=
for _ in $(seq 1 300); do
  port=$(sed -n 's/.*Signet listening on .* port \([0-9]*\) .*/\1/p' "$work/server.log")
  [[ -n $port ]] && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done
[[ -n $port ]] || { echo "measure-memory: the server did not start" >&2; cat "$work/server.log" >&2; exit 1; }

report() {
  local rss hwm anon heap committed threads
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$server/status")
  hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$server/status")
  anon=$(awk '/^RssAnon:/ {print $2}' "/proc/$server/status")
  threads=$(awk '/^Threads:/ {print $2}' "/proc/$server/status")
  # jstat -gc prints a header and one line of values; add the used columns (KiB).
  heap=$(jstat -gc "$server" | awk 'NR == 1 {for (i = 1; i <= NF; i++) col[$i] = i}
      NR == 2 {printf "%.0f", $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]}')
  committed=$(jstat -gc "$server" | awk 'NR == 1 {for (i = 1; i <= NF; i++) col[$i] = i}
      NR == 2 {printf "%.0f", $col["S0C"] + $col["S1C"] + $col["EC"] + $col["OC"]}')
  printf '%-22s VmRSS %4d MiB  VmHWM %4d MiB  RssAnon %4d MiB  heap used %4d MiB of %4d MiB committed  threads %3d\n' \
    "$1" $((rss / 1024)) $((hwm / 1024)) $((anon / 1024)) $((heap / 1024)) $((committed / 1024)) "$threads"
}

echo "java options: $(tr '\0' ' ' <"/proc/$server/cmdline" | sed 's/ -jar .*//')"
sleep "$settle"
report "idle"

# Each client lists the share, then reads the file, and keeps its session open until its end of a FIFO is closed.
# One command at a time: smbclient reading a pipe handles only the first of several lines that arrive together.
# (stdbuf: smbclient buffers its output when it goes to a file, and await reads it.)
await() { # await LOG TEXT: wait up to 30 s for TEXT in LOG
  for _ in $(seq 1 300); do
    grep -q "$2" "$1" && return 0
    sleep 0.1
  done
  echo "measure-memory: no '$2' from smbclient:" >&2
  cat "$1" >&2
  exit 1
}
pids=()
fds=()
for i in $(seq 1 "$clients"); do
  mkfifo "$work/in$i"
  LC_ALL=C stdbuf -oL smbclient --configfile="$work/client.conf" //127.0.0.1/data -p "$port" -U alice%secret \
    <"$work/in$i" >"$work/client$i.log" 2>&1 &
  pids+=($!)
  exec {fd}>"$work/in$i"
  fds+=("$fd")
  printf 'ls\n' >&"$fd"
  await "$work/client$i.log" 'blocks available'
  printf 'get small.bin /dev/null\n' >&"$fd"
  await "$work/client$i.log" 'getting file'
done
connections=$(ss -Htn state established "( sport = :$port )" | wc -l)
sleep "$settle"
report "$clients clients ($connections conn)"
for fd in "${fds[@]}"; do
  exec {fd}>&-
done
wait "${pids[@]}"

# Large reads: what the JIT compiler choice costs in throughput, and the memory they leave behind.
read_mib=${READ_MIB:-0}
if ((read_mib > 0)); then
  head -c $((read_mib * 1048576)) /dev/urandom >"$work/data/large.bin"
  for mode in signed encrypted; do
    extra=()
    [[ $mode == encrypted ]] && extra=(--client-protection=encrypt)
    for round in 1 2 3; do
      speed=$(LC_ALL=C smbclient --configfile="$work/client.conf" //127.0.0.1/data -p "$port" -U alice%secret \
        "${extra[@]}" -c 'get large.bin /dev/null' 2>&1 | sed -n 's/.*(\([0-9.]*\) KiloBytes\/sec).*/\1/p')
      [[ -n $speed ]] || { echo "measure-memory: the read of large.bin failed" >&2; exit 1; }
      printf '%-22s %4d MiB/s\n' "read $mode #$round" "$(awk -v k="$speed" 'BEGIN {printf "%d", k / 1024}')"
    done
  done
  report "after the reads"
fi

if [[ -n ${MEASURE_NMT:-} ]]; then
  jcmd "$server" VM.native_memory summary | grep -E '^(Total|-)' | sed 's/^-  */  /'
fi
