// Gateway server and workload facts for igw's checks; see gateway_facts.h.
#include "lib/check/igw/gateway_facts.h"

#include "lib/base/strings.h"
#include "lib/model/host_name.h"
#include "lib/model/server_merge.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <utility>

namespace igw::check::igw_facts {

std::string protocol_of(const model::Server& s) {
  if (!s.port || !s.port->protocol)
    return {};
  std::string p = s.port->protocol.value;
  std::transform(p.begin(), p.end(), p.begin(), [](unsigned char c) { return std::toupper(c); });
  return p;
}

bool is_plain_http_server(const model::Server& s) {
  return s.port && model::is_http_protocol(model::parse_protocol(s.port->protocol.value));
}

bool applies_tls_parameters(const model::Server& s) {
  if (!s.tls || !s.port || is_plain_http_server(s))
    return false;
  model::TlsMode m = model::tls_mode_of(s);
  return m == model::TlsMode::kSimple || m == model::TlsMode::kMutual ||
         m == model::TlsMode::kOptionalMutual;
}

std::vector<ServerHost> server_hosts(const model::Server& s) {
  std::vector<ServerHost> out;
  for (const auto& h : s.hosts)
    out.push_back({model::split_server_host(h.value).host, &h});
  return out;
}

bool selector_matches(const model::StringMap& selector, const model::StringMap& labels) {
  return std::all_of(selector.begin(), selector.end(), [&](const model::StringMapEntry& e) {
    const model::LString* v = model::find_value(labels, e.key.value);
    return v && v->value == e.value.value;
  });
}

std::vector<const model::Pod*> selected_pods(const Context& ctx, const model::Gateway& gw) {
  std::vector<const model::Pod*> out;
  for (const model::Pod* p : ctx.pods()) {
    if (selector_matches(gw.selector, p->meta.labels))
      out.push_back(p);
  }
  return out;
}

namespace {

bool same_selector(const model::StringMap& a, const model::StringMap& b) {
  return a.size() == b.size() && selector_matches(a, b);
}

}  // namespace

bool same_workload(const Context& ctx, const model::Gateway& a, const model::Gateway& b) {
  if (&a == &b)
    return true;
  std::vector<const model::Pod*> pa = selected_pods(ctx, a);
  std::vector<const model::Pod*> pb = selected_pods(ctx, b);
  for (const model::Pod* p : pa) {
    if (std::find(pb.begin(), pb.end(), p) != pb.end())
      return true;
  }
  if (pa.empty() && pb.empty())
    return same_selector(a.selector, b.selector);
  return false;
}

std::vector<model::GatewayWorkload> workloads(const Context& ctx) {
  std::vector<model::GatewayWorkload> out;
  std::set<std::pair<std::vector<std::pair<std::string, std::string>>, std::string>> seen;
  auto add = [&](model::GatewayWorkload w) {
    std::sort(w.labels.begin(), w.labels.end());
    if (seen.emplace(w.labels, w.ns).second)
      out.push_back(std::move(w));
  };
  std::vector<const model::Gateway*> gateways;
  for (const auto& gw : ctx.config().gateways) {
    if (!gw.rejected)
      gateways.push_back(&gw);
  }
  // Only Pods some Gateway selects make a workload: merging for any other Pod finds no server,
  // and skipping them keeps large inputs (many application Pods) linear in the Gateways.
  std::vector<bool> selects_a_pod(gateways.size(), false);
  for (const model::Pod* p : ctx.pods()) {
    bool selected = false;
    for (size_t i = 0; i < gateways.size(); ++i) {
      if (selector_matches(gateways[i]->selector, p->meta.labels)) {
        selects_a_pod[i] = true;
        selected = true;
      }
    }
    if (!selected)
      continue;
    model::GatewayWorkload w;
    w.labels.clear();
    for (const auto& l : p->meta.labels)
      w.labels.emplace_back(l.key.value, l.value.value);
    w.ns = p->ns();
    add(std::move(w));
  }
  for (size_t i = 0; i < gateways.size(); ++i) {
    if (selects_a_pod[i])
      continue;
    model::GatewayWorkload w;
    w.labels.clear();
    for (const auto& l : gateways[i]->selector)
      w.labels.emplace_back(l.key.value, l.value.value);
    w.ns = gateways[i]->ns();
    add(std::move(w));
  }
  return out;
}

std::vector<std::string> credential_namespaces(const Context& ctx, const model::Gateway& gw) {
  std::vector<std::string> out;
  auto add = [&out](const std::string& ns) {
    if (std::find(out.begin(), out.end(), ns) == out.end())
      out.push_back(ns);
  };
  for (const model::Pod* p : selected_pods(ctx, gw))
    add(p->ns());
  add(gw.ns());
  return out;
}

CredentialIndex::CredentialIndex(const model::Config& config) {
  for (const auto& s : config.secrets)
    secrets_.try_emplace(Key{s.ns(), s.name()}, &s);
  for (const auto& c : config.certificates)
    certificates_[Key{c.ns(), c.secret_name.value}].push_back(&c);
}

const model::Secret* CredentialIndex::secret(const std::string& ns, const std::string& name) const {
  auto it = secrets_.find(Key{ns, name});
  return it == secrets_.end() ? nullptr : it->second;
}

const std::vector<const model::Certificate*>& CredentialIndex::certificates(
    const std::string& ns, const std::string& name) const {
  auto it = certificates_.find(Key{ns, name});
  return it == certificates_.end() ? none_ : it->second;
}

std::string describe_server(const model::Server& s) {
  std::string who = fmt::format("servers[{}]", s.index);
  if (s.name)
    who += " " + base::quote(s.name.value);
  if (!s.port || !s.port->number)
    return who;
  std::string proto = protocol_of(s);
  if (proto.empty())
    return fmt::format("{} (port {})", who, s.port->number.value);
  return fmt::format("{} (port {} {})", who, s.port->number.value, proto);
}

std::string describe_http_rule(const model::HttpRoute& r) {
  return r.name ? base::quote(r.name.value) : fmt::format("#{}", r.index);
}

}  // namespace igw::check::igw_facts
