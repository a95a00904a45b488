#!/usr/bin/env bash
# User and system CPU per request of igw, nginx and HAProxy on one load, side by side: the same
# upstream nginx and harness configurations as run-bench.sh (one worker each, igw's access log
# and metrics on), the three proxies running at once and loaded in turn, round by round. It
# shows which side of the kernel boundary a difference is on, which run-bench.sh's total cannot;
# with TRACE=1 also the syscalls per request (perf trace -s; tracing slows every proxy many
# times over, so take the CPU figures from a run without it); with PERF=1 a perf profile of each
# measured load and, at the end, µs per request by symbol for the three proxies and where igw
# spends more than the cheaper of the other two (kernel symbols included). The upstream nginx's
# and the client's (wrk's) CPU per request are shown too: a proxy's answers can cost the others.
#
#   IGW=build/perf/tools/igw/igw bench/igw/cpu-split.sh             # case h1, 3 rounds of 8 s
#   IGW=/tmp/igw CASE=h1tls ROUNDS=4 SECS=6 TRACE=1 bench/igw/cpu-split.sh
#   IGW=/tmp/igw CASE=h1 WARMUP=0 WRK_ARGS=--latency bench/igw/cpu-split.sh   # as run.sh loads
#
# Knobs: IGW, CASE (h1 h1tls tlsbig), ROUNDS, SECS, WARMUP (seconds of load before each measured
# one, default 1; 0 for none, as in run.sh), WRK_ARGS (extra wrk arguments), CONNS, THREADS,
# TRACE, PERF, FREQ (perf's sampling rate, default 999 Hz), TOP (symbols listed, default 25),
# ORDER (the order the proxies are loaded in each round, default "nginx haproxy igw"),
# BENCH_DIR. Every process started here is stopped by PID on exit.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
: "${IGW:?set IGW to the igw binary}"
: "${CASE:=h1}"
: "${ROUNDS:=3}"
: "${SECS:=8}"
: "${TRACE:=0}"
: "${PERF:=0}"
: "${FREQ:=999}"
: "${TOP:=25}"
: "${ORDER:=nginx haproxy igw}"
: "${WARMUP:=1}"
source "$HERE/lib.sh"

PROXY_WORKERS=1
HAP_H1=23080 HAP_H2C=23081 HAP_TLS=23443 HAP_TCP=23090 HAP_SNI=23444
NGX_H1=19080 NGX_H2C=19081 NGX_TLS=19443 NGX_TCP=19090 NGX_SNI=19091
declare -A PORT
case $CASE in
  h1) SCHEME=http; PORT=([igw]=$PORT_H1 [nginx]=$NGX_H1 [haproxy]=$HAP_H1) ;;
  h1tls) SCHEME=https; PORT=([igw]=$PORT_TLS [nginx]=$NGX_TLS [haproxy]=$HAP_TLS) ;;
  tlsbig) SCHEME=https; URL_PATH=/big; PORT=([igw]=$PORT_TLS [nginx]=$NGX_TLS [haproxy]=$HAP_TLS) ;;
  *) echo "cpu-split.sh: unknown CASE $CASE" >&2; exit 2 ;;
esac

prepare_work igw-split
cat "$WORK/server.crt" "$WORK/server.key" >"$WORK/server.pem"
render "$BENCH_DIR/conf/haproxy.cfg" "$WORK/haproxy.cfg"
render "$BENCH_DIR/conf/nginx-proxy.conf" "$WORK/nginx-proxy.conf"
haproxy -f "$WORK/haproxy.cfg" -db >"$WORK/haproxy.out" 2>&1 &
STARTED+=($!); declare -A PID=([haproxy]=$!)
nginx -e "$WORK/nginx-proxy.err" -p "$WORK" -c "$WORK/nginx-proxy.conf" -g 'daemon off;' \
  >"$WORK/nginx-proxy.out" 2>&1 &
