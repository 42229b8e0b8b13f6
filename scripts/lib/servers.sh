# shellcheck shell=bash
# Shared by the benchmark scripts (source it): start Signet and Samba's smbd side by side on loopback ports picked
# at random, both requiring signing, smbd with the settings a Windows-like share needs (DOS attributes, ACLs and
# streams in xattrs; leases, level II oplocks and durable handles are smbd's defaults).
# The caller sets `pids=()` and a cleanup trap that kills "${pids[@]}" and the smbd of each start_smbd directory.

# free_port: a free loopback port, chosen by the kernel, or the first free one of BENCH_PORTS (e.g. 46500-46599) when
# that is set, for machines where a benchmark must keep to given ports.
free_port() {
  python3 - "${BENCH_PORTS:-}" <<'EOP'
import socket, sys
low, _, high = sys.argv[1].partition("-")
for port in range(int(low), int(high) + 1) if low else [0]:
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        continue
    print(s.getsockname()[1])
    break
else:
    sys.exit("no free port in " + sys.argv[1])
EOP
}

wait_port() {
  for _ in $(seq 1 60); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.5; done
  echo "nothing listens on port $1" >&2; return 1
}

ensure_smbd() {
  command -v smbd >/dev/null || {
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq samba >/dev/null
  }
}

# start_smbd DIR PORT USER PASS: share `data` at DIR/data, owned by USER (a Unix account made if missing).
# Fill DIR/data before calling it or chown what you add. Stop it with stop_smbd DIR.
start_smbd() {
  local s=$1 port=$2 user=$3 pass=$4
  mkdir -p "$s"/{data,private,lock,state,cache,pid,log}
  cat > "$s/smb.conf" <<EOC
[global]
  server role = standalone server
  smb ports = $port
  interfaces = lo
  bind interfaces only = yes
  private dir = $s/private
  lock directory = $s/lock
  state directory = $s/state
  cache directory = $s/cache
  pid directory = $s/pid
  log file = $s/log/log.%m
  server signing = mandatory
  server min protocol = SMB2_02
  disable netbios = yes
  load printers = no
  passdb backend = tdbsam
  kernel oplocks = no
  ea support = yes
  store dos attributes = yes
  vfs objects = acl_xattr streams_xattr
  acl_xattr:ignore system acls = yes
[data]
  path = $s/data
  read only = no
EOC
  id "$user" >/dev/null 2>&1 || useradd -M "$user"
  (echo "$pass"; echo "$pass") | smbpasswd -c "$s/smb.conf" -s -a "$user" >/dev/null
  chown -R "$user" "$s/data"
  smbd -s "$s/smb.conf" -D
  wait_port "$port"
}

stop_smbd() { if [[ -f $1/pid/smbd.pid ]]; then kill "$(cat "$1/pid/smbd.pid")" 2>/dev/null || true; fi; }

# start_signet DIR PORT USER PASS: share `data` at DIR/data, state in DIR/state, log in DIR/server.log; adds the
# server's pid to pids. Needs server/target/signet.jar.
start_signet() {
  local g=$1 port=$2 user=$3 pass=$4
  mkdir -p "$g/data" "$g/state"
  java -jar server/target/signet.jar serve --port "$port" --share "data=$g/data" --state-dir "$g/state" \
    --user "$user:$pass" >"$g/server.log" 2>&1 &
  pids+=($!)
  wait_port "$port"
}
