// Validation pieces shared by the three kinds: metadata, labels, gateway names, destinations,
// exportTo, durations (pkg/config/validation/validation.go, virtualservice.go, agent/).
#include "lib/base/strings.h"
#include "lib/check/rules/kinds.h"
#include "lib/check/rules/validators.h"

#include <fmt/format.h>

#include <set>

namespace igw::check::rules {

bool validate_metadata(const model::ObjectBase& obj, Findings& f) {
  // The admission webhook (and `istioctl validate`) refuse these before any field check.
  // istioctl analyze passes no annotations to the validator, but the object would never reach
  // the cluster, so igw reports it the same way.
  static constexpr std::string_view kWebhookHint =
      "the Istio admission webhook refuses this annotation; remove it";
  auto find = [&obj](std::string_view key) -> const model::StringMapEntry* {
    for (const auto& a : obj.meta.annotations) {
      if (a.key.value == key)
        return &a;
    }
    return nullptr;
  };
  if (const auto* a = find("istio.io/dry-run")) {
    f.error(fmt::format("{}/{} has unsupported annotation istio.io/dry-run, please remove the "
                        "annotation",
                        obj.ns(), obj.name()),
            a->key.loc, std::string(kWebhookHint));
    return true;
  }
  // pkg/config/constants AlwaysReject and InternalParentNames.
  if (const auto* a = find("internal.istio.io/webhook-always-reject")) {
    f.error(fmt::format("{} annotation found, rejecting", base::quote(a->key.value)), a->key.loc,
            std::string(kWebhookHint));
    return true;
  }
  if (const auto* a = find("internal.istio.io/parents")) {
    f.error(
        fmt::format("{} annotation found, this may not be set by users", base::quote(a->key.value)),
        a->key.loc, std::string(kWebhookHint));
    return true;
  }
  return false;
}

void validate_labels(const model::StringMap& labels, Findings& f) {
  for (const auto& e : labels) {
    if (auto err = validate_label_key(e.key.value))
      f.error(*err, e.key.loc);
    if (auto err = validate_label_value(e.value.value)) {
      f.error(*err, e.value.loc.known() ? e.value.loc : e.key.loc,
              "label values are at most 63 characters of [A-Za-z0-9_.-], starting and ending "
              "with a letter or digit");
    }
  }
}

void validate_gateway_names(const std::vector<model::LString>& names, Findings& f) {
  for (const auto& n : names) {
    const std::string& name = n.value;
    size_t slash = name.find('/');
    if (slash == std::string::npos) {
      if (name.find('.') != std::string::npos) {
        std::vector<std::string_view> parts = base::split(name, '.');
        std::string recommended = fmt::format("{}/{}", parts[1], parts[0]);
        f.warning(fmt::format("using legacy gatewayName format {}; prefer the <namespace>/<name> "
                              "format: {}",
                              base::quote(name), base::quote(recommended)),
                  n.loc, fmt::format("write the gateway as {}", recommended));
      }
      if (auto err = validate_fqdn(name))
        f.error(*err, n.loc);
      // Istio returns here: names after the first one without a namespace go unchecked.
      return;
    }
    std::string_view ns = std::string_view(name).substr(0, slash);
    std::string_view gw = std::string_view(name).substr(slash + 1);
    if (ns.empty() || gw.empty())
      f.error("config namespace and gateway name cannot be empty", n.loc);
    if (!is_dns1123_label(ns))
      f.error(fmt::format("invalid value for namespace: {}", base::quote(ns)), n.loc);
    if (!is_dns1123_label(gw)) {
      f.error(fmt::format("invalid value for gateway name: {}", base::quote(gw)), n.loc,
              "a gateway reference is <namespace>/<name>; wildcards are not accepted");
    }
  }
}

void validate_destination(const model::Destination& d, Findings& f) {
  const base::SourceLoc& host_loc = d.host ? d.host.loc : d.loc;
  if (d.host.value == "*") {
    f.error("invalid destination host *", host_loc,
            "a destination names one service; use its hostname");
  } else if (auto err = validate_wildcard_domain(d.host.value)) {
    f.error(*err, host_loc);
  }
  if (!d.subset.value.empty()) {
    if (auto err = validate_subset_name(d.subset.value))
      f.error(*err, d.subset.loc);
  }
  if (d.port) {
    if (auto err = validate_port(d.port->number.value))
      f.error(*err, d.port->number ? d.port->number.loc : d.port->loc);
  }
}

void validate_export_to(std::string_view ns, const std::vector<model::LString>& export_to,
                        const View& view, bool dr_with_selector, Findings& f) {
  if (export_to.empty())
    return;
  std::set<std::string> seen;
  for (const auto& e : export_to) {
    std::string key = e.value == "." ? std::string(ns) : e.value;
    if (seen.count(key)) {
      if (key != e.value) {
        f.error(fmt::format("duplicate entries in exportTo: . and current namespace {}", ns),
                e.loc);
      } else {
        f.error(fmt::format("duplicate entries in exportTo for entry {}", e.value), e.loc);
      }
      continue;
    }
    // visibility.Instance(key).Validate()
    if (key == "." || key == "*") {
      seen.insert(key);
    } else if (key == "~") {
      f.error("exportTo ~ (none) is not allowed for Istio configuration objects", e.loc);
    } else if (!is_dns1123_label(key)) {
      f.error("only .,*,~, or a valid DNS 1123 label is allowed as exportTo entry", e.loc);
    } else {
      seen.insert(key);
    }
  }
  base::SourceLoc list_loc = view.key_loc("exportTo");
  if (dr_with_selector && !seen.empty()) {
    if (seen.count(std::string(ns))) {
      if (seen.size() > 1) {
        f.error("destination rule with workload selector cannot have multiple entries in exportTo",
                list_loc, "export a DestinationRule with a workloadSelector only to \".\"");
      }
    } else {
      f.error(
          "destination rule with workload selector cannot have exportTo beyond current "
          "namespace",
          list_loc, "export a DestinationRule with a workloadSelector only to \".\"");
    }
  }
  if (seen.count("*") && export_to.size() > 1) {
    f.error("cannot have both public (*) and non-public exportTo values for a resource", list_loc,
            "\"*\" already exports to every namespace; remove the other entries");
  }
}

void validate_duration_field(const model::LString& value, Findings& f, std::string hint) {
  if (!value)
    return;
  auto d = base::parse_duration(value.value);
  if (!d)
    return;  // not a duration at all: check::schema reports the type
  if (auto err = validate_duration(*d)) {
    if (hint.empty())
      hint = "durations are at least 1ms, in whole milliseconds: e.g. 250ms or 5s";
    f.error(*err, value.loc, std::move(hint));
  }
}

std::string go_strings(const std::vector<model::LString>& items) {
  std::vector<std::string> v;
  v.reserve(items.size());
  for (const auto& i : items)
    v.push_back(i.value);
  return go_list(v);
}

}  // namespace igw::check::rules
