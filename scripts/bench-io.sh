#!/usr/bin/env bash
# Bulk I/O, Signet against Samba's smbd on the same machine with the same clients: throughput (MB/s) and the
# server's CPU time per GiB moved, for four signing/encryption cases. See docs/PERFORMANCE.md, "Bulk I/O".
#
#   scripts/bench-io.sh [OPTIONS]                      one smbclient at a time, put then get, servers alternating
#   scripts/bench-io.sh --clients 1,4,16 [OPTIONS]     that many clients at once (smbj in one JVM; see below)
#   scripts/bench-io.sh --rss [OPTIONS]                Signet alone: RSS after --total GiB moved and --idle seconds
#
# Options:
#   --size MIB        file size per transfer and client (default 512)
#   --rounds N        measured rounds (default 5); the servers alternate which goes first
#   --warmup N        rounds before those, not counted (default 2): Signet's JIT compiles the data path during
#                     the first GiB or two of each case (perf showed the C2 compiler threads at 0.1-0.6 CPU-seconds
#                     per GiB in the rounds right after a single warm-up round); the figures are a running server's.
#                     Before the first case, one put and get of every case on each server warms up what they share.
#   --cases LIST      comma-separated, of: hmac (SMB 2.1, HMAC-SHA256 signing), cmac (3.1.1, AES-CMAC signing),
#                     gmac (3.1.1, AES-GMAC signing), gcm (3.1.1, encrypted with AES-128-GCM); default all four
#   --servers LIST    signet,smbd (default both)
#   --jfr             record Signet with JFR (profile settings) during each of its counted transfers (not the
#                     warm-up) and print, per case and direction, the bytes allocated per GiB moved and the hottest
#                     methods (CPU samples and allocation). The recording costs CPU itself: read the CPU figures of a
#                     --jfr run as such. A profile of a 4 GiB upload: --jfr --size 4096 --rounds 1 --servers signet
#   --perf            record Signet with perf (kernel and JIT-compiled Java frames; Signet then runs with
#                     -XX:+PreserveFramePointer) during each of its counted transfers and print, per case and direction,
#                     the share of the samples per thread group and the hottest symbols (thread, library, symbol).
#                     Where JFR sees only Java code, this shows the kernel, the JVM's own code and the crypto
#                     intrinsics too. A profile of a 2 GiB upload: --perf --size 2048 --rounds 1 --servers signet
#   --clients LIST    multi-client mode, e.g. 1,4,16
#   --rss             memory mode (Signet only): moves --total GiB (put and get, the cases in turn), waits --idle
#                     seconds, prints VmRSS/VmHWM and compares VmRSS with --rss-limit; with --clients N (one
#                     number), N clients at once as in the multi-client mode
#   --total GIB       for --rss (default 4)
#   --idle SECONDS    for --rss (default 60)
#   --rss-limit MB    for --rss (default 256, in 10^6 bytes); the script exits with status 1 above it
#   --no-build        use the jars already built
#   --keep            keep the work directory (logs, JFR recordings, packet captures)
#
# Signet runs through bin/signet, the launcher users run, with its defaults (SIGNET_HEAP, SIGNET_JAVA_OPTS, ... of
# the environment apply). smbd is started by scripts/lib/servers.sh (start_smbd) or, when SAMBA_REFERENCE names a
# script taking PORT DIR USER PASSWORD, by that script. Needs root (smbd maps the benchmark user to a Unix account),
# smbclient, tcpdump and tshark (each case's negotiation is checked on the wire first), java and jcmd.
#
# Server CPU is utime + stime + cutime + cstime of the server process and all its living descendants, read from
# /proc/PID/stat before and after each transfer (scripts/lib/proc.sh, cpu_ticks). For smbd, which forks a child
# per connection, the script waits after each transfer until that child has exited and the parent has reaped it: its
# CPU time is then in the parent's cutime/cstime. smbd's long-lived helpers (smbd-notifyd, cleanupd) count too.
# MB/s is bytes / time of the transfer (10^6 bytes per MB): for one smbclient its own figure, from opening the remote
# file to closing it; for --clients with smbj, from the moment all clients are connected to the end of the last
# transfer; for --clients with smbclient processes (gmac), the wall time from starting the first to the end of the last.
#
# Multi-client mode runs the clients as smbj 0.14 connections in one JVM (io.signet.bench.IoClientsBench, 1 MiB
# per READ/WRITE, one request at a time per client); smbj cannot sign with AES-GMAC, so the gmac case runs N
# smbclient processes instead.
set -euo pipefail
cd "$(dirname "$0")/.."