STARTED+=($!); NGINX_MASTER=$!
start_igw "$IGW"
PID[igw]=$IGW_PID
for p in $UP_H1 "${PORT[@]}"; do
  wait_port "$p" || { cat "$WORK"/*.out >&2; exit 1; }
done
PID[nginx]=$(pgrep -P "$NGINX_MASTER" | head -1)  # the one worker serves every request
UPSTREAM_PID=$(pgrep -P "$UPSTREAM_MASTER" | head -1)  # the upstream nginx's one worker
TCK=$(getconf CLK_TCK)
# CPU ticks so far: the proxy's user and system time, the upstream worker's total, and the
# script's waited-for children (the wrk runs).
cpu_sample() {
  echo "$(awk '{print $14, $15}' "/proc/$1/stat") $(awk '{print $14 + $15}' "/proc/$UPSTREAM_PID/stat") \
$(awk '{print $16 + $17}' "/proc/$$/stat")"
}

printf '%-5s %-8s %9s %9s %9s %9s %9s %9s %s\n' round target rps user_us sys_us total_us \
  upstr_us client_us syscalls/rq
for ((r = 1; r <= ROUNDS; r++)); do
  for t in $ORDER; do
    url="$SCHEME://127.0.0.1:${PORT[$t]}${URL_PATH:-/}"
    ((WARMUP > 0)) && wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP}s" "$url" >/dev/null 2>&1  # warm-up
    read -r u0 s0 up0 cl0 < <(cpu_sample "${PID[$t]}")
    if [[ $TRACE == 1 ]]; then
      perf trace -s -p "${PID[$t]}" -o "$WORK/trace.txt" -- sleep "$SECS" >/dev/null 2>&1 &
      PROFILER_PID=$!
    elif [[ $PERF == 1 ]]; then
      perf record -F "$FREQ" -p "${PID[$t]}" -o "$WORK/perf.data" -- sleep "$SECS" >/dev/null 2>&1 &
      PROFILER_PID=$!
    fi
    out=$(wrk -t"$THREADS" -c"$CONNS" -d"${SECS}s" ${WRK_ARGS:-} "$url" 2>&1)
    read -r u1 s1 up1 cl1 < <(cpu_sample "${PID[$t]}")
    [[ $TRACE == 1 || $PERF == 1 ]] && wait "$PROFILER_PID" 2>/dev/null
    n=$(awk '/requests in/ {print $1}' <<<"$out")
    if [[ $PERF == 1 ]]; then  # "= target requests", then "target samples [k]|[.] symbol" lines
      echo "= $t $n" >>"$WORK/symbols.txt"
      perf report -i "$WORK/perf.data" --stdio --sort sym -F sample,sym 2>/dev/null |
        awk -v t="$t" '$1 ~ /^[0-9]+$/ {$1 = t " " $1; print}' >>"$WORK/symbols.txt"
    fi
    rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    sc=-
    if [[ $TRACE == 1 && -s $WORK/trace.txt ]]; then
      sc=$(awk -v n="$n" '$2 ~ /^[0-9]+$/ && $1 ~ /^[a-z_0-9]+$/ {c[$1]+=$2; e[$1]+=$3}
             END {for (k in c) if (c[k]/n >= 0.01) printf "%s=%.2f%s ", k, c[k]/n, e[k] ? "(" sprintf("%.2f", e[k]/n) " err)" : ""}' \
           "$WORK/trace.txt")
    fi
    awk -v r="$r" -v t="$t" -v rps="$rps" -v n="$n" -v du=$((u1 - u0)) -v ds=$((s1 - s0)) \
        -v dup=$((up1 - up0)) -v dcl=$((cl1 - cl0)) -v tck="$TCK" -v sc="$sc" \
        'BEGIN {k = 1e6 / tck / n; u = du * k; s = ds * k;
                printf "%-5s %-8s %9.0f %9.1f %9.1f %9.1f %9.1f %9.1f %s\n", r, t, rps, u, s, u + s,
                       dup * k, dcl * k, sc}'
  done
done

if [[ $PERF == 1 ]]; then
  # µs per request by symbol (samples / FREQ over the requests of the sampled loads), kernel and
  # user totals per proxy, and the symbols where igw spends the most above the cheaper other.
  awk -v freq="$FREQ" -v top="$TOP" '
    $1 == "=" { req[$2] += $3; next }
    { key = $3; for (i = 4; i <= NF; i++) key = key " " $i
      us[$1, key] += $2 * 1e6 / freq; keys[key] = 1 }
    END {
      split("nginx haproxy igw", ts, " ")
      for (i = 1; i <= 3; i++) for (k in keys) {
        v = us[ts[i], k] / req[ts[i]]; tot[ts[i]] += v
        if (k ~ /^\[k\]/) kern[ts[i]] += v
      }
      printf "\nperf samples, µs per request: total (kernel)  nginx %.1f (%.1f)  haproxy %.1f (%.1f)  igw %.1f (%.1f)\n",
             tot["nginx"], kern["nginx"], tot["haproxy"], kern["haproxy"], tot["igw"], kern["igw"]
      printf "%-54s %8s %8s %8s %8s\n", "symbol, by igw above the cheaper other", "nginx", "haproxy", "igw", "diff"
      for (k in keys) {
        a = us["nginx", k] / req["nginx"]; b = us["haproxy", k] / req["haproxy"]; g = us["igw", k] / req["igw"]
        d[k] = g - (a < b ? a : b); na[k] = a; hb[k] = b; ig[k] = g
      }
      for (j = 0; j < top; j++) {
        best = ""
        for (k in d) if (best == "" || d[k] > d[best]) best = k
        if (best == "") break
        printf "%-54s %8.3f %8.3f %8.3f %+8.3f\n", substr(best, 1, 54), na[best], hb[best], ig[best], d[best]
        delete d[best]
      }
    }' "$WORK/symbols.txt"
fi
