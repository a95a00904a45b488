// Test helpers for the `igw routes` renderers: inline YAML → RouteTable, and decide() on a
// request whose strings the helper owns.
#pragma once

#include "lib/compile/route_table.h"
#include "lib/match/decision.h"
#include "lib/model/config.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace igw::render::testing {

struct Table {
  std::unique_ptr<model::Config> config;
  compile::RouteTablePtr table;
};

// Parses `yaml` as file "gw.yaml" and compiles it for the default ingress workload.
Table compile_yaml(const std::string& yaml);

// One request and what the router made of it, with the bytes kept alive.
struct Explained {
  std::string authority, path, method = "GET", sni;
  uint32_t port = 80;
  bool tls = false;
  std::vector<std::pair<std::string, std::string>> headers;
  std::vector<match::HeaderField> fields;
  match::Request request;
  match::Decision decision;
  match::Trace trace;
};

// decide() with a trace on `url`-like parts: "https" marks TLS with SNI = host unless `sni` is
// given.
std::unique_ptr<Explained> explain(const compile::RouteTable& t, const std::string& scheme,
                                   const std::string& authority, const std::string& path,
                                   uint32_t port,
                                   std::vector<std::pair<std::string, std::string>> headers = {},
                                   const std::string& method = "GET",
                                   const std::string* sni = nullptr);

// The text decision renderer's output for `e`.
std::string decision_text(const Explained& e);

}  // namespace igw::render::testing
