#!/usr/bin/env bash
# Runs every test: unit, pipeline and real-client interop (smbclient, smbtorture, jcifs-ng, smbj).
# Installs Samba's client tools first when they are missing (Debian/Ubuntu, as root).
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
# smbclient and rpcclient come with Debian's smbclient package, smbtorture with samba-testsuite.
{ command -v smbclient && command -v rpcclient; } >/dev/null 2>&1 || missing+=(smbclient)
command -v smbtorture >/dev/null 2>&1 || missing+=(samba-testsuite)
if ((${#missing[@]})); then
  echo "installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
exec mvn -B -ntp verify "$@"
