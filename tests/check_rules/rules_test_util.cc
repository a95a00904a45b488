// Test helpers for the rules family (see rules_test_util.h).
#include "tests/check_rules/rules_test_util.h"

#include "lib/check/context.h"
#include "lib/check/rules/checks.h"
#include "lib/config/load.h"
#include "lib/model/parse.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace igw::check::rules::testing {

base::Diagnostics run_rules_diagnostics(std::string_view yaml, const RunOptions& opts) {
  config::LoadResult loaded;
  config::parse_text(opts.file, std::string(yaml), loaded);
  EXPECT_TRUE(loaded.diagnostics.empty()) << "the test YAML does not parse";
  model::ParseOptions popts;
  popts.apply_default_namespace = opts.default_namespace;
  base::Diagnostics parse_diags;
  model::Config config = model::parse(std::move(loaded), popts, parse_diags);
  CheckOptions copts;
  copts.add_default_ingress = false;
  base::Diagnostics out;
  Context ctx(config, copts, out);
  for (const auto& c : rule_checks()) {
    size_t before = out.size();
    c.run(ctx);
    for (size_t i = before; i < out.size(); ++i)
      out.items()[i].analyzer = std::string(c.name);
  }
  return out;
}

std::vector<std::string> run_rules(std::string_view yaml, const RunOptions& opts) {
  std::vector<std::string> lines;
  base::Diagnostics diags = run_rules_diagnostics(yaml, opts);
  for (const auto& d : diags.items())
    lines.push_back(fmt::format("{} {}:{} {}", d.code, d.loc.line, d.loc.col, d.message));
  return lines;
}

std::string only_hint(std::string_view yaml) {
  base::Diagnostics d = run_rules_diagnostics(yaml);
  EXPECT_EQ(d.size(), 1u);
  return d.empty() ? std::string() : d.items()[0].hint;
}

std::string gateway(std::string_view servers) {
  return fmt::format(R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
  namespace: default
spec:
  servers:
{})",
                     servers);
}

std::string vs_http(std::string_view http) {
  return fmt::format(R"(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: vs
  namespace: default
spec:
  hosts: [a.example.com]
  gateways: [gw]
  http:
{})",
                     http);
}

std::string destination_rule(std::string_view rest) {
  return fmt::format(R"(apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: dr
  namespace: default
spec:
  host: reviews
{})",
                     rest);
}

}  // namespace igw::check::rules::testing
