// destinationrule.SubsetSelectPodAnalyzer: a DestinationRule's host must be a known service and
// each of its subsets must select at least one Pod
// (pkg/config/analysis/analyzers/destinationrule/subset.go).
#include "lib/check/analyzers/analyzer_util.h"
#include "lib/check/analyzers/analyzers.h"
#include "lib/check/analyzers/service_lookup.h"
#include "lib/check/istio_messages.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string_view>
#include <utility>
#include <vector>

namespace igw::check::analyzers {

namespace {

// pilot/pkg/serviceregistry/util/label: the node labels Istio copies onto endpoints.
constexpr std::string_view kTopologyLabels[] = {
    "topology.kubernetes.io/region", "topology.kubernetes.io/zone", "topology.istio.io/subzone"};
constexpr std::string_view kHostnameLabel = "kubernetes.io/hostname";

// augmentPodLabelsWithNodeTopology: a scheduled Pod also carries its Node's topology labels and
// the node name as hostname. An empty topology value is not copied (the upstream fixture
// destinationrule-empty-topology-labels expects a subset selecting `region: ""` to match
// nothing).
Labels pod_labels(const model::Pod& pod, const std::map<std::string, Labels>& nodes) {
  Labels out = to_labels(pod.meta.labels);
  const std::string& node_name = pod.node_name.value;
  if (node_name.empty())
    return out;
  auto node = nodes.find(node_name);
  if (node == nodes.end())
    return out;
  for (std::string_view key : kTopologyLabels) {
    auto it = node->second.find(std::string(key));
    if (it != node->second.end() && !it->second.empty())
      out[it->first] = it->second;
  }
  out[std::string(kHostnameLabel)] = node_name;
  return out;
}

struct SubsetMatcher {
  const model::Subset* subset;
  Labels selector;
  bool matched = false;
};

void run_dr_subset_select_pod_analyzer(Context& ctx) {
  const model::Config& cfg = ctx.config();
  ServiceLookup services(ctx);
  std::map<std::string, Labels> nodes;
  for (const auto& o : cfg.others) {
    if (is_kind(o, "", "Node"))
      nodes[o.name()] = to_labels(o.meta.labels);
  }

  struct RuleSubsets {
    const model::DestinationRule* dr;
    std::vector<SubsetMatcher> subsets;
  };
  std::vector<RuleSubsets> rules;
  for (const auto& dr : cfg.destination_rules) {
    const ServiceRecord* service = services.find(dr.ns(), dr.export_to, dr.host.value);
    if (!service) {
      ctx.report(ist::kUnknownDestinationRuleHost,
                 fmt::format("The host {} defined in the DestinationRule does not match any "
                             "services in the mesh.",
                             dr.host.value),
                 dr, dr.host.loc_or(dr.loc));
      continue;
    }
    RuleSubsets rs{&dr, {}};
    for (const auto& s : dr.subsets) {
      // The subset's labels on top of the ServiceEntry's workload selector.
      Labels selector = service->workload_selector;
      for (const auto& [k, v] : to_labels(s.labels))
        selector[k] = v;
      // Subsets are keyed by name upstream: a repeated name keeps the later definition.
      bool replaced = false;
      for (auto& m : rs.subsets) {
        if (m.subset->name.value == s.name.value) {
          m = SubsetMatcher{&s, selector};
          replaced = true;
        }
      }
      if (!replaced)
        rs.subsets.push_back(SubsetMatcher{&s, std::move(selector)});
    }
    if (!rs.subsets.empty())
      rules.push_back(std::move(rs));
  }

  // A subset selects pods when some Pod carries all of its labels. Pods are indexed by label, and
  // each subset is tried only against the Pods having its rarest label, stopping at the first
  // match, instead of every Pod against every subset.
  std::vector<Labels> labels;
  labels.reserve(ctx.pods().size());
  std::map<std::pair<std::string_view, std::string_view>, std::vector<size_t>> by_label;
  for (const model::Pod* pod : ctx.pods())
    labels.push_back(pod_labels(*pod, nodes));
  for (size_t i = 0; i < labels.size(); ++i) {
    for (const auto& [k, v] : labels[i])
      by_label[{k, v}].push_back(i);
  }
  const std::vector<size_t> no_pods;
  for (auto& rs : rules) {
    for (auto& m : rs.subsets) {
      if (m.selector.empty()) {
        m.matched = !labels.empty();
        continue;
      }
      const std::vector<size_t>* candidates = nullptr;
      for (const auto& [k, v] : m.selector) {
        auto it = by_label.find({k, v});
        const std::vector<size_t>& pods = it == by_label.end() ? no_pods : it->second;
        if (!candidates || pods.size() < candidates->size())
          candidates = &pods;
      }
      m.matched = std::any_of(candidates->begin(), candidates->end(),
                              [&](size_t i) { return selector_matches(m.selector, labels[i]); });
    }
  }

  for (const auto& rs : rules) {
    for (const auto& m : rs.subsets) {
      if (m.matched)
        continue;
      ctx.report(ist::kDestinationRuleSubsetNotSelectPods,
                 fmt::format("The Subset {} defined in the DestinationRule does not select any "
                             "pods. Which may lead to 503 UH (NoHealthyUpstream).",
                             m.subset->name.value),
                 *rs.dr, m.subset->name.loc_or(m.subset->loc));
    }
  }
}

}  // namespace

Check dr_subset_select_pod_analyzer() {
  return {"destinationrule.SubsetSelectPodAnalyzer",
          "Checks if pods are selected by subsets in destination rules.",
          {&ist::kUnknownDestinationRuleHost, &ist::kDestinationRuleSubsetNotSelectPods},
          {"Pod", "Service"},
          &run_dr_subset_select_pod_analyzer};
}

}  // namespace igw::check::analyzers
