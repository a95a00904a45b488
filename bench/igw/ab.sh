#!/usr/bin/env bash
# A/B of igw binaries on one load, without the full harness: the same upstream nginx, config and
# flags as run-bench.sh (access log to a file, metrics and admin on, 1 worker), alternating the
# binaries round by round so machine noise hits all of them alike. Per run it prints requests/s,
# the p99 latency (wrk --latency),
# igw CPU µs per request (utime+stime of the igw process from /proc), voluntary and involuntary
# context switches per request, and with TRACE=1 the syscalls per request (perf trace -s).
#
#   bench/igw/ab.sh /tmp/igw-a /tmp/igw-b                 # case h1, 3 rounds of 5 s
#   CASE=h1tls ROUNDS=5 SECS=8 TRACE=1 bench/igw/ab.sh /tmp/igw-a /tmp/igw-b
#
# Knobs: CASE (h1 h1tls resume tlsbig), ROUNDS, SECS, CONNS, THREADS, TRACE, BENCH_DIR. Every
# process started here is stopped by PID on exit.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
: "${CASE:=h1}"
: "${ROUNDS:=3}"
: "${SECS:=5}"
: "${TRACE:=0}"
(($# >= 1)) || { echo "usage: ab.sh IGW_BINARY..." >&2; exit 2; }
for b in "$@"; do [[ -x "$b" ]] || { echo "ab.sh: $b is not executable" >&2; exit 2; }; done

source "$HERE/lib.sh"  # BENCH_DIR, THREADS, CONNS, BODY_SIZE, BIG_SIZE defaults; ports
trap 'exit 130' INT TERM
prepare_work igw-ab
wait_port $UP_H1 || { cat "$WORK/upstream.out" >&2; exit 1; }

case $CASE in
  h1) URL="http://127.0.0.1:$PORT_H1/"; HDR=() ;;
  h1tls) URL="https://127.0.0.1:$PORT_TLS/"; HDR=() ;;
  tlsbig) URL="https://127.0.0.1:$PORT_TLS/big"; HDR=() ;;
  resume) URL="https://127.0.0.1:$PORT_TLS/"; HDR=(-H 'Connection: close') ;;
  *) echo "ab.sh: unknown CASE $CASE" >&2; exit 2 ;;
esac

# Fields 14 (utime) and 15 (stime) of $1/stat in clock ticks, for a /proc/PID (summed over the
# process's threads) or a /proc/PID/task/TID directory.
cpu_ticks() { awk '{print $14 + $15}' "$1/stat"; }
ctxt() { awk '/^voluntary_ctxt_switches/ {v=$2} /^nonvoluntary_ctxt_switches/ {n=$2} END {print v, n}' "/proc/$1/status"; }
TCK=$(getconf CLK_TCK)

printf '%-5s %-28s %9s %9s %8s %7s %7s %s\n' round binary rps cpu_us/rq p99_ms vcs/rq ivcs/rq syscalls/rq
for ((r = 1; r <= ROUNDS; r++)); do
  for b in "$@"; do
    rm -f "$WORK/igw-access.log"
    start_igw "$b"
    # warm-up (connections, pool, caches)
    wrk -t"$THREADS" -c"$CONNS" -d1s "${HDR[@]}" "$URL" >/dev/null 2>&1
    # Context switches of the worker thread only (the one with the most CPU).
    TID=$(for t in /proc/$IGW_PID/task/*; do echo "$(cpu_ticks "$t") ${t##*/}"; done | sort -rn | head -1 | cut -d' ' -f2)
    c0=$(cpu_ticks "/proc/$IGW_PID"); read -r v0 n0 < <(ctxt "$IGW_PID/task/$TID")
    if [[ $TRACE == 1 ]]; then
      perf trace -s -p "$IGW_PID" -o "$WORK/trace.txt" -- sleep "$SECS" >/dev/null 2>&1 &
      TRACE_PID=$!
    fi
    out=$(wrk -t"$THREADS" -c"$CONNS" -d"${SECS}s" --latency "${HDR[@]}" "$URL" 2>&1)
    c1=$(cpu_ticks "/proc/$IGW_PID"); read -r v1 n1 < <(ctxt "$IGW_PID/task/$TID")
    [[ $TRACE == 1 ]] && wait "$TRACE_PID" 2>/dev/null
    reqs=$(awk '/requests in/ {print $1}' <<<"$out")
    rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    # wrk --latency: "     99%   12.34ms" (us, ms or s)
    p99=$(awk '$1 == "99%" {v=$2; u=v; gsub(/[0-9.]/, "", u); sub(/[a-z]+$/, "", v);
                             print (u == "us" ? v / 1000 : u == "s" ? v * 1000 : v)}' <<<"$out")
    sc=-
    if [[ $TRACE == 1 && -s $WORK/trace.txt ]]; then
      # perf trace -s counts calls per syscall; the trace ran for the load's duration.
      sc=$(awk -v n="$reqs" '$2 ~ /^[0-9]+$/ && $1 ~ /^[a-z_0-9]+$/ {c[$1]+=$2} END {for (k in c) if (c[k]/n >= 0.01) printf "%s=%.2f ", k, c[k]/n}' "$WORK/trace.txt")
    fi
    awk -v r="$r" -v b="$b" -v rps="$rps" -v n="$reqs" -v dc=$((c1 - c0)) -v tck="$TCK" \
        -v dv=$((v1 - v0)) -v dn=$((n1 - n0)) -v sc="$sc" -v p99="$p99" \
        'BEGIN {printf "%-5s %-28s %9.0f %9.1f %8.2f %7.2f %7.2f %s\n", r, b, rps, dc / tck * 1e6 / n, p99, dv / n, dn / n, sc}'
    stop_pid "$IGW_PID"; STARTED=("${STARTED[@]:0:${#STARTED[@]}-1}")
  done
done
