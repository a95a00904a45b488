// Binding lib/tls's ServerTls to a snapshot's listener plans.
#include "lib/serve/tls_setup.h"

#include "lib/tls/server_tls.h"

#include <fmt/format.h>

namespace igw::serve {

base::Result<TlsSetup> build_tls_state(Snapshot& snapshot, const model::Config& config,
                                       const ServeOptions& options, std::vector<tls::LogLine>& log,
                                       const Snapshot* previous) {
  TlsSetup out;
  bool any = false;
  for (const auto& l : snapshot.listeners)
    any |= l.has_tls_chain;
  if (!any)
    return out;
  tls::CredentialSources sources;
  sources.config = &config;
  sources.secrets_dir = options.secrets_dir;
  sources.dev_certs_dir = options.dev_certs_dir;
  sources.gateway_namespace = options.gateway_namespace;
  tls::BuildOptions bo;
  bo.served_alpn = {"http/1.1"};  // HTTP/2 is a later part
  if (previous && previous->tls)
    bo.ticket_keys = previous->tls->ticket_keys();  // tickets survive reloads
  auto built = tls::ServerTls::build(*snapshot.table, sources, bo, log);
  if (!built)
    return built.error();
  snapshot.tls = *built;
  for (auto& l : snapshot.listeners) {
    if (l.has_tls_chain)
      l.tls_context = snapshot.tls->listener_context(*l.listener);
  }
  out.watch_files = snapshot.tls->watch_files();
  if (const auto& ca = snapshot.tls->dev_ca(); ca && !previous) {
    // How to trust the development CA, shown once at start-up for the first HTTPS host.
    for (const auto& l : snapshot.listeners) {
      if (!l.has_tls_chain)
        continue;
      std::string host = "localhost";
      for (const auto& c : l.listener->chains) {
        if (c.tls && !c.server_names.empty() &&
            c.server_names.front().find('*') == std::string::npos) {
          host = c.server_names.front();
          break;
        }
      }
      std::string url = fmt::format("https://{}:{}/", host, l.port);
      for (const auto& line : ca->trust_instructions(url))
        log.push_back(tls::LogLine::info(line));
      if (host != "localhost")
        log.push_back(tls::LogLine::info(
            fmt::format("  (with curl add --connect-to {}:{}:127.0.0.1:{} when {} does "
                        "not resolve to this machine)",
                        host, l.port, l.port, host)));
      break;
    }
  }
  return out;
}

const compile::FilterChain* selected_chain(const SSL* ssl) {
  return tls::ServerTls::selected_chain(ssl);
}

const char* tls_refusal_reason(const SSL* ssl) {
  return tls::ServerTls::refusal_reason(ssl);
}

std::vector<std::pair<std::string, int64_t>> certificate_expiry(const Snapshot& snapshot) {
  std::vector<std::pair<std::string, int64_t>> out;
  if (!snapshot.tls)
    return out;
  for (const auto& c : snapshot.tls->credentials())
    out.emplace_back(c.role == "ca" ? c.name + " (CA)" : c.name, c.not_after);
  return out;
}

}  // namespace igw::serve
