// What Istio makes of VirtualService HTTP rules before Envoy sees them: catch-all routes (R3.1)
// and config-time match filters (R3.2, R3.12, R3.13). Shared by checks and lib/compile.
//
// Followed: `BuildHTTPRoutesForVirtualService`, `TranslateRoute`, `sourceMatchHTTP`,
// `TranslateRouteMatch` and `IsCatchAllRoute` in istio:pilot/pkg/networking/core/route/route.go.
#pragma once

#include "lib/model/server_merge.h"
#include "lib/model/virtual_service.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace igw::model {

// R3.1: the Envoy route a match entry becomes is a catch-all: its path is prefix "/" (no `uri`,
// `uri: {}` or `prefix: "/"`) or regex ".*" exactly, and it has no header condition of any kind
// (headers, withoutHeaders, method, authority, scheme, JWT claims) and no query parameter.
// Config-time fields (port, gateways, sourceLabels, sourceNamespace) and ignoreUriCase do not
// matter.
bool is_catch_all_match(const HttpMatchRequest& m);

// Where a VirtualService is being applied: one Gateway server of the emulated workload.
struct RouteScope {
  uint32_t server_port = 0;                   // the Gateway server port number (R1.8)
  std::string_view gateway_name;              // "<ns>/<name>" of the server's Gateway (R1.2)
  const GatewayWorkload* workload = nullptr;  // for sourceLabels / sourceNamespace
};

// R3.2: whether Istio emits the route for match entry `m` of a VirtualService in namespace
// `vs_namespace` on `scope`: `port` unset or equal to the server port, and either `gateways`
// (resolved like R2.2) contains the server's gateway, or (without `gateways`) `sourceLabels` is a
// subset of the workload labels and `sourceNamespace` is unset or the workload namespace.
bool match_applies(const HttpMatchRequest& m, std::string_view vs_namespace,
                   const RouteScope& scope);

// R3.1 for a whole rule: a rule without `match` is a catch-all; otherwise the rule stops emission
// when one of its match entries is a catch-all and (with a scope) is emitted there.
bool is_catch_all_rule(const HttpRoute& rule, std::string_view vs_namespace = {},
                       const RouteScope* scope = nullptr);

// Index of the first rule of `vs.http` after which Istio emits nothing more (R3.1), or nullopt
// when no rule is a catch-all. Rules after it are silently dropped. Without `scope` every match
// entry counts as emitted. Delegation (R3.14) is not expanded here.
std::optional<size_t> first_catch_all_rule(const VirtualService& vs,
                                           const RouteScope* scope = nullptr);

}  // namespace igw::model
