#!/usr/bin/env bash
# The README's first command: installs what is missing, builds igw, lints the shipped examples
# and serves them (built-in echo upstreams, development certificates generated locally), printing
# the curl commands to try. Ctrl-C stops the gateway.
#
# Usage: scripts/run.sh [--lint-only]
# Knobs: IGW_PORT_OFFSET (added to every listening port; default 0), IGW_ADMIN (default
# 127.0.0.1:15000), IGW_DEV_CERTS (default build/dev-certs).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target igw -j "$(nproc)"
igw=build/release/tools/igw/igw

echo
echo "== igw lint examples/"
"$igw" lint examples/
[[ "${1:-}" == "--lint-only" ]] && exit 0

offset=${IGW_PORT_OFFSET:-0}
admin=${IGW_ADMIN:-127.0.0.1:15000}
dev_certs=${IGW_DEV_CERTS:-build/dev-certs}
http=$((8080 + offset))
https=$((8443 + offset))
ca=examples/certs/example-ca.crt

cat <<EOF

== igw serve -f examples/ (Ctrl-C stops it)
The ingress Service of examples/05-ports maps port 80 to $http and 443 to $https on this machine
(plus IGW_PORT_OFFSET=$offset); --connect-to sends the real host names there. Try:

  curl -i --connect-to ::127.0.0.1:$http http://app.example.com/
  curl --cacert $ca --connect-to ::127.0.0.1:$https https://api.example.com/api/v1/users
  curl -i --cacert $ca --connect-to ::127.0.0.1:$https -X OPTIONS \\
       -H 'Origin: https://app.example.com' -H 'Access-Control-Request-Method: PUT' \\
       https://api.example.com/api/v1/users
  curl --cacert $ca --connect-to ::127.0.0.1:$https \\
       --cert examples/certs/example-client.crt --key examples/certs/example-client.key \\
       https://api.mtls.example.com/
  curl http://$admin/stats/prometheus | grep istio_requests_total

The same requests, explained offline:
  $igw routes -f examples/ https://api.example.com/api/v1/users
  $igw curl-sim -f examples/ -- curl -v -L http://www.example.com/

EOF
exec "$igw" serve -f examples/ --echo-upstreams --dev-certs="$dev_certs" \
  --port-offset "$offset" --admin "$admin"
