// Test helpers for igw's own checks: parse inline YAML, run one check, read findings.
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

// Parses `yaml` as file "test.yaml" and runs the igw check called `name` on it, honouring the
// check's requires_kinds like check::run does. Options default to kNow and no other change.
// Objects named in `rejected` ("Kind ns/name") are marked as Istio's validation rejecting them,
// as check::run does before igw's family runs.
std::vector<base::Diagnostic> run_check(std::string_view name, const std::string& yaml,
                                        CheckOptions options = {},
                                        const std::vector<std::string>& rejected = {});

// "line:col" of a finding.
std::string line_col(const base::Diagnostic& d);

// A self-signed P-256 certificate for `cn` valid from `not_before` to `not_after` (seconds since
// the epoch), PEM-encoded.
std::string make_certificate_pem(const std::string& cn, int64_t not_before, int64_t not_after);

// `pem` indented by `spaces` for a YAML block scalar.
std::string indent(const std::string& pem, int spaces);

}  // namespace igw::check::testing
