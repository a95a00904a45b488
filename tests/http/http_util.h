// Test helpers for lib/http: inline YAML → RouteTable, requests that own their bytes, and
// respond() on them.
#pragma once

#include "lib/compile/compile.h"
#include "lib/http/respond.h"
#include "lib/match/decide.h"
#include "lib/model/config.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace igw::http::testing {

struct Compiled {
  std::unique_ptr<model::Config> config;
  compile::RouteTablePtr table;
};

Compiled compile_yaml(const std::string& yaml);

// A Gateway "istio-system/gw" with an HTTP server on 80 (hosts ["*"]) and a VirtualService
// "web/vs" for `hosts` whose `http:` list is `http` (indented by two spaces per level, starting
// with "  - ").
std::string gateway_with_vs(const std::string& http, const std::string& hosts = "[a.com]");

class Req {
 public:
  Req(std::string authority, std::string path)
      : authority_(std::move(authority)), path_(std::move(path)) {}
  Req& method(std::string m) {
    method_ = std::move(m);
    return *this;
  }
  Req& header(std::string name, std::string value) {
    headers_.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  Req& port(uint32_t p) {
    port_ = p;
    return *this;
  }
  Req& tls(std::string sni = "") {
    tls_ = true;
    sni_ = std::move(sni);
    return *this;
  }
  const match::Request& get();

 private:
  std::string authority_, path_, method_ = "GET", sni_;
  uint32_t port_ = 80;
  bool tls_ = false;
  std::vector<std::pair<std::string, std::string>> headers_;
  std::vector<match::HeaderField> fields_;
  match::Request request_;
};

// decide() then respond() with fixed options (date "Thu, 01 Jan 1970 00:00:00 GMT", request id
// "rid-1", peer 203.0.113.10).
struct Answer {
  match::Decision decision;
  Response response;
  const LocalReply* local() const { return std::get_if<LocalReply>(&response); }
  const ForwardPlan* plan() const { return std::get_if<ForwardPlan>(&response); }
};
Answer answer(const compile::RouteTable& t, Req& req, RespondOptions options = {});
RespondOptions test_options();

// Header lists as "name: value" lines, for readable expectations.
std::vector<std::string> lines(const Headers& h);
bool mentions(const std::vector<Reason>& reasons, const std::string& text);

}  // namespace igw::http::testing
