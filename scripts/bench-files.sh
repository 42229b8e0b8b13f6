#!/usr/bin/env bash
# File-operation benchmark, Signet against Samba's smbd on the same machine with the same client (smbj):
# listing a directory of LIST_COUNT files and creating + closing CREATE_COUNT empty files; then, with smbclient,
# creating DELETE_COUNT empty files in a new directory (mput) and deleting them again (del *). See
# docs/PERFORMANCE.md.
#
#   scripts/bench-files.sh [ROUNDS] [LIST_COUNT] [CREATE_COUNT] [DELETE_COUNT]      (defaults: 7 20000 5000 2000)
#
# Needs root (smbd runs as root and maps the benchmark user to a Unix account it creates) and installs Debian's
# samba package when smbd is missing. Both servers listen on loopback ports picked at random and require signing;
# everything lives in a temporary directory that is removed at the end. NO_BUILD=1 uses the jars already built.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-7} list_count=${2:-20000} create_count=${3:-5000} delete_count=${4:-2000}
user=signetbench pass='Bench-pass-1'

. scripts/lib/servers.sh
ensure_smbd
[[ -n ${NO_BUILD:-} ]] || mvn -q -B -ntp -Pbench -pl bench,server -am package -DskipTests

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

# smbclient: mput of DELETE_COUNT empty files into a new directory, then `del *` of them, each one smbclient process
# timed by wall clock (so its connection and logon, timed alone as `connect`, are included). Round 0 warms up and
# is not counted; the servers alternate which goes first.
mkdir -p "$work/local"
(cd "$work/local" && seq -f 'del-%05g.dat' 1 "$delete_count" | xargs touch)
: >"$work/client.conf"
declare -A port=([signet]=$signet_port [smbd]=$smbd_port) share=([signet]=$g/data [smbd]=$s/data)
timed() { # timed SERVER COMMAND: seconds one smbclient (signing required, SMB 3.1.1) takes to run COMMAND
  local start out
  start=$(date +%s.%N)
  out=$(LC_ALL=C smbclient --configfile="$work/client.conf" --option='client signing=required' \
    "//127.0.0.1/data" -p "${port[$1]}" -U "$user%$pass" -c "$2" 2>&1) || { echo "$out" >&2; exit 1; }
  if grep -q NT_STATUS <<<"$out"; then echo "$out" >&2; exit 1; fi
  awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.3f", b - a}'
}
echo
echo "smbclient: create and delete $delete_count files (s, wall clock per smbclient process)"
times=$work/delete-times.tsv
for round in $(seq 0 "$rounds"); do
  order=(signet smbd)
  if ((round % 2)); then order=(smbd signet); fi
  for server in "${order[@]}"; do
    connect=$(timed "$server" "ls")
    create=$(timed "$server" "mkdir del-$round; cd del-$round; lcd $work/local; prompt off; mput *")
    [[ $(find "${share[$server]}/del-$round" -type f | wc -l) == "$delete_count" ]] ||
      { echo "bench-files: mput did not create $delete_count files on $server" >&2; exit 1; }
    delete=$(timed "$server" "cd del-$round; del *")
    [[ -z $(ls -A "${share[$server]}/del-$round") ]] ||
      { echo "bench-files: del * left files on $server" >&2; exit 1; }
    printf 'round %d %-8s connect %6.3f   create %7.3f   delete %7.3f\n' "$round" "$server" "$connect" "$create" \
      "$delete"
    if ((round > 0)); then printf '%s\t%s\t%s\t%s\n' "$server" "$connect" "$create" "$delete" >>"$times"; fi
  done
done
awk -F'\t' '
  { n = ++cnt[$1]; v["connect", $1, n] = $2; v["create", $1, n] = $3; v["delete", $1, n] = $4 }
  function median(what, s,   i, j, a, t, n) {
    n = cnt[s]
    for (i = 1; i <= n; i++) a[i] = v[what, s, i]
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  END {
    printf "\nmedians of %d rounds (s)    signet     smbd   signet/smbd\n", cnt["signet"]
    split("connect create delete", whats, " ")
    for (w = 1; w <= 3; w++) {
      g = median(whats[w], "signet"); m = median(whats[w], "smbd")
      printf "  %-24s %8.3f %8.3f   %.2f\n", whats[w], g, m, g / m
    }
  }' "$times"
