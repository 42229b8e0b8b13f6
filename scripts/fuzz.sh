#!/usr/bin/env bash
# Fuzzes one target (or each in turn) for a while: scripts/fuzz.sh [TARGET|all] [SECONDS]
#   TARGET is a short name below or a Class#method; SECONDS defaults to 600 per target.
# The corpus a run grows stays in fuzz/.cifuzz-corpus/ (not committed) and seeds the next run; a crashing input is
# written into the target's inputs directory under fuzz/src/test/resources, where the normal build replays it.
# docs/FUZZING.md says how a finding becomes a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A TARGETS=(
  [negotiate]=io.signet.protocol.smb2.message.NegotiateRequestFuzzTest#negotiateRequest
  [compound]=io.signet.protocol.smb2.message.Smb2RequestFuzzTest#compoundChain
  [create]=io.signet.protocol.smb2.message.CreateRequestFuzzTest#createRequest
  [info]=io.signet.protocol.smb2.message.InfoClassFuzzTest#infoClasses
  [ioctl]=io.signet.protocol.smb2.message.IoctlFuzzTest#ioctlInputs
  [transform]=io.signet.protocol.crypto.transform.TransformFuzzTest#transform
  [spnego]=io.signet.auth.spnego.SpnegoFuzzTest#negotiationToken
  [ntlm]=io.signet.auth.ntlm.NtlmFuzzTest#ntlmMessages
  [kerberos]=io.signet.auth.kerberos.KerberosFuzzTest#kerberos
  [rpc]=io.signet.protocol.rpc.RpcFuzzTest#rpc
  [connection]=io.signet.server.conn.ConnectionFuzzTest#preAuthentication
  [session]=io.signet.server.conn.ConnectionFuzzTest#afterAuthentication
)
ORDER=(negotiate compound create info ioctl transform spnego ntlm kerberos rpc connection session)

target=${1:-all}
seconds=${2:-600}

if [[ $target == all ]]; then
  for t in "${ORDER[@]}"; do
    "$0" "$t" "$seconds"
  done
  exit 0
fi
test=${TARGETS[$target]:-$target}
if [[ $test != *#* ]]; then
  echo "unknown target '$target'; one of: ${ORDER[*]} all, or Class#method" >&2
  exit 2
fi

echo "fuzzing $test for $seconds s" >&2
# The default surefire execution runs just this test, in fuzzing mode (JAZZER_FUZZ); the fuzz-ci executions are
# left out (-DskipFuzz). libFuzzer's flags follow argv[0] as jazzer.internal.arg.N.
JAZZER_FUZZ=1 exec mvn -B -ntp -pl fuzz -am test -DskipFuzz \
  -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
  -Djazzer.instrument='io.signet.**' \
  -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-max_total_time="$seconds" \
  -Djazzer.internal.arg.2=-timeout=10 -Djazzer.internal.arg.3=-print_final_stats=1
