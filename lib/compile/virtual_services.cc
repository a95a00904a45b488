// VirtualService visibility, ordering and delegation; see virtual_services.h.
#include "lib/compile/virtual_services.h"

#include "lib/model/host_name.h"

#include <algorithm>
#include <set>

namespace igw::compile::detail {

namespace {

std::string vs_object(const model::VirtualService& vs) {
  return "VirtualService " + vs.ns() + "/" + vs.name();
}

VsEntry::Group group_for(const model::VirtualService& vs, const std::string& workload_ns) {
  if (vs.export_to.empty())
    return VsEntry::Group::kPublic;  // meshConfig.defaultVirtualServiceExportTo defaults to "*"
  bool none = false;
  bool priv = false;
  bool exported = false;
  for (const auto& e : vs.export_to) {
    if (e.value == "*")
      return VsEntry::Group::kPublic;
    if (e.value == "~")
      none = true;
    else if (e.value == "." || e.value == vs.ns())
      priv = priv || vs.ns() == workload_ns;
    else if (e.value == workload_ns)
      exported = true;
  }
  if (none)
    return VsEntry::Group::kHidden;
  if (priv)
    return VsEntry::Group::kPrivate;
  if (exported)
    return VsEntry::Group::kExported;
  return VsEntry::Group::kHidden;
}

// Resolves destination/mirror hosts and match gateways of `r` in namespace `ns`, in place.
void resolve_names(model::HttpRoute& r, const std::string& ns) {
  for (auto& m : r.match) {
    for (auto& g : m.gateways) {
      if (g.value != "mesh")
        g.value = model::resolve_gateway_name(g.value, ns);
    }
  }
  for (auto& d : r.route) {
    if (d.destination)
      d.destination->host.value = model::resolve_short_name(d.destination->host.value, ns);
  }
  if (r.mirror)
    r.mirror->host.value = model::resolve_short_name(r.mirror->host.value, ns);
  for (auto& m : r.mirrors) {
    if (m.destination)
      m.destination->host.value = model::resolve_short_name(m.destination->host.value, ns);
  }
}

const model::NamedStringMatch* find_named(const std::vector<model::NamedStringMatch>& v,
                                          const std::string& name) {
  for (const auto& e : v) {
    if (e.name.value == name)
      return &e;
  }
  return nullptr;
}

// stringMatchConflict: whether a delegate (leaf) condition can live inside the root one.
bool string_match_conflict(const std::optional<model::StringMatch>& root,
                           const std::optional<model::StringMatch>& leaf) {
  using K = model::StringMatch::Kind;
  if (!root || !leaf)
    return false;
  const K rk = root->kind, lk = leaf->kind;
  const std::string& rv = root->value.value;
  const std::string& lv = leaf->value.value;
  auto set = [](K k, const std::string& v) { return k != K::None && !v.empty(); };
  if (rk == K::Regex && set(rk, rv) && set(lk, lv))
    return true;
  if (lk == K::Regex && set(lk, lv) && set(rk, rv))
    return true;
  if (rk == K::Exact && !rv.empty()) {
    if (lk == K::Prefix && !lv.empty())
      return true;
    return !(lk == K::Exact && lv == rv);
  }
  if (rk == K::Prefix && !rv.empty()) {
    if (lk == K::Prefix && !lv.empty())
      return !lv.starts_with(rv);
    if (lk == K::Exact && !lv.empty())
      return !lv.starts_with(rv);
  }
  return true;
}

std::optional<model::StringMatch> opt_of(const model::NamedStringMatch* m) {
  if (!m)
    return std::nullopt;
  return m->match;
}

bool has_conflict(const model::HttpMatchRequest& root, const model::HttpMatchRequest& leaf) {
  if (string_match_conflict(root.uri, leaf.uri) ||
      string_match_conflict(root.scheme, leaf.scheme) ||
      string_match_conflict(root.method, leaf.method) ||
      string_match_conflict(root.authority, leaf.authority)) {
    return true;
  }
  for (const auto& h : leaf.headers) {
    if (string_match_conflict(opt_of(find_named(root.headers, h.name.value)), h.match))
      return true;
  }
  for (const auto& h : leaf.without_headers) {
    if (string_match_conflict(opt_of(find_named(root.without_headers, h.name.value)), h.match))
      return true;
  }
  for (const auto& q : leaf.query_params) {
    if (string_match_conflict(opt_of(find_named(root.query_params, q.name.value)), q.match))
      return true;
  }
  if (root.ignore_uri_case.value_or(false) != leaf.ignore_uri_case.value_or(false))
    return true;
  int64_t rp = root.port.value_or(0), lp = leaf.port.value_or(0);
  if (rp > 0 && lp > 0 && rp != lp)
    return true;
  if (root.source_namespace && !root.source_namespace->empty() &&
      leaf.source_namespace.value_or("") != root.source_namespace.value) {
    return true;
  }
  for (const auto& l : leaf.source_labels) {
    const model::LString* v = model::find_value(root.source_labels, l.key.value);
    if (v && v->value != l.value.value)
      return true;
  }
  if (!root.gateways.empty() && !leaf.gateways.empty()) {
    if (root.gateways.size() < leaf.gateways.size())
      return true;
    for (const auto& g : leaf.gateways) {
      bool found = std::any_of(root.gateways.begin(), root.gateways.end(),
                               [&](const model::LString& r) { return r.value == g.value; });
      if (!found)
        return true;
    }
  }
  return false;
}

// maps.MergeCopy(root, delegate): delegate entries override root entries with the same key.
template <typename Entry, typename Key>
std::vector<Entry> merge_by_key(const std::vector<Entry>& root, const std::vector<Entry>& leaf,
                                Key key) {
  std::vector<Entry> out = root;
  for (const auto& l : leaf) {
    auto it =
        std::find_if(out.begin(), out.end(), [&](const Entry& o) { return key(o) == key(l); });
    if (it != out.end())
      *it = l;
    else
      out.push_back(l);
  }
  return out;
}

std::vector<model::NamedStringMatch> merge_named(const std::vector<model::NamedStringMatch>& root,
                                                 const std::vector<model::NamedStringMatch>& leaf) {
  return merge_by_key(root, leaf, [](const model::NamedStringMatch& m) { return m.name.value; });
}

// Istio joins a root and a delegate name as "root-delegate"; either alone is kept as is.
template <typename Name>
void merge_name(Name& out, const Name& root) {
  if (!out || out->empty())
    out = root;
  else if (root && !root->empty())
    out.value = root.value + "-" + out.value;
}

model::HttpMatchRequest merge_match(const model::HttpMatchRequest& root,
                                    const model::HttpMatchRequest& leaf) {
  model::HttpMatchRequest out = leaf;
  merge_name(out.name, root.name);
  if (!out.uri)
    out.uri = root.uri;
  if (!out.scheme)
    out.scheme = root.scheme;
  if (!out.method)
    out.method = root.method;
  if (!out.authority)
    out.authority = root.authority;
  out.headers = merge_named(root.headers, leaf.headers);
  out.without_headers = merge_named(root.without_headers, leaf.without_headers);
  out.query_params = merge_named(root.query_params, leaf.query_params);
  if (out.port.value_or(0) == 0)
    out.port = root.port;
  out.source_labels = merge_by_key(root.source_labels, leaf.source_labels,
                                   [](const auto& label) { return label.key.value; });
  if (!out.source_namespace || out.source_namespace->empty())
    out.source_namespace = root.source_namespace;
  if (out.gateways.empty())
    out.gateways = root.gateways;
  if (!out.stat_prefix || out.stat_prefix->empty())
    out.stat_prefix = root.stat_prefix;
  return out;
}

// mergeHTTPMatchRequests: nullopt on conflict.
std::optional<std::vector<model::HttpMatchRequest>> merge_matches(
    const std::vector<model::HttpMatchRequest>& root,
    const std::vector<model::HttpMatchRequest>& leaf) {
  if (root.empty())
    return leaf;
  if (leaf.empty())
    return root;
  std::vector<model::HttpMatchRequest> out;
  for (const auto& sub : leaf) {
    bool found = false;
    for (const auto& r : root) {
      if (has_conflict(r, sub))
        continue;
      out.push_back(merge_match(r, sub));
      found = true;
    }
    if (!found)
      return std::nullopt;
  }
  if (out.empty())
    return std::nullopt;
  return out;
}

std::optional<model::HttpRoute> merge_rule(const model::HttpRoute& root,
                                           const model::HttpRoute& delegate) {
  auto matches = merge_matches(root.match, delegate.match);
  if (!matches)
    return std::nullopt;
  model::HttpRoute out = delegate;
  out.match = std::move(*matches);
  merge_name(out.name, root.name);
  if (!out.rewrite)
    out.rewrite = root.rewrite;
  if (!out.direct_response)
    out.direct_response = root.direct_response;
  if (!out.timeout)
    out.timeout = root.timeout;
  if (!out.retries)
    out.retries = root.retries;
  if (!out.fault)
    out.fault = root.fault;
  if (!out.mirror)
    out.mirror = root.mirror;
  if (!out.mirror_percent)
    out.mirror_percent = root.mirror_percent;
  if (!out.mirror_percentage)
    out.mirror_percentage = root.mirror_percentage;
  if (!out.cors_policy)
    out.cors_policy = root.cors_policy;
  if (out.mirrors.empty())
    out.mirrors = root.mirrors;
  if (!out.headers)
    out.headers = root.headers;
  out.delegate.reset();
  return out;
}

}  // namespace

VirtualServiceIndex::VirtualServiceIndex(const model::Config& config,
                                         const model::GatewayWorkload& workload, Notes& notes) {
  std::vector<const model::VirtualService*> roots;
  for (const auto& vs : config.virtual_services) {
    if (!vs.rejected && !vs.is_delegate())
      roots.push_back(&vs);
  }
  std::stable_sort(roots.begin(), roots.end(),
                   [](auto* a, auto* b) { return model::created_before(*a, *b); });
  auto find_delegate = [&](const std::string& name,
                           const std::string& ns) -> const model::VirtualService* {
    for (const auto& vs : config.virtual_services) {
      if (!vs.rejected && vs.is_delegate() && vs.name() == name && vs.ns() == ns)
        return &vs;
    }
    return nullptr;
  };
  entries_.reserve(roots.size());
  for (const model::VirtualService* vs : roots) {
    VsEntry e;
    e.vs = vs;
    for (const auto& h : vs->hosts)
      e.hosts.push_back(model::resolve_short_name(h.value, vs->ns()));
    for (const auto& g : vs->gateways) {
      e.gateways.push_back(g.value == "mesh" ? g.value
                                             : model::resolve_gateway_name(g.value, vs->ns()));
    }
    e.group = group_for(*vs, workload.ns);
    for (uint32_t i = 0; i < vs->http.size(); ++i) {
      const model::HttpRoute& r = vs->http[i];
      if (r.null_entry)
        continue;
      if (!r.delegate) {
        ExpandedRule x;
        x.rule = &r;
        x.root_index = i;
        e.rules.push_back(std::move(x));
        continue;
      }
      std::string dns = r.delegate->namespace_ && !r.delegate->namespace_->empty()
                            ? r.delegate->namespace_.value
                            : vs->ns();
      const std::string& dname = r.delegate->name.value;
      const model::VirtualService* d = find_delegate(dname, dns);
      if (!d) {
        notes.add("R3.14", vs_object(*vs),
                  "http[" + std::to_string(i) + "] delegates to VirtualService " + dns + "/" +
                      dname + ", which is not in the input (or is rejected); Istio drops the rule",
                  r.delegate->loc);
        continue;
      }
      bool visible = d->export_to.empty();
      for (const auto& x : d->export_to) {
        if (x.value == "*" || x.value == vs->ns() || (x.value == "." && d->ns() == vs->ns()))
          visible = true;
      }
      if (!visible) {
        notes.add("R3.14", vs_object(*vs),
                  "delegate VirtualService " + dns + "/" + dname +
                      " is not exported to namespace " + vs->ns() + "; Istio drops http[" +
                      std::to_string(i) + "]",
                  r.delegate->loc);
        continue;
      }
      model::HttpRoute root_copy = r;
      resolve_names(root_copy, vs->ns());
      for (uint32_t j = 0; j < d->http.size(); ++j) {
        if (d->http[j].null_entry)
          continue;
        model::HttpRoute leaf = d->http[j];
        resolve_names(leaf, d->ns());
        if (leaf.delegate) {
          notes.add("R3.14", vs_object(*d),
                    "http[" + std::to_string(j) +
                        "] delegates again; Istio supports one level of delegation only",
                    leaf.loc);
          continue;
        }
        auto merged = merge_rule(root_copy, leaf);
        if (!merged) {
          notes.add("R3.14", vs_object(*d),
                    "http[" + std::to_string(j) + "] matches nothing inside the match of " +
                        vs->ns() + "/" + vs->name() + " http[" + std::to_string(i) +
                        "]; Istio drops it",
                    d->http[j].loc);
          continue;
        }
        ExpandedRule x;
        x.rule = &d->http[j];
        x.merged = std::move(*merged);
        x.root_index = i;
        x.delegate = d;
        x.delegate_index = j;
        x.resolved = true;
        e.rules.push_back(std::move(x));
      }
    }
    entries_.push_back(std::move(e));
  }
  // Index by gateway in Istio's group order; `roots` is already in creation order.
  for (auto group :
       {VsEntry::Group::kPrivate, VsEntry::Group::kExported, VsEntry::Group::kPublic}) {
    for (const auto& e : entries_) {
      if (e.group != group)
        continue;
      std::set<std::string> seen;
      for (const auto& g : e.gateways) {
        if (seen.insert(g).second)
          by_gateway_[g].push_back(&e);
      }
    }
  }
  for (const auto& e : entries_) {
    if (e.group != VsEntry::Group::kHidden)
      continue;
    bool to_gateway = std::any_of(e.gateways.begin(), e.gateways.end(),
                                  [](const std::string& g) { return g != "mesh"; });
    if (to_gateway) {
      notes.add("R2.3", vs_object(*e.vs),
                "exportTo does not include the gateway workload's namespace " + workload.ns +
                    "; the gateway never sees this VirtualService",
                e.vs->loc);
    }
  }
}

const std::vector<const VsEntry*>& VirtualServiceIndex::for_gateway(
    const std::string& gateway) const {
  auto it = by_gateway_.find(gateway);
  return it == by_gateway_.end() ? empty_ : it->second;
}

}  // namespace igw::compile::detail
