// serve::Snapshot: one immutable generation of everything `igw serve` runs — the compiled route
// table, its TLS state, where each listener listens and where each cluster's endpoints are.
// Built off the I/O threads (start-up, SIGHUP, --watch), then shared read-only by every worker
// through std::shared_ptr; a request pins the snapshot it started with.
#pragma once

#include "lib/base/diagnostic.h"
#include "lib/base/result.h"
#include "lib/compile/route_table.h"
#include "lib/serve/retry.h"
#include "lib/serve/serve_options.h"
#include "lib/tls/log_line.h"

#include <boost/asio/ip/tcp.hpp>
#include <openssl/ssl.h>

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace igw::tls {
class ServerTls;
}

namespace igw::serve {

class Logger;

// Where igw listens for one compiled listener.
struct ListenerPlan {
  const compile::Listener* listener = nullptr;
  std::string address;  // IP to bind
  uint16_t port = 0;    // the listener port (targetPort, R1.8) plus --port-offset
  // The Gateway port requests on this listener are described in (R1.8).
  uint32_t gateway_port = 0;
  bool has_tls_chain = false;    // some chain terminates TLS
  bool has_plain_chain = false;  // some chain takes plain text (HTTP or TCP without TLS)
  // The listener's dispatch context (lib/tls): the ClientHello callback picks the chain.
  SSL_CTX* tls_context = nullptr;
  std::string key;  // "address:port", identifies the listening sockets across reloads
};

// Where requests for one cluster go, in order of preference (DESIGN.md "Serving model").
struct ClusterTargets {
  std::vector<boost::asio::ip::tcp::endpoint> addresses;  // --endpoint or IP endpoints
  // Names resolved with DNS at request time (ServiceEntry endpoints given as names, or the
  // cluster's own host when nothing else is known).
  std::vector<std::pair<std::string, uint16_t>> names;
  std::string source;  // "--endpoint", "ServiceEntry ns/name", "DNS", … for logs
};

struct Snapshot {
  uint64_t generation = 0;
  compile::RouteTablePtr table;
  std::shared_ptr<const tls::ServerTls> tls;  // null when no listener terminates TLS
  std::vector<ListenerPlan> listeners;
  std::unordered_map<const compile::Cluster*, ClusterTargets> clusters;
  // Every route's retryOn tokens, parsed once here instead of on every request.
  std::unordered_map<const compile::Route*, RetryOn> retry_on;
  std::vector<std::string> files;        // every input file, for --watch
  std::vector<std::string> watch_files;  // input files plus certificate files
  int64_t loaded_at = 0;                 // unix seconds

  const ClusterTargets* targets(const compile::Cluster* c) const {
    auto it = clusters.find(c);
    return it == clusters.end() ? nullptr : &it->second;
  }
  // The parsed retry_on of `route` (whose policy's tokens are `tokens`); parses `tokens` for a
  // route this snapshot did not index.
  RetryOn retry_on_for(const compile::Route* route, std::string_view tokens) const {
    if (auto it = retry_on.find(route); it != retry_on.end())
      return it->second;
    return parse_retry_on(tokens);
  }
  const ListenerPlan* listener(std::string_view key) const {
    for (const auto& l : listeners) {
      if (l.key == key)
        return &l;
    }
    return nullptr;
  }
};

using SnapshotPtr = std::shared_ptr<const Snapshot>;

// What loading a configuration produced besides the snapshot: the findings (printed as
// `igw lint` prints them) and the objects left out.
struct LoadReport {
  base::Diagnostics diagnostics;
  std::vector<std::string> left_out;  // "VirtualService ns/name (IST… at f:3: …)"
  std::vector<tls::LogLine> tls_log;  // lines from the TLS setup (missing secrets, dev CA…)
  bool input_error = false;           // unreadable or unparsable input (exit 65 at start-up)
  bool refused = false;               // --strict and an error finding
};

// Loads, checks and compiles `options.paths` and builds the TLS state and endpoint plan.
// Fails (keeping `report` filled) on unreadable input, on --strict with errors, and when the TLS
// state cannot be built.
// `previous` (the snapshot in service, if any) hands state on: TLS session-ticket keys.
base::Result<std::shared_ptr<Snapshot>> load_snapshot(const ServeOptions& options,
                                                      uint64_t generation, LoadReport& report,
                                                      const Snapshot* previous = nullptr);

// The endpoint plan of every cluster in `table` (overrides first, then the table's endpoints,
// then the cluster host itself for DNS). Exposed for tests.
std::unordered_map<const compile::Cluster*, ClusterTargets> plan_clusters(
    const compile::RouteTable& table, const std::vector<EndpointOverride>& overrides);

// The parsed retry_on tokens of every route in `table`.
std::unordered_map<const compile::Route*, RetryOn> plan_retry_on(const compile::RouteTable& table);

// The listener plan of `table` for `options` (bind address, --port-offset). Fails when a port
// falls outside 1–65535 after the offset.
base::Result<std::vector<ListenerPlan>> plan_listeners(const compile::RouteTable& table,
                                                       const ServeOptions& options);

}  // namespace igw::serve
