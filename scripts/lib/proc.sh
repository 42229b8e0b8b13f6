# shellcheck shell=bash
# Shared by the benchmark scripts (source it): what a server process and its children cost, read from /proc.

# descendants PID: the pids of PID's children, grandchildren, ... (not PID itself), one a line.
descendants() {
  local child
  for child in $(pgrep -P "$1" || true); do
    echo "$child"
    descendants "$child"
  done
}

# cpu_ticks PID: CPU time in clock ticks used by PID and everything that ever ran under it, as far as /proc knows:
# utime + stime + cutime + cstime of PID (fields 14-17 of /proc/PID/stat), plus the same four fields of each living
# descendant. A child that has exited and been reaped (waitpid) has had its utime + stime (and its own cutime and
# cstime) added to its parent's cutime + cstime by the kernel, so it is counted once, through the parent; a living
# child is counted through its own fields. A child that has exited but is not reaped yet (a zombie) still shows its
# times in its own /proc entry. Only a process re-parented away from PID's tree would be lost, and smbd does not do
# that: its per-connection children are forked by the parent smbd and reaped by it (SIGCHLD).
cpu_ticks() {
  local total=0 pid stat fields
  for pid in "$1" $(descendants "$1"); do
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
    # The command name (field 2) is in parentheses and may hold spaces; field 3 starts after the last ") ".
    read -ra fields <<<"${stat##*) }"
    total=$((total + fields[11] + fields[12] + fields[13] + fields[14]))
  done
  echo "$total"
}

CLK_TCK=$(getconf CLK_TCK)

# ticks_to_seconds TICKS
ticks_to_seconds() { awk -v t="$1" -v hz="$CLK_TCK" 'BEGIN {printf "%.2f", t / hz}'; }

# wait_children_back PID "CHILDREN": wait (up to 30 s) until PID's children are exactly the list given (the ones it
# had before a client connected), so that a per-connection child that has exited is also reaped and its CPU time has
# moved into PID's cutime/cstime before cpu_ticks reads it.
wait_children_back() {
  local pid=$1 want=$2 now
  for _ in $(seq 1 300); do
    now=$({ pgrep -P "$pid" || true; } | sort | tr '\n' ' ')
    [[ $now == "$want" ]] && return 0
    sleep 0.1
  done
  echo "proc: children of $pid are [$now], expected [$want] after 30 s" >&2
  return 1
}

# children_of PID: PID's current children, sorted, on one line (the form wait_children_back compares).
children_of() { { pgrep -P "$1" || true; } | sort | tr '\n' ' '; }

# status_kib PID FIELD: a field of /proc/PID/status in KiB (VmRSS, VmHWM, RssAnon, ...).
status_kib() { awk -v f="$2:" '$1 == f {print $2}' "/proc/$1/status"; }
