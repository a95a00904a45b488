// igw.ServerConflicts: Gateway servers Istio silently drops or keeps only by luck of merge order
// when several share a port (IGW0304-IGW0307, SEMANTICS R1.7). The merge itself is
// model::merge_servers, shared with lib/compile; this check only explains its outcome.
#include "lib/base/strings.h"
#include "lib/check/igw/family.h"
#include "lib/check/igw/gateway_facts.h"
#include "lib/check/igw/messages.h"
#include "lib/model/host_name.h"
#include "lib/model/server_merge.h"

#include <fmt/format.h>

#include <set>
#include <string>
#include <tuple>

namespace igw::check::igw_family {

namespace {

std::string gateway_ref(const model::Gateway& gw) {
  return gw.ns() + "/" + gw.name();
}

// Why `first` comes before `second` in Istio's merge (R1.1), as a clause for messages.
std::string order_note(const model::Gateway& first, const model::Gateway& second) {
  if (&first == &second)
    return "the earlier server comes first in the same Gateway's servers list";
  const auto& a = first.meta;
  const auto& b = second.meta;
  if (a.creation_seconds != b.creation_seconds) {
    return fmt::format(
        "Istio merges Gateways oldest first and {} (created {}) is older than {}{}",
        gateway_ref(first), a.creation_timestamp ? a.creation_timestamp.value : "earlier",
        gateway_ref(second),
        b.creation_timestamp ? " (created " + b.creation_timestamp.value + ")" : std::string());
  }
  std::string tie = a.creation_timestamp || b.creation_timestamp
                        ? fmt::format("both Gateways have creationTimestamp {}",
                                      a.creation_timestamp.value_or(b.creation_timestamp.value))
                        : std::string("neither Gateway has a creationTimestamp");
  std::string by = first.name() != second.name() ? "name" : "namespace";
  return fmt::format(
      "{}, so Istio orders them by {}: {} before {}; this order, not intent, "
      "decided",
      tie, by, gateway_ref(first), gateway_ref(second));
}

const base::MessageType& type_for(model::DropReason r) {
  switch (r) {
    case model::DropReason::kDuplicateTlsHost:
      return igw_msg::kServerDroppedDuplicateHost;
    case model::DropReason::kDuplicateRouteName:
      return igw_msg::kServerDroppedDuplicateRouteName;
    default:
      return igw_msg::kServerDroppedPortConflict;
  }
}

std::string hint_for(model::DropReason r) {
  switch (r) {
    case model::DropReason::kDuplicateTlsHost:
      return "Serve each host from one TLS server per port: remove the duplicate host here or "
             "merge the two servers.";
    case model::DropReason::kDuplicateRouteName:
      return "Give the HTTPS servers on this port distinct port names (the route configuration "
             "name is https.<port>.<port name>.<gateway>.<namespace>).";
    default:
      return "Move this server to a port of its own, or use HTTP-family protocols (HTTP, HTTP2, "
             "GRPC) on both servers so Istio merges them.";
  }
}

// The field that caused the drop, for the finding's position.
base::SourceLoc offending_loc(const model::DroppedServer& d) {
  const model::Server& s = *d.server;
  switch (d.reason) {
    case model::DropReason::kDuplicateTlsHost:
      for (const auto& h : s.hosts) {
        // The merge reports hosts as R1.3 normalises them: "./h" -> "<gwNs>/h", "*/h" -> "h".
        model::QualifiedHost q = model::split_server_host(h.value);
        std::string normal = q.ns == "."   ? d.gateway->ns() + "/" + q.host
                             : q.ns == "*" ? q.host
                                           : h.value;
        for (const auto& dup : d.duplicate_hosts) {
          if (dup == normal)
            return h.loc;
        }
      }
      break;
    case model::DropReason::kDuplicateRouteName:
      if (s.port && s.port->name)
        return s.port->name.loc;
      break;
    case model::DropReason::kProtocolConflict:
    case model::DropReason::kNoRouteName:
    case model::DropReason::kPlainAfterTls:
      if (s.port && s.port->protocol)
        return s.port->protocol.loc;
      break;
    case model::DropReason::kNoPort:
      break;
  }
  return s.loc;
}

using Seen = std::set<std::tuple<const model::Gateway*, uint32_t, int>>;

void report_drops(Context& ctx, const model::ServerMerge& merge, Seen& seen) {
  for (const auto& d : merge.dropped) {
    // A server without port is a schema error, reported there.
    if (d.reason == model::DropReason::kNoPort)
      continue;
    if (!seen.insert({d.gateway, d.server->index, static_cast<int>(d.reason)}).second)
      continue;
    std::string msg =
        fmt::format("{} is dropped: {}", igw_facts::describe_server(*d.server), d.message);
    if (d.conflicts_with) {
      const model::MergedServer& winner = merge.servers[*d.conflicts_with];
      msg += fmt::format(" ({})", order_note(*winner.gateway, *d.gateway));
    }
    msg += ".";
    ctx.report(type_for(d.reason), std::move(msg), *d.gateway, offending_loc(d)).hint =
        hint_for(d.reason);
  }
}

// R1.7 case 5: a plain HTTP group after a TLS group on one listener.
void report_plain_after_tls(Context& ctx, const model::ServerMerge& merge, Seen& seen) {
  for (const auto& l : merge.listeners) {
    const model::MergedServer* tls = nullptr;
    for (size_t g : l.groups) {
      const model::PortGroup& group = merge.groups[g];
      if (group.servers.empty())
        continue;
      const model::MergedServer& first = merge.servers[group.servers.front()];
      if (!model::is_http_protocol(group.protocol)) {
        if (!tls && first.server->tls)
          tls = &first;
        continue;
      }
      if (!tls)
        continue;
      if (!seen.insert({first.gateway, first.server->index, -1}).second)
        continue;
      const model::Server& s = *first.server;
      ctx.report(igw_msg::kPlainHttpAfterTlsServer,
                 fmt::format("{} is a plain HTTP server on port {}, which {} of Gateway {} "
                             "already serves with TLS ({}). Istio keeps both as chains of one "
                             "listener; the HTTP chain has no match criteria, so plain-text "
                             "connections and TLS connections whose SNI matches no TLS server "
                             "all land on it, which works only by merge order.",
                             igw_facts::describe_server(s), first.gateway_port,
                             igw_facts::describe_server(*tls->server), tls->gateway_name,
                             order_note(*tls->gateway, *first.gateway)),
                 *first.gateway, s.port && s.port->protocol ? s.port->protocol.loc : s.loc)
          .hint = "Serve plain HTTP on a port of its own (such as 80) and keep this port for TLS.";
    }
  }
}

void run_server_conflicts_check(Context& ctx) {
  Seen seen;
  for (const auto& w : igw_facts::workloads(ctx)) {
    model::ServerMerge merge = model::merge_servers(ctx.config(), w);
    report_drops(ctx, merge, seen);
    report_plain_after_tls(ctx, merge, seen);
  }
}

}  // namespace

Check server_conflicts_check() {
  return Check{
      .name = "igw.ServerConflicts",
      .description =
          "Gateway servers sharing a port that Istio drops, or keeps only by merge "
          "order.",
      .messages = {&igw_msg::kServerDroppedPortConflict, &igw_msg::kServerDroppedDuplicateHost,
                   &igw_msg::kServerDroppedDuplicateRouteName, &igw_msg::kPlainHttpAfterTlsServer},
      .requires_kinds = {"Gateway"},
      .run = &run_server_conflicts_check,
  };
}

}  // namespace igw::check::igw_family