size_mib=512 rounds=5 warmup=2 cases=hmac,cmac,gmac,gcm servers=signet,smbd jfr='' perf='' clients='' mode=single
total_gib=4 idle=60 rss_limit=256 build=1 keep=''
while (($#)); do
  case $1 in
    --size) size_mib=$2; shift ;;
    --rounds) rounds=$2; shift ;;
    --warmup) warmup=$2; shift ;;
    --cases) cases=$2; shift ;;
    --servers) servers=$2; shift ;;
    --jfr) jfr=1 ;;
    --perf) perf=1 ;;
    --clients) clients=$2; shift ;;
    --rss) mode=rss ;;
    --total) total_gib=$2; shift ;;
    --idle) idle=$2; shift ;;
    --rss-limit) rss_limit=$2; shift ;;
    --no-build) build= ;;
    --keep) keep=1 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-io: unknown option $1 (--help lists them)" >&2; exit 2 ;;
  esac
  shift
done
if [[ $mode == rss ]]; then
  servers=signet
  [[ -z $clients || $clients =~ ^[0-9]+$ ]] || { echo "bench-io: --rss takes one number of clients" >&2; exit 2; }
elif [[ -n $clients ]]; then
  mode=multi
fi
user=signetbench pass='Bench-pass-1'
bytes=$((size_mib * 1048576))

. scripts/lib/servers.sh
. scripts/lib/proc.sh
for tool in smbclient tcpdump tshark java jcmd ${perf:+perf}; do
  command -v "$tool" >/dev/null || { echo "bench-io: $tool is needed" >&2; exit 1; }
done
[[ $servers == *smbd* ]] && ensure_smbd
if [[ -n $build ]]; then
  mvn -q -B -ntp -Pbench -pl bench,server -am package -DskipTests
fi

