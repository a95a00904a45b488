// Istio's own analyzer fixture for rule overlaps (peer/istio-analyzers, case "dupmatches") must
// give exactly the expected (message, resource) rows, and the messages Istio's texts.
#include "tests/check_rules/rules_test_util.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace igw::check::rules::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kPeerDir = fs::path(IGW_SOURCE_DIR) / ".." / "shared" / "peer" / "istio-analyzers";

std::string read_file(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, '\t'))
    out.push_back(cell);
  return out;
}

// Runs the case's files together as the upstream harness does (no default namespace) and
// returns "IST0130:VirtualServiceUnreachableRule VirtualService ns/name" rows, deduplicated by
// full message text first.
std::vector<std::string> produced_rows(const std::vector<std::string>& files,
                                       std::vector<std::string>* messages) {
  std::string all;
  for (const auto& f : files)
    all += read_file(kPeerDir / f) + "\n---\n";
  RunOptions opts;
  opts.default_namespace = false;
  base::Diagnostics diags = run_rules_diagnostics(all, opts);
  std::vector<std::string> rows;
  std::vector<std::string> seen;
  for (const auto& d : diags.items()) {
    if (d.analyzer != "schema.ValidationAnalyzer.VirtualService")
      continue;
    std::string text = d.resource.str() + " " + d.message;
    if (std::find(seen.begin(), seen.end(), text) != seen.end())
      continue;
    seen.push_back(text);
    rows.push_back(d.code + ":" + d.name + " " + d.resource.str());
    if (messages)
      messages->push_back(d.resource.str() + ": " + d.message);
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

TEST(PeerFixture, DupMatchesRowsMatchExpectedTsv) {
  if (!fs::exists(kPeerDir / "expected.tsv"))
    GTEST_SKIP() << "shared/peer/istio-analyzers is not present beside the project";
  std::ifstream tsv(kPeerDir / "expected.tsv");
  std::string line;
  std::vector<std::string> expected;
  std::string input_files;
  while (std::getline(tsv, line)) {
    std::vector<std::string> cells = split_tabs(line);
    if (cells.size() < 5 || cells[0] != "dupmatches")
      continue;
    input_files = cells[1];
    expected.push_back(cells[3] + " " + cells[4]);
  }
  ASSERT_FALSE(expected.empty());
  std::vector<std::string> files;
  std::stringstream ss(input_files);
  std::string f;
  while (std::getline(ss, f, ','))
    files.push_back(f);
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(produced_rows(files, nullptr), expected);
}

TEST(PeerFixture, DupMatchesMessagesAreIstiosTexts) {
  if (!fs::exists(kPeerDir / "virtualservice_dupmatches.yaml"))
    GTEST_SKIP() << "shared/peer/istio-analyzers is not present beside the project";
  std::vector<std::string> messages;
  produced_rows({"virtualservice_dupmatches.yaml", "virtualservice_overlappingmatches.yaml"},
                &messages);
  EXPECT_THAT(
      messages,
      ::testing::UnorderedElementsAre(
          "VirtualService foo/sample-foo-cluster01: VirtualService rule #1 not used (only the "
          "last rule can have no matches).",
          "VirtualService duplicate-match: VirtualService rule \"send /api/v1/products to "
          "sample.bar\" match #0 is not used (duplicate/overlapping match in rule \"send "
          "/api/v1/products to sample.foo\").",
          "VirtualService duplicate-match: VirtualService rule \"send /api/v1/products to "
          "sample.bar\" not used (all matches used by prior rules).",
          "VirtualService almost-duplicate-match: VirtualService rule \"send /api/v1/products and "
          "/potato to sample.bar\" match \"prefix /api/v1/products\" is not used "
          "(duplicate/overlapping match in rule #0).",
          "VirtualService duplicate-tcp-match: VirtualService rule #1 match #0 is not used "
          "(duplicate/overlapping match in rule #0).",
          "VirtualService duplicate-tcp-match: VirtualService rule #1 not used (all matches used "
          "by prior rules).",
          "VirtualService duplicate-empty-tcp: VirtualService rule #1 not used (only the last "
          "rule can have no matches).",
          "VirtualService almost-duplicate-tcp-match: VirtualService rule #1 match #0 is not used "
          "(duplicate/overlapping match in rule #0).",
          "VirtualService none/tls-routing: VirtualService rule #1 match #0 is not used "
          "(duplicate/overlapping match in rule #0).",
          "VirtualService none/tls-routing: VirtualService rule #1 not used (all matches used by "
          "prior rules).",
          "VirtualService none/tls-routing-almostmatch: VirtualService rule #1 match #0 is not "
          "used (duplicate/overlapping match in rule #0).",
          "VirtualService non-method-get: VirtualService rule \"send product to sample.foo\" "
          "match #1 of prefix /api/v1/products is not used (duplicate/overlapping match in rule "
          "#0 of prefix /api/v1/product on \"send product to sample.foo\").",
          "VirtualService overlapping-in-single-match: VirtualService rule \"send product to "
          "sample.foo\" match #1 of prefix /api/v1/products is not used (duplicate/overlapping "
          "match in rule #0 of prefix /api/v1/product on \"send product to sample.foo\").",
          "VirtualService overlapping-in-two-matches: VirtualService rule \"send products to "
          "sample.bar\" match #0 of prefix /api/v1/products is not used (duplicate/overlapping "
          "match in rule #0 of prefix /api/v1/product on \"send product to sample.foo\").",
          "VirtualService overlapping-mathes-with-different-methods: VirtualService rule \"send "
          "products to sample.bar\" match #0 of prefix /api/v1/product is not used "
          "(duplicate/overlapping match in rule #0 of prefix /api/v1/prod on \"send product to "
          "sample.foo\")."));
}

}  // namespace
}  // namespace igw::check::rules::testing
