#!/usr/bin/env bash
# The whole smb2.* suite of smbtorture (every test `smbtorture --list` names under smb2), each test against a fresh
# Signet on a fresh share, PARALLEL at a time; prints pass/total per family and writes OUTDIR/results.tsv
# (test, pass|fail|skip|error|timeout) with one log per test. A test passes only on `success:`, as in the interop
# lists. Tests that wait for a human (smb2.hold-*, smb2.check-sharemode) or benchmark (smb2.bench.*) end at the
# timeout and count as such.
#
#   [FILTER=REGEX] scripts/torture-census.sh OUTDIR [PARALLEL] [SECONDS]   (defaults: 3 parallel, 120 s per test)
#
# Needs smbtorture (Debian package samba-testsuite) and server/target/signet.jar (mvn -DskipTests package).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "$1") parallel=${2:-3} seconds=${3:-120}
command -v smbtorture >/dev/null || { echo "missing smbtorture: apt-get install -y samba-testsuite" >&2; exit 2; }
[[ -f server/target/signet.jar ]] || { echo "build first: mvn -DskipTests package" >&2; exit 2; }
mkdir -p "$out"
. scripts/lib/servers.sh
jar=$(realpath server/target/signet.jar)

# --list prints each test as SUITE.TEST.TEST: the last name repeats the test's own.
smbtorture --list 2>/dev/null | grep '^smb2\.' | sed -E 's/\.[^.]+$//' | grep -E "${FILTER:-.}" > "$out/tests.txt"

run_one() {
  local test=$1 dir port pid rc result
  dir=$(mktemp -d "$out/run.XXXXXX")
  mkdir -p "$dir/share" "$dir/state"
  port=$(free_port)
  java -jar "$jar" serve --port "$port" --bind 127.0.0.1 --share "data=$dir/share" --state-dir "$dir/state" \
    --user alice:secret >"$dir/server.log" 2>&1 &
  pid=$!
  wait_port "$port" >/dev/null 2>&1 || { kill "$pid" 2>/dev/null; printf '%s\terror\n' "$test"; return; }
  (cd "$dir" && timeout -k 5 "$seconds" smbtorture --configfile=/dev/null "//127.0.0.1/data" -p "$port" \
    -U alice%secret "$test" >"$dir/torture.log" 2>&1) && rc=0 || rc=$?
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
  if ((rc == 124 || rc == 137)); then result=timeout
  elif grep -qE '^(failure|error):' "$dir/torture.log"; then result=fail
  elif grep -qE '^success:' "$dir/torture.log"; then result=pass
  elif grep -qE '^skip:' "$dir/torture.log"; then result=skip
  else result=error; fi
  mv "$dir/torture.log" "$out/$(echo "$test" | tr '/ ' '__').log"
  rm -rf "$dir"
  printf '%s\t%s\n' "$test" "$result"
}
export -f run_one free_port wait_port
export out seconds jar
# shellcheck disable=SC2016 # $1 is the inner shell's
xargs -d '\n' -P "$parallel" -I{} bash -c 'run_one "$1"' _ {} < "$out/tests.txt" > "$out/results.tsv"
sort -o "$out/results.tsv" "$out/results.tsv"
awk -F'\t' '{ split($1, p, "."); f = p[2]; total[f]++; if ($2 == "pass") pass[f]++; all++; if ($2 == "pass") allpass++ }
  END { for (f in total) printf "%-24s %3d / %3d\n", f, pass[f], total[f]; printf "%-24s %3d / %3d\n", "ALL smb2", allpass, all }' \
  "$out/results.tsv" | sort