work=$(mktemp -d /tmp/signet-bench-io.XXXXXX)
chmod 755 "$work" # smbd serves its share as the benchmark user, who must reach it
signet_pid=
cleanup() {
  if [[ -n $signet_pid ]] && ! kill -0 "$signet_pid" 2>/dev/null; then
    echo "bench-io: signet (pid $signet_pid) is no longer running; the end of its log:" >&2
    tail -n 30 "$work/signet/server.log" >&2
  fi
  [[ -n $signet_pid ]] && kill "$signet_pid" 2>/dev/null
  [[ -d $work/smbd ]] && stop_smbd "$work/smbd"
  sleep 1
  if [[ -n $keep ]]; then echo "work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
: >"$work/client.conf" # smbclient reads no system smb.conf: only the options each case gives
results=$work/results.tsv

# --- servers -----------------------------------------------------------------------------------------------------
declare -A port pid share
start_servers() {
  if [[ $servers == *signet* ]]; then
    local g=$work/signet
    mkdir -p "$g/data" "$g/state"
    port[signet]=$(free_port)
    SIGNET_JAVA_OPTS="${SIGNET_JAVA_OPTS:-}${perf:+ -XX:+PreserveFramePointer}" \
      bin/signet serve --port "${port[signet]}" --bind 127.0.0.1 --share "data=$g/data" --state-dir "$g/state" \
      --user "$user:$pass" >"$g/server.log" 2>&1 &
    signet_pid=$!
    pid[signet]=$signet_pid share[signet]=$g/data
    wait_port "${port[signet]}"
    echo "signet: pid ${pid[signet]}, port ${port[signet]}, $(tr '\0' ' ' <"/proc/$signet_pid/cmdline" | sed 's/ -jar .*//')"
  fi
  if [[ $servers == *smbd* ]]; then
    local s=$work/smbd
    port[smbd]=$(free_port)
    if [[ -n ${SAMBA_REFERENCE:-} ]]; then
      "$SAMBA_REFERENCE" "${port[smbd]}" "$s" "$user" "$pass" >/dev/null
    else
      start_smbd "$s" "${port[smbd]}" "$user" "$pass"
    fi
    pid[smbd]=$(cat "$s/pid/smbd.pid") share[smbd]=$s/data
    echo "smbd: pid ${pid[smbd]}, port ${port[smbd]}, $(smbd --version)"
  fi
}

# --- cases ---------------------------------------------------------------------------------------------------------
# case_options CASE: smbclient options for the case. Every case requires signing; the encrypted one encryption.
case_options() {
  local common=(--configfile="$work/client.conf" --option='client signing=required')
  case $1 in
    hmac) opts=("${common[@]}" --option='client min protocol=SMB2_10' --option='client max protocol=SMB2_10') ;;
    cmac) opts=("${common[@]}" --option='client min protocol=SMB3_11' --option='client max protocol=SMB3_11'
      --option='client smb3 signing algorithms=AES-128-CMAC') ;;
    gmac) opts=("${common[@]}" --option='client min protocol=SMB3_11' --option='client max protocol=SMB3_11'
      --option='client smb3 signing algorithms=AES-128-GMAC') ;;
    gcm) opts=("${common[@]}" --option='client min protocol=SMB3_11' --option='client max protocol=SMB3_11'
      --option='client smb encrypt=required' --option='client smb3 encryption algorithms=AES-128-GCM') ;;
    *) echo "bench-io: unknown case $1" >&2; exit 2 ;;
  esac
}
case_title() {
  case $1 in
    hmac) echo "SMB 2.1, HMAC-SHA256 signing" ;;
    cmac) echo "SMB 3.1.1, AES-CMAC signing" ;;
    gmac) echo "SMB 3.1.1, AES-GMAC signing" ;;
    gcm) echo "SMB 3.1.1, encrypted AES-128-GCM" ;;
  esac
}
# smbj_args CASE: dialect and encryption for IoClientsBench, or nothing when smbj cannot do the case.
smbj_args() {
  case $1 in
    hmac) echo "2.1 no" ;;
    cmac) echo "3.1.1 no" ;;
    gcm) echo "3.1.1 yes" ;;
  esac
}

smbclient_run() { # smbclient_run SERVER CASE COMMAND: one smbclient with the case's options; fails on any error
  local opts
  case_options "$2"
  LC_ALL=C smbclient "${opts[@]}" "//127.0.0.1/data" -p "${port[$1]}" -U "$user%$pass" -c "$3"
}

