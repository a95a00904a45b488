// Rules and matches a VirtualService can never use (IST0130 / IST0131), as Istio's
// analyzeUnreachableHTTPRules / TCP / TLS, genMatchHTTPRoutes and coveredValidation compute them
// (istio/istio pkg/config/validation/validation.go).
#include "lib/base/strings.h"
#include "lib/check/rules/kinds.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace igw::check::rules {

namespace {

using Kind = model::StringMatch::Kind;

// ---- match identity: Istio compares matches by their JSON (the HTTP match's name left out);
// the keys below are equal exactly when those JSON texts are.

std::string string_match_key(const model::StringMatch& m) {
  if (m.kind == Kind::None)
    return "{}";
  return fmt::format("{}={}", model::string_match_kind_name(m.kind), base::quote(m.value.value));
}

std::string named_matches_key(const std::vector<model::NamedStringMatch>& v) {
  std::map<std::string, std::string> sorted;
  for (const auto& e : v)
    sorted[e.name.value] = e.null_value ? "null" : string_match_key(e.match);
  std::string out;
  for (const auto& [k, val] : sorted)
    out += fmt::format("{}:{},", base::quote(k), val);
  return out;
}

std::string labels_key(const model::StringMap& m) {
  std::map<std::string, std::string> sorted;
  for (const auto& e : m)
    sorted[e.key.value] = e.value.value;
  std::string out;
  for (const auto& [k, v] : sorted)
    out += fmt::format("{}:{},", base::quote(k), base::quote(v));
  return out;
}

std::string list_key(const std::vector<model::LString>& v) {
  std::string out;
  for (const auto& s : v)
    out += base::quote(s.value) + ",";
  return out;
}

// Appends `name=value` when the field is not empty (Go's omitempty).
void field(std::string& out, std::string_view name, const std::string& value) {
  if (!value.empty())
    out += fmt::format("{}=[{}];", name, value);
}

std::string http_match_key(const model::HttpMatchRequest& m) {
  std::string out = "{";
  if (m.uri)
    field(out, "uri", string_match_key(*m.uri));
  if (m.scheme)
    field(out, "scheme", string_match_key(*m.scheme));
  if (m.method)
    field(out, "method", string_match_key(*m.method));
  if (m.authority)
    field(out, "authority", string_match_key(*m.authority));
  field(out, "headers", named_matches_key(m.headers));
  if (m.port.value != 0)
    field(out, "port", std::to_string(m.port.value));
  field(out, "sourceLabels", labels_key(m.source_labels));
  field(out, "gateways", list_key(m.gateways));
  field(out, "queryParams", named_matches_key(m.query_params));
  if (m.ignore_uri_case.value)
    field(out, "ignoreUriCase", "true");
  field(out, "withoutHeaders", named_matches_key(m.without_headers));
  field(out, "sourceNamespace", m.source_namespace.value);
  field(out, "statPrefix", m.stat_prefix.value);
  return out + "}";
}

std::string l4_match_key(const std::vector<model::LString>* sni_hosts,
                         const std::vector<model::LString>& subnets, const model::LInt& port,
                         const model::StringMap& labels, const std::vector<model::LString>& gws,
                         const model::LString& source_ns) {
  std::string out = "{";
  if (sni_hosts)
    field(out, "sniHosts", list_key(*sni_hosts));
  field(out, "destinationSubnets", list_key(subnets));
  if (port.value != 0)
    field(out, "port", std::to_string(port.value));
  field(out, "sourceLabels", labels_key(labels));
  field(out, "gateways", list_key(gws));
  field(out, "sourceNamespace", source_ns.value);
  return out + "}";
}

// One rule as the analysis sees it: its id, its matches (key, id, position), or null.
struct RuleView {
  bool null = false;
  std::string id;
  base::SourceLoc loc;
  struct Match {
    std::string key;
    std::string id;
    base::SourceLoc loc;
    const model::HttpMatchRequest* http = nullptr;  // live HTTP matches only
  };
  std::vector<Match> matches;
};

std::string rule_id(const model::LString& name, size_t index) {
  if (!name.value.empty())
    return base::quote(name.value);
  return fmt::format("#{}", index);
}

// analyzeUnreachable*Rules: the part common to http, tcp and tls.
void analyze(const std::vector<RuleView>& rules, Findings& f) {
  std::map<std::string, size_t> seen;  // match key -> rule index
  bool empty_seen = false;
  for (size_t n = 0; n < rules.size(); ++n) {
    const RuleView& rule = rules[n];
    if (rule.null)
      continue;
    if (rule.matches.empty()) {
      if (empty_seen)
        f.unreachable_rule(rule.id, "only the last rule can have no matches", rule.loc);
      empty_seen = true;
      continue;
    }
    if (empty_seen) {
      // Istio reports this once per match; the identical messages collapse into one.
      f.unreachable_rule(rule.id, "route without matches defined before", rule.loc);
      continue;
    }
    size_t duplicates = 0;
    for (const auto& m : rule.matches) {
      auto it = seen.find(m.key);
      if (it != seen.end()) {
        f.ineffective_match(rule.id, m.id, rules[it->second].id, m.loc);
        ++duplicates;
      } else {
        seen.emplace(m.key, n);
      }
    }
    if (duplicates == rule.matches.size())
      f.unreachable_rule(rule.id, "all matches used by prior rules", rule.loc);
  }
}

// ---- HTTP prefix overlap (genMatchHTTPRoutes / coveredValidation) ----

struct PrefixMatch {
  std::string rule_id;
  std::string match_id;
  base::SourceLoc loc;
  std::string prefix;
  int64_t port = 0;
  std::string method;
  std::string authority;
  std::map<std::string, std::string> headers, query_params, without_headers;
};

// assignExactOrPrefix: "exact:v", "prefix:v" or "" (regexes and presence count as "").
std::string exact_or_prefix(const model::StringMatch* m) {
  if (m && m->kind == Kind::Exact && !m->value.value.empty())
    return "exact:" + m->value.value;
  if (m && m->kind == Kind::Prefix && !m->value.value.empty())
    return "prefix:" + m->value.value;
  return "";
}

std::map<std::string, std::string> exact_or_prefix_map(
    const std::vector<model::NamedStringMatch>& v) {
  std::map<std::string, std::string> out;
  for (const auto& e : v)
    out[e.name.value] = e.null_value ? "" : exact_or_prefix(&e.match);
  return out;
}

std::optional<PrefixMatch> prefix_match(const RuleView& rule, const RuleView::Match& rm) {
  const model::HttpMatchRequest& m = *rm.http;
  if (!m.uri || m.uri->kind != Kind::Prefix || m.uri->value.value.empty())
    return std::nullopt;
  PrefixMatch p;
  p.rule_id = rule.id;
  p.match_id = rm.id;
  p.loc = rm.loc;
  p.prefix = m.uri->value.value;
  p.port = m.port.value;
  p.method = exact_or_prefix(m.method ? &*m.method : nullptr);
  if (p.method.empty())
    p.method = "exact:GET";  // no method: Istio assumes GET
  p.authority = exact_or_prefix(m.authority ? &*m.authority : nullptr);
  p.headers = exact_or_prefix_map(m.headers);
  p.query_params = exact_or_prefix_map(m.query_params);
  p.without_headers = exact_or_prefix_map(m.without_headers);
  return p;
}

// The later value `b` is covered by the earlier `a` when equal or when `a` starts with `b`
// (Istio's direction, kept as is).
bool value_covered(const std::string& a, const std::string& b) {
  return a == b || a.starts_with(b);
}

bool map_covered(const std::map<std::string, std::string>& a,
                 const std::map<std::string, std::string>& b) {
  if (a.size() != b.size())
    return false;
  for (const auto& [k, v] : a) {
    auto it = b.find(k);
    if (it == b.end() || !value_covered(v, it->second))
      return false;
  }
  return true;
}

bool covered(const PrefixMatch& a, const PrefixMatch& b) {
  return b.prefix.starts_with(a.prefix) && b.port == a.port && value_covered(a.method, b.method) &&
         value_covered(a.authority, b.authority) && map_covered(a.headers, b.headers) &&
         map_covered(a.query_params, b.query_params) &&
         map_covered(a.without_headers, b.without_headers);
}

void analyze_http(const model::VirtualService& vs, const View& spec, Findings& f) {
  std::vector<View> items = spec["http"].items();
  std::vector<RuleView> rules;
  for (size_t n = 0; n < vs.http.size() && n < items.size(); ++n) {
    const model::HttpRoute& r = vs.http[n];
    RuleView rv;
    rv.null = !items[n].is_map();
    rv.id = rule_id(r.name, n);
    rv.loc = items[n].loc();
    std::vector<View> match_items = items[n]["match"].items();
    for (size_t i = 0; i < r.match.size() && i < match_items.size(); ++i) {
      RuleView::Match m;
      m.loc = match_items[i].loc();
      m.id = rule_id(r.match[i].name, i);
      if (match_items[i].is_map()) {
        m.key = http_match_key(r.match[i]);
        m.http = &r.match[i];
      } else {
        m.key = "null";
      }
      rv.matches.push_back(std::move(m));
    }
    rules.push_back(std::move(rv));
  }
  analyze(rules, f);

  // Prefix matches that an earlier prefix match already takes. Exact duplicates were reported
  // above and are not listed again.
  std::vector<PrefixMatch> prefixes;
  std::map<std::string, bool> seen;
  bool empty_seen = false;
  for (const RuleView& rule : rules) {
    if (rule.null)
      continue;
    if (rule.matches.empty()) {
      empty_seen = true;
      continue;
    }
    for (const auto& m : rule.matches) {
      if (empty_seen || !seen.emplace(m.key, true).second || !m.http)
        continue;
      if (auto p = prefix_match(rule, m))
        prefixes.push_back(std::move(*p));
    }
  }
  for (size_t i = 0; i < prefixes.size(); ++i) {
    for (size_t j = i + 1; j < prefixes.size(); ++j) {
      const PrefixMatch& a = prefixes[i];
      const PrefixMatch& b = prefixes[j];
      if (a.prefix == b.prefix || !covered(a, b))
        continue;
      f.ineffective_match(b.rule_id, fmt::format("{} of prefix {}", b.match_id, b.prefix),
                          fmt::format("{} of prefix {} on {}", a.match_id, a.prefix, a.rule_id),
                          b.loc);
    }
  }
}

template <class Route, class MatchKey>
void analyze_l4(const std::vector<Route>& routes, const View& list, MatchKey key, Findings& f) {
  std::vector<View> items = list.items();
  std::vector<RuleView> rules;
  for (size_t n = 0; n < routes.size() && n < items.size(); ++n) {
    RuleView rv;
    rv.null = !items[n].is_map();
    rv.id = fmt::format("#{}", n);
    rv.loc = items[n].loc();
    std::vector<View> match_items = items[n]["match"].items();
    for (size_t i = 0; i < routes[n].match.size() && i < match_items.size(); ++i) {
      RuleView::Match m;
      m.loc = match_items[i].loc();
      m.id = fmt::format("#{}", i);
      m.key = match_items[i].is_map() ? key(routes[n].match[i]) : "null";
      rv.matches.push_back(std::move(m));
    }
    rules.push_back(std::move(rv));
  }
  analyze(rules, f);
}

}  // namespace

void analyze_unreachable_rules(const model::VirtualService& vs, Findings& f) {
  View spec = View::spec(vs);
  analyze_http(vs, spec, f);
  analyze_l4(
      vs.tcp, spec["tcp"],
      [](const model::L4MatchAttributes& m) {
        return l4_match_key(nullptr, m.destination_subnets, m.port, m.source_labels, m.gateways,
                            m.source_namespace);
      },
      f);
  analyze_l4(
      vs.tls, spec["tls"],
      [](const model::TlsMatchAttributes& m) {
        return l4_match_key(&m.sni_hosts, m.destination_subnets, m.port, m.source_labels,
                            m.gateways, m.source_namespace);
      },
      f);
}

}  // namespace igw::check::rules
