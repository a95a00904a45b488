// Test helpers for match tests: inline YAML → RouteTable, and requests that own their bytes.
#pragma once

#include "lib/compile/compile.h"
#include "lib/match/decide.h"
#include "lib/model/config.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace igw::match::testing {

struct Compiled {
  std::unique_ptr<model::Config> config;
  compile::RouteTablePtr table;
};

Compiled compile_yaml(const std::string& yaml, const compile::GatewayWorkload& workload = {});

// A request whose strings live as long as the object.
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

  const Request& get();

 private:
  std::string authority_, path_, method_ = "GET", sni_;
  uint32_t port_ = 80;
  bool tls_ = false;
  std::vector<std::pair<std::string, std::string>> headers_;
  std::vector<HeaderField> fields_;
  Request request_;
};

// decide() with a trace; returns the decision and keeps the trace for inspection.
struct Routed {
  Decision decision;
  Trace trace;
  bool trace_mentions(const std::string& text) const;
  bool trace_has_rule(const std::string& rule) const;
};
Routed route(const compile::RouteTable& t, Req& req);

}  // namespace igw::match::testing