# verify_case SERVER CASE: capture one small transfer of the case on loopback and check on the wire that the server
# negotiated what the case is meant to measure: the dialect, the signing algorithm (SIGNING_CAPABILITIES of the
# NEGOTIATE response: absent or AES-CMAC for cmac, AES-GMAC for gmac), signed WRITE responses and no encryption for
# the signing cases; the AES-128-GCM cipher and only encrypted traffic after the logon for gcm. With smbj=1 the client
# is the smbj of the multi-client mode.
verify_case() {
  local server=$1 case=$2 smbj=${3:-} cap=$work/verify-$1-$2${3:+-smbj}.pcap p=${port[$1]}
  head -c 1048576 /dev/urandom >"$work/verify.bin"
  tcpdump -i lo -U -s 512 -w "$cap" "tcp port $p" 2>/dev/null &
  local dump=$!
  sleep 1
  if [[ -n $smbj ]]; then
    # shellcheck disable=SC2046 # smbj_args is two words
    java -cp bench/target/benchmarks.jar io.signet.bench.IoClientsBench 127.0.0.1 "$p" "$user" "$pass" data 1 1 \
      put $(smbj_args "$case") >/dev/null
  else
    smbclient_run "$server" "$case" "put $work/verify.bin verify.bin; get verify.bin /dev/null" >/dev/null 2>&1
  fi
  sleep 1
  kill "$dump"
  wait "$dump" 2>/dev/null || true
  local t=(tshark -r "$cap" -d "tcp.port==$p,nbss")
  local neg dialect signing cipher signed_writes transforms
  # '|' between the fields: with a tab, read would merge the two tabs around an empty field.
  neg=$("${t[@]}" -Y 'smb2.cmd == 0 && smb2.flags.response == 1' -T fields -E 'separator=|' -e smb2.dialect \
    -e smb2.negotiate_context.signing_id -e smb2.negotiate_context.cipher_id 2>/dev/null | tail -1)
  IFS='|' read -r dialect signing cipher <<<"$neg"
  signed_writes=$("${t[@]}" -Y 'smb2.cmd == 9 && smb2.flags.response == 1 && smb2.flags.signature == 1' 2>/dev/null |
    wc -l)
  transforms=$("${t[@]}" -Y 'smb2.header.transform.msg_size' 2>/dev/null | wc -l)
  local want_dialect=0x0311 ok=1
  [[ $case == hmac ]] && want_dialect=0x0210
  [[ $dialect == "$want_dialect" ]] || ok=
  case $case in
    hmac) [[ $signed_writes -gt 0 && $transforms -eq 0 ]] || ok= ;;
    cmac) [[ ($signing == "" || $signing == 0x0001) && $signed_writes -gt 0 && $transforms -eq 0 ]] || ok= ;;
    gmac) [[ $signing == 0x0002 && $signed_writes -gt 0 && $transforms -eq 0 ]] || ok= ;;
    gcm) [[ $cipher == 0x0002 && $transforms -gt 0 && $signed_writes -eq 0 ]] || ok= ;;
  esac
  printf 'verified %-6s %-5s%s: dialect %s, signing algorithm %s, cipher %s, signed WRITE responses %d, transform headers %d: %s\n' \
    "$server" "$case" "${smbj:+ (smbj)}" "$dialect" "${signing:-none}" "${cipher:-none}" "$signed_writes" \
    "$transforms" "${ok:+as intended}"
  [[ -n $ok ]] || { echo "bench-io: $server did not negotiate case $case as intended; capture: $cap" >&2; keep=1; exit 1; }
  rm -f "${share[$server]}/verify.bin"
}

