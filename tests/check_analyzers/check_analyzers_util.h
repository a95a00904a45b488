// Test helpers for Istio's analyzers: parse inline YAML, run one analyzer, read findings.
#pragma once

#include "lib/base/diagnostic.h"
#include "lib/check/context.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace igw::check::testing {

// 2026-01-01T00:00:00Z: the fixed "now" of every test.
inline constexpr int64_t kNow = 1767225600;

struct RunOptions {
  // Istio's analyzer test harness: objects keep an empty namespace, every analyzer runs whatever
  // kinds the input has. Otherwise objects default to namespace "default", as the CLI does.
  bool harness = false;
  int64_t now = kNow;
};

// Parses `yaml` as file "test.yaml" and runs only the analyzer called `name` through check::run
// (so requires_kinds and the implicit ingress Pod/Service apply). Throws when no check has that
// name or the YAML does not parse.
std::vector<base::Diagnostic> run_analyzer(std::string_view name, const std::string& yaml,
                                           RunOptions options = {});

// "line:col" of a finding.
std::string line_col(const base::Diagnostic& d);

// A self-signed P-256 certificate for `cn` valid from `not_before` to `not_after` (seconds since
// the epoch), PEM-encoded.
std::string make_certificate_pem(const std::string& cn, int64_t not_before, int64_t not_after);

}  // namespace igw::check::testing
