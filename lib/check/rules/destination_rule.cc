// ValidateDestinationRule, validateSubset and validateWorkloadSelector
// (istio/istio pkg/config/validation/validation.go).
#include "lib/base/strings.h"
#include "lib/check/rules/kinds.h"
#include "lib/check/rules/validators.h"

#include <fmt/format.h>

#include <set>

namespace igw::check::rules {

namespace {

void validate_workload_selector(const model::WorkloadSelector& ws, Findings& f) {
  for (const auto& e : ws.match_labels) {
    std::string pair = fmt::format("{}={}", e.key.value, e.value.value);
    if (e.key.value.empty()) {
      f.error(fmt::format("empty key is not supported in selector: {}", base::quote(pair)),
              e.key.loc);
    }
    if (e.key.value.find('*') != std::string::npos ||
        e.value.value.find('*') != std::string::npos) {
      f.error(fmt::format("wildcard is not supported in selector: {}", base::quote(pair)),
              e.key.loc, "workload selectors match label values exactly");
    }
  }
  if (ws.match_labels.empty()) {
    f.warning("workload selector specified without labels", ws.loc,
              "add matchLabels, or remove workloadSelector to apply the rule to every client");
  }
}

}  // namespace

void validate_destination_rule(const model::DestinationRule& dr, Findings& f) {
  if (validate_metadata(dr, f))
    return;
  View spec = View::spec(dr);
  if (spec.present() && !spec.is_map())
    return;  // not an object at all: check::schema reports it
  if (auto err = validate_wildcard_domain(dr.host.value)) {
    f.error(*err, dr.host ? dr.host.loc : spec.loc(),
            "host names the service the rule applies to, e.g. reviews or "
            "reviews.prod.svc.cluster.local");
  }
  View policy = spec["trafficPolicy"];
  if (policy.is_map())
    validate_traffic_policy(policy, dr.ns(), f);

  std::vector<View> subsets = spec["subsets"].items();
  std::set<std::string> names;
  for (size_t i = 0; i < dr.subsets.size() && i < subsets.size(); ++i) {
    if (subsets[i].null()) {
      f.error("subset may not be null", subsets[i].loc(), "remove the empty list item");
      continue;
    }
    if (!subsets[i].is_map())
      continue;
    const model::Subset& s = dr.subsets[i];
    const base::SourceLoc& name_loc = s.name ? s.name.loc : subsets[i].loc();
    if (!names.insert(s.name.value).second) {
      f.error(fmt::format("duplicate subset names: {}", s.name.value), name_loc,
              "subset names must be unique within the DestinationRule");
    }
    // validateSubset is folded in with appendErrors: its policy warnings are dropped.
    Findings::DropWarnings drop(f);
    if (auto err = validate_subset_name(s.name.value))
      f.error(*err, name_loc, "subset names are DNS labels, e.g. v1");
    validate_labels(s.labels, f);
    View sub_policy = subsets[i]["trafficPolicy"];
    if (sub_policy.is_map())
      validate_traffic_policy(sub_policy, dr.ns(), f);
  }
  validate_export_to(dr.ns(), dr.export_to, spec, dr.workload_selector.has_value(), f);
  if (dr.workload_selector)
    validate_workload_selector(*dr.workload_selector, f);
}

}  // namespace igw::check::rules
