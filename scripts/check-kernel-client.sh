#!/usr/bin/env bash
# Caching and resilience with the Linux kernel's SMB client (cifs.ko), which asks for leases and durable handles:
#  1. coherence: two mounts of one share on separate connections (nosharesock, cache=strict) see each other's
#     writes, in-place patches, creations and deletions at once (a listing after the client's attribute cache
#     time, actimeo, unless the server grants directory leases);
#  2. reconnect: the server side of the mount's TCP connection is cut (ss -K) while a file is open; the client
#     reconnects, takes its open back with a durable handle reconnect, and reads on from the same open file;
#  3. large files: 96 MiB of random bytes copied to a signed and to a sealed (encrypted) mount with cache=none (so
#     every byte crosses the wire, in the client's largest READs and WRITEs) and read back, byte-identical, and
#     identical on the server's disk.
#
#   scripts/check-kernel-client.sh VM_RUNNER [VERS]      (default VERS: 3.1.1)
#
# VM_RUNNER boots a Linux VM whose kernel has cifs.ko and runs a script in it (see scripts/bench-roundtrips.sh):
#   VM_RUNNER PORT SHARE USER PASS VERS SCRIPT
# Needs root (ss -K) and server/target/signet.jar (mvn -DskipTests package). Exits non-zero when a check fails.
set -euo pipefail
cd "$(dirname "$0")/.."
runner=$1 vers=${2:-3.1.1}
user=signetcheck pass='Check-pass-1'
. scripts/lib/servers.sh

work=$(mktemp -d /tmp/signet-kernel-client.XXXXXX)
pids=()
# KEEP=1 keeps the server's log and share in $work for a look after a failure.
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; sleep 1
  if [ "${KEEP:-0}" = 1 ]; then echo "kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
port=$(free_port)
start_signet "$work" "$port" "$user" "$pass"

cat > "$work/coherence.sh" <<'EOC'
fail() { echo "FAIL: $*"; exit 1; }
smbmount /mnt/a nosharesock,cache=strict,sign || fail "mount a"
smbmount /mnt/b nosharesock,cache=strict,sign || fail "mount b"
echo first > /mnt/a/shared.txt
[ "$(cat /mnt/b/shared.txt)" = first ] || fail "b does not see a's new file"
cat /mnt/b/shared.txt > /dev/null   # b now caches the file
echo second >> /mnt/a/shared.txt
[ "$(cat /mnt/b/shared.txt)" = "$(printf 'first\nsecond')" ] || fail "b does not see a's append: $(cat /mnt/b/shared.txt)"
printf 'FIRST' | dd of=/mnt/b/shared.txt bs=1 seek=0 conv=notrunc 2>/dev/null
[ "$(head -1 /mnt/a/shared.txt)" = FIRST ] || fail "a does not see b's patch: $(cat /mnt/a/shared.txt)"
mkdir /mnt/b/dir && echo x > /mnt/b/dir/new.txt
ls /mnt/a/dir | grep -q new.txt || fail "a does not list b's new file"
rm /mnt/a/dir/new.txt || fail "a cannot delete the file b made"
# The delete breaks b's lease on the file from RH to R, as Windows does (smbtorture smb2.lease.unlink), and b closes
# its cached handle; the attributes b fetched less than actimeo (1 s by default) ago stay valid for the kernel, and so
# does a listing unless the directory is leased: look after actimeo.
sleep 2
[ ! -e /mnt/b/dir/new.txt ] || fail "b still sees the file a deleted"
ls /mnt/b/dir | grep -q new.txt && fail "b still lists the file a deleted"
echo "coherence: ok"
umount /mnt/a; umount /mnt/b
EOC

cat > "$work/reconnect.sh" <<'EOC'
fail() { echo "FAIL: $*"; exit 1; }
# cache=none: every read after the cut goes to the server, through the open the client takes back.
smbmount /mnt/a cache=none,sign || fail mount
i=0; while [ $i -lt 4096 ]; do echo "line $i of a file read across a reconnect"; i=$((i+1)); done > /mnt/a/big.txt
exec 3< /mnt/a/big.txt
read -r first <&3
[ "$first" = "line 0 of a file read across a reconnect" ] || fail "first line: $first"
touch /mnt/a/ready-to-cut
n=0; while [ ! -e /mnt/a/cut-done ] && [ $n -lt 120 ]; do sleep 1; n=$((n+1)); done
[ -e /mnt/a/cut-done ] || fail "the connection was not cut"
read -r second <&3 || fail "cannot read on after the reconnect"
[ "$second" = "line 1 of a file read across a reconnect" ] || fail "second line: $second"
rest=$(cat <&3 | wc -l)
[ "$rest" = 4094 ] || fail "read $rest more lines, not 4094"
exec 3<&-
grep -q 'reconnect\|Reconnect' /proc/fs/cifs/Stats 2>/dev/null; dmesg | grep -i 'reconnect' | tail -3
echo "reconnect: ok"
umount /mnt/a
EOC

echo "== coherence"
"$runner" "$port" data "$user" "$pass" "$vers" "$work/coherence.sh"

echo "== reconnect"
"$runner" "$port" data "$user" "$pass" "$vers" "$work/reconnect.sh" &
vm=$!
for _ in $(seq 1 300); do [[ -e $work/data/ready-to-cut ]] && break; sleep 1; done
[[ -e $work/data/ready-to-cut ]] || { echo "the client never got ready"; kill "$vm"; exit 1; }
ss -K -t src 127.0.0.1 sport = "$port" >/dev/null
echo "cut the server side of the connection:"
grep -E 'durable|reconnect|disconnect' "$work/server.log" | tail -5 || true
touch "$work/data/cut-done"
wait "$vm"
# The client got its open back through a durable handle reconnect, not by opening the file anew.
grep -E 'durable open .*big.txt.* reconnected' "$work/server.log" \
  || { echo "FAIL: no durable reconnect of big.txt in the server log"; exit 1; }

cat > "$work/large.sh" <<'EOC'
fail() { echo "FAIL: $*"; exit 1; }
dd if=/dev/urandom of=/tmp/src.bin bs=1048576 count=96 2>/dev/null || fail "no source file"
want=$(md5sum < /tmp/src.bin)
for opts in sign seal; do
  smbmount /mnt/a "cache=none,$opts" || fail "mount $opts"
  cp /tmp/src.bin "/mnt/a/large-$opts.bin" || fail "copy to the $opts mount"
  [ "$(md5sum < "/mnt/a/large-$opts.bin")" = "$want" ] || fail "read back from the $opts mount differs"
  umount /mnt/a
done
echo "md5 $want"
echo "large files: ok"
EOC

echo "== large files"
out=$("$runner" "$port" data "$user" "$pass" "$vers" "$work/large.sh") || { echo "$out"; exit 1; }
echo "$out"
want=$(sed -n 's/^md5 \([0-9a-f]*\).*/\1/p' <<<"$out")
for f in large-sign.bin large-seal.bin; do
  [[ $(md5sum < "$work/data/$f" | cut -d' ' -f1) == "$want" ]] || { echo "FAIL: $f on the server's disk differs"; exit 1; }
done
echo "large files on the server's disk: identical"
