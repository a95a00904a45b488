// Lookups and matchers of the compiled route table (R1.13, R2.8, R3.4–R3.11, R5.4).
#include "lib/compile/route_table.h"

#include "lib/base/strings.h"

#include <re2/re2.h>

#include <algorithm>

namespace igw::compile {

namespace {

bool starts_with_icase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && base::iequals(s.substr(0, prefix.size()), prefix);
}

std::string quoted(std::string_view s) {
  return base::quote(s);
}

}  // namespace

bool regex_full_match(const re2::RE2& re, std::string_view v, bool has_range,
                      const std::string& range_min, const std::string& range_max) {
  if (has_range && (v < std::string_view(range_min) || v > std::string_view(range_max)))
    return false;
  return re.Match(re2::StringPiece(v.data(), v.size()), 0, v.size(), RE2::ANCHOR_BOTH, nullptr, 0);
}

bool StringMatcher::matches(std::string_view v) const {
  switch (kind) {
    case Kind::kExact:
      return ignore_case ? base::iequals(v, value) : v == value;
    case Kind::kPrefix:
      return ignore_case ? starts_with_icase(v, value) : v.starts_with(value);
    case Kind::kRegex:
      return regex && regex_full_match(*regex, v, has_range, range_min, range_max);
    case Kind::kPresent:
      return true;
  }
  return false;
}

std::string StringMatcher::describe() const {
  switch (kind) {
    case Kind::kExact:
      return "exact " + quoted(value);
    case Kind::kPrefix:
      return "prefix " + quoted(value);
    case Kind::kRegex:
      return "regex " + quoted(value);
    case Kind::kPresent:
      return "present";
  }
  return "";
}

bool PathMatcher::matches(std::string_view path) const {
  switch (kind) {
    case Kind::kPrefix:
      return case_sensitive ? path.starts_with(value) : starts_with_icase(path, value);
    case Kind::kExact:
      return case_sensitive ? path == value : base::iequals(path, value);
    case Kind::kRegex:
      return regex && regex_full_match(*regex, path, has_range, range_min, range_max);
  }
  return false;
}

RouteEntry RouteEntry::of(const Route& r) {
  RouteEntry e;
  const PathMatcher& p = r.match.path;
  e.kind = p.kind;
  e.case_sensitive = p.case_sensitive;
  e.route = &r;
  if (p.kind == PathMatcher::Kind::kRegex) {
    e.regex = p.regex.get();
    e.has_range = p.has_range;
    e.value = p.range_min;
    e.upper = p.range_max;
  } else {
    e.value = p.value;
  }
  return e;
}

bool RouteEntry::matches(std::string_view path) const {
  switch (kind) {
    case PathMatcher::Kind::kPrefix:
      return case_sensitive ? path.starts_with(value) : starts_with_icase(path, value);
    case PathMatcher::Kind::kExact:
      return case_sensitive ? path == value : base::iequals(path, value);
    case PathMatcher::Kind::kRegex:
      return regex && regex_full_match(*regex, path, has_range, value, upper);
  }
  return false;
}

std::string PathMatcher::describe() const {
  std::string out;
  switch (kind) {
    case Kind::kPrefix:
      out = "uri prefix " + quoted(value);
      break;
    case Kind::kExact:
      out = "uri exact " + quoted(value);
      break;
    case Kind::kRegex:
      return "uri regex " + quoted(value);
  }
  if (!case_sensitive)
    out += " (ignoring case)";
  return out;
}

bool CorsPolicy::origin_allowed(std::string_view origin) const {
  for (const auto& m : allow_origins) {
    if (m.matches("*") || m.matches(origin))
      return true;
  }
  return false;
}

const WeightedCluster& RouteAction::pick(uint64_t random) const {
  if (!weighted || total_weight == 0 || clusters.size() == 1)
    return clusters.front();
  uint64_t selected = random % total_weight;
  uint64_t acc = 0;
  for (const auto& c : clusters) {
    acc += c.weight;
    if (selected < acc)
      return c;
  }
  return clusters.back();
}

std::string_view action_kind_name(ActionKind k) {
  switch (k) {
    case ActionKind::kRoute:
      return "route";
    case ActionKind::kRedirect:
      return "redirect";
    case ActionKind::kDirectResponse:
      return "direct_response";
    case ActionKind::kNone:
      return "none";
  }
  return "";
}

std::string_view domain_match_name(DomainMatch d) {
  switch (d) {
    case DomainMatch::kNone:
      return "none";
    case DomainMatch::kExact:
      return "exact";
    case DomainMatch::kSuffixWildcard:
      return "suffix-wildcard";
    case DomainMatch::kPrefixWildcard:
      return "prefix-wildcard";
    case DomainMatch::kAny:
      return "any";
  }
  return "";
}

std::string_view chain_kind_name(ChainKind k) {
  switch (k) {
    case ChainKind::kHttp:
      return "http";
    case ChainKind::kTcpProxy:
      return "tcp_proxy";
    case ChainKind::kTlsPassthrough:
      return "tls_passthrough";
    case ChainKind::kAutoPassthrough:
      return "auto_passthrough";
  }
  return "";
}

