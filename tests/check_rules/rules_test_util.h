// Test helpers for the rules family: run its checks on inline YAML and render each finding as
// one comparable line "CODE line:col message".
#pragma once

#include "lib/base/diagnostic.h"

#include <string>
#include <string_view>
#include <vector>

namespace igw::check::rules::testing {

struct RunOptions {
  std::string file = "test.yaml";
  // Istio's analyzer test harness leaves namespace-less objects without a namespace.
  bool default_namespace = true;
};

// Every finding of the three rules checks, in the order reported.
base::Diagnostics run_rules_diagnostics(std::string_view yaml, const RunOptions& opts = {});
// The findings as "IST0106 12:9 Schema validation error: ...".
std::vector<std::string> run_rules(std::string_view yaml, const RunOptions& opts = {});
// The hint of the only finding (fails the test when there is not exactly one).
std::string only_hint(std::string_view yaml);

// A Gateway "gw" in namespace "default" whose spec.servers list starts on line 8.
std::string gateway(std::string_view servers);
// A VirtualService "vs" in "default" (hosts [a.example.com], gateways [gw]) whose http list
// starts on line 10.
std::string vs_http(std::string_view http);
// A DestinationRule "dr" in "default" for host reviews whose spec continues on line 8.
std::string destination_rule(std::string_view rest);

}  // namespace igw::check::rules::testing
