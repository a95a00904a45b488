// Test helpers for the `igw routes` renderers.
#include "tests/render/routes_render_util.h"

#include "lib/compile/compile.h"
#include "lib/config/load.h"
#include "lib/match/decide.h"
#include "lib/model/parse.h"
#include "lib/render/decision_text.h"

#include <sstream>

namespace igw::render::testing {

Table compile_yaml(const std::string& yaml) {
  config::LoadResult loaded;
  config::parse_text("gw.yaml", yaml, loaded);
  base::Diagnostics diags;
  Table t;
  t.config = std::make_unique<model::Config>(
      model::parse(std::move(loaded), model::ParseOptions{}, diags));
  t.table = compile::compile(*t.config);
  return t;
}

std::unique_ptr<Explained> explain(const compile::RouteTable& t, const std::string& scheme,
                                   const std::string& authority, const std::string& path,
                                   uint32_t port,
                                   std::vector<std::pair<std::string, std::string>> headers,
                                   const std::string& method, const std::string* sni) {
  auto e = std::make_unique<Explained>();
  e->authority = authority;
  e->path = path;
  e->method = method;
  e->port = port;
  e->tls = scheme == "https";
  e->sni = sni ? *sni : (e->tls ? std::string(match::host_without_port(authority)) : "");
  e->headers = std::move(headers);
  for (const auto& [n, v] : e->headers)
    e->fields.push_back({n, v});
  e->request.port = e->port;
  e->request.tls = e->tls;
  e->request.sni = e->sni;
  e->request.method = e->method;
  e->request.authority = e->authority;
  e->request.path = e->path;
  e->request.headers = e->fields;
  e->decision = match::decide(t, e->request, &e->trace);
  return e;
}

std::string decision_text(const Explained& e) {
  std::ostringstream out;
  write_decision_text(out, e.decision, e.request, e.trace);
  return out.str();
}

}  // namespace igw::render::testing
