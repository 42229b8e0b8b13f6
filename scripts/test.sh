#!/usr/bin/env bash
# Runs every test: unit, pipeline and real-client interop (smbclient, smbtorture, jcifs-ng, smbj, and Kerberos logons
# with MIT's kinit, through Kerby's KDC and MIT's krb5kdc). Installs Samba's client tools and MIT's Kerberos tools and
# KDC and Samba's smbd first when they are missing (Debian/Ubuntu, as root).
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
# smbclient and rpcclient come with Debian's smbclient package, smbtorture with samba-testsuite.
{ command -v smbclient && command -v rpcclient; } >/dev/null 2>&1 || missing+=(smbclient)
command -v smbtorture >/dev/null 2>&1 || missing+=(samba-testsuite)
# smbd for SmbdProbeInteropTest, which audits a private smbd of its own with `signet probe` (never the packaged
# service). It lives in /usr/sbin, which is not on every PATH.
{ command -v smbd || [[ -x /usr/sbin/smbd ]]; } >/dev/null 2>&1 || missing+=(samba)
# kinit, kvno and klist come with krb5-user. Its krb5-config dependency asks debconf for a default realm; the
# noninteractive frontend takes the default answer and the tests never read /etc/krb5.conf (they write their own).
{ command -v kinit && command -v kvno && command -v klist; } >/dev/null 2>&1 || missing+=(krb5-user)
# MIT's KDC for MitKdcInteropTest: krb5kdc and kdb5_util come with krb5-kdc, kadmin.local with krb5-admin-server.
# They live in /usr/sbin, which is not on every PATH; the test runs a KDC of its own, never the packaged service.
[[ -x /usr/sbin/krb5kdc && -x /usr/sbin/kdb5_util ]] || missing+=(krb5-kdc)
[[ -x /usr/sbin/kadmin.local ]] || missing+=(krb5-admin-server)
if ((${#missing[@]})); then
  echo "installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" </dev/null >/dev/null
fi
mvn -B -ntp verify "$@"
# The standalone example builds against the installed signet-junit5, as a user's project would: install what it needs
# (signet-junit5 and the modules under it, no tests: they just ran), then build and test the example. A local
# repository given to this script (-Dmaven.repo.local=...) is used by both.
repo=()
for arg in "$@"; do
  if [[ $arg == -Dmaven.repo.local=* ]]; then repo+=("$arg"); fi
done
mvn -B -ntp -q install -DskipTests -pl junit5 -am ${repo[@]+"${repo[@]}"}
exec mvn -B -ntp -f examples/junit5-smbj/pom.xml verify ${repo[@]+"${repo[@]}"}
