// http::simulate: curl's and a browser's view of the gateway, hop by hop, offline.
#include "lib/http/simulate.h"

#include "lib/base/base64.h"
#include "lib/base/strings.h"
#include "lib/http/respond.h"
#include "lib/match/decide.h"

#include <fmt/format.h>

#include <algorithm>
#include <random>
#include <set>

namespace igw::http {

namespace {

using match::Outcome;

bool is_redirect_status(uint32_t s) {
  return s == 301 || s == 302 || s == 303 || s == 307 || s == 308;
}

std::string request_id(std::mt19937_64& rng) {
  uint64_t a = rng();
  uint64_t b = rng();
  // RFC 4122 version 4, variant 10.
  a = (a & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;
  b = (b & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
  return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", a >> 32, (a >> 16) & 0xffff, a & 0xffff,
                     b >> 48, b & 0xffffffffffffULL);
}

// TLS versions in Envoy's names ("TLSv1_2", "TLS_AUTO") and curl's ("1.2") as 10, 11, 12, 13.
int tls_rank_envoy(std::string_view v, int fallback) {
  if (v == "TLSv1_0")
    return 10;
  if (v == "TLSv1_1")
    return 11;
  if (v == "TLSv1_2")
    return 12;
  if (v == "TLSv1_3")
    return 13;
  return fallback;
}

int tls_rank_curl(const std::optional<std::string>& v, int fallback) {
  if (!v)
    return fallback;
  if (*v == "1.0")
    return 10;
  if (*v == "1.1")
    return 11;
  if (*v == "1.2")
    return 12;
  if (*v == "1.3")
    return 13;
  return fallback;
}

std::string tls_name(int rank) {
  return fmt::format("TLSv1.{}", rank - 10);
}

bool host_covered(std::string_view pattern, std::string_view host) {
  size_t slash = pattern.find('/');
  if (slash != std::string_view::npos)
    pattern.remove_prefix(slash + 1);
  if (pattern == "*")
    return true;
  if (pattern.starts_with("*")) {
    std::string_view suffix = pattern.substr(1);
    return host.size() > suffix.size() &&
           base::iequals(host.substr(host.size() - suffix.size()), suffix);
  }
  return base::iequals(pattern, host);
}

Reason info(std::string message) {
  return Reason{"", std::move(message), {}};
}

void note(Exchange& ex, std::string rule, std::string message, base::SourceLoc loc = {}) {
  ex.notes.push_back({std::move(rule), std::move(message), std::move(loc)});
}

void fail(Exchange& ex, int code, std::string text) {
  ex.curl_error = code;
  ex.curl_error_text = std::move(text);
}

std::string ports_list(const compile::RouteTable& table) {
  std::vector<std::string> ports;
  for (const auto& l : table.listeners()) {
    for (uint32_t p : l.gateway_ports) {
      std::string s = std::to_string(p);
      if (std::find(ports.begin(), ports.end(), s) == ports.end())
        ports.push_back(s);
    }
  }
  return ports.empty() ? std::string("none") : base::join(ports, ", ");
}

class Runner {
 public:
  Runner(const compile::RouteTable& table, const CurlCommand& cmd, const SimOptions& o)
      : table_(table), cmd_(cmd), o_(o), rng_(o.seed) {}

  Exchange run(ClientRequest req, ExchangeRole role);

 private:
  bool connect(Exchange& ex);
  void answer(Exchange& ex);
  void simulate_upstream(Exchange& ex, const std::string& method);

  const compile::RouteTable& table_;
  const CurlCommand& cmd_;
  const SimOptions& o_;
  std::mt19937_64 rng_;
};

bool Runner::connect(Exchange& ex) {
  const Url& url = ex.request.url;
  ex.target = connect_target(cmd_, url);
  if (!ex.target.via.empty())
    note(ex, "", "curl " + ex.target.via + " applies to " + url.host_header());

  bool resolvable = ex.target.pinned || url.host_is_ip() || url.host == "localhost" ||
                    gateway_serves_host(table_, url.host);
  if (!resolvable) {
    note(ex, "R1.3",
         fmt::format("no Gateway server of this workload lists a host covering {}, so its DNS "
                     "name would not point at this gateway; add --resolve {}:{}:<gateway "
                     "address> to send it here anyway",
                     url.host, url.host, url.port));
    fail(ex, 6, "Could not resolve host: " + url.host);
    ex.decision.outcome = Outcome::kConnectionClosed;
    ex.decision.close_reason = "the host name does not resolve to this gateway";
    return false;
  }

  // Requests are described in Gateway-port terms (R1.8); accept the listener's own port too.
  uint32_t port = ex.target.port;
  if (!table_.find_listener(port)) {
    for (const auto& l : table_.listeners()) {
      if (l.port == port && !l.gateway_ports.empty()) {
        note(ex, "R1.8",
             fmt::format("port {} is the listener port (targetPort) of Gateway port {}", port,
                         l.gateway_ports.front()));
        port = l.gateway_ports.front();
        break;
      }
    }
  }
  ex.gateway_port = port;
  ex.tls = url.scheme == "https";
  ex.sni = ex.tls && !url.host_is_ip() ? url.host : "";

  match::ConnectionDecision c = match::decide_connection(table_, port, ex.sni, ex.tls, &ex.trace);
  ex.decision.outcome = Outcome::kConnectionClosed;
  ex.decision.listener = c.listener;
  ex.decision.chain = c.chain;
  ex.decision.close_reason = c.close_reason;
  if (!c.listener) {
    note(ex, "R1.9",
         fmt::format("no Gateway server of this workload listens on port {} (ports: {})", port,
                     ports_list(table_)));
    fail(ex, 7,
         fmt::format("Failed to connect to {} port {} after 0 ms: Couldn't connect to server",
                     url.host, ex.target.port));
    return false;
  }
  if (c.closed()) {
    if (ex.tls) {
      note(ex, "R1.13",
           fmt::format("Envoy closes the connection during the TLS handshake: {}", c.close_reason));
      fail(ex, 35,
           fmt::format("OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to {}:{}", url.host,
                       ex.target.port));
    } else {
      note(ex, "R1.13", fmt::format("Envoy closes the connection: {}", c.close_reason));
      fail(ex, 52, "Empty reply from server");
    }
    return false;
  }
  const compile::FilterChain& chain = *c.chain;
  if (ex.tls && chain.tls) {
    const compile::TlsContext& t = *chain.tls;
    int server_min = tls_rank_envoy(t.min_protocol_version, 12);
    int server_max = tls_rank_envoy(t.max_protocol_version, 13);
    int client_min = tls_rank_curl(cmd_.tls_min, 12);
    int client_max = tls_rank_curl(cmd_.tls_max, 13);
    if (client_max < server_min || client_min > server_max) {
      note(ex, "R1.24",
           fmt::format("the server accepts {}..{} and curl offers {}..{}: the handshake fails",
                       tls_name(server_min), tls_name(server_max), tls_name(client_min),
                       tls_name(client_max)),
           t.loc);
      fail(ex, 35, "OpenSSL/3.0: error:0A00042E:SSL routines::tlsv1 alert protocol version");
      return false;
    }
    int version = std::min(server_max, client_max);
    std::string cert = !t.credential_name.empty() ? "credentialName " + t.credential_name
                       : !t.credential_names.empty()
                           ? "credentialNames " + base::join(t.credential_names, ", ")
                       : !t.server_certificate.empty() ? "serverCertificate " + t.server_certificate
                                                       : std::string("no certificate source");
    note(ex, "R1.23",
         fmt::format("TLS {} terminated by the gateway ({} mode {}), certificate from {}",
                     tls_name(version), chain.server.gateway, model::tls_mode_name(t.mode), cert),
         t.loc);
    note(ex, "",
         cmd_.insecure ? std::string("curl -k: the server certificate is not verified")
                       : "curl would verify the server certificate for " + url.host +
                             " against its CA bundle (not simulated offline; -k skips it)");
    if (t.require_client_certificate && !cmd_.client_certificate) {
      note(ex, "R1.22",
           "the server requires a client certificate (mode " +
               std::string(model::tls_mode_name(t.mode)) + ") and curl sent none (--cert)",
           t.loc);
      fail(ex, 56,
           "OpenSSL SSL_read: OpenSSL/3.0: error:0A00045C:SSL routines::tlsv13 alert "
           "certificate required, errno 0");
      return false;
    }
    if (t.validate_client_certificate && cmd_.client_certificate) {
      note(ex, "R1.22",
           "the client certificate is validated against the server's CA; igw does not check "
           "certificates offline",
           t.loc);
    }
    bool h2_offered = std::find(t.alpn.begin(), t.alpn.end(), "h2") != t.alpn.end();
    ex.alpn = ex.request.http2 && h2_offered ? "h2" : "http/1.1";
    ex.http2 = ex.alpn == "h2";
  } else if (ex.tls) {
    // TLS passthrough: the backend terminates TLS and negotiates ALPN.
    ex.alpn = ex.request.http2 ? "h2" : "http/1.1";
    ex.http2 = ex.request.http2;
  } else {
    ex.http2 = ex.request.http2;  // h2c prior knowledge: the AUTO codec accepts it (R1.10)
    ex.alpn = ex.http2 ? "h2c" : "http/1.1";
  }
  ex.request.http2 = ex.http2;
  return true;
}

void Runner::simulate_upstream(Exchange& ex, const std::string& method) {
  ex.source = ResponseSource::kUpstreamSimulated;
  ex.status = o_.upstream_status;
  for (const auto& h : o_.upstream_headers)
    ex.response_headers.add(base::to_lower(h.name), h.value);
  if (!ex.response_headers.has("content-length") && !ex.response_headers.has("transfer-encoding"))
    ex.response_headers.add("content-length", std::to_string(o_.upstream_body.size()));
  ex.upstream_response_headers = ex.response_headers;
  if (method != "HEAD")
    ex.response_body = o_.upstream_body;
}

void Runner::answer(Exchange& ex) {
  // What Envoy's router sees: lower-case names, Host as :authority.
  const Url& url = ex.request.url;
  ex.authority = url.host_header();
  bool h2c_upgrade = false;
  for (const auto& h : ex.request.headers) {
    std::string n = base::to_lower(h.name);
    if (n == "host") {
      ex.authority = h.value;
      continue;
    }
    if (n == "upgrade" && base::iequals(h.value, "h2c"))
      h2c_upgrade = true;
    ex.gateway_headers.emplace_back(std::move(n), h.value);
  }
  if (h2c_upgrade) {
    // Envoy's HTTP/1 codec drops an h2c upgrade request's upgrade headers and answers in HTTP/1.1.
    std::erase_if(ex.gateway_headers, [](const auto& p) {
      return p.first == "upgrade" || p.first == "http2-settings" || p.first == "connection";
    });
    note(ex, "R1.10", "Envoy ignores curl's h2c upgrade request and answers over HTTP/1.1");
  }

  std::vector<match::HeaderField> storage;
  match::Request req = ex.gateway_request(storage);
  // decide() repeats the connection step connect() already traced.
  match::Trace trace;
  ex.decision = match::decide(table_, req, &trace);
  for (auto& step : trace.steps) {
    if (step.kind != match::TraceStep::Kind::kConnection)
      ex.trace.steps.push_back(std::move(step));
  }
  ex.routed = true;

  if (ex.decision.outcome == Outcome::kTcpProxy ||
      ex.decision.outcome == Outcome::kTlsPassthrough) {
    std::string dest = ex.decision.tcp && !ex.decision.tcp->clusters.empty()
                           ? ex.decision.tcp->clusters.front().name
                           : std::string("(no destination)");
    note(ex, ex.decision.outcome == Outcome::kTcpProxy ? "R1.21" : "R1.19",
         fmt::format("the gateway relays the connection's bytes to {} without reading HTTP; the "
                     "answer below is the simulated upstream's own, with no gateway edits",
                     dest));
    simulate_upstream(ex, ex.request.method);
    return;
  }

  RespondOptions ro;
  ro.cluster_random = rng_();
  ro.fault_delay_random = rng_();
  ro.fault_abort_random = rng_();
  ro.mirror_random = rng_();
  ro.peer_address = o_.peer_address;
  std::string rid = request_id(rng_);
  ro.request_id = rid;
  ro.http2 = ex.http2;
  std::string date = format_http_date(o_.now);
  ro.date = date;
  Response resp = respond(ex.decision, req, ro);
  if (auto* local = std::get_if<LocalReply>(&resp)) {
    ex.source = ResponseSource::kGateway;
    ex.status = local->status;
    ex.response_headers = local->headers;
    ex.response_body = local->body;
    ex.local = std::move(*local);
    return;
  }
  ForwardPlan plan = std::move(std::get<ForwardPlan>(resp));
  simulate_upstream(ex, ex.request.method);
  FinalizeOptions fo;
  fo.upstream_service_time_ms = o_.upstream_service_time_ms;
  fo.http2 = ex.http2;
  fo.head_request = ex.request.method == "HEAD";
  fo.date = date;
  finalize_response(plan, ex.status, ex.response_headers, fo);
  ex.plan = std::move(plan);
}

Exchange Runner::run(ClientRequest req, ExchangeRole role) {
  Exchange ex;
  ex.role = role;
  ex.request = std::move(req);
  bool ok = connect(ex);
  ex.connection_notes = ex.notes.size();
  if (ok)
    answer(ex);
  return ex;
}

// --- curl -------------------------------------------------------------------------------------

void explain_preflight_route(Exchange& ex);

// A preflight as the gateway's CORS filter recognises one (R5.5), sent by hand with curl.
bool looks_like_preflight(const ClientRequest& r) {
  auto non_empty = [&](std::string_view name) {
    auto v = r.headers.get(name);
    return v && !v->empty();
  };
  return r.method == "OPTIONS" && non_empty("origin") && non_empty("access-control-request-method");
}

void run_curl(Simulation& sim, Runner& runner, const CurlCommand& cmd) {
  FollowState follow;
  Url url = cmd.url;
  std::set<std::string> seen;
  std::vector<std::string> chain;
  int64_t redirects = 0;
  while (true) {
    ClientRequest req = build_curl_request(cmd, url, follow);
    std::string key = req.method + " " + url.str();
    seen.insert(key);
    chain.push_back(url.str());
    Exchange ex =
        runner.run(std::move(req), redirects ? ExchangeRole::kRedirect : ExchangeRole::kRequest);
    if (looks_like_preflight(ex.request))
      explain_preflight_route(ex);
    sim.exchanges.push_back(std::move(ex));
    const Exchange& last = sim.exchanges.back();
    if (last.curl_error) {
      sim.exit_code = last.curl_error;
      sim.error = fmt::format("curl: ({}) {}", last.curl_error, last.curl_error_text);
      const Exchange* previous =
          sim.exchanges.size() >= 2 ? &sim.exchanges[sim.exchanges.size() - 2] : nullptr;
      if (redirects > 0 && previous && previous->decision.outcome == Outcome::kHttpsRedirect) {
        // A common slip: the HTTP server redirects a host (often via a wildcard) that no HTTPS
        // server takes, so the redirect can never be followed.
        const Url& to = last.request.url;
        sim.notes.push_back(Reason{
            "R1.16",
            fmt::format("httpsRedirect leads nowhere: the HTTP server on port {} redirects {} to "
                        "{}, but no HTTPS server of this gateway accepts {} on port {}; add the "
                        "host to an HTTPS server or remove it from the httpsRedirect server",
                        previous->gateway_port, previous->request.url.host, to.str(), to.host,
                        last.target.port),
            previous->decision.virtual_host ? previous->decision.virtual_host->loc
                                            : base::SourceLoc{}});
      }
      if (redirects > 0) {
        sim.notes.push_back(
            info(fmt::format("the redirect chain {} ends here: the last hop "
                             "cannot be completed (see above)",
                             base::join(chain, " → "))));
      }
      return;
    }
    auto location = last.response_headers.get("location");
    if (!cmd.location || !is_redirect_status(last.status) || !location)
      break;
    if (cmd.max_redirs != -1 && redirects >= cmd.max_redirs) {
      sim.exit_code = 47;
      sim.error = fmt::format("curl: (47) Maximum ({}) redirects followed", cmd.max_redirs);
      return;
    }
    std::string why;
    auto next = resolve_url(url, *location, &why);
    if (!next) {
      sim.exit_code = 3;
      sim.error = "curl: (3) URL using bad/illegal format or missing URL";
      sim.notes.push_back(
          info("the Location " + base::quote(*location) + " is not usable: " + why));
      return;
    }
    auto new_method = curl_redirect_method(cmd, last.status, last.request.method);
    follow.following = true;
    if (new_method) {
      follow.method = new_method;
      follow.drop_body = true;
    } else {
      follow.method = last.request.method;
    }
    follow.same_host_as_first = next->origin() == cmd.url.origin();
    follow.same_hostname_as_first = next->host == cmd.url.host;
    std::string next_key = follow.method.value_or("GET") + " " + next->str();
    if (seen.count(next_key)) {
      chain.push_back(next->str());
      sim.notes.push_back(info(fmt::format(
          "redirect loop: {} — the next request repeats one already made, so "
          "curl would go round until --max-redirs ({}) and fail",
          base::join(chain, " → "),
          cmd.max_redirs == -1 ? std::string("no limit") : std::to_string(cmd.max_redirs))));
      sim.exit_code = 47;
      sim.error = fmt::format("curl: (47) Maximum ({}) redirects followed",
                              cmd.max_redirs == -1 ? 50 : cmd.max_redirs);
      return;
    }
    ++redirects;
    url = *next;
  }
  const Exchange& last = sim.exchanges.back();
  if (last.plan && last.plan->cors.cors_request && last.plan->cors.allowed_origin.empty()) {
    sim.notes.push_back(
        info("the origin is not allowed, yet curl gets the full answer: a CORS policy never "
             "stops curl itself, only browsers enforce it (istio/istio#23757); add --browser "
             "to see what a browser would do"));
  }
  if (cmd.fail && last.status >= 400) {
    sim.exit_code = 22;
    sim.error = fmt::format("curl: (22) The requested URL returned error: {}", last.status);
  }
}

// --- browser ----------------------------------------------------------------------------------

struct PageRequest {
  std::string method;
  Headers page_headers;        // set by the page's script
  Headers credential_headers;  // Cookie / Authorization the browser adds with credentials
  std::optional<std::string> body;
  std::string user_agent;
};

PageRequest page_request(const CurlCommand& cmd, Simulation& sim) {
  PageRequest p;
  std::string method = cmd.method   ? *cmd.method
                       : cmd.head   ? "HEAD"
                       : cmd.upload ? "PUT"
                       : cmd.data   ? "POST"
                                    : "GET";
  p.method = normalize_method(method);
  if (p.method != method) {
    sim.preamble.push_back(
        info(fmt::format("fetch() normalises the method {} to {}", method, p.method)));
  }
  p.user_agent = cmd.user_agent ? *cmd.user_agent : "Mozilla/5.0 (igw curl-sim browser model)";
  std::vector<std::string> browser_owned;
  for (const auto& h : cmd.headers) {
    if (h.kind == CustomHeader::Kind::kRemove)
      continue;
    std::string n = base::to_lower(h.name);
    if (n == "cookie") {
      p.credential_headers.add("Cookie", h.value);
      continue;
    }
    if (n == "origin")
      continue;  // the browser sets Origin from the page
    if (forbidden_request_header(n, h.value) || browser_added_header(n, h.value)) {
      browser_owned.push_back(h.name);
      if (n == "user-agent")
        p.user_agent = h.value;
      continue;
    }
    p.page_headers.add(h.name, h.value);
  }
  if (!browser_owned.empty()) {
    sim.preamble.push_back(
        info("set by the browser, not by the page (they never cause a preflight): " +
             base::join(browser_owned, ", ")));
  }
  if (!cmd.cookies.empty())
    p.credential_headers.add("Cookie", base::join(cmd.cookies, "; "));
  if (cmd.user)
    p.credential_headers.add("Authorization", "Basic " + base::base64_encode(*cmd.user));
  if (cmd.data || cmd.upload) {
    p.body = cmd.upload ? *cmd.upload : *cmd.data;
    if (!p.page_headers.has("content-type") && !cmd.upload) {
      p.page_headers.add("Content-Type",
                         cmd.json ? "application/json" : "application/x-www-form-urlencoded");
    }
  }
  if (cmd.json && !p.page_headers.has("accept"))
    p.page_headers.add("Accept", "application/json");
  if (cmd.range)
    p.page_headers.add("Range", "bytes=" + *cmd.range);
  return p;
}

ClientRequest browser_request(const Url& url, const std::string& method, const PageRequest& p,
                              std::string_view origin_header, bool send_origin,
                              bool with_credentials, bool http2) {
  ClientRequest r;
  r.url = url;
  r.method = method;
  r.http2 = http2;
  Headers& h = r.headers;
  h.add("Host", url.host_header());
  for (const auto& ph : p.page_headers)
    h.add(ph.name, ph.value);
  if (!p.page_headers.has("accept"))
    h.add("Accept", "*/*");
  h.add("User-Agent", p.user_agent);
  if (send_origin)
    h.add("Origin", origin_header);
  h.add("Sec-Fetch-Mode", "cors");
  if (with_credentials) {
    for (const auto& ch : p.credential_headers)
      h.add(ch.name, ch.value);
  }
  if (p.body && method != "GET" && method != "HEAD") {
    r.body = *p.body;
    h.add("Content-Length", std::to_string(r.body.size()));
  }
  return r;
}

// R5.10, the users' recurring surprise (istio/istio#15351, #47236): a preflight is routed like any
// request — method OPTIONS, none of the page's own headers — so rules that match on the method
// or on such headers do not catch it, and the CORS policy that applies is the one of whatever
// rule it lands on.
void explain_preflight_route(Exchange& ex) {
  if (!ex.routed)
    return;
  const match::Decision& d = ex.decision;
  if (d.outcome == Outcome::kNotFound) {
    note(ex, "R5.10",
         "no rule matches this preflight, so no corsPolicy applies and the router answers 404: "
         "a browser's preflight is an OPTIONS request without the page's own headers, so rules "
         "that match on the method or on such headers never catch it",
         d.virtual_host ? d.virtual_host->loc : base::SourceLoc{});
    return;
  }
  if (d.route == nullptr || d.route->cors)
    return;
  const compile::RouteOrigin& o = d.route->origin;
  note(ex, "R5.10",
       fmt::format("this preflight matched VirtualService {} http[{}], which has no corsPolicy, "
                   "so the gateway treats it as an ordinary request; a browser's preflight is an "
                   "OPTIONS request without the page's own headers, and the corsPolicy of the "
                   "rule the actual request matches does not answer it",
                   o.vs_ref(), o.rule_index),
       o.rule_loc);
}

void block(Simulation& sim, BrowserResult& b, std::string reason, bool cors, const Url& url,
           const std::optional<Url>& redirected_from) {
  b.allowed = false;
  b.cors_blocked = cors;
  b.reason = std::move(reason);
  if (cors) {
    b.console_message = fmt::format(
        "Access to fetch at '{}'{} from origin '{}' has been blocked by CORS policy: {}", url.str(),
        redirected_from ? fmt::format(" (redirected from '{}')", redirected_from->str())
                        : std::string(),
        b.page_origin, b.reason);
  } else {
    b.console_message = b.reason;
  }
  sim.exit_code = 1;
}

void run_browser(Simulation& sim, Runner& runner, const CurlCommand& cmd, const SimOptions& o) {
  BrowserResult b;
  std::string why;
  std::string origin_text = o.origin ? *o.origin : std::string();
  if (origin_text.empty()) {
    for (const auto& h : cmd.headers) {
      if (base::iequals(h.name, "origin") && h.kind == CustomHeader::Kind::kSet)
        origin_text = h.value;
    }
  }
  auto page = parse_origin(origin_text, &why);
  if (!page) {
    sim.exit_code = 64;
    sim.error =
        "igw curl-sim: --browser needs the page's origin (--origin URL or an Origin "
        "header): " +
        why;
    return;
  }
  b.page_origin = page->origin();
  PageRequest p = page_request(cmd, sim);
  bool has_credentials = !p.credential_headers.empty();
  b.credentials = o.credentials     ? *o.credentials
                  : has_credentials ? CredentialsMode::kInclude
                                    : CredentialsMode::kSameOrigin;
  sim.preamble.push_back(info(fmt::format(
      "browser model: a page at {} runs fetch('{}', {{method: '{}'{}, "
      "credentials: '{}'}}); the preflight cache starts empty",
      b.page_origin, cmd.url.str(), p.method,
      p.page_headers.empty() ? std::string()
                             : ", headers: {" +
                                   [&] {
                                     std::vector<std::string> hs;
                                     for (const auto& h : p.page_headers)
                                       hs.push_back(fmt::format("'{}': '{}'", h.name, h.value));
                                     return base::join(hs, ", ");
                                   }() +
                                   "}",
      credentials_mode_name(b.credentials))));
  if (!o.credentials && has_credentials) {
    sim.preamble.push_back(
        info("the command carries cookies or -u credentials, so the fetch counts "
             "as credentials: 'include' (override with --credentials)"));
  }
  sim.preamble.push_back(
      info("a CORS policy never stops curl itself (istio/istio#23757): only "
           "browsers enforce it"));

  Url url = cmd.url;
  std::string method = p.method;
  bool tainted = false;
  std::optional<Url> first;
  int redirects = 0;
  bool http2 = cmd.http_version != HttpVersion::kHttp11;
  while (true) {
    if (page->scheme == "https" && !potentially_trustworthy(url)) {
      block(sim, b,
            fmt::format("Mixed Content: The page at '{}' was loaded over HTTPS, but requested an "
                        "insecure resource '{}'. This request has been blocked; the content must "
                        "be served over HTTPS.",
                        page->str(), url.str()),
            false, url, first);
      sim.browser = std::move(b);
      return;
    }
    bool same_origin = !tainted && url.origin() == b.page_origin;
    bool cors_mode = !same_origin;
    std::string origin_value = tainted ? "null" : b.page_origin;
    bool with_credentials = b.credentials == CredentialsMode::kInclude ||
                            (b.credentials == CredentialsMode::kSameOrigin && same_origin);
    std::vector<std::string> unsafe = cors_unsafe_request_header_names(p.page_headers);

    if (cors_mode && (!cors_safelisted_method(method) || !unsafe.empty())) {
      std::vector<std::string> why_pre;
      if (!cors_safelisted_method(method))
        why_pre.push_back("method " + method + " is not GET, HEAD or POST");
      for (const auto& n : unsafe) {
        auto v = p.page_headers.get(n);
        why_pre.push_back(n == "content-type" && v
                              ? fmt::format("Content-Type {} is not a CORS-safelisted type", *v)
                              : "header " + n + " is not CORS-safelisted");
      }
      ClientRequest pre;
      pre.url = url;
      pre.method = "OPTIONS";
      pre.http2 = http2 && url.scheme == "https";
      pre.headers.add("Host", url.host_header());
      pre.headers.add("Accept", "*/*");
      pre.headers.add("Access-Control-Request-Method", method);
      if (!unsafe.empty())
        pre.headers.add("Access-Control-Request-Headers", base::join(unsafe, ","));
      pre.headers.add("Origin", origin_value);
      pre.headers.add("User-Agent", p.user_agent);
      pre.headers.add("Sec-Fetch-Mode", "cors");
      Exchange ex = runner.run(std::move(pre), ExchangeRole::kPreflight);
      ex.intro.push_back(
          info("browser: a preflight is needed because " + base::join(why_pre, "; ")));
      sim.exchanges.push_back(std::move(ex));
      Exchange& last = sim.exchanges.back();
      if (last.curl_error) {
        block(sim, b,
              "net::ERR_FAILED (the preflight request failed: " + last.curl_error_text + ")", false,
              url, first);
        sim.browser = std::move(b);
        return;
      }
      explain_preflight_route(last);
      CheckResult pc = preflight_check(last.status, last.response_headers, origin_value,
                                       b.credentials, method, unsafe);
      if (!pc.ok) {
        note(last, "", "browser: the preflight answer fails: " + pc.reason);
        block(sim, b, pc.reason, true, url, first);
        sim.browser = std::move(b);
        return;
      }
      std::string cache = "browser: the preflight answer allows the request";
      if (auto ma = last.response_headers.get("access-control-max-age")) {
        if (auto secs = chromium_preflight_cache_seconds(*ma);
            secs && *secs != *base::parse_int(*ma))
          cache += fmt::format(" (max-age {} s; Chromium caches it only {} s)", *ma, *secs);
        else
          cache += fmt::format(" (cached for {} s)", *ma);
      } else {
        cache += " (no max-age: cached 5 s by default)";
      }
      note(last, "", cache);
    }

    bool send_origin = cors_mode || (method != "GET" && method != "HEAD");
    ClientRequest req = browser_request(url, method, p, origin_value, send_origin, with_credentials,
                                        http2 && url.scheme == "https");
    Exchange ex =
        runner.run(std::move(req), redirects ? ExchangeRole::kRedirect : ExchangeRole::kRequest);
    sim.exchanges.push_back(std::move(ex));
    Exchange& last = sim.exchanges.back();
    if (last.curl_error) {
      block(sim, b, "net::ERR_FAILED (" + last.curl_error_text + ")", false, url, first);
      sim.browser = std::move(b);
      return;
    }
    if (cors_mode) {
      CheckResult cc = cors_check(last.response_headers, origin_value, b.credentials);
      if (!cc.ok) {
        std::string reason = cc.reason;
        if (reason.starts_with("No 'Access-Control-Allow-Origin'"))
          reason +=
              " If an opaque response serves your needs, set the request's mode to "
              "'no-cors' to fetch the resource with CORS disabled.";
        note(last, "", "browser: the response fails the CORS check: " + cc.reason);
        block(sim, b, reason, true, url, first);
        sim.browser = std::move(b);
        return;
      }
    }
    auto location = last.response_headers.get("location");
    if (is_redirect_status(last.status) && location) {
      if (redirects >= 20) {
        block(sim, b, "net::ERR_TOO_MANY_REDIRECTS", false, url, first);
        sim.browser = std::move(b);
        return;
      }
      auto next = resolve_url(url, *location, &why);
      if (!next) {
        block(sim, b, "net::ERR_INVALID_REDIRECT (" + why + ")", false, url, first);
        sim.browser = std::move(b);
        return;
      }
      if ((last.status == 301 || last.status == 302) && method == "POST") {
        method = "GET";
        p.body.reset();
      } else if (last.status == 303 && method != "GET" && method != "HEAD") {
        method = "GET";
        p.body.reset();
      }
      if (!p.body) {
        for (auto n : {"content-type", "content-encoding", "content-language", "content-location"})
          p.page_headers.remove(n);
      }
      if (next->origin() != url.origin())
        p.page_headers.remove("authorization");
      if (next->origin() != url.origin() && b.page_origin != url.origin() && !tainted) {
        tainted = true;
        note(last, "",
             "browser: a cross-origin redirect taints the request: its Origin becomes \"null\"");
      }
      note(last, "", "browser: fetch follows the redirect to " + next->str());
      if (!first)
        first = cmd.url;
      url = *next;
      ++redirects;
      continue;
    }
    b.allowed = true;
    b.status = last.status;
    b.readable_headers = readable_response_headers(last.response_headers, b.credentials, cors_mode);
    if (cmd.fail && last.status >= 400) {
      sim.exit_code = 22;
      sim.error = fmt::format("curl: (22) The requested URL returned error: {}", last.status);
    }
    sim.browser = std::move(b);
    return;
  }
}

}  // namespace

match::Request Exchange::gateway_request(std::vector<match::HeaderField>& storage) const {
  storage.clear();
  for (const auto& [n, v] : gateway_headers)
    storage.push_back({n, v});
  match::Request r;
  r.port = gateway_port;
  r.tls = tls;
  r.sni = sni;
  r.method = request.method;
  r.authority = authority;
  r.path = request.url.path;
  r.headers = storage;
  return r;
}

std::string_view exchange_role_name(ExchangeRole r) {
  switch (r) {
    case ExchangeRole::kRequest:
      return "request";
    case ExchangeRole::kRedirect:
      return "redirect";
    case ExchangeRole::kPreflight:
      return "preflight";
  }
  return "";
}

std::string_view response_source_name(ResponseSource s) {
  switch (s) {
    case ResponseSource::kNone:
      return "";
    case ResponseSource::kGateway:
      return "gateway";
    case ResponseSource::kUpstreamSimulated:
      return "upstream-simulated";
  }
  return "";
}

bool gateway_serves_host(const compile::RouteTable& table, std::string_view host) {
  for (const auto& l : table.listeners()) {
    for (const auto& c : l.chains) {
      for (const auto& h : c.server.hosts) {
        if (host_covered(h, host))
          return true;
      }
    }
  }
  for (const auto* rc : table.route_configs()) {
    for (const auto& s : rc->servers) {
      for (const auto& h : s.hosts) {
        if (host_covered(h, host))
          return true;
      }
    }
  }
  return false;
}

Simulation simulate(const compile::RouteTable& table, const CurlCommand& command,
                    const SimOptions& options) {
  Simulation sim;
  Runner runner(table, command, options);
  if (options.browser)
    run_browser(sim, runner, command, options);
  else
    run_curl(sim, runner, command);
  return sim;
}

}  // namespace igw::http
