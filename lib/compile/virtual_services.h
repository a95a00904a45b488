// Internal to lib/compile: which VirtualServices a gateway sees and in what order (R2.1–R2.3,
// R2.10), with delegation expanded (R3.14).
//
// Followed: initVirtualServices / VirtualServicesForGateway in
// istio:pilot/pkg/model/push_context.go; mergeHTTPRoute, mergeHTTPMatchRequests, hasConflict and
// stringMatchConflict in istio:pilot/pkg/model/virtualservice.go. Short names
// are resolved per VirtualService before merging, as push_context's initVirtualServices does
// (delegate rules resolve in the delegate's namespace).
#pragma once

#include "lib/compile/notes.h"
#include "lib/model/config.h"
#include "lib/model/server_merge.h"

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace igw::compile::detail {

// One HTTP rule of a root VirtualService after delegation.
struct ExpandedRule {
  const model::HttpRoute* rule = nullptr;  // as written (root rule, or the delegate's rule)
  std::optional<model::HttpRoute> merged;  // delegate rule merged with its root rule
  uint32_t root_index = 0;                 // index of the root rule in http[]
  const model::VirtualService* delegate = nullptr;
  uint32_t delegate_index = 0;

  const model::HttpRoute& get() const { return merged ? *merged : *rule; }
  // Namespace for short-name resolution of `get()` (merged copies are already resolved).
  bool resolved = false;
};

struct VsEntry {
  const model::VirtualService* vs = nullptr;
  std::vector<std::string> hosts;     // short names resolved (R2.1)
  std::vector<std::string> gateways;  // resolved (R2.2)
  std::vector<ExpandedRule> rules;
  enum class Group { kPrivate, kExported, kPublic, kHidden } group = Group::kPublic;
};

class VirtualServiceIndex {
 public:
  VirtualServiceIndex(const model::Config& config, const model::GatewayWorkload& workload,
                      Notes& notes);

  // VirtualServicesForGateway: bound to `gateway` ("ns/name") and visible to the workload
  // namespace, private, exported, then public, each in creation order.
  const std::vector<const VsEntry*>& for_gateway(const std::string& gateway) const;

 private:
  std::vector<VsEntry> entries_;
  std::unordered_map<std::string, std::vector<const VsEntry*>> by_gateway_;
  std::vector<const VsEntry*> empty_;
};

}  // namespace igw::compile::detail
