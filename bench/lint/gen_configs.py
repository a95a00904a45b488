#!/usr/bin/python3
"""Writes a realistic ingress configuration of about N Kubernetes objects for `igw lint` benchmarks.

Usage: gen_configs.py --resources N --out DIR [--seed S]

The output is a directory with one file per namespace (plus istio-system.yaml), as a repository of
manifests or a `kubectl get -A -o yaml` dump split by namespace would be. Every namespace holds a
few apps; each app has a Deployment-like Pod, a Service, a VirtualService with many HTTP rules
(prefix/exact/regex URI matches, header and query matches, redirects, rewrites, CORS, retries,
timeouts, fault injection, mirrors, weighted routes to subsets) and a DestinationRule with
subsets and traffic policies. Each namespace has Gateways with several servers (HTTP with
httpsRedirect, HTTPS SIMPLE/MUTUAL with credentialName, TLS passthrough), and a ServiceEntry for an
external API that some rules route to. istio-system holds the ingress gateway Pod and Service,
the TLS Secrets (one real self-signed certificate, made with the openssl CLI when it exists) and
cert-manager Certificates, so every check family (schema, field rules, cross-resource analyzers,
igw's own checks) has real work. About 2% of the objects carry a mistake (unknown gateway,
missing subset, unknown destination host, unreachable rule, bad regex, deprecated field,
conflicting gateway host, weak TLS, bad port name...), so the run reports findings too.

Only the standard library is used, and the output depends only on N and the seed.
"""

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile

APPS_PER_NAMESPACE = 10
# Objects per app: 2 Pods (v1, v2), Service, VirtualService, DestinationRule; per namespace:
# 2 Gateways, 1 ServiceEntry; in istio-system: one Secret and one Certificate per Gateway.
OBJECTS_PER_APP = 5
OBJECTS_PER_NAMESPACE_FIXED = 2 + 1 + 2 * 2


