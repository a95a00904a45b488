#!/usr/bin/env bash
# Generates the EXAMPLE-ONLY certificates of examples/: an example CA, one ECDSA P-256 server
# certificate per Gateway credentialName (for exactly the hosts of the servers that use it), the
# Kubernetes Secret manifests holding them, and a client certificate for the MUTUAL examples.
#
# The CA's private key lives only in a temporary directory and is deleted when the script ends,
# so nobody (not even whoever ran this) can issue more certificates from the committed CA. Every
# certificate is valid for 100 years, so expiry checks never fire on the examples. Re-running the
# script replaces the CA and every certificate and Secret it wrote.
#
# Usage: scripts/make-example-certs.sh [EXAMPLES_DIR]   (default: examples/ beside this script)
set -euo pipefail

examples=${1:-"$(cd "$(dirname "$0")/.." && pwd)/examples"}
if [[ ! -d $examples ]]; then
  echo "make-example-certs: $examples is not a directory" >&2
  exit 1
fi
command -v openssl >/dev/null || {
  echo "make-example-certs: openssl not found (apt-get install -y openssl)" >&2
  exit 1
}

days=36525        # 100 years (leaf certificates)
ca_days=36526     # one day more, so no leaf outlives its issuer
namespace=istio-system

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT  # takes the CA key with it

serial() { echo "0x1$(openssl rand -hex 15)"; }

# --- the example CA -------------------------------------------------------------------------
mkdir -p "$examples/certs"
openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -keyout "$work/ca.key" -out "$examples/certs/example-ca.crt" -days "$ca_days" \
  -set_serial "$(serial)" \
  -subj "/O=igw examples (EXAMPLE ONLY)/CN=igw example CA - example only, key destroyed" \
  -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null

# issue NAME KIND CN [SAN...]: writes $work/NAME.crt and $work/NAME.key signed by the CA.
# KIND is "server" or "client".
issue() {
  local name=$1 kind=$2 cn=$3
  shift 3
  local ext="$work/$name.ext"
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature"
    if [[ $kind == server ]]; then
      echo "extendedKeyUsage=serverAuth"
      local sans="" h
      for h in "$@"; do sans+="${sans:+,}DNS:$h"; done
      echo "subjectAltName=$sans"
    else
      echo "extendedKeyUsage=clientAuth"
      echo "subjectAltName=URI:spiffe://example.com/example-client"
    fi
    echo "subjectKeyIdentifier=hash"
    echo "authorityKeyIdentifier=keyid"
  } >"$ext"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$work/$name.key" -out "$work/$name.csr" \
    -subj "/O=igw examples (EXAMPLE ONLY)/CN=$cn" 2>/dev/null
  openssl x509 -req -in "$work/$name.csr" -CA "$examples/certs/example-ca.crt" \
    -CAkey "$work/ca.key" -set_serial "$(serial)" -days "$days" -extfile "$ext" \
    -out "$work/$name.crt" 2>/dev/null
}

b64() { base64 -w0 <"$1"; }

header() {
  cat <<EOF
# EXAMPLE ONLY -- written by scripts/make-example-certs.sh; do not edit by hand, re-run the script.
# These private keys are public (they are in this repository): never use them outside examples.
# The certificates are ECDSA P-256, valid for 100 years, signed by examples/certs/example-ca.crt
# whose private key was destroyed after signing. Each one names exactly the hosts of the Gateway
# servers that reference it.
EOF
}

# tls_secret NAME WITH_CA CN [HOST...]: one kubernetes.io/tls Secret document on stdout; with
# WITH_CA=yes it also carries ca.crt (the CA that MUTUAL servers verify client certificates with).
tls_secret() {
  local name=$1 with_ca=$2
  shift 2
  issue "$name" server "$@"
  shift  # the CN
  echo "---"
  echo "# hosts: $*"
  cat <<EOF
apiVersion: v1
kind: Secret
metadata:
  name: $name
  namespace: $namespace
type: kubernetes.io/tls
data:
  tls.crt: $(b64 "$work/$name.crt")
  tls.key: $(b64 "$work/$name.key")
EOF
  if [[ $with_ca == yes ]]; then
    echo "  ca.crt: $(b64 "$examples/certs/example-ca.crt")"
  fi
}

# cacert_secret NAME: the separate "<credentialName>-cacert" Secret form of the client CA.
cacert_secret() {
  cat <<EOF
---
# The client CA for credentialName ${1%-cacert}, in the separate "<credentialName>-cacert" form.
apiVersion: v1
kind: Secret
metadata:
  name: $1
  namespace: $namespace
type: Opaque
data:
  ca.crt: $(b64 "$examples/certs/example-ca.crt")
EOF
}

# write SET: stdin (the Secret documents) becomes examples/SET/secrets.yaml.
write() {
  local dir="$examples/$1"
  mkdir -p "$dir"
  { header; cat; } >"$dir/secrets.yaml"
  echo "wrote $dir/secrets.yaml"
}

{
  tls_secret api-example-cert no api.multihost.example.com api.multihost.example.com
  tls_secret app-example-cert no app.multihost.example.com app.multihost.example.com
} | write 01-multi-host

tls_secret wildcard-example-cert no "*.example.com" "*.example.com" example.com | write 02-wildcard

{
  tls_secret app-cert no app.multiprotocol.example.com app.multiprotocol.example.com
  tls_secret grpc-cert no grpc.multiprotocol.example.com grpc.multiprotocol.example.com
  tls_secret db-cert no db.example.com db.example.com
} | write 03-multi-protocol

{
  # The cert-manager Certificate in this set asks for both names, so its Secret carries both.
  tls_secret secure-example-cert no secure.example.com secure.example.com www.secure.example.com
  tls_secret api-mtls-cert yes api.mtls.example.com api.mtls.example.com
  tls_secret portal-mtls-cert no portal.mtls.example.com portal.mtls.example.com
  cacert_secret portal-mtls-cert-cacert
} | write 04-tls-modes

tls_secret ports-app-cert no app.ports.example.com app.ports.example.com | write 05-ports

tls_secret cors-example-cert no api.cors.example.com \
  api.cors.example.com api-prod.cors.example.com api-dev.cors.example.com | write 06-cors

{
  tls_secret web-tls-cert no app.example.com app.example.com www.example.com
  tls_secret api-tls-cert no api.example.com api.example.com
  tls_secret grpc-tls-cert no grpc.example.com grpc.example.com
} | write 07-production

# The client certificate for `curl --cert` against the MUTUAL and OPTIONAL_MUTUAL servers.
issue example-client client example-client
cp "$work/example-client.crt" "$examples/certs/example-client.crt"
cp "$work/example-client.key" "$examples/certs/example-client.key"
chmod 0644 "$examples/certs/example-client.key"  # public on purpose: it is an example
echo "wrote $examples/certs/{example-ca.crt,example-client.crt,example-client.key}"
