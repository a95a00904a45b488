#include "lib/check/analyzers/service_lookup.h"

#include "lib/base/strings.h"

namespace igw::check::analyzers {

namespace {

constexpr std::string_view kAllNamespaces = "*";
constexpr std::string_view kNetworkingExportTo = "networking.istio.io/exportTo";

// The namespace scopes an exportTo list makes a host visible in ("." is the own namespace).
std::vector<std::string> scopes_of(const std::vector<std::string>& export_to, std::string_view ns) {
  std::vector<std::string> out;
  for (const auto& e : export_to)
    out.push_back(e == "." ? std::string(ns) : e);
  return out;
}

}  // namespace

ServiceLookup::ServiceLookup(const Context& ctx) {
  const model::Config& cfg = ctx.config();
  for (const auto& se : cfg.service_entries) {
    ServiceRecord& r = records_.emplace_back();
    r.source = &se;
    for (const auto& p : se.ports)
      r.ports.push_back(p.number.value);
    if (se.workload_selector)
      r.workload_selector = to_labels(*se.workload_selector);
    // A ServiceEntry exported to a list of namespaces is visible in each of them (the
    // upstream fixture "vs-to-extporto-serviceentry" depends on it); exported to all it is
    // visible everywhere.
    std::vector<std::string> scopes;
    if (exports_to_all(se.export_to)) {
      scopes.emplace_back(kAllNamespaces);
    } else {
      std::vector<std::string> raw;
      for (const auto& e : se.export_to)
        raw.push_back(e.value);
      scopes = scopes_of(raw, se.ns());
    }
    for (const auto& scope : scopes) {
      for (const auto& h : se.hosts)
        add(scoped_fqdn(scope, se.ns(), h.value), &r);
    }
  }
  // Kubernetes Services, visible per their networking.istio.io/exportTo annotation (a
  // comma-separated list; everywhere when absent).
  for (const model::Service* svc : ctx.services()) {
    ServiceRecord& r = records_.emplace_back();
    r.source = svc;
    for (const auto& p : svc->ports)
      r.ports.push_back(p.port.value);
    std::vector<std::string> scopes;
    const model::LString* anno = svc->annotation(kNetworkingExportTo);
    if (!anno || anno->value.empty()) {
      scopes.emplace_back(kAllNamespaces);
    } else {
      std::vector<std::string> raw;
      for (auto part : base::split(anno->value, ','))
        raw.emplace_back(part);
      scopes = scopes_of(raw, svc->ns());
    }
    for (const auto& scope : scopes)
      add(scoped_fqdn(scope, svc->ns(), svc->name()), &r);
  }
}

void ServiceLookup::add(const std::string& scoped, const ServiceRecord* record) {
  auto [it, inserted] = by_scoped_fqdn_.insert_or_assign(scoped, record);
  size_t slash = scoped.find('/');
  if (inserted && slash + 1 < scoped.size() && scoped[slash + 1] == '*')
    wildcards_.push_back(scoped);
}

const ServiceRecord* ServiceLookup::find(std::string_view source_ns,
                                         const std::vector<model::LString>& export_to,
                                         std::string_view host) const {
  auto lookup = [this](const std::string& key) -> const ServiceRecord* {
    auto it = by_scoped_fqdn_.find(key);
    return it == by_scoped_fqdn_.end() ? nullptr : it->second;
  };
  if (const ServiceRecord* r = lookup(scoped_fqdn(kAllNamespaces, source_ns, host)))
    return r;
  if (export_to.empty()) {
    if (const ServiceRecord* r = lookup(scoped_fqdn(source_ns, source_ns, host)))
      return r;
  } else {
    for (const auto& e : export_to) {
      std::string_view scope = e.value == "." ? source_ns : std::string_view(e.value);
      if (const ServiceRecord* r = lookup(scoped_fqdn(scope, source_ns, host)))
        return r;
    }
  }
  // Wildcard ServiceEntry hosts visible to every namespace or to the source namespace.
  std::string_view bare_host = host.starts_with('*') ? host.substr(1) : host;
  for (const auto& key : wildcards_) {
    size_t slash = key.find('/');
    std::string_view scope = std::string_view(key).substr(0, slash);
    std::string_view se_host = std::string_view(key).substr(slash + 1);
    if (scope != kAllNamespaces && scope != source_ns)
      continue;
    if (bare_host.ends_with(se_host.substr(1)))
      return by_scoped_fqdn_.at(key);
  }
  return nullptr;
}

}  // namespace igw::check::analyzers
