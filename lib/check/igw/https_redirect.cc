// igw.HttpsRedirect: a plain HTTP server for hosts the same gateway also serves over HTTPS,
// without tls.httpsRedirect (IGW0403; the seed guide's security checklist, SEMANTICS R1.16).
#include "lib/base/strings.h"
#include "lib/check/igw/family.h"
#include "lib/check/igw/gateway_facts.h"
#include "lib/check/igw/messages.h"
#include "lib/model/host_name.h"
#include "lib/model/server_merge.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

namespace igw::check::igw_family {

namespace {

struct HttpsServer {
  const model::Gateway* gw;
  const model::Server* server;
};

void check_server(Context& ctx, const model::Gateway& gw, const model::Server& s,
                  const std::vector<HttpsServer>& https) {
  std::vector<std::string> shared;  // HTTPS hosts this server also serves in plain text
  const model::LString* first_overlap = nullptr;
  std::string where;  // the first HTTPS server involved, for the message
  for (const auto& h : igw_facts::server_hosts(s)) {
    for (const auto& t : https) {
      if (!igw_facts::same_workload(ctx, gw, *t.gw))
        continue;
      for (const auto& th : igw_facts::server_hosts(*t.server)) {
        if (!model::host_matches(h.host, th.host))
          continue;
        if (std::find(shared.begin(), shared.end(), th.host) == shared.end())
          shared.push_back(th.host);
        if (!first_overlap)
          first_overlap = h.written;
        if (where.empty()) {
          where = fmt::format("{} of Gateway {}/{}", igw_facts::describe_server(*t.server),
                              t.gw->ns(), t.gw->name());
        }
      }
    }
  }
  if (shared.empty())
    return;
  constexpr size_t kListed = 5;  // a "*" server can share dozens of hosts; name a few
  std::vector<std::string> quoted;
  for (size_t i = 0; i < shared.size() && i < kListed; ++i)
    quoted.push_back(base::quote(shared[i]));
  if (shared.size() > kListed)
    quoted.back() += fmt::format(" and {} more", shared.size() - kListed);
  base::SourceLoc loc = first_overlap->loc;
  if (s.tls && s.tls->https_redirect)
    loc = s.tls->https_redirect.loc;  // written as false
  ctx.report(igw_msg::kMissingHttpsRedirect,
             fmt::format("{} serves {} in plain text although {} serves {} over HTTPS; without "
                         "tls.httpsRedirect the plain-text requests are routed, not redirected.",
                         igw_facts::describe_server(s), base::join(quoted, ", "), where,
                         shared.size() == 1 ? "it" : "them"),
             gw, loc)
      .hint =
      "Set tls.httpsRedirect: true on this server (Envoy answers plain HTTP with a 301 to "
      "https://), unless a VirtualService on this port already redirects every request.";
}

void run_https_redirect_check(Context& ctx) {
  std::vector<HttpsServer> https;
  for (const auto& gw : ctx.config().gateways) {
    if (gw.rejected)
      continue;
    for (const auto& s : gw.servers) {
      if (s.tls && s.port &&
          model::parse_protocol(s.port->protocol.value) == model::Protocol::kHttps)
        https.push_back({&gw, &s});
    }
  }
  if (https.empty())
    return;
  for (const auto& gw : ctx.config().gateways) {
    if (gw.rejected)
      continue;
    for (const auto& s : gw.servers) {
      if (!igw_facts::is_plain_http_server(s))
        continue;
      if (s.tls && s.tls->https_redirect.value_or(false))
        continue;
      check_server(ctx, gw, s, https);
    }
  }
}

}  // namespace

Check https_redirect_check() {
  return Check{
      .name = "igw.HttpsRedirect",
      .description =
          "Plain HTTP servers for hosts the gateway also serves over HTTPS, without "
          "tls.httpsRedirect.",
      .messages = {&igw_msg::kMissingHttpsRedirect},
      .requires_kinds = {"Gateway"},
      .run = &run_https_redirect_check,
  };
}

}  // namespace igw::check::igw_family
