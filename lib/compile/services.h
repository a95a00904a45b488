// Internal to lib/compile: the service registry Istio routes against (Kubernetes Services and
// ServiceEntries of the input), DestinationRule lookup, and cluster construction (R4.2, R4.10).
#pragma once

#include "lib/compile/route_table.h"
#include "lib/model/config.h"

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace igw::compile::detail {

struct ServicePortInfo {
  uint32_t number = 0;
  std::string name;
  uint32_t target_port = 0;  // 0 when unset or named
};

// One hostname of one Service or ServiceEntry.
struct ServiceInfo {
  std::string hostname;
  std::string ns;
  std::string name;
  const model::Service* service = nullptr;
  const model::ServiceEntry* entry = nullptr;
  std::vector<ServicePortInfo> ports;
  std::string external_name;  // Kubernetes ExternalName: clusters point at this host
  base::SourceLoc loc;
  std::string describe() const;  // "Service ns/name" | "ServiceEntry ns/name"
};

class Services {
 public:
  Services(const model::Config& config, const GatewayWorkload& workload);

  // The service a VirtualService in `vs_ns` routes to for `host` (buildNameToServiceMapForHTTP-
  // Routes): the one in the VirtualService's namespace, else a visible one; nullptr if unknown.
  const ServiceInfo* lookup(std::string_view host, std::string_view vs_ns) const;

  // The DestinationRule the gateway workload applies to `host` (PushContext.destinationRule:
  // workload namespace, then the service namespace, then the root namespace istio-system; exact
  // host before the most specific wildcard; the oldest first), or nullptr.
  const model::DestinationRule* destination_rule(std::string_view host,
                                                 const ServiceInfo* svc) const;

  // Every known service hostname (one entry per host and namespace), sorted by hostname.
  std::vector<const ServiceInfo*> all() const;

 private:
  const GatewayWorkload& workload_;
  std::unordered_map<std::string, std::vector<ServiceInfo>> by_host_;
  struct DrEntry {
    std::string host;
    const model::DestinationRule* dr = nullptr;
  };
  std::vector<DrEntry> destination_rules_;  // creation order
  const model::Config& config_;
};

// HashForHTTPDestination (route.go): whether the DestinationRule gives the destination a
// consistent-hash load balancer (subset port-level, subset, port-level, top-level).
bool uses_consistent_hash(const model::DestinationRule* dr, const model::Destination& dest);

// Builds and owns the clusters referenced by routes.
class ClusterRegistry {
 public:
  ClusterRegistry(const model::Config& config, const Services& services)
      : config_(config), services_(services) {}

  // GetDestinationCluster: outbound|<port>|<subset>|<host>. Port: destination.port, else the
  // service's only port, else `listener_port` (the Gateway server port). `vs_ns` picks the
  // service (lookup()).
  Cluster* get(const model::Destination& dest, std::string_view vs_ns, uint32_t listener_port);

  std::vector<std::unique_ptr<Cluster>> take() { return std::move(clusters_); }

 private:
  const model::Config& config_;
  const Services& services_;
  std::unordered_map<std::string, Cluster*> index_;
  std::vector<std::unique_ptr<Cluster>> clusters_;

  void fill_endpoints(Cluster& c, const ServiceInfo& svc, const model::DestinationRule* dr);
};

}  // namespace igw::compile::detail
