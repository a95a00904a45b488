// Istio's merge of every Gateway selecting one gateway workload into listeners (R1.1–R1.8).
//
// A pure function over model::Config, shared by the igw check family (conflict warnings) and
// lib/compile (listeners, filter chains, route configs). It follows `mergeGateways`,
// `resolvePorts`, `CheckDuplicates`, `gatewayRDSRouteName`, `GetSNIHostsForServer` and
// `sanitizeServerHostNamespace` in istio:pilot/pkg/model/gateway.go, and the listener grouping of
// `buildGatewayListeners` in istio:pilot/pkg/networking/core/gateway.go.
#pragma once

#include "lib/base/source_loc.h"
#include "lib/model/config.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace igw::model {

// The gateway Deployment igw emulates: its pod labels and namespace. Istio's default ingress
// gateway is `istio: ingressgateway` in `istio-system`.
struct GatewayWorkload {
  std::vector<std::pair<std::string, std::string>> labels = {{"istio", "ingressgateway"}};
  std::string ns = "istio-system";

  // Whether every key/value of `selector` is among `labels` (labels.Instance.SubsetOf).
  bool selected_by(const StringMap& selector) const;
};

// Parses "k=v,k2=v2" (the --gateway-labels flag). nullopt with `why` on a malformed entry.
std::optional<std::vector<std::pair<std::string, std::string>>> parse_label_list(
    std::string_view text, std::string* why = nullptr);

// R1.4: istio:pkg/config/protocol/instance.go `Parse` (case-insensitive).
enum class Protocol {
  kHttp,
  kHttp2,
  kHttpProxy,
  kGrpc,
  kGrpcWeb,
  kHttps,
  kTls,
  kTcp,
  kMongo,
  kRedis,
  kMysql,
  kUdp,
  kUnsupported
};
Protocol parse_protocol(std::string_view text);
bool is_http_protocol(Protocol p);           // HTTP, HTTP2, HTTP_PROXY, GRPC, GRPC-WEB
bool is_tcp_protocol(Protocol p);            // HTTPS, TLS, TCP, MONGO, REDIS, MYSQL
std::string_view protocol_name(Protocol p);  // Istio's canonical spelling: "HTTP", "GRPC-Web"…

// Server TLS mode; kNone when the server has no `tls` block. An unset `mode` is PASSTHROUGH.
enum class TlsMode {
  kNone,
  kPassthrough,
  kSimple,
  kMutual,
  kAutoPassthrough,
  kIstioMutual,
  kOptionalMutual
};
TlsMode tls_mode_of(const Server& s);
std::string_view tls_mode_name(TlsMode m);  // "SIMPLE", …; "" for kNone

// R1.5: what Envoy builds for a server.
enum class ServerKind {
  kHttp,             // HTTP family: one HCM chain per port, RDS http.<port>
  kHttpsTerminate,   // HTTPS with terminating TLS: own chain (SNI) + HCM, RDS https.<…>
  kTlsPassthrough,   // PASSTHROUGH: chains from VirtualService `tls` routes (R1.19)
  kAutoPassthrough,  // AUTO_PASSTHROUGH: SNI names a cluster (R1.20)
  kTcpTlsTerminate,  // TLS/TCP/… with terminating TLS: chain with TLS context + tcp_proxy (R1.21)
  kTcp               // no TLS and not HTTP (TCP, MONGO, …, or HTTPS without tls): tcp_proxy
};
ServerKind classify_server(Protocol p, TlsMode m);
std::string_view server_kind_name(ServerKind k);  // "http", "https", "tls-passthrough", …

// A server kept by the merge.
struct MergedServer {
  const Gateway* gateway = nullptr;
  const Server* server = nullptr;
  std::string gateway_name;  // "<gwNamespace>/<gwName>" (R1.2)
  // R1.3: `./h` → `<gwNs>/h`, `*/h` → `h`, `*/*` → the whole list becomes ["*"]; as written
  // otherwise (not lower-cased).
  std::vector<std::string> hosts;
  // R1.12: hosts with any `ns/` stripped, de-duplicated, sorted (TLS servers only).
  std::vector<std::string> sni_hosts;
  std::string protocol_text;  // as written
  Protocol protocol = Protocol::kUnsupported;
  TlsMode tls_mode = TlsMode::kNone;
  ServerKind kind = ServerKind::kTcp;
  std::string port_name;
  uint32_t gateway_port = 0;  // server.port.number: used for routing decisions (R1.8)
  uint32_t listen_port = 0;   // after the ingress Service's targetPort translation (R1.8)
  std::string bind;           // "" = all addresses
  // RDS name (R1.6) or "" for servers without an HCM. Istio builds http.<listen port> but
  // https.<gateway port>.<portName>.<gw>.<ns> (gatewayRDSRouteName).
  std::string route_name;
  bool https_redirect = false;
  base::SourceLoc loc;  // the server entry
};

