// `igw serve --check`: the start-up of `igw serve` without its sockets, and a summary of what it
// would serve.
#include "lib/serve/config_check.h"

#include "lib/base/strings.h"
#include "lib/model/server_merge.h"
#include "lib/render/diagnostics_text.h"

#include <fmt/format.h>

namespace igw::serve {

namespace {

// "1 route", "2 routes".
std::string counted(size_t n, std::string_view noun) {
  return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
}

// "SNI a.example.com, *.example.com" / "any SNI" for TLS chains, "plain text" otherwise.
std::string chain_match_text(const compile::FilterChain& chain) {
  bool sni = chain.tls.has_value() || chain.kind == compile::ChainKind::kTlsPassthrough ||
             chain.kind == compile::ChainKind::kAutoPassthrough;
  if (!sni)
    return "plain text";
  if (chain.server_names.empty())
    return "any SNI";
  return "SNI " + base::join(chain.server_names, ", ");
}

std::string chain_action_text(const compile::FilterChain& chain) {
  std::string out(compile::chain_kind_name(chain.kind));
  if (chain.tls) {
    out += fmt::format(", TLS {}", model::tls_mode_name(chain.tls->mode));
    if (!chain.tls->credential_name.empty())
      out += fmt::format(" (credential {})", chain.tls->credential_name);
    else if (!chain.tls->server_certificate.empty())
      out += fmt::format(" (certificate {})", chain.tls->server_certificate);
  }
  if (chain.route_config) {
    out += fmt::format(", route config {} ({})", chain.route_config->name,
                       counted(chain.route_config->virtual_hosts.size(), "virtual host"));
  }
  out += fmt::format("; Gateway {} servers[{}] at {}", chain.server.gateway,
                     chain.server.server_index, chain.server.loc.str());
  return out;
}

}  // namespace

int refused_load_exit_code(const LoadReport& report) {
  if (report.input_error)
    return kServeExitDataError;
  if (report.refused)
    return kServeExitRefused;
  return kServeExitFailure;
}

void print_load_report(const LoadReport& report, std::ostream& err, Logger& logger) {
  render::TextStyle style;
  style.hints = false;
  if (!report.diagnostics.empty()) {
    render::write_diagnostics_text(err, report.diagnostics, style);
    err.flush();
  }
  for (const auto& l : report.left_out)
    logger.warning("leaving out {}", l);
  for (const auto& l : report.tls_log)
    logger.log(l.level == tls::LogLine::Level::kWarning ? LogLevel::kWarning : LogLevel::kInfo,
               l.text);
}

void warn_if_nothing_to_serve(const Snapshot& snapshot, const ServeOptions& options,
                              Logger& logger) {
  if (snapshot.listeners.empty())
    logger.warning(
        "no Gateway server selects this workload ({}): nothing to listen on; check "
        "--gateway-labels and the Gateways' selectors",
        options.gateway_labels);
}

void write_serve_summary(std::ostream& out, const Snapshot& snapshot) {
  size_t routes = 0;
  for (const auto* rc : snapshot.table->route_configs()) {
    for (const auto& vh : rc->virtual_hosts)
      routes += vh.routes.size();
  }
  for (const auto& l : snapshot.listeners) {
    out << fmt::format("listen {} (Gateway port {})\n", l.key, l.gateway_port);
    for (const auto& chain : l.listener->chains)
      out << fmt::format("  {} → {}\n", chain_match_text(chain), chain_action_text(chain));
  }
  out << fmt::format("configuration OK: {}, {}, {}\n",
                     counted(snapshot.listeners.size(), "listener"), counted(routes, "route"),
                     counted(snapshot.clusters.size(), "cluster"));
  out.flush();
}

int check_config(const ServeOptions& options, std::ostream& out, std::ostream& err) {
  Logger logger(options.log_level);
  LoadReport report;
  auto loaded = load_snapshot(options, 1, report);
  print_load_report(report, err, logger);
  if (!loaded) {
    err << "igw serve: " << loaded.error().message << "\n";
    return refused_load_exit_code(report);
  }
  warn_if_nothing_to_serve(**loaded, options, logger);
  write_serve_summary(out, **loaded);
  return kServeExitOk;
}

}  // namespace igw::serve
