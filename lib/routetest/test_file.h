// routetest::TestFile: golden routing tests for `igw routes --test`, in the spirit of Envoy's
// router_check_tool (SEMANTICS R6.1–R6.5) but written against Istio objects. One YAML list item
// per case (a top-level list, or a map with a `tests:` list):
//
//   - name: API v1 goes to api-service           # optional; default "METHOD URL"
//     url: https://api.example.com/api/v1/users  # or authority + path (+ scheme)
//     method: POST                               # default GET
//     headers: {Origin: https://app.example.com} # or a list of "Name: value"
//     expect:
//       virtualService: production/api-virtualservice
//       rule: 2                                  # http[] index, or the rule's name
//       cluster: outbound|8080||api-service.production.svc.cluster.local
//       responseHeaders: {x-api-version: "1.0"}  # ~ (null) = must be absent
//
// The full list of keys is in man/igw-routes.1 (section TEST FILES); keep the two in step.
#pragma once

#include "lib/base/result.h"
#include "lib/base/source_loc.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace igw::routetest {

// One expected value, with the position of its YAML for failure messages.
template <class T>
struct Expected {
  T value{};
  base::SourceLoc loc;
};

// An expected header: `value` nullopt means the header must be absent.
struct ExpectedHeader {
  std::string name;  // lower-case
  std::optional<std::string> value;
  base::SourceLoc loc;
};

// `rule:` is an http[] index (a YAML integer) or a rule name (a string).
struct RuleRef {
  std::optional<uint32_t> index;
  std::string name;
};

// Every key optional; only those present are checked. String values "" mean "expect none"
// (no cluster, no redirect, no rewrite), as in router_check.
struct Expectations {
  std::optional<Expected<std::string>> outcome;          // match::outcome_name
  std::optional<Expected<std::string>> route_config;     // "http.80"
  std::optional<Expected<std::string>> virtual_host;     // "api.example.com:443"
  std::optional<Expected<std::string>> virtual_service;  // "ns/name" (or just "name")
  std::optional<Expected<RuleRef>> rule;
  std::optional<Expected<uint32_t>> match;            // match[] index
  std::optional<Expected<std::string>> cluster;       // the picked cluster name
  std::optional<Expected<std::string>> destination;   // picked "host" or "host:port"
  std::optional<Expected<uint32_t>> status;           // the gateway's own answer
  std::optional<Expected<std::string>> redirect;      // the Location header
  std::optional<Expected<std::string>> body;          // the gateway's own answer's body
  std::optional<Expected<std::string>> path_rewrite;  // upstream :path when rewritten
  std::optional<Expected<std::string>> host_rewrite;  // upstream authority when rewritten
  std::vector<ExpectedHeader> request_headers;        // as the upstream receives them
  std::vector<ExpectedHeader> response_headers;       // as the client receives them
  bool empty() const;
};

struct TestCase {
  std::string name;
  base::SourceLoc loc;  // the list item
  // The request, resolved: url or authority/path/scheme, with Host and port overrides applied.
  std::string method = "GET";
  bool tls = false;
  std::string authority;
  std::string path = "/";
  uint32_t port = 80;                                        // Gateway port (R1.8)
  std::string sni;                                           // "" = none
  std::vector<std::pair<std::string, std::string>> headers;  // lower-case names, no Host
  // The simulated upstream's answer, for responseHeaders of forwarded requests.
  uint32_t upstream_status = 200;
  std::vector<std::pair<std::string, std::string>> upstream_headers;
  // Envoy's random value: the weighted pick (random % total weight) and fault/mirror sampling.
  uint64_t random = 0;
  Expectations expect;
};

struct TestFile {
  std::string path;
  std::vector<TestCase> cases;
};

// Parses a test file. Every problem is reported (file:line:col and the key), not just the
// first; any problem makes the file unusable.
struct ParseResult {
  std::optional<TestFile> file;
  std::vector<base::Error> errors;
};
ParseResult parse_test_file(const std::string& path, std::string text);

}  // namespace igw::routetest
