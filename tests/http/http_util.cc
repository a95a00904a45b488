// Test helpers for lib/http.
#include "tests/http/http_util.h"

#include "lib/config/load.h"
#include "lib/model/parse.h"

namespace igw::http::testing {

Compiled compile_yaml(const std::string& yaml) {
  config::LoadResult loaded;
  config::parse_text("test.yaml", yaml, loaded);
  base::Diagnostics diags;
  Compiled out;
  out.config = std::make_unique<model::Config>(
      model::parse(std::move(loaded), model::ParseOptions{}, diags));
  out.table = compile::compile(*out.config);
  return out;
}

std::string gateway_with_vs(const std::string& http, const std::string& hosts) {
  return R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*"]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs, namespace: web}
spec:
  hosts: )" +
         hosts + R"(
  gateways: [istio-system/gw]
  http:
)" + http;
}

const match::Request& Req::get() {
  fields_.clear();
  for (const auto& [n, v] : headers_)
    fields_.push_back(match::HeaderField{n, v});
  request_.port = port_;
  request_.tls = tls_;
  request_.sni = sni_;
  request_.method = method_;
  request_.authority = authority_;
  request_.path = path_;
  request_.headers = fields_;
  return request_;
}

RespondOptions test_options() {
  RespondOptions o;
  o.date = "Thu, 01 Jan 1970 00:00:00 GMT";
  o.request_id = "rid-1";
  o.peer_address = "203.0.113.10";
  return o;
}

Answer answer(const compile::RouteTable& t, Req& req, RespondOptions options) {
  if (options.date.empty())
    options.date = "Thu, 01 Jan 1970 00:00:00 GMT";
  if (options.request_id.empty())
    options.request_id = "rid-1";
  Answer a{match::decide(t, req.get()), LocalReply{}};
  a.response = respond(a.decision, req.get(), options);
  return a;
}

std::vector<std::string> lines(const Headers& h) {
  std::vector<std::string> out;
  for (const auto& e : h)
    out.push_back(e.name + ": " + e.value);
  return out;
}

bool mentions(const std::vector<Reason>& reasons, const std::string& text) {
  for (const auto& r : reasons) {
    if (r.message.find(text) != std::string::npos || r.rule == text)
      return true;
  }
  return false;
}

}  // namespace igw::http::testing
