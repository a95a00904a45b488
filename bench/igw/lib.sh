# Shared by the bench/igw scripts other than run-bench.sh (sourced, not run): process clean-up,
# port waits, template rendering, starting igw, and the work directory the harness's loads need
# (a throw-away CA and server certificate, the request body, the 64 KiB file, the upstream nginx
# config and igw's proxy config) with the upstream nginx started in it.
# Expects HERE (the caller's directory, bench/igw) and ROOT (the repository) from the caller.

# Defaults the callers share (each can be set in the environment), the TLS 1.3 cipher list of
# igw.conf.tmpl, and the fixed ports of the upstream nginx and of igw.
: "${BENCH_DIR:=$ROOT/../shared/bench}"
: "${THREADS:=2}"
: "${CONNS:=64}"
: "${BODY_SIZE:=128}"
: "${BIG_SIZE:=65536}"
TLS13_CIPHERS=TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256
UP_H1=18080 UP_H2C=18081 UP_TLS=18443 UP_WORKERS=1 PORT_H1=22080 PORT_TLS=22443

STARTED=()
stop_pid() {
  local p=$1
  kill -TERM "$p" 2>/dev/null
  for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null
  wait "$p" 2>/dev/null
}
cleanup() {
  local i
  for ((i = ${#STARTED[@]} - 1; i >= 0; i--)); do stop_pid "${STARTED[$i]}"; done
  [[ -n "${WORK:-}" && -d "$WORK" ]] && rm -rf "$WORK"
}
trap cleanup EXIT
wait_port() { local i; for i in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }
# Copies template $1 to $2 with every @NAME@ replaced by the caller's variable NAME.
render() {
  local t=$1 o=$2 v; cp "$t" "$o"
  for v in $(grep -o '@[A-Z0-9_]*@' "$t" | sort -u | tr -d @); do sed -i "s|@$v@|${!v}|g" "$o"; done
}

# Sets WORK (mktemp -d with prefix $1) and BODY, prepares the files and starts the upstream nginx
# (its master's PID in UPSTREAM_MASTER).
prepare_work() {
  WORK=$(mktemp -d "/tmp/$1.XXXXXX"); chmod 755 "$WORK"; mkdir -p "$WORK/tmp" "$WORK/www"
  (
    cd "$WORK"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=igw-bench-CA" \
      -keyout ca.key -out ca.crt -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign 2>/dev/null
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=bench.test" -keyout server.key -out server.csr 2>/dev/null
    printf 'subjectAltName=DNS:bench.test,DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > ext.cnf
    openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile ext.cnf -out server.crt 2>/dev/null
  ) || { echo "cert generation failed" >&2; exit 1; }
  BODY=$(head -c "$BODY_SIZE" /dev/zero | tr '\0' 'x')
  head -c "$BIG_SIZE" /dev/urandom > "$WORK/www/big"; chmod 644 "$WORK/www/big"
  render "$BENCH_DIR/conf/upstream.nginx.conf" "$WORK/upstream.conf"
  render "$HERE/igw.conf.tmpl" "$WORK/proxy.conf"
  nginx -e "$WORK/upstream.err" -p "$WORK" -c "$WORK/upstream.conf" -g 'daemon off;' >"$WORK/upstream.out" 2>&1 &
  UPSTREAM_MASTER=$!; STARTED+=($!)
}

# Starts igw (or `PREFIX... igw`, e.g. under valgrind) on the work directory's proxy config with
# run-bench.sh's flags (1 worker, admin on, access log to a file), sets IGW_PID and waits for its
# ports. Usage: start_igw BINARY [PREFIX...]
start_igw() {
  local bin=$1; shift
  "$@" "$bin" serve -f "$WORK/proxy.conf" --workers 1 --admin 127.0.0.1:22000 \
    --access-log "$WORK/igw-access.log" --log-level warning >"$WORK/igw.out" 2>&1 &
  IGW_PID=$!; STARTED+=($IGW_PID)
  wait_port $PORT_H1 && wait_port $PORT_TLS || { cat "$WORK/igw.out" >&2; exit 1; }
}
