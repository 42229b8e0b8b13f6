#!/usr/bin/env bash
# Checks packaging/signet.service with systemd's own tools, on any machine with systemd-analyze installed (Debian's
# systemd package), whether or not systemd runs there:
#   systemd-analyze verify    the unit's syntax, every setting known, ExecStart= an executable
#   systemd-analyze security  the sandbox's exposure score, per setting
# verify looks for ExecStart's /opt/signet/bin/signet and for the targets the unit names, so it runs against a
# scratch root that holds the launcher there, the unit in /etc/systemd/system and a copy of the system's units.
# Exits non-zero when verify reports anything. README.md "Run as a service" quotes its output.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v systemd-analyze >/dev/null || { echo "verify-unit: systemd-analyze is needed (apt install systemd)" >&2;
  exit 1; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/opt/signet/bin" "$scratch/etc/systemd/system" "$scratch/usr/lib/systemd" "$scratch/bin"
cp bin/signet "$scratch/opt/signet/bin/signet"
cp /bin/kill "$scratch/bin/kill"   # ExecReload's /bin/kill (procps)
cp packaging/signet.service "$scratch/etc/systemd/system/signet.service"
cp -a /usr/lib/systemd/system "$scratch/usr/lib/systemd/system"

systemd-analyze --version | head -n 1
echo "\$ systemd-analyze verify signet.service"
out=$(systemd-analyze verify --root="$scratch" "$scratch/etc/systemd/system/signet.service" 2>&1) || {
  echo "$out"; echo "verify-unit: systemd-analyze verify failed" >&2; exit 1; }
if [[ -n $out ]]; then
  echo "$out"
  echo "verify-unit: systemd-analyze verify reported the above" >&2
  exit 1
fi
echo "(no output: no error, no warning)"
echo "\$ systemd-analyze security --offline=yes signet.service"
systemd-analyze security --offline=yes --root="$scratch" "$scratch/etc/systemd/system/signet.service" 2>&1 |
  tail -n 1
