// Running routing tests: decide, respond, compare, count coverage.
#include "lib/routetest/run_tests.h"

#include "lib/base/strings.h"
#include "lib/http/respond.h"
#include "lib/match/decide.h"
#include "lib/match/shadowed.h"
#include "lib/render/route_text.h"

#include <fmt/format.h>

#include <map>
#include <tuple>
#include <variant>

namespace igw::routetest {

namespace {

using match::Outcome;

constexpr std::string_view kNone = "(none)";

std::string shown(std::string_view v) {
  return v.empty() ? std::string(kNone) : base::quote(v);
}

// What one case produced, in the terms of the expectations.
struct Actual {
  match::Decision decision;
  std::optional<http::LocalReply> local;  // the gateway's own answer (not connection-level)
  std::optional<http::ForwardPlan> plan;
  std::optional<http::Headers> response_headers;
  const compile::WeightedCluster* tcp_destination = nullptr;
};

// The destination a tcp_proxy picks for `random`, by compile's own weighted pick.
const compile::WeightedCluster* tcp_pick(const compile::TcpProxy& tcp, uint64_t random) {
  if (tcp.clusters.empty())
    return nullptr;
  if (tcp.clusters.size() == 1)
    return &tcp.clusters.front();
  compile::RouteAction action;
  action.clusters = tcp.clusters;
  action.weighted = true;
  action.total_weight = tcp.total_weight;
  const compile::WeightedCluster& picked = action.pick(random);
  return &tcp.clusters[static_cast<size_t>(&picked - action.clusters.data())];
}

Actual run_case(const compile::RouteTable& table, const TestCase& c) {
  std::vector<match::HeaderField> fields;
  for (const auto& [name, value] : c.headers)
    fields.push_back({name, value});
  match::Request req;
  req.port = c.port;
  req.tls = c.tls;
  req.sni = c.sni;
  req.method = c.method;
  req.authority = c.authority;
  req.path = c.path;
  req.headers = fields;

  Actual a;
  a.decision = match::decide(table, req);
  http::RespondOptions ro;
  ro.cluster_random = c.random;
  ro.fault_delay_random = c.random;
  ro.fault_abort_random = c.random;
  ro.mirror_random = c.random;
  http::Response resp = http::respond(a.decision, req, ro);
  if (auto* local = std::get_if<http::LocalReply>(&resp)) {
    if (!local->connection_closed) {
      a.response_headers = local->headers;
      a.local = std::move(*local);
    }
  } else {
    a.plan = std::move(std::get<http::ForwardPlan>(resp));
    http::Headers h;
    for (const auto& [name, value] : c.upstream_headers)
      h.add(name, value);
    http::finalize_response(*a.plan, c.upstream_status, h, http::FinalizeOptions{});
    a.response_headers = std::move(h);
  }
  if (a.decision.tcp)
    a.tcp_destination = tcp_pick(*a.decision.tcp, c.random);
  return a;
}

std::string summary(const Actual& a) {
  const match::Decision& d = a.decision;
  std::string s(match::outcome_name(d.outcome));
  if (a.plan)
    s += " to " + a.plan->cluster;
  else if (a.tcp_destination)
    s += " to " + a.tcp_destination->name;
  if (a.local) {
    s += fmt::format(" {}", a.local->status);
    if (auto loc = a.local->headers.get("location"))
      s += " " + std::string(*loc);
  }
  if (d.outcome == Outcome::kConnectionClosed && !d.close_reason.empty())
    s += ": " + std::string(d.close_reason);
  if (d.route)
    s += " (" + render::route_ref(*d.route) + ")";
  else if (d.virtual_host)
    s += " (virtual host " + d.virtual_host->name + ")";
  return s;
}

void compare(CaseResult& r, std::string field, const Expected<std::string>& e,
             const std::string& actual) {
  r.fields.push_back({std::move(field), shown(e.value), shown(actual), e.value == actual, e.loc});
}

std::string vs_of(const match::Decision& d) {
  if (d.route)
    return d.route->origin.vs_ref();
  if (d.tcp && d.tcp->virtual_service)
    return d.tcp->virtual_service->ns + "/" + d.tcp->virtual_service->name;
  return "";
}

void compare_headers(CaseResult& r, std::string_view what, const std::vector<ExpectedHeader>& hs,
                     const std::optional<http::Headers>& actual, std::string_view missing_why) {
  for (const auto& h : hs) {
    FieldResult f;
    f.field = fmt::format("{} {}", what, h.name);
    f.loc = h.loc;
    f.expected = h.value ? base::quote(*h.value) : "absent";
    if (!actual) {
      f.actual = std::string(missing_why);
      f.passed = !h.value;
    } else if (auto v = actual->get_joined(h.name)) {
      f.actual = base::quote(*v);
      f.passed = h.value && *h.value == *v;
    } else {
      f.actual = "absent";
      f.passed = !h.value;
    }
    r.fields.push_back(std::move(f));
  }
}

CaseResult evaluate(const TestCase& c, const Actual& a) {
  const match::Decision& d = a.decision;
  const Expectations& e = c.expect;
  CaseResult r;
  r.test = &c;
  r.summary = summary(a);
  if (e.outcome)
    compare(r, "outcome", *e.outcome, std::string(match::outcome_name(d.outcome)));
  if (e.route_config)
    compare(r, "routeConfig", *e.route_config, d.route_config ? d.route_config->name : "");
  if (e.virtual_host)
    compare(r, "virtualHost", *e.virtual_host, d.virtual_host ? d.virtual_host->name : "");
  if (e.virtual_service) {
    std::string actual = vs_of(d);
    // "name" alone compares the name; "ns/name" the whole reference.
    std::string compared = actual;
    if (e.virtual_service->value.find('/') == std::string::npos && !actual.empty())
      compared = actual.substr(actual.find('/') + 1);
    FieldResult f{"virtualService", shown(e.virtual_service->value), shown(actual),
                  e.virtual_service->value == compared, e.virtual_service->loc};
    r.fields.push_back(std::move(f));
  }
  if (e.rule) {
    std::optional<uint32_t> index;
    std::string name;
    std::string kind = "http";
    if (d.route) {
      index = d.route->origin.rule_index;
      name = d.route->origin.rule_name;
    } else if (d.tcp && d.tcp->route_index) {
      index = d.tcp->route_index;
      kind = d.outcome == Outcome::kTcpProxy ? "tcp" : "tls";
    }
    FieldResult f;
    f.field = "rule";
    f.loc = e.rule->loc;
    if (e.rule->value.index) {
      f.expected = fmt::format("index {}", *e.rule->value.index);
      f.actual = index ? fmt::format("{}[{}]", kind, *index) : std::string(kNone);
      f.passed = index && *index == *e.rule->value.index;
    } else {
      f.expected = "name " + base::quote(e.rule->value.name);
      f.actual = name.empty()
                     ? (index ? fmt::format("{}[{}] (no name)", kind, *index) : std::string(kNone))
                     : base::quote(name);
      f.passed = !name.empty() && name == e.rule->value.name;
    }
    r.fields.push_back(std::move(f));
  }
  if (e.match) {
    // Plain values rather than an optional: GCC 12 warns maybe-uninitialized on the copy.
    const bool has_m = d.route && d.route->origin.match_index.has_value();
    const uint32_t m = has_m ? *d.route->origin.match_index : 0;
    r.fields.push_back({"match", std::to_string(e.match->value),
                        has_m ? std::to_string(m) : std::string(kNone),
                        has_m && m == e.match->value, e.match->loc});
  }
  const compile::WeightedCluster* dest = a.plan ? a.plan->destination : a.tcp_destination;
  if (e.cluster)
    compare(r, "cluster", *e.cluster, dest ? dest->name : "");
  if (e.destination) {
    std::string expected = e.destination->value;
    std::string actual;
    if (dest) {
      size_t colon = expected.rfind(':');
      bool with_port = colon != std::string::npos && colon + 1 < expected.size() &&
                       expected.find_first_not_of("0123456789", colon + 1) == std::string::npos;
      actual = with_port ? fmt::format("{}:{}", dest->host, dest->port) : dest->host;
    }
    compare(r, "destination", *e.destination, actual);
  }
  if (e.status) {
    std::optional<uint32_t> status =
        a.local ? std::optional<uint32_t>(a.local->status) : std::nullopt;
    std::string actual = status   ? std::to_string(*status)
                         : a.plan ? "none: forwarded upstream (the gateway does not answer itself)"
                                  : "none: " + std::string(match::outcome_name(d.outcome));
    r.fields.push_back({"status", std::to_string(e.status->value), actual,
                        status && *status == e.status->value, e.status->loc});
  }
  if (e.redirect) {
    std::string location;
    if (a.local) {
      if (auto l = a.local->headers.get("location"))
        location = *l;
    }
    compare(r, "redirect", *e.redirect, location);
  }
  if (e.body)
    compare(r, "body", *e.body, a.local ? a.local->body : "");
  if (e.path_rewrite) {
    compare(r, "pathRewrite", *e.path_rewrite,
            a.plan && a.plan->path_rewrite ? *a.plan->path_rewrite : "");
  }
  if (e.host_rewrite) {
    compare(r, "hostRewrite", *e.host_rewrite,
            a.plan && a.plan->host_rewrite ? *a.plan->host_rewrite : "");
  }
  if (!e.request_headers.empty()) {
    std::optional<http::Headers> upstream;
    if (a.plan) {
      // The pseudo-headers as the upstream receives them, then every other header.
      upstream = http::Headers{{":method", a.plan->request.method},
                               {":authority", a.plan->request.authority},
                               {"host", a.plan->request.authority},
                               {":path", a.plan->request.path},
                               {":scheme", a.plan->request.scheme}};
      for (const auto& h : a.plan->request.headers)
        upstream->add(h.name, h.value);
    }
    compare_headers(r, "requestHeaders", e.request_headers, upstream,
                    "not forwarded (" + std::string(match::outcome_name(d.outcome)) + ")");
  }
  if (!e.response_headers.empty()) {
    compare_headers(r, "responseHeaders", e.response_headers, a.response_headers,
                    "no HTTP response (" + std::string(match::outcome_name(d.outcome)) + ")");
  }
  return r;
}

// Coverage items keyed by (virtual host, route, destination index) or filter chain.
class CoverageIndex {
 public:
  explicit CoverageIndex(const compile::RouteTable& t) {
    for (const compile::RouteConfig* rc : t.route_configs()) {
      const bool plain = match::plain_text_only(t, *rc);
      for (const auto& vh : rc->virtual_hosts) {
        if (vh.require_tls)
          add({&vh, nullptr, 0}, {vh.name, "httpsRedirect", "", false, true, ""});
        std::map<const compile::Route*, const match::ShadowedRoute*> shadowed;
        auto list = match::shadowed_routes(*rc, vh, plain);
        for (const auto& s : list)
          shadowed.emplace(s.route, &s);
        for (const compile::Route* r : vh.routes) {
          CoverageItem item{vh.name, render::route_ref(*r) + " " + render::match_compact(r->match),
                            "",      false,
                            true,    ""};
          if (auto it = shadowed.find(r); it != shadowed.end()) {
            item.reachable = false;
            const auto& s = *it->second;
            item.unreachable_reason = render::shadowed_text(s);
          }
          const auto& a = r->route;
          if (r->action == compile::ActionKind::kRoute && a.weighted && a.clusters.size() > 1) {
            for (size_t i = 0; i < a.clusters.size(); ++i) {
              CoverageItem per = item;
              per.cluster = a.clusters[i].name;
              add({&vh, r, i}, std::move(per));
            }
          } else {
            add({&vh, r, 0}, std::move(item));
          }
        }
      }
    }
    for (const auto& l : t.listeners()) {
      for (const auto& c : l.chains) {
        if (c.kind == compile::ChainKind::kHttp || !c.tcp)
          continue;
        std::string host = l.name;
        if (!c.server_names.empty())
          host += " SNI " + base::join(c.server_names, ",");
        std::string route(compile::chain_kind_name(c.kind));
        if (c.tcp->virtual_service) {
          route = c.tcp->virtual_service->ns + "/" + c.tcp->virtual_service->name;
          if (c.tcp->route_index) {
            route += fmt::format(" {}[{}]", c.kind == compile::ChainKind::kTcpProxy ? "tcp" : "tls",
                                 *c.tcp->route_index);
          }
        }
        chains_.emplace(&c, items_.size());
        items_.push_back({host, route, "", false, true, ""});
      }
    }
  }