def make_certificate():
    """A self-signed certificate and key (PEM), or placeholders when openssl is missing."""
    openssl = shutil.which("openssl")
    if openssl:
        with tempfile.TemporaryDirectory() as d:
            crt, key = os.path.join(d, "tls.crt"), os.path.join(d, "tls.key")
            r = subprocess.run(
                [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                 "-nodes", "-days", "3650", "-subj", "/CN=*.example.com", "-addext",
                 "subjectAltName=DNS:*.example.com,DNS:example.com", "-keyout", key, "-out", crt],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            if r.returncode == 0:
                with open(crt, "rb") as f:
                    c = f.read()
                with open(key, "rb") as f:
                    k = f.read()
                return c, k
    return None, None


def b64(data):
    import base64
    return base64.b64encode(data).decode()


class Writer:
    """Accumulates YAML documents for one file."""

    def __init__(self):
        self.docs = []

    def add(self, text):
        self.docs.append(text.strip("\n") + "\n")

    def text(self):
        return "---\n".join(self.docs)


def gateway(ns, name, hosts, cred, flaws, rnd):
    servers = []
    servers.append(f"""\
  - port:
      number: 80
      name: http
      protocol: HTTP
    hosts:
{hosts_block(hosts, 4)}
    tls:
      httpsRedirect: true""")
    min_version = "TLSV1_0" if "weak-tls" in flaws else "TLSV1_2"
    servers.append(f"""\
  - port:
      number: 443
      name: https
      protocol: HTTPS
    hosts:
{hosts_block(hosts, 4)}
    tls:
      mode: SIMPLE
      credentialName: {cred}
      minProtocolVersion: {min_version}""")
    if rnd.random() < 0.5:
        servers.append(f"""\
  - port:
      number: 15443
      name: tls-passthrough
      protocol: TLS
    hosts:
    - "db-{name}.{ns}.example.com"
    tls:
      mode: PASSTHROUGH""")
    return f"""\
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: {name}
  namespace: {ns}
  labels:
    team: {ns}
spec:
  selector:
    istio: ingressgateway
  servers:
{chr(10).join(servers)}
"""


def hosts_block(hosts, indent):
    pad = " " * indent
    return "\n".join(f'{pad}- "{h}"' for h in hosts)


def http_rules(ns, app, host_fqdn, rnd, flaws, external_host):
    """Between 10 and 18 HTTP rules, most specific first, ending in a catch-all."""
    rules = []
    versions = ["v1", "v2"]
    n_api = rnd.randint(3, 7)
    for i in range(n_api):
        weight = rnd.choice([90, 80, 95, 50])
        subset2 = "v3" if ("missing-subset" in flaws and i == 0) else versions[1]
        weights = (weight, 100 - weight) if "bad-weights" not in flaws or i else (weight, 30)
        rules.append(f"""\
  - name: api-v{i}
    match:
    - uri:
        prefix: /api/v{i}/{app}/
      headers:
        x-canary:
          exact: "true"
    - uri:
        prefix: /api/v{i}/{app}
      method:
        regex: "GET|HEAD|POST"
    route:
    - destination:
        host: {host_fqdn}
        subset: {versions[0]}
        port:
          number: 8080
      weight: {weights[0]}
    - destination:
        host: {host_fqdn}
        subset: {subset2}
        port:
          number: 8080
      weight: {weights[1]}
      headers:
        response:
          set:
            x-served-by: {app}-{subset2}
    timeout: {rnd.choice(['5s', '10s', '30s'])}
    retries:
      attempts: {rnd.randint(1, 5)}
      perTryTimeout: {rnd.choice(['1s', '2s', '500ms'])}
      retryOn: gateway-error,connect-failure,refused-stream""")
    bad_regex = "fix-regex" in flaws
    item_regex = "^/items/(?!admin)[0-9]+$" if bad_regex else "^/items/[0-9]{1,12}(/[a-z-]+)?$"
    rules.append(f"""\
  - name: items
    match:
    - uri:
        regex: "{item_regex}"
      queryParams:
        format:
          exact: json
    rewrite:
      uri: /v2/items
    route:
    - destination:
        host: {host_fqdn}
        subset: v2
        port:
          number: 8080""")
    rules.append(f"""\
  - name: legacy
    match:
    - uri:
        prefix: /legacy/{app}
    - uri:
        exact: /old-{app}.html
    redirect:
      uri: /api/v1/{app}
      authority: {app}.{ns}.example.com
      redirectCode: 301""")
    rules.append(f"""\
  - name: health
    match:
    - uri:
        exact: /healthz
    directResponse:
      status: 200
      body:
        string: "ok"
""")
    cors_origin_field = """\
      allowOrigin:
      - https://www.example.com""" if "deprecated-cors" in flaws else f"""\
      allowOrigins:
      - exact: https://www.example.com
      - prefix: https://{ns}.example.com
      - regex: "https://[a-z0-9-]+\\\\.{ns}\\\\.example\\\\.com\""""
    rules.append(f"""\
  - name: browser
    match:
    - uri:
        prefix: /ui/
      headers:
        user-agent:
          regex: ".*(Mozilla|Chrome).*"
    corsPolicy:
{cors_origin_field}
      allowMethods:
      - GET
      - POST
      - OPTIONS
      allowHeaders:
      - authorization
      - content-type
      exposeHeaders:
      - x-request-id
      maxAge: "24h"
      allowCredentials: true
    headers:
      request:
        set:
          x-forwarded-app: {app}
        remove:
        - x-debug
    route:
    - destination:
        host: {host_fqdn}
        subset: v1
        port:
          number: 8080""")
    if rnd.random() < 0.3:
        rules.append(f"""\
  - name: chaos
    match:
    - headers:
        x-chaos:
          exact: delay
    fault:
      delay:
        fixedDelay: 2s
        percentage:
          value: 10.0
      abort:
        httpStatus: 503
        percentage:
          value: 1.0
    route:
    - destination:
        host: {host_fqdn}
        subset: v1
        port:
          number: 8080""")
    if rnd.random() < 0.3:
        rules.append(f"""\
  - name: shadow
    match:
    - uri:
        prefix: /search
    mirror:
      host: {host_fqdn}
      subset: v2
      port:
        number: 8080
    mirrorPercentage:
      value: 5.0
    route:
    - destination:
        host: {host_fqdn}
        subset: v1
        port:
          number: 8080""")
    dest = f"{app}-typo.{ns}.svc.cluster.local" if "unknown-host" in flaws else host_fqdn
    rules.append(f"""\
  - name: partner
    match:
    - uri:
        prefix: /partner/
      ignoreUriCase: true
    rewrite:
      uri: /
      authority: {external_host}
    route:
    - destination:
        host: {external_host}
        port:
          number: 443""")
    rules.append(f"""\
  - name: default
    route:
    - destination:
        host: {dest}
        subset: v1
        port:
          number: 8080""")
    if "unreachable" in flaws:
        rules.append(f"""\
  - name: never
    match:
    - uri:
        prefix: /never
    route:
    - destination:
        host: {host_fqdn}
        port:
          number: 8080""")
    return rules


def virtual_service(ns, app, gateways, rnd, flaws, external_host):
    host_fqdn = f"{app}.{ns}.svc.cluster.local"
    gws = list(gateways)
    if "unknown-gateway" in flaws:
        gws = [g + "-typo" for g in gws]
    rules = http_rules(ns, app, host_fqdn, rnd, flaws, external_host)
    return f"""\
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: {app}
  namespace: {ns}
  labels:
    app: {app}
spec:
  hosts:
  - "{app}.{ns}.example.com"
  gateways:
{hosts_block(gws, 2)}
  http:
{chr(10).join(rules)}
"""


def destination_rule(ns, app, rnd):
    lb = rnd.choice(["ROUND_ROBIN", "LEAST_REQUEST", "RANDOM"])
    return f"""\
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: {app}
  namespace: {ns}
spec:
  host: {app}.{ns}.svc.cluster.local
  trafficPolicy:
    loadBalancer:
      simple: {lb}
    connectionPool:
      tcp:
        maxConnections: {rnd.choice([100, 500, 1000])}
        connectTimeout: 3s
      http:
        http1MaxPendingRequests: 1024
        maxRequestsPerConnection: 100
        idleTimeout: 60s
    outlierDetection:
      consecutive5xxErrors: 5
      interval: 10s
      baseEjectionTime: 30s
      maxEjectionPercent: 50
    tls:
      mode: ISTIO_MUTUAL
  subsets:
  - name: v1
    labels:
      version: v1
  - name: v2
    labels:
      version: v2
    trafficPolicy:
      loadBalancer:
        consistentHash:
          httpHeaderName: x-user
      portLevelSettings:
      - port:
          number: 8080
        connectionPool:
          http:
            http2MaxRequests: 1000
"""


def service(ns, app, flaws):
    http_name = "web" if "bad-port-name" in flaws else "http"
    return f"""\
apiVersion: v1
kind: Service
metadata:
  name: {app}
  namespace: {ns}
  labels:
    app: {app}
spec:
  selector:
    app: {app}
  ports:
  - name: {http_name}
    port: 8080
    targetPort: 8080
    protocol: TCP
  - name: grpc-api
    port: 9090
    targetPort: 9090
"""


def pod(ns, app, version):
    return f"""\
apiVersion: v1
kind: Pod
metadata:
  name: {app}-{version}-7d9f8b6c5-x2x4z
  namespace: {ns}
  labels:
    app: {app}
    version: {version}
spec:
  containers:
  - name: {app}
    image: registry.example.com/{app}:1.4.2
    ports:
    - containerPort: 8080
"""


def service_entry(ns, host):
    return f"""\
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: partner-api
  namespace: {ns}
spec:
  hosts:
  - {host}
  location: MESH_EXTERNAL
  resolution: DNS
  ports:
  - number: 443
    name: https
    protocol: HTTPS
"""


def secret(name, crt, key):
    return f"""\
apiVersion: v1
kind: Secret
metadata:
  name: {name}
  namespace: istio-system
type: kubernetes.io/tls
data:
  tls.crt: {b64(crt)}
  tls.key: {b64(key)}
"""


def certificate(name, hosts):
    return f"""\
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: {name}
  namespace: istio-system
spec:
  secretName: {name}
  issuerRef:
    name: letsencrypt-prod
    kind: ClusterIssuer
  dnsNames:
{hosts_block(hosts, 2)}
  duration: 2160h
  renewBefore: 360h
"""


ISTIO_SYSTEM = """\
apiVersion: v1
kind: Service
metadata:
  name: istio-ingressgateway
  namespace: istio-system
  labels:
    istio: ingressgateway
spec:
  type: LoadBalancer
  selector:
    istio: ingressgateway
  ports:
  - name: http2
    port: 80
    targetPort: 8080
  - name: https
    port: 443
    targetPort: 8443
  - name: tls
    port: 15443
    targetPort: 15443
---
apiVersion: v1
kind: Pod
metadata:
  name: istio-ingressgateway-5c8d7f9b4-abcde
  namespace: istio-system
  labels:
    istio: ingressgateway
    app: istio-ingressgateway
spec:
  containers:
  - name: istio-proxy
    image: docker.io/istio/proxyv2:1.22.0
"""

FLAWS = ["unknown-gateway", "missing-subset", "unknown-host", "unreachable", "fix-regex",
         "deprecated-cors", "bad-port-name", "bad-weights"]


def generate(total, out, seed):
    rnd = random.Random(seed)
    crt, key = make_certificate()
    per_ns = APPS_PER_NAMESPACE * OBJECTS_PER_APP + OBJECTS_PER_NAMESPACE_FIXED
    namespaces = max(1, round((total - 2) / per_ns))
    os.makedirs(out, exist_ok=True)
    system = Writer()
    system.add(ISTIO_SYSTEM)
    count = 2
    # The last namespace is trimmed so that the total comes out at `total`.
    budget = total - 2
    for n in range(namespaces):
        ns = f"team-{n:03d}"
        w = Writer()
        external = f"api.partner{n % 37}.com"
        apps = [f"svc-{n:03d}-{i:02d}" for i in range(APPS_PER_NAMESPACE)]
        fixed = OBJECTS_PER_NAMESPACE_FIXED
        room = budget - fixed if n == namespaces - 1 else per_ns - fixed
        apps = apps[:max(1, min(len(apps), room // OBJECTS_PER_APP))]
        half = (len(apps) + 1) // 2
        groups = [apps[:half], apps[half:]] if len(apps) > 1 else [apps, apps]
        gw_names = [f"{ns}-public", f"{ns}-partners"]
        for g, (gname, members) in enumerate(zip(gw_names, groups)):
            flaws = set()
            if rnd.random() < 0.05:
                flaws.add("weak-tls")
            hosts = [f"{a}.{ns}.example.com" for a in members]
            # A conflicting gateway now and then: the same host on the same port as the first one.
            if g == 1 and rnd.random() < 0.05:
                hosts.append(f"{groups[0][0]}.{ns}.example.com")
            cred = f"{ns}-{'public' if g == 0 else 'partners'}-tls"
            w.add(gateway(ns, gname, hosts, cred, flaws, rnd))
            if crt is not None:
                system.add(secret(cred, crt, key))
            else:
                system.add(f"""\
apiVersion: v1
kind: Secret
metadata:
  name: {cred}
  namespace: istio-system
type: kubernetes.io/tls
data:
  tls.crt: ""
  tls.key: ""
""")
            system.add(certificate(cred, hosts))
            count += 3
        w.add(service_entry(ns, external))
        count += 1
        for app in apps:
            flaws = set()
            if rnd.random() < 0.08:
                flaws.add(rnd.choice(FLAWS))
            gws = [gw_names[0] if app in groups[0] else gw_names[1]]
            w.add(service(ns, app, flaws))
            w.add(pod(ns, app, "v1"))
            w.add(pod(ns, app, "v2"))
            w.add(virtual_service(ns, app, gws, rnd, flaws, external))
            w.add(destination_rule(ns, app, rnd))
            count += OBJECTS_PER_APP
        with open(os.path.join(out, f"{ns}.yaml"), "w") as f:
            f.write(w.text())
        budget -= per_ns
    # Whole apps rarely add up to `total`: the rest are extra replicas of the last namespace's
    # apps, so the object count is exact.
    extra = Writer()
    for i in range(max(0, total - count)):
        app = apps[i % len(apps)]
        extra.add(pod(ns, app, "v1").replace("-x2x4z", f"-r{i:04d}"))
        count += 1
    if extra.docs:
        with open(os.path.join(out, f"{ns}.yaml"), "a") as f:
            f.write("---\n" + extra.text())
    with open(os.path.join(out, "istio-system.yaml"), "w") as f:
        f.write(system.text())
    return count


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--resources", type=int, required=True, help="about how many objects")
    p.add_argument("--out", required=True, help="directory to write (created)")
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    n = generate(a.resources, a.out, a.seed)
    print(f"{n} objects in {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
