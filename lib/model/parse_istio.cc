#include "lib/model/parse_istio.h"

namespace igw::model::detail {

using config::Node;

namespace {

std::vector<NamedStringMatch> parse_match_map(const Reader& r, const Node* m,
                                              std::string_view key) {
  std::vector<NamedStringMatch> out;
  const Node* mm = r.map(m, key);
  if (!mm)
    return out;
  for (const auto& [k, v] : mm->entries) {
    NamedStringMatch e;
    e.name = r.str_of(k);
    e.null_value = v.is_null();
    if (v.is_map())
      e.match = parse_string_match(r, v);
    e.match.loc = r.loc(v);
    out.push_back(std::move(e));
  }
  return out;
}

std::optional<StringMatch> opt_match(const Reader& r, const Node* m, std::string_view key) {
  const Node* n = r.map(m, key);
  if (!n)
    return std::nullopt;
  return parse_string_match(r, *n);
}

std::optional<PortSelector> parse_port_selector(const Reader& r, const Node* m) {
  const Node* p = r.map(m, "port");
  if (!p)
    return std::nullopt;
  PortSelector s;
  s.number = r.integer(p, "number");
  s.loc = r.loc(*p);
  return s;
}

std::optional<HeaderOperations> parse_header_ops(const Reader& r, const Node* m,
                                                 std::string_view key) {
  const Node* n = r.map(m, key);
  if (!n)
    return std::nullopt;
  HeaderOperations h;
  h.set = r.string_map(n, "set");
  h.add = r.string_map(n, "add");
  h.remove = r.str_list(n, "remove");
  h.loc = r.loc(*n);
  return h;
}

std::optional<Headers> parse_headers(const Reader& r, const Node* m) {
  const Node* n = r.map(m, "headers");
  if (!n)
    return std::nullopt;
  Headers h;
  h.request = parse_header_ops(r, n, "request");
  h.response = parse_header_ops(r, n, "response");
  h.loc = r.loc(*n);
  return h;
}

std::optional<Percent> parse_percent(const Reader& r, const Node* m, std::string_view key) {
  const Node* n = r.map(m, key);
  if (!n)
    return std::nullopt;
  Percent p;
  p.value = r.number(n, "value");
  p.loc = r.loc(*n);
  return p;
}

std::optional<Destination> opt_destination(const Reader& r, const Node* m, std::string_view key) {
  const Node* n = r.map(m, key);
  if (!n)
    return std::nullopt;
  return parse_destination(r, *n);
}

HttpMatchRequest parse_http_match(const Reader& r, const Node& n, uint32_t index) {
  HttpMatchRequest m;
  m.index = index;
  m.loc = r.loc(n);
  if (!n.is_map())
    return m;
  m.name = r.str(&n, "name");
  m.uri = opt_match(r, &n, "uri");
  m.scheme = opt_match(r, &n, "scheme");
  m.method = opt_match(r, &n, "method");
  m.authority = opt_match(r, &n, "authority");
  m.headers = parse_match_map(r, &n, "headers");
  m.query_params = parse_match_map(r, &n, "queryParams");
  m.without_headers = parse_match_map(r, &n, "withoutHeaders");
  m.port = r.integer(&n, "port");
  m.source_labels = r.string_map(&n, "sourceLabels");
  m.gateways = r.str_list(&n, "gateways");
  m.ignore_uri_case = r.boolean(&n, "ignoreUriCase");
  m.source_namespace = r.str(&n, "sourceNamespace");
  m.stat_prefix = r.str(&n, "statPrefix");
  return m;
}

CorsPolicy parse_cors(const Reader& r, const Node& n) {
  CorsPolicy c;
  c.loc = r.loc(n);
  if (const Node* s = r.seq(&n, "allowOrigins")) {
    c.has_allow_origins = true;
    for (const auto& item : s->items) {
      StringMatch sm;
      if (item.is_map())
        sm = parse_string_match(r, item);
      sm.loc = r.loc(item);
      c.allow_origins.push_back(std::move(sm));
    }
  }
  c.allow_origin = r.str_list(&n, "allowOrigin");
  c.allow_methods = r.str_list(&n, "allowMethods");
  c.allow_headers = r.str_list(&n, "allowHeaders");
  c.expose_headers = r.str_list(&n, "exposeHeaders");
  c.max_age = r.str(&n, "maxAge");
  c.allow_credentials = r.boolean(&n, "allowCredentials");
  c.unmatched_preflights = r.str(&n, "unmatchedPreflights");
  return c;
}

HttpRoute parse_http_route(const Reader& r, const Node& n, uint32_t index) {
  HttpRoute h;
  h.index = index;
  h.loc = r.loc(n);
  if (!n.is_map()) {
    h.null_entry = n.is_null();
    return h;
  }
  h.name = r.str(&n, "name");
  if (const Node* s = r.seq(&n, "match")) {
    uint32_t i = 0;
    for (const auto& item : s->items)
      h.match.push_back(parse_http_match(r, item, i++));
  }
  if (const Node* s = r.seq(&n, "route")) {
    for (const auto& item : s->items) {
      HttpRouteDestination d;
      d.loc = r.loc(item);
      if (item.is_map()) {
        d.destination = opt_destination(r, &item, "destination");
        d.weight = r.integer(&item, "weight");
        d.headers = parse_headers(r, &item);
      }
      h.route.push_back(std::move(d));
    }
  }
  if (const Node* red = r.map(&n, "redirect")) {
    HttpRedirect x;
    x.loc = r.loc(*red);
    x.uri = r.str(red, "uri");
    x.prefix_rewrite = r.str(red, "prefixRewrite");
    x.authority = r.str(red, "authority");
    x.port = r.integer(red, "port");
    x.derive_port = r.str(red, "derivePort");
    x.scheme = r.str(red, "scheme");
    x.redirect_code = r.integer(red, "redirectCode");
    h.redirect = std::move(x);
  }
  if (const Node* dr = r.map(&n, "directResponse")) {
    HttpDirectResponse x;
    x.loc = r.loc(*dr);
    x.status = r.integer(dr, "status");
    if (const Node* b = r.map(dr, "body")) {
      HttpBody body;
      body.loc = r.loc(*b);
      body.string = r.str(b, "string");
      body.bytes = r.str(b, "bytes");
      x.body = std::move(body);
    }
    h.direct_response = std::move(x);
  }
  if (const Node* d = r.map(&n, "delegate")) {
    Delegate x;
    x.loc = r.loc(*d);
    x.name = r.str(d, "name");
    x.namespace_ = r.str(d, "namespace");
    h.delegate = std::move(x);
  }
  if (const Node* rw = r.map(&n, "rewrite")) {
    HttpRewrite x;
    x.loc = r.loc(*rw);
    x.uri = r.str(rw, "uri");
    x.authority = r.str(rw, "authority");
    if (const Node* rr = r.map(rw, "uriRegexRewrite")) {
      RegexRewrite y;
      y.loc = r.loc(*rr);
      y.match = r.str(rr, "match");
      y.rewrite = r.str(rr, "rewrite");
      x.uri_regex_rewrite = std::move(y);
    }
    h.rewrite = std::move(x);
  }
  h.timeout = r.str(&n, "timeout");
  if (const Node* rt = r.map(&n, "retries")) {
    HttpRetry x;
    x.loc = r.loc(*rt);
    x.attempts = r.integer(rt, "attempts");
    x.per_try_timeout = r.str(rt, "perTryTimeout");
    x.retry_on = r.str(rt, "retryOn");
    x.retry_remote_localities = r.boolean(rt, "retryRemoteLocalities");
    x.retry_ignore_previous_hosts = r.boolean(rt, "retryIgnorePreviousHosts");
    x.backoff = r.str(rt, "backoff");
    h.retries = std::move(x);
  }
  if (const Node* f = r.map(&n, "fault")) {
    HttpFaultInjection x;
    x.loc = r.loc(*f);
    if (const Node* d = r.map(f, "delay")) {
      FaultDelay y;
      y.loc = r.loc(*d);
      y.fixed_delay = r.str(d, "fixedDelay");
      y.exponential_delay = r.str(d, "exponentialDelay");
      y.percentage = parse_percent(r, d, "percentage");
      y.percent = r.integer(d, "percent");
      x.delay = std::move(y);
    }
    if (const Node* a = r.map(f, "abort")) {
      FaultAbort y;
      y.loc = r.loc(*a);
      y.http_status = r.integer(a, "httpStatus");
      y.grpc_status = r.str(a, "grpcStatus");
      y.http2_error = r.str(a, "http2Error");
      y.percentage = parse_percent(r, a, "percentage");
      x.abort = std::move(y);
    }
    h.fault = std::move(x);
  }
  h.mirror = opt_destination(r, &n, "mirror");
  h.mirror_percentage = parse_percent(r, &n, "mirrorPercentage");
  h.mirror_percent = r.integer(&n, "mirrorPercent");
  if (const Node* ms = r.seq(&n, "mirrors")) {
    for (const auto& item : ms->items) {
      HttpMirrorPolicy p;
      p.loc = r.loc(item);
      p.null_entry = item.is_null();
      if (item.is_map()) {
        p.destination = opt_destination(r, &item, "destination");
        p.percentage = parse_percent(r, &item, "percentage");
      }
      h.mirrors.push_back(std::move(p));
    }
  }
  if (const Node* c = r.map(&n, "corsPolicy"))
    h.cors_policy = parse_cors(r, *c);
  h.headers = parse_headers(r, &n);
  return h;
}

std::vector<RouteDestination> parse_route_destinations(const Reader& r, const Node* m) {
  std::vector<RouteDestination> out;
  const Node* s = r.seq(m, "route");
  if (!s)
    return out;
  for (const auto& item : s->items) {
    RouteDestination d;
    d.loc = r.loc(item);
    if (item.is_map()) {
      d.destination = opt_destination(r, &item, "destination");
      d.weight = r.integer(&item, "weight");
    }
    out.push_back(std::move(d));
  }
  return out;
}

ClientTlsSettings parse_client_tls(const Reader& r, const Node& n) {
  ClientTlsSettings t;
  t.loc = r.loc(n);
  t.mode = r.str(&n, "mode");
  t.client_certificate = r.str(&n, "clientCertificate");
  t.private_key = r.str(&n, "privateKey");
  t.ca_certificates = r.str(&n, "caCertificates");
  t.credential_name = r.str(&n, "credentialName");
  t.subject_alt_names = r.str_list(&n, "subjectAltNames");
  t.sni = r.str(&n, "sni");
  t.insecure_skip_verify = r.boolean(&n, "insecureSkipVerify");
  t.ca_crl = r.str(&n, "caCrl");
  return t;
}

RawField raw(const Reader& r, const Node* m, std::string_view key) {
  RawField f;
  if (const Node* n = m ? m->find(key) : nullptr) {
    f.node = n;
    f.loc = r.loc(*n);
  }
  return f;
}

TrafficPolicy parse_traffic_policy(const Reader& r, const Node& n) {
  TrafficPolicy p;
  p.loc = r.loc(n);
  p.load_balancer = raw(r, &n, "loadBalancer");
  p.connection_pool = raw(r, &n, "connectionPool");
  p.outlier_detection = raw(r, &n, "outlierDetection");
  if (const Node* t = r.map(&n, "tls"))
    p.tls = parse_client_tls(r, *t);
  if (const Node* s = r.seq(&n, "portLevelSettings")) {
    p.has_port_level_settings = true;
    for (const auto& item : s->items) {
      PortTrafficPolicy pp;
      pp.loc = r.loc(item);
      pp.null_entry = item.is_null();
      if (item.is_map()) {
        pp.port = parse_port_selector(r, &item);
        pp.load_balancer = raw(r, &item, "loadBalancer");
        pp.connection_pool = raw(r, &item, "connectionPool");
        pp.outlier_detection = raw(r, &item, "outlierDetection");
        if (const Node* t = r.map(&item, "tls"))
          pp.tls = parse_client_tls(r, *t);
      }
      p.port_level_settings.push_back(std::move(pp));
    }
  }
  p.tunnel = raw(r, &n, "tunnel");
  p.proxy_protocol = raw(r, &n, "proxyProtocol");
  p.retry_budget = raw(r, &n, "retryBudget");
  return p;
}

}  // namespace

StringMatch parse_string_match(const Reader& r, const Node& n) {
  StringMatch m;
  m.loc = r.loc(n);
  static constexpr std::pair<std::string_view, StringMatch::Kind> kKinds[] = {
      {"exact", StringMatch::Kind::Exact},
      {"prefix", StringMatch::Kind::Prefix},
      {"regex", StringMatch::Kind::Regex}};
  for (const auto& [key, kind] : kKinds) {
    if (n.find(key)) {
      ++m.fields_set;
      if (m.kind == StringMatch::Kind::None) {
        m.kind = kind;
        m.value = r.str(&n, key);
      }
    }
  }
  return m;
}

Destination parse_destination(const Reader& r, const Node& n) {
  Destination d;
  d.loc = r.loc(n);
  d.host = r.str(&n, "host");
  d.subset = r.str(&n, "subset");
  d.port = parse_port_selector(r, &n);
  return d;
}

void parse_gateway(const Reader& r, const Node& spec, Gateway& out) {
  if (const Node* sel = spec.find("selector")) {
    out.has_selector = true;
    out.selector = r.string_map(&spec, "selector");
    (void)sel;
  }
  const Node* servers = r.seq(&spec, "servers");
  if (!servers)
    return;
  uint32_t index = 0;
  for (const auto& s : servers->items) {
    Server srv;
    srv.index = index++;
    srv.loc = r.loc(s);
    if (s.is_map()) {
      if (const Node* p = r.map(&s, "port")) {
        Port port;
        port.loc = r.loc(*p);
        port.number = r.integer(p, "number");
        port.protocol = r.str(p, "protocol");
        port.name = r.str(p, "name");
        port.target_port = r.integer(p, "targetPort");
        srv.port = std::move(port);
      }
      srv.bind = r.str(&s, "bind");
      srv.hosts = r.str_list(&s, "hosts");
      srv.default_endpoint = r.str(&s, "defaultEndpoint");
      srv.name = r.str(&s, "name");
      if (const Node* t = r.map(&s, "tls")) {
        ServerTlsSettings tls;
        tls.loc = r.loc(*t);
        tls.https_redirect = r.boolean(t, "httpsRedirect");
        tls.mode = r.str(t, "mode");
        tls.server_certificate = r.str(t, "serverCertificate");
        tls.private_key = r.str(t, "privateKey");
        tls.ca_certificates = r.str(t, "caCertificates");
        tls.ca_crl = r.str(t, "caCrl");
        tls.credential_name = r.str(t, "credentialName");
        tls.credential_names = r.str_list(t, "credentialNames");
        if (const Node* tc = r.seq(t, "tlsCertificates")) {
          for (const auto& item : tc->items) {
            TlsCertificate c;
            c.loc = r.loc(item);
            c.server_certificate = r.str(&item, "serverCertificate");
            c.private_key = r.str(&item, "privateKey");
            c.ca_certificates = r.str(&item, "caCertificates");
            tls.tls_certificates.push_back(std::move(c));
          }
        }
        tls.ca_cert_credential_name = r.str(t, "caCertCredentialName");
        tls.subject_alt_names = r.str_list(t, "subjectAltNames");
        tls.verify_certificate_spki = r.str_list(t, "verifyCertificateSpki");
        tls.verify_certificate_hash = r.str_list(t, "verifyCertificateHash");
        tls.min_protocol_version = r.str(t, "minProtocolVersion");
        tls.max_protocol_version = r.str(t, "maxProtocolVersion");
        tls.cipher_suites = r.str_list(t, "cipherSuites");
        srv.tls = std::move(tls);
      }
    }
    out.servers.push_back(std::move(srv));
  }
}

void parse_virtual_service(const Reader& r, const Node& spec, VirtualService& out) {
  out.spec_loc = r.loc(spec);
  out.hosts = r.str_list(&spec, "hosts");
  out.gateways = r.str_list(&spec, "gateways");
  out.export_to = r.str_list(&spec, "exportTo");
  if (const Node* s = r.seq(&spec, "http")) {
    uint32_t i = 0;
    for (const auto& item : s->items)
      out.http.push_back(parse_http_route(r, item, i++));
  }
  if (const Node* s = r.seq(&spec, "tls")) {
    uint32_t i = 0;
    for (const auto& item : s->items) {
      TlsRoute t;
      t.index = i++;
      t.loc = r.loc(item);
      if (const Node* ms = r.seq(&item, "match")) {
        for (const auto& m : ms->items) {
          TlsMatchAttributes a;
          a.loc = r.loc(m);
          a.null_entry = m.is_null();
          a.sni_hosts = r.str_list(&m, "sniHosts");
          a.destination_subnets = r.str_list(&m, "destinationSubnets");
          a.port = r.integer(&m, "port");
          a.source_labels = r.string_map(&m, "sourceLabels");
          a.gateways = r.str_list(&m, "gateways");
          a.source_namespace = r.str(&m, "sourceNamespace");
          t.match.push_back(std::move(a));
        }
      }
      t.route = parse_route_destinations(r, &item);
      out.tls.push_back(std::move(t));
    }
  }
  if (const Node* s = r.seq(&spec, "tcp")) {
    uint32_t i = 0;
    for (const auto& item : s->items) {
      TcpRoute t;
      t.index = i++;
      t.loc = r.loc(item);
      if (const Node* ms = r.seq(&item, "match")) {
        for (const auto& m : ms->items) {
          L4MatchAttributes a;
          a.loc = r.loc(m);
          a.null_entry = m.is_null();
          a.destination_subnets = r.str_list(&m, "destinationSubnets");
          a.port = r.integer(&m, "port");
          a.source_labels = r.string_map(&m, "sourceLabels");
          a.gateways = r.str_list(&m, "gateways");
          a.source_namespace = r.str(&m, "sourceNamespace");
          t.match.push_back(std::move(a));
        }
      }
      t.route = parse_route_destinations(r, &item);
      out.tcp.push_back(std::move(t));
    }
  }
}

void parse_destination_rule(const Reader& r, const Node& spec, DestinationRule& out) {
  out.host = r.str(&spec, "host");
  if (const Node* tp = r.map(&spec, "trafficPolicy"))
    out.traffic_policy = parse_traffic_policy(r, *tp);
  if (const Node* s = r.seq(&spec, "subsets")) {
    for (const auto& item : s->items) {
      Subset sub;
      sub.loc = r.loc(item);
      sub.null_entry = item.is_null();
      sub.name = r.str(&item, "name");
      sub.labels = r.string_map(&item, "labels");
      if (const Node* tp = r.map(&item, "trafficPolicy")) {
        sub.traffic_policy = parse_traffic_policy(r, *tp);
      }
      out.subsets.push_back(std::move(sub));
    }
  }
  out.export_to = r.str_list(&spec, "exportTo");
  if (const Node* ws = r.map(&spec, "workloadSelector")) {
    WorkloadSelector w;
    w.loc = r.loc(*ws);
    w.match_labels = r.string_map(ws, "matchLabels");
    out.workload_selector = std::move(w);
  }
}

void parse_service_entry(const Reader& r, const Node& spec, ServiceEntry& out) {
  out.hosts = r.str_list(&spec, "hosts");
  out.addresses = r.str_list(&spec, "addresses");
  if (const Node* s = r.seq(&spec, "ports")) {
    for (const auto& item : s->items) {
      ServicePort p;
      p.loc = r.loc(item);
      p.number = r.integer(&item, "number");
      p.protocol = r.str(&item, "protocol");
      p.name = r.str(&item, "name");
      p.target_port = r.integer(&item, "targetPort");
      out.ports.push_back(std::move(p));
    }
  }
  out.location = r.str(&spec, "location");
  out.resolution = r.str(&spec, "resolution");
  if (const Node* s = r.seq(&spec, "endpoints")) {
    for (const auto& item : s->items) {
      WorkloadEntrySpec e;
      e.loc = r.loc(item);
      e.address = r.str(&item, "address");
      if (const Node* ports = r.map(&item, "ports")) {
        for (const auto& [k, v] : ports->entries)
          e.ports.emplace_back(r.str_of(k), r.int_of(v));
      }
      e.labels = r.string_map(&item, "labels");
      e.network = r.str(&item, "network");
      e.locality = r.str(&item, "locality");
      e.weight = r.integer(&item, "weight");
      e.service_account = r.str(&item, "serviceAccount");
      out.endpoints.push_back(std::move(e));
    }
  }
  if (const Node* ws = r.map(&spec, "workloadSelector")) {
    out.workload_selector = r.string_map(ws, "labels");
  }
  out.export_to = r.str_list(&spec, "exportTo");
  out.subject_alt_names = r.str_list(&spec, "subjectAltNames");
}

}  // namespace igw::model::detail
