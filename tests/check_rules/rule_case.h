// Table-driven rule tests: an input, and the exact findings ("CODE line:col message") it gives.
#pragma once

#include "tests/check_rules/rules_test_util.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

namespace igw::check::rules::testing {

struct RuleCase {
  std::string name;  // test name suffix: [A-Za-z0-9_]
  std::string yaml;
  std::vector<std::string> expected;  // empty: the input is valid
};

inline std::ostream& operator<<(std::ostream& os, const RuleCase& c) {
  return os << c.name;
}

inline std::string rule_case_name(const ::testing::TestParamInfo<RuleCase>& info) {
  return info.param.name;
}

// Defines a parameterized suite `Suite` over the cases returned by `cases_fn`.
#define IGW_RULE_CASES(Suite, cases_fn)                                            \
  class Suite : public ::testing::TestWithParam<RuleCase> {};                      \
  TEST_P(Suite, Findings) {                                                        \
    EXPECT_EQ(run_rules(GetParam().yaml), GetParam().expected) << GetParam().yaml; \
  }                                                                                \
  INSTANTIATE_TEST_SUITE_P(Rules, Suite, ::testing::ValuesIn(cases_fn()), rule_case_name)

}  // namespace igw::check::rules::testing
