#include "lib/check/analyzers/analyzer_util.h"

#include <fmt/format.h>

namespace igw::check::analyzers {

namespace {

constexpr std::string_view kKubeDomainSuffix = ".svc.cluster.local";

}  // namespace

Labels to_labels(const model::StringMap& m) {
  Labels out;
  for (const auto& e : m)
    out[e.key.value] = e.value.value;
  return out;
}

std::string selector_string(const Labels& selector) {
  std::string out;
  for (const auto& [k, v] : selector) {
    if (!out.empty())
      out += ',';
    out += k;
    out += '=';
    out += v;
  }
  return out;
}

bool selector_matches(const Labels& selector, const Labels& labels) {
  for (const auto& [k, v] : selector) {
    auto it = labels.find(k);
    if (it == labels.end() || it->second != v)
      return false;
  }
  return true;
}

std::string full_name(const model::ObjectBase& o) {
  if (o.ns().empty())
    return o.name();
  return o.ns() + "/" + o.name();
}

NsName short_or_full_name(std::string_view default_ns, std::string_view name) {
  size_t slash = name.find('/');
  if (slash == std::string_view::npos)
    return {std::string(default_ns), std::string(name)};
  return {std::string(name.substr(0, slash)), std::string(name.substr(slash + 1))};
}

bool has_name(const model::ObjectBase& o, const NsName& n) {
  return o.ns() == n.ns && o.name() == n.name;
}

std::string to_fqdn(std::string_view ns, std::string_view host) {
  if (host.starts_with('*') || host.find('.') != std::string_view::npos)
    return std::string(host);
  return fmt::format("{}.{}.svc.cluster.local", host, ns);
}

std::string scoped_fqdn(std::string_view scope, std::string_view ns, std::string_view host) {
  return fmt::format("{}/{}", scope, to_fqdn(ns, host));
}

NsName resource_name_from_host(std::string_view default_ns, std::string_view host) {
  if (host.size() > kKubeDomainSuffix.size() && host.ends_with(kKubeDomainSuffix)) {
    std::string_view prefix = host.substr(0, host.size() - kKubeDomainSuffix.size());
    // The first group of the regex is greedy: it ends at the rightmost dot that leaves both
    // groups non-empty.
    for (size_t dot = prefix.rfind('.'); dot != std::string_view::npos && dot > 0;
         dot = prefix.rfind('.', dot - 1)) {
      if (dot + 1 < prefix.size())
        return {std::string(prefix.substr(dot + 1)), std::string(prefix.substr(0, dot))};
    }
  }
  return {std::string(default_ns), std::string(host)};
}

bool exports_to_all(const std::vector<model::LString>& export_to) {
  if (export_to.empty())
    return true;
  for (const auto& e : export_to) {
    if (e.value == "*")
      return true;
  }
  return false;
}

std::string go_list(const std::vector<std::string>& items) {
  return fmt::format("[{}]", fmt::join(items, " "));
}

std::string go_list(const std::vector<int64_t>& items) {
  return fmt::format("[{}]", fmt::join(items, " "));
}

base::SourceLoc selector_loc(const model::Gateway& gw) {
  Labels sel = to_labels(gw.selector);
  if (!sel.empty()) {
    const std::string& first = sel.begin()->first;
    // The last entry with that key is the one Go keeps.
    for (auto it = gw.selector.rbegin(); it != gw.selector.rend(); ++it) {
      if (it->key.value == first)
        return it->key.loc;
    }
  }
  return gw.loc;
}

bool is_kind(const model::ObjectBase& o, std::string_view group, std::string_view kind) {
  if (o.kind != kind)
    return false;
  std::string_view api = o.api_version;
  size_t slash = api.find('/');
  std::string_view g = slash == std::string_view::npos ? std::string_view() : api.substr(0, slash);
  return g == group;
}

const config::Node* child(const config::Node* n, std::string_view key) {
  return n && n->is_map() ? n->find(key) : nullptr;
}

}  // namespace igw::check::analyzers
