// routetest::run_tests: runs a TestFile against a RouteTable. Each case goes through
// match::decide and http::respond (and http::finalize_response for the response headers of a
// forwarded request) — the code `igw serve` runs — then its expectations are compared with what
// came out. Coverage follows router_check (R6.4): a route counts once, a weighted route once per
// destination; routes no request can reach (match::shadowed_routes) are listed apart and left
// out of the percentage.
#pragma once

#include "lib/compile/route_table.h"
#include "lib/routetest/test_file.h"

#include <cstddef>
#include <string>
#include <vector>

namespace igw::routetest {

// One checked field: its name as written in the test file, expected and actual values.
struct FieldResult {
  std::string field;  // "virtualService", "responseHeaders x-api-version"
  std::string expected;
  std::string actual;
  bool passed = false;
  base::SourceLoc loc;  // the expectation's YAML
};

struct CaseResult {
  const TestCase* test = nullptr;
  std::string summary;  // "route to outbound|… via production/api http[2] match[0]"
  std::vector<FieldResult> fields;
  bool passed() const;
};

// Something a test can exercise: one route of one virtual host (one destination of a
// weighted route), a virtual host's httpsRedirect, or one TCP/TLS filter chain.
struct CoverageItem {
  std::string host;     // "api.example.com:443" (virtual host), or "0.0.0.0_443 SNI a.example.com"
  std::string route;    // "production/api http[2] match[0] /api/v1/*", "httpsRedirect", "tls[0]"
  std::string cluster;  // for a weighted route's destination, else ""
  bool covered = false;
  bool reachable = true;
  std::string unreachable_reason;  // when !reachable
};

struct Report {
  std::vector<CaseResult> cases;
  std::vector<CoverageItem> coverage;  // table order
  size_t passed = 0;
  size_t failed = 0;
  // covered reachable items / reachable items, in percent (100 when there are none).
  double coverage_percent = 100.0;
};

Report run_tests(const compile::RouteTable& table, const TestFile& file);

}  // namespace igw::routetest
