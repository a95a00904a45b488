// Destination host resolution the way Istio's analyzers do it: every ServiceEntry host and every
// Kubernetes Service, keyed by the namespace scope it is visible in
// (pkg/config/analysis/analyzers/util/service_lookup.go: InitServiceEntryHostMap,
// GetDestinationHost).
#pragma once

#include "lib/check/analyzers/analyzer_util.h"
#include "lib/check/context.h"

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace igw::check::analyzers {

// A ServiceEntry, or a Service seen as one (host, ports, no workload selector).
struct ServiceRecord {
  const model::ObjectBase* source = nullptr;
  std::vector<int64_t> ports;
  Labels workload_selector;
};

class ServiceLookup {
 public:
  explicit ServiceLookup(const Context& ctx);

  // The record a destination `host` written in namespace `source_ns` (by an object exported to
  // `export_to`) resolves to, or nullptr: first an exported-to-all exact FQDN, then the FQDN
  // in the object's own namespace or each namespace it is exported to, then a visible wildcard
  // ServiceEntry host that is a suffix of `host`.
  const ServiceRecord* find(std::string_view source_ns,
                            const std::vector<model::LString>& export_to,
                            std::string_view host) const;

 private:
  void add(const std::string& scoped, const ServiceRecord* record);

  std::deque<ServiceRecord> records_;
  // Later objects replace earlier ones under the same scoped FQDN, as Go's map assignment does;
  // `wildcards_` keeps the wildcard keys in first-insertion order so wildcard lookups are
  // deterministic (Istio walks a Go map there, in random order) and skip the exact hosts.
  std::map<std::string, const ServiceRecord*> by_scoped_fqdn_;
  std::vector<std::string> wildcards_;
};

}  // namespace igw::check::analyzers
