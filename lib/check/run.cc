#include "lib/check/run.h"

#include "lib/check/registry.h"

#include <algorithm>
#include <set>
#include <string_view>
#include <tuple>

namespace igw::check {

bool rejects_object(const base::Diagnostic& d) {
  if (d.severity != base::Severity::Error)
    return false;
  return d.code == "IST0106" || d.code == "IGW0005" || d.code.starts_with("IGW01");
}

namespace {

using RefKey = std::tuple<std::string_view, std::string_view, std::string_view>;  // kind, ns, name

template <class T>
void mark(std::vector<T>& objects, const std::set<RefKey>& rejected) {
  for (auto& o : objects) {
    if (rejected.count(RefKey{o.kind, o.ns(), o.name()}))
      o.rejected = true;
  }
}

}  // namespace

void run(model::Config& config, const CheckOptions& options, base::Diagnostics& out) {
  base::Diagnostics found;
  // Every object some rejecting finding names is marked, in one pass over the objects.
  auto mark_rejected = [&config, &found] {
    std::set<RefKey> rejected;
    for (const auto& d : found.items()) {
      if (rejects_object(d))
        rejected.insert(RefKey{d.resource.kind, d.resource.ns, d.resource.name});
    }
    if (rejected.empty())
      return;
    mark(config.gateways, rejected);
    mark(config.virtual_services, rejected);
    mark(config.destination_rules, rejected);
    mark(config.service_entries, rejected);
  };
  {
    Context ctx(config, options, found);
    bool marked = false;
    for (const auto& c : all_checks()) {
      // igw's own checks reason about what Istio would hold at runtime (merged servers, routes),
      // which never includes objects the admission webhook refuses; Istio's analyzers before
      // them see every object, as istioctl's do.
      if (!marked && c.name.starts_with("igw.")) {
        mark_rejected();
        marked = true;
      }
      if (!options.only.empty() &&
          std::find(options.only.begin(), options.only.end(), c.name) == options.only.end()) {
        continue;
      }
      bool inputs_present = std::all_of(c.requires_kinds.begin(), c.requires_kinds.end(),
                                        [&](std::string_view k) { return ctx.input_has_kind(k); });
      if (!inputs_present || !c.run)
        continue;
      size_t before = found.size();
      c.run(ctx);
      for (size_t i = before; i < found.size(); ++i) {
        if (found.items()[i].analyzer.empty())
          found.items()[i].analyzer = std::string(c.name);
      }
    }
  }
  mark_rejected();
  out.append(std::move(found));
}

}  // namespace igw::check