  void mark(const Actual& a, uint64_t random) {
    const match::Decision& d = a.decision;
    if (d.chain && d.chain->kind != compile::ChainKind::kHttp) {
      if (auto it = chains_.find(d.chain); it != chains_.end())
        items_[it->second].covered = true;
      return;
    }
    if (!d.virtual_host)
      return;
    if (d.outcome == Outcome::kHttpsRedirect) {
      mark_key({d.virtual_host, nullptr, 0});
      return;
    }
    if (!d.route)
      return;
    size_t index = 0;
    const auto& action = d.route->route;
    if (d.route->action == compile::ActionKind::kRoute && action.weighted &&
        action.clusters.size() > 1) {
      index = static_cast<size_t>(&action.pick(random) - action.clusters.data());
    }
    mark_key({d.virtual_host, d.route, index});
  }

  std::vector<CoverageItem> take() { return std::move(items_); }

 private:
  using Key = std::tuple<const compile::VirtualHost*, const compile::Route*, size_t>;
  void add(Key k, CoverageItem item) {
    if (keys_.emplace(k, items_.size()).second)
      items_.push_back(std::move(item));
  }
  void mark_key(const Key& k) {
    if (auto it = keys_.find(k); it != keys_.end())
      items_[it->second].covered = true;
  }

  std::vector<CoverageItem> items_;
  std::map<Key, size_t> keys_;
  std::map<const compile::FilterChain*, size_t> chains_;
};

}  // namespace

bool CaseResult::passed() const {
  for (const auto& f : fields) {
    if (!f.passed)
      return false;
  }
  return true;
}

Report run_tests(const compile::RouteTable& table, const TestFile& file) {
  Report report;
  CoverageIndex coverage(table);
  for (const auto& c : file.cases) {
    Actual a = run_case(table, c);
    coverage.mark(a, c.random);
    CaseResult r = evaluate(c, a);
    (r.passed() ? report.passed : report.failed)++;
    report.cases.push_back(std::move(r));
  }
  report.coverage = coverage.take();
  size_t reachable = 0;
  size_t covered = 0;
  for (const auto& item : report.coverage) {
    if (!item.reachable)
      continue;
    ++reachable;
    covered += item.covered ? 1 : 0;
  }
  report.coverage_percent =
      reachable == 0 ? 100.0
                     : 100.0 * static_cast<double>(covered) / static_cast<double>(reachable);
  return report;
}

}  // namespace igw::routetest
