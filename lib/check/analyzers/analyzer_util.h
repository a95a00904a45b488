// Small helpers every analyzer shares: Kubernetes label selectors, Istio's FQDN and name forms,
// and Go's %v list formatting, each mirroring the Istio helper named beside it.
#pragma once

#include "lib/base/source_loc.h"
#include "lib/model/config.h"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace igw::check::analyzers {

// A label set or an equality selector, keyed and ordered by label name. Built the way Go's JSON
// decoding builds a map: a repeated key keeps its last value.
using Labels = std::map<std::string, std::string>;
Labels to_labels(const model::StringMap& m);

// k8s.io/apimachinery labels.SelectorFromSet(s).String(): "k1=v1,k2=v2" sorted by key, "" for
// an empty set.
std::string selector_string(const Labels& selector);
// labels.SelectorFromSet(selector).Matches(labels): every pair present with an equal value; an
// empty selector matches everything.
bool selector_matches(const Labels& selector, const Labels& labels);

// resource.FullName.String(): "ns/name", or "name" when the object has no namespace.
std::string full_name(const model::ObjectBase& o);
// resource.NewShortOrFullName(default_ns, name): "ns/name" splits at the first '/', a plain
// name takes `default_ns`.
struct NsName {
  std::string ns;
  std::string name;
  friend bool operator==(const NsName&, const NsName&) = default;
  friend auto operator<=>(const NsName&, const NsName&) = default;
};
NsName short_or_full_name(std::string_view default_ns, std::string_view name);
bool has_name(const model::ObjectBase& o, const NsName& n);

// util.ConvertHostToFQDN: a name without dots that is not a wildcard becomes
// "<host>.<ns>.svc.cluster.local" (an empty namespace stays empty, as in Istio).
std::string to_fqdn(std::string_view ns, std::string_view host);
// util.NewScopedFqdn: "<scope>/<fqdn>".
std::string scoped_fqdn(std::string_view scope, std::string_view ns, std::string_view host);
// util.GetResourceNameFromHost: "<name>.<ns>.svc.cluster.local" (greedy name, as the regex
// `^(.+)\.(.+)\.svc\.cluster\.local$`) gives {ns, name}; anything else is {default_ns, host}.
NsName resource_name_from_host(std::string_view default_ns, std::string_view host);

// util.IsExportToAllNamespaces: no entries, or one of them is "*".
bool exports_to_all(const std::vector<model::LString>& export_to);

// Go's fmt %v of a []string / []int: "[a b c]".
std::string go_list(const std::vector<std::string>& items);
std::string go_list(const std::vector<int64_t>& items);

// Where a finding about a Gateway's workload selector points: Istio looks up the field path
// `spec.selector.<first key of the selector string>`; the Gateway's start when there is none.
base::SourceLoc selector_loc(const model::Gateway& gw);

// An object of the input that igw keeps untyped (a Node, a Sidecar, a Gateway API Gateway…),
// matched by API group (the apiVersion before '/') and kind.
bool is_kind(const model::ObjectBase& o, std::string_view group, std::string_view kind);
// The child `key` of map node `n` (nullptr when `n` is not a map or lacks it).
const config::Node* child(const config::Node* n, std::string_view key);

}  // namespace igw::check::analyzers
