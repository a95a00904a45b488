// Conformance runner: Istio's own analyzer test cases (../shared/peer/istio-analyzers, inputs and
// expected.tsv taken from pkg/config/analysis/analyzers/analyzers_test.go) run through igw's
// checks the way Istio's harness runs them (see SOURCE.md there):
//   1. only the named analyzer runs (CheckOptions::only);
//   2. objects without metadata.namespace keep an empty namespace ("Kind name");
//   3. Istio's implicit ingress Pod and Service are added;
//   4. findings, reduced to (code, resource) after identical findings are merged, must equal the
//      expected rows as a multiset.
// One test per case, plus Summary, which prints the pass count per analyzer and every mismatch.
#include "lib/check/run.h"
#include "lib/config/load.h"
#include "lib/model/parse.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace igw::check::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kPeerDir = fs::path(IGW_SOURCE_DIR) / ".." / "shared" / "peer" / "istio-analyzers";

// Cases judged out of scope, by upstream test name, with the reason.
const std::map<std::string, std::string> kOutOfScope = {
    {"regexes",
     "virtualservice.RegexAnalyzer (IST0122) was retired upstream (commit 0b3cb42f742, #51164); "
     "Istio reports bad regexes through schema validation (IST0106), which the rules family "
     "implements"},
};

struct Case {
  std::string name;
  std::vector<std::string> files;
  std::string analyzer;
  std::vector<std::string> expected;  // "ISTxxxx:Name<TAB>resource", sorted
};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string part;
  std::istringstream in(s);
  while (std::getline(in, part, sep))
    out.push_back(part);
  if (!s.empty() && s.back() == sep)
    out.emplace_back();
  return out;
}

// Cases in file order; rows of one case (same test_name) are merged.
std::vector<Case> load_cases() {
  std::vector<Case> cases;
  std::ifstream in(kPeerDir / "expected.tsv");
  if (!in)
    return cases;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (line.empty())
      continue;
    auto cols = split(line, '\t');
    if (cols.size() != 5)
      throw std::runtime_error("expected.tsv: malformed row: " + line);
    auto it =
        std::find_if(cases.begin(), cases.end(), [&](const Case& c) { return c.name == cols[0]; });
    if (it == cases.end()) {
      cases.push_back(Case{cols[0], split(cols[1], ','), cols[2], {}});
      it = cases.end() - 1;
    }
    if (cols[3] != "-")
      it->expected.push_back(cols[3] + "\t" + cols[4]);
  }
  for (auto& c : cases)
    std::sort(c.expected.begin(), c.expected.end());
  return cases;
}

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.name;
}

struct Outcome {
  std::vector<std::string> actual;  // sorted like Case::expected
  std::vector<std::string> messages;
};

Outcome run_case(const Case& c) {
  std::vector<std::string> paths;
  for (const auto& f : c.files)
    paths.push_back((kPeerDir / f).string());
  std::istringstream no_stdin;
  config::LoadResult loaded = config::load(paths, no_stdin);
  model::ParseOptions parse;
  parse.apply_default_namespace = false;
  base::Diagnostics diags;
  model::Config config = model::parse(std::move(loaded), parse, diags);
  CheckOptions options;
  options.assume_all_kinds_present = true;
  options.add_default_ingress = true;
  options.only = {c.analyzer};
  base::Diagnostics found;
  run(config, options, found);
  found.sort_and_dedupe();
  Outcome out;
  for (const auto& d : found.items()) {
    out.actual.push_back(d.code + ":" + d.name + "\t" + d.resource.str());
    out.messages.push_back(d.loc.str() + ": " + d.code + " (" + d.resource.str() + ") " +
                           d.message);
  }
  std::sort(out.actual.begin(), out.actual.end());
  return out;
}