// Why the merge dropped a server (R1.7). The code strings are stable (JSON output, checks).
enum class DropReason {
  kNoPort,              // the server has no port
  kDuplicateTlsHost,    // a host already used by an earlier TLS-block server on the port+bind
  kProtocolConflict,    // a plain-text server owns the port and the protocols cannot merge
  kNoRouteName,         // joins a plain-text port but gets no RDS name
  kDuplicateRouteName,  // HTTPS server whose RDS name an earlier server already has
  kPlainAfterTls        // a second server without TLS on a port owned by TLS servers
};
std::string_view drop_reason_code(DropReason r);  // "duplicate-tls-host", …

struct DroppedServer {
  const Gateway* gateway = nullptr;
  const Server* server = nullptr;
  std::string gateway_name;
  DropReason reason = DropReason::kNoPort;
  std::string message;  // one sentence naming the earlier server or the duplicate hosts
  std::vector<std::string> duplicate_hosts;  // kDuplicateTlsHost only
  // The kept server this one lost against, when there is one (index into ServerMerge::servers).
  std::optional<size_t> conflicts_with;
  uint32_t gateway_port = 0;
  uint32_t listen_port = 0;
  std::string bind;
  base::SourceLoc loc;
};

// Istio's `ServerPort` key (listen port, protocol as written, bind) with its servers. Several
// groups can share one listener (R1.7 case 5); their chains are concatenated in group order.
struct PortGroup {
  uint32_t listen_port = 0;
  std::string protocol_text;  // of the first server (the key)
  Protocol protocol = Protocol::kUnsupported;
  std::string bind;
  std::vector<size_t> servers;  // indices into ServerMerge::servers, merge order
  std::string route_name;       // the group's RDS name when it is an HTTP group
};

// One Envoy listener per (bind, listen port) (R1.9).
struct MergedListener {
  std::string name;  // "0.0.0.0_8080" or "<bind>_<port>"
  std::string bind;  // "" = 0.0.0.0
  uint32_t listen_port = 0;
  std::vector<size_t> groups;  // indices into ServerMerge::groups, Istio's order
};

struct ServerMerge {
  GatewayWorkload workload;
  // Gateways selecting the workload, not rejected, in merge order (R1.1).
  std::vector<const Gateway*> gateways;
  // The ingress Service used for targetPort translation (R1.8), or nullptr.
  const Service* ingress_service = nullptr;
  std::vector<MergedServer> servers;  // kept servers, merge order
  std::vector<PortGroup> groups;
  std::vector<MergedListener> listeners;  // sorted by listen port, then bind
  std::vector<DroppedServer> dropped;     // merge order

  // Servers (indices) sharing RDS route config `route_name`, in merge order (ServersByRouteName).
  std::vector<size_t> servers_for_route(std::string_view route_name) const;
  // Every RDS name, in first-seen order.
  std::vector<std::string> route_names() const;
};

// R1.1 ordering: creationTimestamp, then name, then namespace (sortConfigByCreationTime).
bool created_before(const ObjectBase& a, const ObjectBase& b);

// Translates a Gateway port to the port the workload listens on (resolvePorts with the legacy
// label selector): the targetPort of the first port of `svc` numbered `gateway_port`; the
// Gateway port itself when `svc` is null, has no such port, or names its targetPort.
uint32_t resolve_listen_port(const Service* svc, uint32_t gateway_port);

// The Service in the workload's namespace whose non-empty selector selects the workload; first
// in input order, or nullptr.
const Service* find_ingress_service(const Config& config, const GatewayWorkload& workload);

ServerMerge merge_servers(const Config& config, const GatewayWorkload& workload);

}  // namespace igw::model