# --- measuring ---------------------------------------------------------------------------------------------------
# measure SERVER CASE OP ROUND CLIENTS COMMAND...: run COMMAND, which moves CLIENTS x bytes through SERVER, and append
# a line to results.tsv with MB/s and the server's CPU seconds per GiB. COMMAND prints "seconds S" if it times
# itself (IoClientsBench); otherwise its wall time counts.
measure() {
  local server=$1 case=$2 op=$3 round=$4 n=$5
  shift 5
  local p=${pid[$server]} kids before after start end out seconds moved rec= perf_pid=
  kids=$(children_of "$p")
  if [[ -n $perf && $server == signet ]] && ((round > warmup)); then
    perf record -q -F 999 -g -p "$p" -o "$work/perf-$case-$op-$n-$round.data" >/dev/null 2>&1 &
    perf_pid=$!
    sleep 0.5 # perf attaches to the JVM's threads
  fi
  if [[ -n $jfr && $server == signet ]] && ((round > warmup)); then
    rec=$work/jfr-$case-$op-$n-$round.jfr
    jcmd "$p" JFR.start name=bench settings=profile filename="$rec" >/dev/null
  fi
  before=$(cpu_ticks "$p")
  start=$(date +%s.%N)
  out=$("$@" 2>&1) || { echo "$out" >&2; echo "bench-io: $op on $server failed" >&2; exit 1; }
  end=$(date +%s.%N)
  wait_children_back "$p" "$kids"
  after=$(cpu_ticks "$p")
  [[ -n $rec ]] && jcmd "$p" JFR.stop name=bench >/dev/null
  if [[ -n $perf_pid ]]; then kill -INT "$perf_pid"; wait "$perf_pid" || true; fi
  moved=$((n * bytes))
  # The time of the transfer itself: IoClientsBench prints it; smbclient prints its rate in KiB/s ("kb/s" for put,
  # "KiloBytes/sec" for get), timed from opening the remote file to closing it; otherwise the wall time.
  seconds=$(sed -n 's/.* seconds \([0-9.]*\) .*/\1/p' <<<"$out")
  if [[ -z $seconds && $n == 1 ]]; then
    seconds=$(sed -n 's/.*(\([0-9.]*\) \(kb\/s\|KiloBytes\/sec\)).*/\1/p' <<<"$out" | head -n 1 |
      awk -v b="$moved" '$1 > 0 {printf "%.3f", b / 1024 / $1}')
  fi
  [[ -n $seconds ]] || seconds=$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f", b - a}')
  awk -v c="$case" -v s="$server" -v o="$op" -v r="$round" -v n="$n" -v b="$moved" -v t="$seconds" \
    -v cpu=$((after - before)) -v hz="$CLK_TCK" 'BEGIN {
      printf "%s\t%s\t%s\t%s\t%d\t%.1f\t%.3f\t%.2f\n", c, s, o, r, n, b / t / 1e6, b / 1073741824,
        cpu / hz / (b / 1073741824)
    }' | tee -a "$results" | awk -F'\t' -v w="$warmup" '{
      printf "  %-5s %-6s %-3s round %-2s clients %-3s %8.1f MB/s  %6.2f CPU-s/GiB%s\n", $1, $2, $3, $4, $5, $6,
        $8, ($4 <= w ? "  (warm-up)" : "")
    }'
}

op_single() { # op_single SERVER CASE OP: one smbclient moves the file
  local server=$1 case=$2 op=$3
  if [[ $op == put ]]; then
    smbclient_run "$server" "$case" "put $work/source.bin io.bin"
  else
    smbclient_run "$server" "$case" "get io.bin /dev/null"
  fi
}

op_multi() { # op_multi SERVER CASE OP N: N clients at once, smbj where it can do the case, else smbclient processes
  local server=$1 case=$2 op=$3 n=$4 i args
  args=$(smbj_args "$case")
  if [[ -n $args ]]; then
    # shellcheck disable=SC2086 # args is two words
    java -cp bench/target/benchmarks.jar io.signet.bench.IoClientsBench 127.0.0.1 "${port[$server]}" "$user" \
      "$pass" data "$n" "$size_mib" "$op" $args
  else
    local spids=()
    for i in $(seq 0 $((n - 1))); do
      if [[ $op == put ]]; then
        smbclient_run "$server" "$case" "put $work/source.bin io-$i.bin" >/dev/null &
      else
        smbclient_run "$server" "$case" "get io-$i.bin /dev/null" >/dev/null &
      fi
      spids+=($!)
    done
    for i in "${spids[@]}"; do wait "$i"; done
  fi
}

perf_report() { # perf_report: per recorded transfer, samples per thread group and the hottest symbols
  jcmd "${pid[signet]}" Compiler.perfmap >/dev/null # /tmp/perf-PID.map names the JIT-compiled frames
  local f
  for f in "$work"/perf-*.data; do
    [[ -e $f ]] || continue
    echo
    echo "== perf: $(basename "$f" .data | sed 's/^perf-//')"
    perf report -i "$f" --no-children --sort comm -g none --stdio 2>/dev/null | awk '/^ *[0-9.]+%/ {
        c = $2; for (i = 3; i <= NF; i++) c = c " " $i; sub(/[-0-9]+$/, "", c); share[c] += $1
      } END { for (c in share) printf "   %6.2f%%  %s\n", share[c], c }' | sort -rn | head -n 8
    perf report -i "$f" --no-children --sort comm,dso,sym -g none --percent-limit 1 --stdio 2>/dev/null |
      grep -E '^ *[0-9.]+%' | head -n 20
  done
}

