#!/usr/bin/env bash
# Round trips of a caching client: the Linux kernel's SMB client (cifs.ko, cache=strict, SMB 3.1.1, signed) opens,
# reads and closes the same FILES small files twice, against Signet and against Samba's smbd on this machine. The
# SMB2 requests on the wire are counted per pass and per command (tshark on loopback): with leases and handle caching
# the second pass needs far fewer. See docs/PERFORMANCE.md.
#
#   [MOUNT_OPTIONS=...] scripts/bench-roundtrips.sh VM_RUNNER [FILES]   (default FILES: 1000)
#
# VM_RUNNER boots a Linux VM whose kernel has cifs.ko and runs a script in it:
#   VM_RUNNER PORT SHARE USER PASS VERS SCRIPT
# where SCRIPT (busybox sh) calls `smbmount DIR OPTIONS` to mount //host:PORT/SHARE. Needs root, tcpdump and
# tshark (Debian packages tcpdump, tshark); installs samba when smbd is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
runner=$1 files=${2:-1000}
# closetimeo: the client keeps a closed handle open for reuse while its lease allows it (deferred close)
mount_options=${MOUNT_OPTIONS:-sign,cache=strict,closetimeo=60}
user=signetbench pass='Bench-pass-1'
for t in tcpdump tshark; do command -v $t >/dev/null || { echo "missing $t: apt-get install -y $t" >&2; exit 2; }; done

. scripts/lib/servers.sh
ensure_smbd
mvn -q -B -ntp -pl server -am package -DskipTests

work=$(mktemp -d /tmp/signet-roundtrips.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  stop_smbd "$work/samba"
  sleep 1
  rm -rf "$work"
}
trap cleanup EXIT

populate() { mkdir -p "$1/rt"; for i in $(seq -w 1 "$files"); do echo "small file $i" > "$1/rt/f$i.txt"; done; }

# The client reads every file twice; a lookup of a name that does not exist marks the start of the second pass.
cat > "$work/check.sh" <<EOC
smbmount /mnt/a $mount_options || exit 1
cat /mnt/a/rt/* > /dev/null || exit 1
ls /mnt/a/second-pass-marker 2>/dev/null
cat /mnt/a/rt/* > /dev/null || exit 1
umount /mnt/a
EOC

# measure NAME PORT: runs the client against the server on PORT and prints the request counts of each pass.
measure() {
  local name=$1 port=$2 pcap=$work/$1.pcap
  tcpdump -i lo -s 256 -w "$pcap" "tcp port $port" >/dev/null 2>&1 &
  local tp=$!
  sleep 1
  "$runner" "$port" data "$user" "$pass" 3.1.1 "$work/check.sh" >"$work/$name.vm.log" 2>&1 \
    || { echo "$name: the client failed:"; cat "$work/$name.vm.log"; return 1; }
  sleep 1
  kill "$tp"; wait "$tp" 2>/dev/null || true
  # One line per request: frame number, command codes of the frame, file names (the marker's CREATE splits passes).
  tshark -r "$pcap" -d "tcp.port==$port,nbss" -Y 'smb2.flags.response == 0' \
    -T fields -e frame.number -e smb2.cmd -e smb2.filename 2>/dev/null | awk -v name="$name" '
    BEGIN { split("NEGOTIATE SESSION_SETUP LOGOFF TREE_CONNECT TREE_DISCONNECT CREATE CLOSE FLUSH READ WRITE LOCK IOCTL CANCEL ECHO QUERY_DIRECTORY CHANGE_NOTIFY QUERY_INFO SET_INFO OPLOCK_BREAK", n, " ") }
    $3 ~ /second-pass-marker/ && !pass2 { pass2 = 1 }
    { k = split($2, cmds, ","); for (i = 1; i <= k; i++) { c = n[cmds[i] + 1]; count[pass2 + 1, c]++; total[pass2 + 1]++; seen[c] = 1 } }
    END {
      printf "%s\tpass 1: %d requests\tpass 2: %d requests\n", name, total[1], total[2]
      for (c in seen) printf "%s\t  %-16s %6d %6d\n", name, c, count[1, c], count[2, c]
    }'
}

s=$work/samba
populate "$s/data"
smbd_port=$(free_port)
start_smbd "$s" "$smbd_port" "$user" "$pass"
g=$work/signet
populate "$g/data"
signet_port=$(free_port)
start_signet "$g" "$signet_port" "$user" "$pass"

echo "smbd: $(smbd --version); $files files, two passes, mount options $mount_options"
measure signet "$signet_port"
measure smbd "$smbd_port"
