// Building a serve::Snapshot: load → check → compile → TLS → listener and endpoint plans.
#include "lib/serve/snapshot.h"

#include "lib/base/strings.h"
#include "lib/check/run.h"
#include "lib/check/suppress.h"
#include "lib/check/workspace.h"
#include "lib/compile/compile.h"
#include "lib/model/server_merge.h"
#include "lib/serve/tls_setup.h"

#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <set>

namespace igw::serve {

namespace {

namespace asio = boost::asio;

bool chain_takes_plain_text(const compile::FilterChain& c) {
  if (c.tls)
    return false;
  return c.kind == compile::ChainKind::kHttp || c.kind == compile::ChainKind::kTcpProxy;
}

std::vector<std::string> left_out_lines(const base::Diagnostics& diags) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& d : diags.items()) {
    if (!check::rejects_object(d) || d.resource.empty())
      continue;
    std::string key = d.resource.str();
    if (!seen.insert(key).second)
      continue;
    out.push_back(fmt::format("{} ({}{}: {}): Istio would reject it", key, d.code,
                              d.loc.known() ? " at " + d.loc.str() : std::string(), d.message));
  }
  return out;
}

}  // namespace

std::unordered_map<const compile::Route*, RetryOn> plan_retry_on(const compile::RouteTable& table) {
  std::unordered_map<const compile::Route*, RetryOn> out;
  for (const compile::RouteConfig* rc : table.route_configs()) {
    for (const compile::VirtualHost& vh : rc->virtual_hosts) {
      for (const compile::Route* r : vh.routes)
        out.emplace(r, parse_retry_on(r->route.retry.retry_on));
    }
  }
  return out;
}

std::unordered_map<const compile::Cluster*, ClusterTargets> plan_clusters(
    const compile::RouteTable& table, const std::vector<EndpointOverride>& overrides) {
  std::unordered_map<const compile::Cluster*, ClusterTargets> out;
  for (const compile::Cluster* c : table.clusters()) {
    ClusterTargets t;
    std::string host = base::to_lower(c->host);
    std::string host_port = fmt::format("{}:{}", host, c->port);
    for (const auto& o : overrides) {
      if (o.host != host && o.host != host_port)
        continue;
      boost::system::error_code ec;
      auto addr = asio::ip::make_address(o.address, ec);
      if (ec)
        t.names.emplace_back(o.address, o.port);
      else
        t.addresses.emplace_back(addr, o.port);
      t.source = "--endpoint";
    }
    if (t.source.empty()) {
      for (const auto& e : c->endpoints) {
        uint16_t port = static_cast<uint16_t>(e.port ? e.port : c->port);
        boost::system::error_code ec;
        auto addr = asio::ip::make_address(e.address, ec);
        if (ec)
          t.names.emplace_back(e.address, port);
        else
          t.addresses.emplace_back(addr, port);
        if (t.source.empty())
          t.source = e.source;
      }
    }
    // Nothing known: the cluster's host itself, through DNS (a wildcard host cannot resolve).
    if (t.source.empty() && !c->host.empty() && c->host.find('*') == std::string::npos) {
      t.names.emplace_back(c->host, static_cast<uint16_t>(c->port));
      t.source = "DNS";
    }
    out.emplace(c, std::move(t));
  }
  return out;
}

base::Result<std::vector<ListenerPlan>> plan_listeners(const compile::RouteTable& table,
                                                       const ServeOptions& options) {
  std::vector<ListenerPlan> out;
  for (const auto& l : table.listeners()) {
    ListenerPlan p;
    p.listener = &l;
    p.address = l.bind.empty() ? options.bind_address : l.bind;
    int64_t port = static_cast<int64_t>(l.port) + options.port_offset;
    if (port < 1 || port > 65535) {
      return base::make_error(fmt::format(
          "listener {} would listen on port {} (port {} with --port-offset {}), outside 1-65535",
          l.name, port, l.port, options.port_offset));
    }
    p.port = static_cast<uint16_t>(port);
    p.gateway_port = l.gateway_ports.empty() ? l.port : l.gateway_ports.front();
    for (const auto& c : l.chains) {
      p.has_tls_chain |= c.tls.has_value();
      p.has_plain_chain |= chain_takes_plain_text(c);
    }
    p.key = fmt::format("{}:{}", p.address, p.port);
    out.push_back(std::move(p));
  }
  return out;
}

base::Result<std::shared_ptr<Snapshot>> load_snapshot(const ServeOptions& options,
                                                      uint64_t generation, LoadReport& report,
                                                      const Snapshot* previous) {
  std::string why;
  auto labels = model::parse_label_list(options.gateway_labels, &why);
  if (!labels)
    return base::make_error("--gateway-labels: " + why);

  check::WorkspaceOptions wo;
  wo.paths = options.paths;
  wo.parse.default_namespace = options.default_namespace;
  wo.check.istio_namespace = options.gateway_namespace;
  check::Workspace ws = check::load_workspace(wo, std::cin);
  ws.diagnostics.sort_and_dedupe();
  check::annotate_documents(ws.diagnostics, ws.config);
  report.input_error = ws.input_error;
  report.left_out = left_out_lines(ws.diagnostics);
  report.diagnostics = ws.diagnostics;
  if (ws.input_error) {
    std::string first;
    for (const auto& d : ws.diagnostics.items()) {
      if (check::is_input_error(d)) {
        // Messages about a whole file already start with its name.
        bool named = d.loc.known() && d.message.starts_with(d.loc.str());
        first = (d.loc.known() && !named ? d.loc.str() + ": " : std::string()) + d.message;
        break;
      }
    }
    return base::make_error("the configuration cannot be read: " + first);
  }
  if (options.strict && ws.diagnostics.has_errors()) {
    report.refused = true;
    return base::make_error(fmt::format("--strict: the configuration has {} error(s)",
                                        ws.diagnostics.count(base::Severity::Error)));
  }

  model::GatewayWorkload workload;
  workload.labels = std::move(*labels);
  workload.ns = options.gateway_namespace;

  auto snap = std::make_shared<Snapshot>();
  snap->generation = generation;
  snap->table = compile::compile(ws.config, workload);
  snap->files = ws.files;
  snap->loaded_at = std::chrono::duration_cast<std::chrono::seconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
  auto listeners = plan_listeners(*snap->table, options);
  if (!listeners)
    return listeners.error();
  snap->listeners = std::move(*listeners);
  snap->clusters = plan_clusters(*snap->table, options.endpoints);
  snap->retry_on = plan_retry_on(*snap->table);

  auto tls = build_tls_state(*snap, ws.config, options, report.tls_log, previous);
  if (!tls)
    return tls.error();
  snap->watch_files = snap->files;
  snap->watch_files.insert(snap->watch_files.end(), tls->watch_files.begin(),
                           tls->watch_files.end());
  return snap;
}

}  // namespace igw::serve