summary() { # summary: medians of the counted rounds per case, direction, clients and server, and Signet / smbd
  echo
  echo "median of $rounds rounds ($size_mib MiB per transfer and client); ratios are Signet / smbd"
  awk -F'\t' -v w="$warmup" '$4 > w {
      k = $1 SUBSEP $3 SUBSEP $5; keys[k]; srv[$2]
      n = ++cnt[k, $2]; mb[k, $2, n] = $6; cpu[k, $2, n] = $8
    }
    function median(a, k, s, n,   i, j, v, t) {
      for (i = 1; i <= n; i++) v[i] = a[k, s, i]
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
      return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    }
    END {
      printf "%-5s %-3s %-7s %12s %12s %8s %14s %14s %8s\n", "case", "op", "clients", "Signet MB/s", "smbd MB/s",
        "ratio", "Signet CPU/GiB", "smbd CPU/GiB", "ratio"
      for (k in keys) {
        split(k, p, SUBSEP)
        gm = ("signet" in srv) ? median(mb, k, "signet", cnt[k, "signet"]) : 0
        sm = ("smbd" in srv) ? median(mb, k, "smbd", cnt[k, "smbd"]) : 0
        gc = ("signet" in srv) ? median(cpu, k, "signet", cnt[k, "signet"]) : 0
        sc = ("smbd" in srv) ? median(cpu, k, "smbd", cnt[k, "smbd"]) : 0
        printf "%-5s %-3s %-7s %12.1f %12.1f %8s %14.2f %14.2f %8s\n", p[1], p[2], p[3], gm, sm,
          (sm > 0 ? sprintf("%.2f", gm / sm) : "-"), gc, sc, (sc > 0 ? sprintf("%.2f", gc / sc) : "-")
      }
    }' "$results" | sort -k1,1 -k2,2r -k3,3n
}

jfr_report() { # per case and direction: bytes allocated per GiB and the hottest frames, from the recordings
  local case op files
  for case in ${cases//,/ }; do
    for op in put get; do
      files=("$work"/jfr-"$case"-"$op"-*.jfr)
      [[ -e ${files[0]} ]] || continue
      echo
      echo "JFR, Signet, $case $op ($(case_title "$case")), ${#files[@]} recordings of $size_mib MiB x clients:"
      python3 scripts/lib/jfr-digest.py --bytes-per-recording "$bytes" "${files[@]}"
    done
  done
}

# --- modes ---------------------------------------------------------------------------------------------------------
# Signet's Java is bin/signet's: JAVA_HOME's when set, else the PATH's.
echo "java: $("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1); $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
head -c "$bytes" /dev/urandom >"$work/source.bin"
start_servers