// "missing: …" / "unexpected: …" lines for a multiset difference.
std::vector<std::string> mismatches(const std::vector<std::string>& expected,
                                    const std::vector<std::string>& actual) {
  std::vector<std::string> missing, extra, out;
  std::set_difference(expected.begin(), expected.end(), actual.begin(), actual.end(),
                      std::back_inserter(missing));
  std::set_difference(actual.begin(), actual.end(), expected.begin(), expected.end(),
                      std::back_inserter(extra));
  for (const auto& m : missing)
    out.push_back("missing    " + m);
  for (const auto& e : extra)
    out.push_back("unexpected " + e);
  return out;
}

std::string param_name(const std::string& test_name) {
  std::string out;
  for (char ch : test_name)
    out += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  return out;
}

// Test parameters: every case, or one placeholder that skips when ../shared is absent.
std::vector<Case> params() {
  std::vector<Case> cases = load_cases();
  if (cases.empty())
    cases.push_back(Case{"shared_peer_suite_absent", {}, {}, {}});
  return cases;
}

class IstioAnalyzerConformance : public ::testing::TestWithParam<Case> {};

TEST_P(IstioAnalyzerConformance, MatchesUpstream) {
  const Case& c = GetParam();
  if (c.analyzer.empty()) {
    GTEST_SKIP() << "Istio's analyzer fixtures are not available at " << kPeerDir.string()
                 << " (../shared is absent); conformance cases skipped.";
  }
  if (auto it = kOutOfScope.find(c.name); it != kOutOfScope.end())
    GTEST_SKIP() << "out of scope: " << it->second;
  Outcome out = run_case(c);
  std::vector<std::string> diff = mismatches(c.expected, out.actual);
  std::ostringstream detail;
  for (const auto& d : diff)
    detail << "\n  " << d;
  detail << "\n  findings:";
  for (const auto& m : out.messages)
    detail << "\n    " << m;
  EXPECT_TRUE(diff.empty()) << "case \"" << c.name << "\" (" << c.analyzer << ")" << detail.str();
}

INSTANTIATE_TEST_SUITE_P(Upstream, IstioAnalyzerConformance, ::testing::ValuesIn(params()),
                         [](const ::testing::TestParamInfo<Case>& p) {
                           return param_name(p.param.name);
                         });

// Runs every case again and prints, per analyzer, how many in-scope cases pass, then every
// mismatch and the out-of-scope list. Fails when an in-scope case fails.
TEST(IstioAnalyzerConformanceSummary, AllInScopeCasesPass) {
  std::vector<Case> cases = load_cases();
  if (cases.empty()) {
    GTEST_SKIP() << "Istio's analyzer fixtures are not available at " << kPeerDir.string()
                 << " (../shared is absent); conformance summary skipped.";
  }
  struct Tally {
    int passed = 0;
    int total = 0;
    int out_of_scope = 0;
  };
  std::map<std::string, Tally> by_analyzer;
  std::vector<std::string> report;
  int failed = 0;
  for (const auto& c : cases) {
    Tally& t = by_analyzer[c.analyzer];
    if (kOutOfScope.count(c.name)) {
      ++t.out_of_scope;
      continue;
    }
    ++t.total;
    std::vector<std::string> diff = mismatches(c.expected, run_case(c).actual);
    if (diff.empty()) {
      ++t.passed;
      continue;
    }
    ++failed;
    report.push_back("case \"" + c.name + "\" (" + c.analyzer + "):");
    for (const auto& d : diff)
      report.push_back("    " + d);
  }
  std::cout << "Istio analyzer conformance (" << cases.size() << " cases):\n";
  for (const auto& [analyzer, t] : by_analyzer) {
    std::cout << "  " << analyzer << ": " << t.passed << "/" << t.total << " pass";
    if (t.out_of_scope)
      std::cout << " (" << t.out_of_scope << " out of scope)";
    std::cout << "\n";
  }
  if (!report.empty()) {
    std::cout << "Mismatches:\n";
    for (const auto& line : report)
      std::cout << "  " << line << "\n";
  }
  std::cout << "Out of scope:\n";
  for (const auto& [name, why] : kOutOfScope)
    std::cout << "  " << name << ": " << why << "\n";
  EXPECT_EQ(failed, 0) << failed << " in-scope conformance case(s) fail; see the list above.";
}

}  // namespace
}  // namespace igw::check::testing
