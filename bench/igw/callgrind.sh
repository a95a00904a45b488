#!/usr/bin/env bash
# User-space instructions per request of `igw serve` under callgrind, free of the machine's
# timing noise: the harness's igw configuration and flags (access log to a file, metrics and
# admin on, 1 worker), a warm-up of 400 requests, then N keep-alive requests over 8 connections
# (h2load --h1) counted alone. Prints the total and the per-request figure and keeps the
# callgrind file for callgrind_annotate. For h1tls the 8 connections' full handshakes are in
# the count (about 6,500 instructions per request at N=3000).
#
#   IGW=build/perf/tools/igw/igw bench/igw/callgrind.sh            # cases h1 h1tls, N=3000
#   IGW=/tmp/igw CASES=h1 N=5000 OUT=/tmp/cg bench/igw/callgrind.sh
#
# Knobs: IGW, CASES (h1 h1tls), N, OUT (directory for callgrind.<case>.out, default /tmp).
# Every process started here is stopped by PID on exit.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
: "${IGW:?set IGW to the igw binary}"
: "${CASES:=h1 h1tls}"
: "${N:=3000}"
: "${OUT:=/tmp}"
command -v valgrind >/dev/null || { echo "callgrind.sh: valgrind is not installed" >&2; exit 2; }
source "$HERE/lib.sh"
prepare_work igw-callgrind
wait_port $UP_H1 || { cat "$WORK"/*.out >&2; exit 1; }

for c in $CASES; do
  case $c in
    h1) url="http://127.0.0.1:$PORT_H1/" ;;
    h1tls) url="https://127.0.0.1:$PORT_TLS/" ;;
    *) echo "callgrind.sh: unknown case $c" >&2; exit 2 ;;
  esac
  file="$OUT/callgrind.$c.out"
  rm -f "$file"*
  start_igw "$IGW" valgrind --tool=callgrind --callgrind-out-file="$file"
  pid=$IGW_PID
  h2load --h1 -c8 -n400 "$url" >/dev/null 2>&1
  callgrind_control -z "$pid" >/dev/null 2>&1
  h2load --h1 -c8 -n"$N" "$url" 2>&1 | grep -E "^requests:"
  callgrind_control -d "$pid" >/dev/null 2>&1
  sleep 1
  # The dump is <file>.1; <file> itself is written at exit, after the measured part.
  total=$(grep -hE '^(summary|totals):' "$file".1 2>/dev/null | head -1 | awk '{print $2}')
  echo "$c: $total instructions, $((total / N)) per request ($file.1)"
  stop_pid "$pid"; STARTED=("${STARTED[@]:0:${#STARTED[@]}-1}")
done
