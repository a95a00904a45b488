#!/usr/bin/env bash
# Runs ../shared/bench/run.sh with `igw serve` as the extra proxy under test, in the same run as
# nginx, HAProxy and nghttpx (access log and metrics on, as in production).
#
#   bench/igw/run-bench.sh                    # ROUNDS=2, cases h1 h1tls resume hs tlsbig
#   IGW=/path/to/igw CASES="h1 h1tls" ROUNDS=3 bench/igw/run-bench.sh
#
# Knobs: IGW (the binary; default build/release/tools/igw/igw, else build/serve/…), BENCH_DIR
# (default ../shared/bench next to the project), IGW_ACCESS_LOG (default: a file in the harness
# temp dir), plus every knob of run.sh (ROUNDS, CASES, DURATION, TARGETS, OUT_DIR, …).
# Results and how they were taken: RESULTS.md; per-round igw-vs-best table: summarize.sh
# results.csv...; perf profiles under the same loads: profile.sh.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
: "${BENCH_DIR:=$ROOT/../shared/bench}"
if [[ -z "${IGW:-}" ]]; then
  for c in "$ROOT/build/release/tools/igw/igw" "$ROOT/build/serve-release/tools/igw/igw" \
           "$ROOT/build/serve/tools/igw/igw"; do
    [[ -x "$c" ]] && { IGW=$c; break; }
  done
fi
[[ -x "${IGW:-}" ]] || { echo "run-bench.sh: set IGW=/path/to/igw (a Release build)" >&2; exit 2; }
[[ -x "$BENCH_DIR/run.sh" ]] || { echo "run-bench.sh: no harness at $BENCH_DIR" >&2; exit 2; }

export ROUNDS=${ROUNDS:-2}
export CASES=${CASES:-"h1 h1tls resume hs tlsbig"}
export PROXY_NAME=igw
export PROXY_CONF_TMPL=$HERE/igw.conf.tmpl
export PROXY_PORTS='h1=22080,tls=22443'
# The access log goes to a file (as a gateway's would go to its log collector), metrics are
# collected as always; the admin port is moved off Envoy's 15000 to avoid clashes.
LOG=${IGW_ACCESS_LOG:-'$BENCH_WORK/igw-access.log'}
export PROXY_CMD="$IGW serve -f \"\$BENCH_PROXY_CONF\" --workers \"\$BENCH_WORKERS\" --admin 127.0.0.1:22000 --access-log \"$LOG\" --log-level warning"
exec "$BENCH_DIR/run.sh"
