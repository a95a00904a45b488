// Facts about Gateway servers and the workloads they select, shared by igw's own checks.
#pragma once

#include "lib/check/context.h"
#include "lib/model/gateway.h"
#include "lib/model/kube.h"
#include "lib/model/server_merge.h"
#include "lib/model/virtual_service.h"

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace igw::check::igw_facts {

// The server's protocol as written, upper-cased, for messages ("" when the port is missing).
std::string protocol_of(const model::Server& s);
// SEMANTICS R1.4/R1.5: the server's protocol is in the HTTP family (a tls block on it only
// carries httpsRedirect).
bool is_plain_http_server(const model::Server& s);
// Whether Istio applies the server's minProtocolVersion, maxProtocolVersion and cipherSuites:
// only a TLS server (R1.5: a tls block on a non-HTTP protocol) whose mode is SIMPLE, MUTUAL or
// OPTIONAL_MUTUAL (istio pilot/pkg/networking/core/listener.go: applyServerTLSSettings is called
// only under isSimpleOrMutual; PASSTHROUGH builds no TLS context at all).
bool applies_tls_parameters(const model::Server& s);
// The server's hosts without their "ns/" prefix, with the located value for each.
struct ServerHost {
  std::string host;
  const model::LString* written = nullptr;
};
std::vector<ServerHost> server_hosts(const model::Server& s);

// Every selector label is among `labels` (an empty selector selects everything).
bool selector_matches(const model::StringMap& selector, const model::StringMap& labels);
// The Pods (input or Istio's implicit ingress Pod) the Gateway's selector selects.
std::vector<const model::Pod*> selected_pods(const Context& ctx, const model::Gateway& gw);
// Whether two Gateways configure the same gateway workload: they select a common Pod, or (no
// Pod known for either) their selectors are equal.
bool same_workload(const Context& ctx, const model::Gateway& a, const model::Gateway& b);
// The gateway workloads to merge Gateways for (model::merge_servers): one per distinct set of
// labels and namespace among the Pods, then, for each Gateway whose selector selects no Pod, one
// made of that selector in the Gateway's namespace, so such Gateways are still examined.
std::vector<model::GatewayWorkload> workloads(const Context& ctx);
// Namespaces where a credentialName Secret is looked for, in order: the selected Pods'
// namespaces (where Istio reads it, R1.23), then the Gateway's own namespace.
std::vector<std::string> credential_namespaces(const Context& ctx, const model::Gateway& gw);

// Secrets and cert-manager Certificates by namespace and name, for credentialName lookups
// without a walk over every Secret per server.
class CredentialIndex {
 public:
  explicit CredentialIndex(const model::Config& config);
  // The first Secret (in input order) named `name` in namespace `ns`, or nullptr.
  const model::Secret* secret(const std::string& ns, const std::string& name) const;
  // The Certificates whose spec.secretName is `name` in namespace `ns`, in input order.
  const std::vector<const model::Certificate*>& certificates(const std::string& ns,
                                                             const std::string& name) const;

 private:
  using Key = std::pair<std::string, std::string>;
  std::map<Key, const model::Secret*> secrets_;
  std::map<Key, std::vector<const model::Certificate*>> certificates_;
  std::vector<const model::Certificate*> none_;
};

// "servers[1] (port 443 HTTPS)" or "servers[1] \"web\" (port 443 HTTPS)", for messages.
std::string describe_server(const model::Server& s);

// An http rule for messages: its quoted name, or "#index" when it has none.
std::string describe_http_rule(const model::HttpRoute& r);

}  // namespace igw::check::igw_facts
