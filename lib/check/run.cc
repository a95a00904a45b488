#include "lib/check/run.h"

#include "lib/check/registry.h"

#include <algorithm>

namespace igw::check {

bool rejects_object(const base::Diagnostic& d) {
  if (d.severity != base::Severity::Error)
    return false;
  return d.code == "IST0106" || d.code == "IGW0005" || d.code.starts_with("IGW01");
}

namespace {

template <class T>
void mark(std::vector<T>& objects, const base::ResourceRef& ref) {
  for (auto& o : objects) {
    if (o.kind == ref.kind && o.name() == ref.name && o.ns() == ref.ns)
      o.rejected = true;
  }
}

}  // namespace

void run(model::Config& config, const CheckOptions& options, base::Diagnostics& out) {
  base::Diagnostics found;
  auto mark_rejected = [&config, &found] {
    for (const auto& d : found.items()) {
      if (!rejects_object(d))
        continue;
      mark(config.gateways, d.resource);
      mark(config.virtual_services, d.resource);
      mark(config.destination_rules, d.resource);
      mark(config.service_entries, d.resource);
    }
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
