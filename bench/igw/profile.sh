#!/usr/bin/env bash
# Profiles `igw serve` with `perf record` under the same loads as ../shared/bench/run.sh
# (same upstream nginx config, certificate shape, client commands and igw flags as run-bench.sh:
# access log to a file, metrics and admin on), one perf.data per case, plus flat and call-graph
# reports as text.
#
#   IGW=/tmp/igw-bench bench/igw/profile.sh               # cases h1 h1tls resume hs tlsbig
#   IGW=/tmp/igw-bench CASES="h1" SECS=15 bench/igw/profile.sh
#
# Knobs: IGW, BENCH_DIR, CASES, SECS (perf seconds per case, default 10), FREQ (default 999 Hz),
# THREADS/CONNS/HS_BATCH/BODY_SIZE/BIG_SIZE as in run.sh, OUT (default
# /tmp/igw-profile/<stamp>). Every process started here is stopped by PID on exit.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
: "${IGW:=$ROOT/build/release/tools/igw/igw}"
: "${CASES:=h1 h1tls resume hs tlsbig}"
: "${SECS:=10}"
: "${FREQ:=999}"
: "${HS_BATCH:=256}"
: "${OUT:=/tmp/igw-profile/$(date +%Y%m%d-%H%M%S)}"
[[ -x "$IGW" ]] || { echo "profile.sh: set IGW=/path/to/igw" >&2; exit 2; }
command -v perf >/dev/null || { echo "profile.sh: perf is not installed (linux-perf)" >&2; exit 2; }
mkdir -p "$OUT"
log() { echo "[$(date +%T)] $*" >&2; }

source "$HERE/lib.sh"  # BENCH_DIR, THREADS, CONNS, BODY_SIZE, BIG_SIZE defaults; ports
trap 'log interrupted; exit 130' INT TERM
prepare_work igw-profile
for p in $UP_H1 $UP_TLS; do wait_port $p || { cat "$WORK"/*.out >&2; exit 1; }; done
start_igw "$IGW"
log "igw pid=$IGW_PID, output in $OUT"

load() { # case seconds
  local c=$1 d=$2 p=$PORT_TLS
  case $c in
    h1)     wrk -t"$THREADS" -c"$CONNS" -d"${d}s" --latency "http://127.0.0.1:$PORT_H1/" ;;
    h1tls)  wrk -t"$THREADS" -c"$CONNS" -d"${d}s" --latency "https://127.0.0.1:$p/" ;;
    tlsbig) wrk -t"$THREADS" -c"$CONNS" -d"${d}s" --latency "https://127.0.0.1:$p/big" ;;
    resume) wrk -t"$THREADS" -c"$CONNS" -d"${d}s" --latency -H 'Connection: close' "https://127.0.0.1:$p/" ;;
    hs)     local end=$((SECONDS + d))
            while ((SECONDS < end)); do timeout 30 h2load --h1 -t"$THREADS" -c"$HS_BATCH" -n"$HS_BATCH" "https://127.0.0.1:$p/" || break; done ;;
  esac
}

for c in $CASES; do
  log "case $c: load $((SECS + 4)) s, perf $SECS s"
  timeout $((SECS + 30)) bash -c "$(declare -f load); $(declare -p THREADS CONNS HS_BATCH PORT_H1 PORT_TLS); load $c $((SECS + 4))" \
    >"$OUT/$c.load.txt" 2>&1 &
  LOAD_PID=$!; STARTED+=($LOAD_PID)
  sleep 2
  perf record -F "$FREQ" --call-graph dwarf,16384 -p "$IGW_PID" -o "$OUT/$c.perf.data" -- sleep "$SECS" \
    >"$OUT/$c.perf.log" 2>&1
  wait "$LOAD_PID" 2>/dev/null
  STARTED=("${STARTED[@]:0:${#STARTED[@]}-1}")
  # Flat self time per symbol (and per shared object), then the children view (inclusive).
  perf report -i "$OUT/$c.perf.data" --no-children --no-inline --sort dso,symbol --stdio -g none \
    --percent-limit 0.5 >"$OUT/$c.self.txt" 2>/dev/null
  perf report -i "$OUT/$c.perf.data" --no-children --no-inline --sort dso --stdio -g none \
    >"$OUT/$c.dso.txt" 2>/dev/null
  perf report -i "$OUT/$c.perf.data" --children --no-inline --sort symbol --stdio -g none \
    --percent-limit 2 >"$OUT/$c.children.txt" 2>/dev/null
  grep -E '^(Requests/sec|requests:|  [0-9]+ requests)' "$OUT/$c.load.txt" | head -3 >&2
done
log "done: $OUT"
