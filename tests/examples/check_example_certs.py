#!/usr/bin/env python3
"""Checks the example certificates that scripts/make-example-certs.sh wrote into examples/.

For every Gateway server with a tls.credentialName in examples/:
  - a Secret of that name exists in the gateway workload namespace (istio-system), of type
    kubernetes.io/tls, with tls.crt and tls.key;
  - the certificate is ECDSA P-256, signed by examples/certs/example-ca.crt (openssl verify,
    purpose sslserver), valid for at least 99 more years, and its key matches;
  - its DNS names are exactly the hosts of the servers using it, plus the dnsNames of a
    cert-manager Certificate that writes the same Secret (it asks for them);
  - MUTUAL and OPTIONAL_MUTUAL servers find the example CA in ca.crt/cacert of the Secret or of
    "<name>-cacert" (Istio's lookup, SEMANTICS.md R1.23).
Also: the example client certificate verifies for client auth and matches its key, and no CA
private key is anywhere under examples/. Needs /usr/bin/python3 with python3-yaml and openssl.
"""

import argparse
import base64
import datetime
import os
import re
import subprocess
import sys
import tempfile

import yaml

ISTIO_NAMESPACE = "istio-system"


def load_objects(root):
    objs = []
    for dirpath, _, names in os.walk(root):
        for name in sorted(names):
            if not name.endswith((".yaml", ".yml")):
                continue
            path = os.path.join(dirpath, name)
            with open(path, encoding="utf-8") as f:
                for doc in yaml.safe_load_all(f):
                    if isinstance(doc, dict) and "kind" in doc:
                        objs.append((path, doc))
    return objs


def openssl(*args, data=None):
    proc = subprocess.run(["openssl", *args], input=data, capture_output=True)
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


def fingerprint_of_public_key(pem_path, is_key):
    args = ["pkey", "-pubout", "-in", pem_path] if is_key else ["x509", "-pubkey", "-noout",
                                                                 "-in", pem_path]
    rc, out, err = openssl(*args)
    return out if rc == 0 else f"error: {err}"


def check_cert(errors, label, crt_path, key_path, ca_path, purpose, want_dns):
    rc, out, err = openssl("verify", "-CAfile", ca_path, "-purpose", purpose, crt_path)
    if rc != 0:
        errors.append(f"{label}: does not verify against {ca_path} for {purpose}: {out}{err}")
    rc, text, _ = openssl("x509", "-noout", "-text", "-in", crt_path)
    if "NIST CURVE: P-256" not in text:
        errors.append(f"{label}: not an ECDSA P-256 certificate")
    rc, end, _ = openssl("x509", "-noout", "-enddate", "-in", crt_path)
    not_after = datetime.datetime.strptime(end.strip().split("=", 1)[1], "%b %d %H:%M:%S %Y %Z")
    if not_after < datetime.datetime.utcnow() + datetime.timedelta(days=99 * 365):
        errors.append(f"{label}: expires {not_after}, less than 99 years from now")
    if key_path and fingerprint_of_public_key(crt_path, False) != fingerprint_of_public_key(
            key_path, True):
        errors.append(f"{label}: the private key does not match the certificate")
    if want_dns is not None:
        dns = set(re.findall(r"DNS:([^,\s]+)", text))
        if dns != want_dns:
            errors.append(f"{label}: DNS names {sorted(dns)}, expected {sorted(want_dns)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("examples")
    args = parser.parse_args()
    root = args.examples
    ca = os.path.join(root, "certs", "example-ca.crt")
    errors = []

    objs = load_objects(root)
    secrets = {(d["metadata"].get("namespace"), d["metadata"]["name"]): d for _, d in objs
               if d["kind"] == "Secret"}
    # credentialName -> (hosts, modes)
    uses = {}
    for path, d in objs:
        if d["kind"] != "Gateway":
            continue
        for s in d["spec"].get("servers", []):
            tls = s.get("tls") or {}
            name = tls.get("credentialName")
            if not name:
                continue
            hosts, modes = uses.setdefault(name, (set(), set()))
            hosts.update(h.split("/", 1)[-1] for h in s.get("hosts", []))
            modes.add(tls.get("mode", "SIMPLE"))
    for _, d in objs:
        if d["kind"] == "Certificate" and d["spec"].get("secretName") in uses:
            uses[d["spec"]["secretName"]][0].update(d["spec"].get("dnsNames", []))

    def data(secret, key):
        raw = (secret or {}).get("data", {}).get(key)
        return base64.b64decode(raw) if raw else None

    with tempfile.TemporaryDirectory() as tmp:
        def dump(name, blob):
            p = os.path.join(tmp, name)
            with open(p, "wb") as f:
                f.write(blob)
            return p

        with open(ca, "rb") as f:
            ca_pem = f.read()
        for name, (hosts, modes) in sorted(uses.items()):
            secret = secrets.get((ISTIO_NAMESPACE, name))
            if secret is None:
                errors.append(f"credentialName {name}: no Secret {ISTIO_NAMESPACE}/{name}")
                continue
            if secret.get("type") != "kubernetes.io/tls":
                errors.append(f"Secret {name}: type {secret.get('type')}, not kubernetes.io/tls")
            crt, key = data(secret, "tls.crt"), data(secret, "tls.key")
            if not crt or not key:
                errors.append(f"Secret {name}: tls.crt or tls.key missing")
                continue
            check_cert(errors, f"Secret {name}", dump(name + ".crt", crt),
                       dump(name + ".key", key), ca, "sslserver", hosts)
            if modes & {"MUTUAL", "OPTIONAL_MUTUAL"}:
                cacert = secrets.get((ISTIO_NAMESPACE, name + "-cacert"))
                source = cacert if cacert is not None else secret
                bundle = data(source, "cacert") or data(source, "ca.crt")
                if bundle != ca_pem:
                    errors.append(f"credentialName {name} ({'/'.join(sorted(modes))}): the "
                                  "client CA is not the example CA")

    check_cert(errors, "examples/certs/example-client.crt",
               os.path.join(root, "certs", "example-client.crt"),
               os.path.join(root, "certs", "example-client.key"), ca, "sslclient", None)

    client_key = os.path.join(root, "certs", "example-client.key")
    for dirpath, _, names in os.walk(root):
        for name in names:
            path = os.path.join(dirpath, name)
            with open(path, "rb") as f:
                if b"PRIVATE KEY-----" in f.read() and path != client_key:
                    errors.append(f"{path}: a PEM private key other than the example client's")

    for e in errors:
        print("FAIL " + e)
    if errors:
        return 1
    print(f"PASS {len(uses)} credentials and the client certificate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