void RouteConfig::build_index() {
  exact_.clear();
  suffix_.clear();
  prefix_.clear();
  any_ = nullptr;
  auto add_to = [](std::vector<std::pair<size_t, Index>>& groups, std::string key,
                   const VirtualHost* vh) {
    size_t len = key.size();
    auto it =
        std::find_if(groups.begin(), groups.end(), [len](const auto& g) { return g.first == len; });
    if (it == groups.end()) {
      groups.emplace_back(len, Index{});
      it = groups.end() - 1;
    }
    it->second.emplace(std::move(key), vh);
  };
  for (const auto& vh : virtual_hosts) {
    for (const auto& d : vh.domains) {
      if (d == "*") {
        if (!any_)
          any_ = &vh;
      } else if (!d.empty() && d.front() == '*') {
        add_to(suffix_, d.substr(1), &vh);
      } else if (!d.empty() && d.back() == '*') {
        add_to(prefix_, d.substr(0, d.size() - 1), &vh);
      } else {
        exact_.emplace(d, &vh);
      }
    }
  }
  auto longest_first = [](const auto& a, const auto& b) { return a.first > b.first; };
  std::sort(suffix_.begin(), suffix_.end(), longest_first);
  std::sort(prefix_.begin(), prefix_.end(), longest_first);
}

const VirtualHost* RouteConfig::find_virtual_host(std::string_view host, DomainMatch* how) const {
  auto set = [how](DomainMatch d) {
    if (how)
      *how = d;
  };
  if (auto it = exact_.find(host); it != exact_.end()) {
    set(DomainMatch::kExact);
    return it->second;
  }
  // A wildcard must cover at least one character (RouteMatcher::findWildcardVirtualHost).
  for (const auto& [len, index] : suffix_) {
    if (len >= host.size())
      continue;
    if (auto it = index.find(host.substr(host.size() - len)); it != index.end()) {
      set(DomainMatch::kSuffixWildcard);
      return it->second;
    }
  }
  for (const auto& [len, index] : prefix_) {
    if (len >= host.size())
      continue;
    if (auto it = index.find(host.substr(0, len)); it != index.end()) {
      set(DomainMatch::kPrefixWildcard);
      return it->second;
    }
  }
  set(any_ ? DomainMatch::kAny : DomainMatch::kNone);
  return any_;
}

void Listener::build_index() {
  by_name_.clear();
  catch_all_ = nullptr;
  for (const auto& c : chains) {
    if (c.server_names.empty()) {
      if (!catch_all_)
        catch_all_ = &c;
      continue;
    }
    for (const auto& n : c.server_names)
      by_name_.emplace(n, &c);
  }
}

const FilterChain* Listener::find_chain(std::string_view sni) const {
  if (!sni.empty()) {
    if (auto it = by_name_.find(sni); it != by_name_.end())
      return it->second;
    // "*.<suffix>" for every dot boundary, longest suffix first
    // (FilterChainManagerImpl::findFilterChainForServerName). The wildcard key is "*" + suffix;
    // build it in a small buffer to stay allocation-free for ordinary names.
    char buf[256];
    size_t pos = sni.find('.', 1);
    while (pos != std::string_view::npos && pos < sni.size() - 1) {
      std::string_view suffix = sni.substr(pos);
      if (suffix.size() + 1 <= sizeof(buf)) {
        buf[0] = '*';
        std::copy(suffix.begin(), suffix.end(), buf + 1);
        if (auto it = by_name_.find(std::string_view(buf, suffix.size() + 1));
            it != by_name_.end()) {
          return it->second;
        }
      } else if (auto it = by_name_.find("*" + std::string(suffix)); it != by_name_.end()) {
        return it->second;
      }
      pos = sni.find('.', pos + 1);
    }
  }
  return catch_all_;
}

const Listener* RouteTable::find_listener(uint32_t gateway_port,
                                          std::string_view local_address) const {
  const Listener* unbound = nullptr;
  const Listener* first_bound = nullptr;
  for (const auto& l : listeners_) {
    if (std::find(l.gateway_ports.begin(), l.gateway_ports.end(), gateway_port) ==
        l.gateway_ports.end()) {
      continue;
    }
    if (l.bind.empty()) {
      if (!unbound)
        unbound = &l;
    } else if (!local_address.empty() && l.bind == local_address) {
      return &l;
    } else if (!first_bound) {
      first_bound = &l;
    }
  }
  // Without a local address (igw routes, curl-sim) a port served only on a bound address is
  // still found; with one, only a matching bind or an unbound listener accepts.
  if (!unbound && local_address.empty())
    return first_bound;
  return unbound;
}

const RouteConfig* RouteTable::find_route_config(std::string_view name) const {
  auto it = route_config_index_.find(std::string(name));
  return it == route_config_index_.end() ? nullptr : it->second;
}

const Cluster* RouteTable::find_cluster(std::string_view name) const {
  auto it = cluster_index_.find(std::string(name));
  return it == cluster_index_.end() ? nullptr : it->second;
}

}  // namespace igw::compile
