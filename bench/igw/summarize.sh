#!/usr/bin/env bash
# Summarises one or more results.csv files of ../shared/bench/run.sh against the target
# for igw: per case, igw next to nginx, HAProxy and nghttpx (means over every round given), the
# ratio to nginx and to the best of the three, and per round whether igw met the target
# (cpu µs/req ≤ best, rps ≥ best, p99 ≤ best, zero errors).
#
#   bench/igw/summarize.sh /tmp/igw-bench-results/<stamp>/results.csv [more.csv...]
#
# Rounds of different files are kept apart (file 1 round 1 is "1.1"). Ratios inside a round
# compare targets measured minutes apart on the same machine; means across files mix machine
# states, so read the per-round lines (and their medians, at the end) before the means.
set -euo pipefail
(($# > 0)) || { echo "usage: $0 results.csv..." >&2; exit 2; }
PROXY=${PROXY_NAME:-igw}
for f in "$@"; do
  n=$((${n:-0} + 1))
  awk -F, -v f="$n" 'NR > 1 { print f "." $1 "," $0 }' "$f" | cut -d, -f1,3-
done | awk -F, -v proxy="$PROXY" '
  { key = $1 SUBSEP $2 SUBSEP $3; rps[key] = $5; p99[key] = $7; err[key] = $8; cpu[key] = $9
    if (!($1 in rounds)) { rounds[$1] = 1; rl[++nr] = $1 }; cases[$2] = 1; seen[$2 SUBSEP $3] = 1 }
  END {
    split("h1 h1tls h2tls h2c hs resume tlsbig tcp sni", order, " ")
    split("nginx haproxy nghttpx", refs, " ")
    print "| case | target | rounds | rps | p99 ms | cpu µs/req | cpu vs nginx | cpu vs best | errors |"
    print "|---|---|---:|---:|---:|---:|---:|---:|---:|"
    for (oi = 1; oi <= 9; oi++) {
      c = order[oi]; if (!(c in cases)) continue
      split("nginx haproxy nghttpx " proxy, tl, " ")
      delete mcpu
      for (ti = 1; ti <= 4; ti++) {
        t = tl[ti]; if (!((c SUBSEP t) in seen)) continue
        sr = sp = sc = se = k = kp = 0
        for (i = 1; i <= nr; i++) {
          key = rl[i] SUBSEP c SUBSEP t; if (!(key in cpu)) continue
          k++; sr += rps[key]; sc += cpu[key]; e = err[key]; gsub(/[^0-9+]/, "", e); split(e, ep, "+"); se += ep[1]
          if (p99[key] != "") { kp++; sp += p99[key] }
        }
        mcpu[t] = sc / k; mrps[t] = sr / k; mp99[t] = kp ? sp / kp : -1; merr[t] = se; mk[t] = k
      }
      best = 1e18; for (ri = 1; ri <= 3; ri++) if ((refs[ri] in mcpu) && mcpu[refs[ri]] < best) best = mcpu[refs[ri]]
      for (ti = 1; ti <= 4; ti++) {
        t = tl[ti]; if (!(t in mcpu)) continue
        printf "| %s | %s | %d | %.0f | %s | %.1f | %.2f | %.2f | %d |\n", c, t, mk[t], mrps[t],
          mp99[t] < 0 ? "-" : sprintf("%.1f", mp99[t]), mcpu[t], mcpu[t] / mcpu["nginx"], mcpu[t] / best, merr[t]
      }
    }
    print ""
    print "Per round: " proxy " / best of nginx, haproxy, nghttpx (cpu: lower is better; rps: higher is better; p99: lower is better)"
    print ""
    print "| round | case | cpu ratio | rps ratio | p99 ratio | errors | target met |"
    print "|---|---|---:|---:|---:|---:|---|"
    for (i = 1; i <= nr; i++) for (oi = 1; oi <= 9; oi++) {
      c = order[oi]; r = rl[i]; pk = r SUBSEP c SUBSEP proxy; if (!(pk in cpu)) continue
      bc = 1e18; br = 0; bp = 1e18
      for (ri = 1; ri <= 3; ri++) { key = r SUBSEP c SUBSEP refs[ri]; if (!(key in cpu)) continue
        if (cpu[key] < bc) bc = cpu[key]; if (rps[key] > br) br = rps[key]; if (p99[key] != "" && p99[key] < bp) bp = p99[key] }
      pr = (p99[pk] != "" && bp < 1e18) ? sprintf("%.2f", p99[pk] / bp) : "-"
      e = err[pk]; met = (cpu[pk] <= bc && rps[pk] >= br && (pr == "-" || pr + 0 <= 1) && e == "0") ? "yes" : "no"
      printf "| %s | %s | %.2f | %.2f | %s | %s | %s |\n", r, c, cpu[pk] / bc, rps[pk] / br, pr, e, met
      n = ++pn[c]; pc[c, n] = cpu[pk] / bc; if (cpu[pk] <= bc) pcpu[c]++; if (met == "yes") pmet[c]++
    }
    # The paired ratios per case: one slow spell of the machine moves a mean, not a median.
    print ""
    print "Per case over the rounds: the median of the rounds\x27 cpu ratios, and in how many rounds the cpu"
    print "condition and every condition held"
    print ""
    print "| case | rounds | median cpu ratio | cpu ≤ best | target met |"
    print "|---|---:|---:|---:|---:|"
    for (oi = 1; oi <= 9; oi++) {
      c = order[oi]; if (!(c in pn)) continue
      n = pn[c]; delete v
      for (i = 1; i <= n; i++) { x = pc[c, i]; j = i - 1; while (j > 0 && v[j] > x) { v[j + 1] = v[j]; j-- }; v[j + 1] = x }
      med = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
      printf "| %s | %d | %.2f | %d of %d | %d of %d |\n", c, n, med, pcpu[c] + 0, n, pmet[c] + 0, n
    }
  }'