order() { # order ROUND: the servers, reversed on odd rounds
  local list
  IFS=, read -ra list <<<"$servers"
  if ((${#list[@]} == 2 && $1 % 2 == 1)); then echo "${list[1]} ${list[0]}"; else echo "${list[@]}"; fi
}

case $mode in
  single)
    # One put and get of every case on each server before any case is measured: the JIT compiles the code all cases
    # share (connection set-up, logon, the request path) here rather than in the counted rounds of the first case.
    echo "== warm-up: one put and get of each case on each server, not counted"
    for case in ${cases//,/ }; do
      for server in ${servers//,/ }; do
        out=$(smbclient_run "$server" "$case" "put $work/source.bin io.bin; get io.bin /dev/null" 2>&1) ||
          { echo "$out" >&2; exit 1; }
        rm -f "${share[$server]}/io.bin"
      done
    done
    for case in ${cases//,/ }; do
      echo "== $case: $(case_title "$case")"
      for server in ${servers//,/ }; do verify_case "$server" "$case"; done
      for round in $(seq 1 $((warmup + rounds))); do
        for server in $(order "$round"); do
          measure "$server" "$case" put "$round" 1 op_single "$server" "$case" put
          [[ $(stat -c %s "${share[$server]}/io.bin") == "$bytes" ]] || { echo "bench-io: upload incomplete" >&2; exit 1; }
          measure "$server" "$case" get "$round" 1 op_single "$server" "$case" get
          rm -f "${share[$server]}/io.bin"
        done
      done
    done
    summary
    if [[ -n $jfr ]]; then jfr_report; fi
    if [[ -n $perf ]]; then perf_report; fi
    ;;
  multi)
    for case in ${cases//,/ }; do
      echo "== $case: $(case_title "$case"), clients ${clients//,/ }$([[ -z $(smbj_args "$case") ]] && echo ' (smbclient processes: smbj has no AES-GMAC)')"
      for server in ${servers//,/ }; do
        if [[ -n $(smbj_args "$case") ]]; then verify_case "$server" "$case" smbj; else verify_case "$server" "$case"; fi
      done
      for n in ${clients//,/ }; do
        for round in $(seq 1 $((warmup + rounds))); do
          for server in $(order "$round"); do
            measure "$server" "$case" put "$round" "$n" op_multi "$server" "$case" put "$n"
            measure "$server" "$case" get "$round" "$n" op_multi "$server" "$case" get "$n"
            rm -f "${share[$server]}"/io-*.bin
          done
        done
      done
    done
    summary
    if [[ -n $jfr ]]; then jfr_report; fi
    ;;
  rss)
    p=${pid[signet]}
    printf 'started:  VmRSS %4d MiB\n' $(($(status_kib "$p" VmRSS) / 1024))
    IFS=, read -ra list <<<"$cases"
    moved=0 i=0
    while ((moved < total_gib * 1073741824)); do
      case=${list[i % ${#list[@]}]}
      if [[ -n $clients ]]; then
        out=$( (op_multi signet "$case" put "$clients" && op_multi signet "$case" get "$clients") 2>&1) ||
          { echo "$out" >&2; exit 1; }
        rm -f "${share[signet]}"/io-*.bin
        moved=$((moved + 2 * clients * bytes))
      else
        out=$(smbclient_run signet "$case" "put $work/source.bin io.bin; get io.bin /dev/null" 2>&1) ||
          { echo "$out" >&2; exit 1; }
        rm -f "${share[signet]}/io.bin"
        moved=$((moved + 2 * bytes))
      fi
      i=$((i + 1))
      printf 'moved %5d MiB (%s put+get%s): VmRSS %4d MiB\n' $((moved / 1048576)) "$case" \
        "${clients:+, $clients clients}" $(($(status_kib "$p" VmRSS) / 1024))
    done
    sleep "$idle"
    rss=$(status_kib "$p" VmRSS) hwm=$(status_kib "$p" VmHWM) anon=$(status_kib "$p" RssAnon)
    printf 'after %d s idle: VmRSS %d MiB (%d MB), VmHWM %d MiB, RssAnon %d MiB\n' "$idle" $((rss / 1024)) \
      $((rss * 1024 / 1000000)) $((hwm / 1024)) $((anon / 1024))
    # Heap used and committed (KiB): jstat -gc's S0U+S1U+EU+OU and S0C+S1C+EC+OC columns.
    jstat -gc "$p" | awk 'NR == 1 {for (i = 1; i <= NF; i++) col[$i] = i}
      NR == 2 {printf "heap: used %d MiB, committed %d MiB\n", ($col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]) / 1024,
        ($col["S0C"] + $col["S1C"] + $col["EC"] + $col["OC"]) / 1024}'
    # With SIGNET_JAVA_OPTS=-XX:NativeMemoryTracking=summary: where the JVM's own memory is (committed, KiB).
    if tr '\0' ' ' <"/proc/$p/cmdline" | grep -q NativeMemoryTracking=summary; then
      jcmd "$p" VM.native_memory summary | grep -E '^(Total|-)' | sed 's/^-  */  /'
    fi
    if ((rss * 1024 > rss_limit * 1000000)); then
      echo "over the limit of $rss_limit MB"
      exit 1
    fi
    echo "within the limit of $rss_limit MB"
    ;;
esac
