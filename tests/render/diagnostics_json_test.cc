#include "lib/render/diagnostics_json.h"

#include "lib/render/diagnostics_yaml.h"
#include "tests/render/diagnostics_test_util.h"

#include <gtest/gtest.h>

#include <sstream>

namespace igw::render {
namespace {

using testing::finding;
using testing::sample_report;

TEST(DiagnosticsJson, FieldsOfAFinding) {
  nlohmann::ordered_json doc = diagnostics_json(sample_report());
  ASSERT_EQ(doc["diagnostics"].size(), 2u);
  const auto& d = doc["diagnostics"][0];
  EXPECT_EQ(d["level"], "Error");
  EXPECT_EQ(d["code"], "IST0101");
  EXPECT_EQ(d["name"], "ReferencedResourceNotFound");
  EXPECT_EQ(d["message"], "Referenced gateway not found: \"bogus\"");
  EXPECT_EQ(
      d["resource"],
      nlohmann::ordered_json({{"kind", "VirtualService"}, {"namespace", "prod"}, {"name", "web"}}));
  EXPECT_EQ(d["file"], "vs.yaml");
  EXPECT_EQ(d["line"], 5);
  EXPECT_EQ(d["column"], 5);
  EXPECT_EQ(d["documentIndex"], 1);
  EXPECT_EQ(d["hint"], "create Gateway prod/bogus");
  EXPECT_EQ(d["analyzer"], "virtualservice.GatewayAnalyzer");
  EXPECT_EQ(d["istio_code"], "IST0101");
  EXPECT_EQ(d["documentationUrl"],
            "https://istio.io/latest/docs/reference/config/analysis/ist0101/");
  // Key order is part of the format (goldens and readers rely on it).
  std::vector<std::string> keys;
  for (const auto& [k, v] : d.items())
    keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"level", "code", "name", "message", "resource", "file",
                                            "line", "column", "documentIndex", "hint", "analyzer",
                                            "istio_code", "documentationUrl"}));
  // The second finding has no hint, analyzer or document index: those keys are left out.
  EXPECT_FALSE(doc["diagnostics"][1].contains("hint"));
  EXPECT_FALSE(doc["diagnostics"][1].contains("documentIndex"));
}

TEST(DiagnosticsJson, UnknownPlaceIsNull) {
  DiagnosticsReport r;
  r.diagnostics.add(finding(testing::kOwnCheck, "m"));
  r.catalog = {&testing::kOwnCheck};
  nlohmann::ordered_json d = diagnostics_json(r)["diagnostics"][0];
  EXPECT_TRUE(d["resource"].is_null());
  EXPECT_TRUE(d["file"].is_null());
  EXPECT_TRUE(d["line"].is_null());
  EXPECT_TRUE(d["column"].is_null());
  // An igw code that is the same check as an Istio one names it; no Istio page for IGW codes.
  EXPECT_EQ(d["istio_code"], "IST0106");
  EXPECT_FALSE(d.contains("documentationUrl"));
}

TEST(DiagnosticsJson, Summary) {
  DiagnosticsReport r = sample_report();
  r.suppressed = 4;
  nlohmann::ordered_json s = diagnostics_json(r)["summary"];
  EXPECT_EQ(s, nlohmann::ordered_json({{"errors", 1},
                                       {"warnings", 1},
                                       {"infos", 0},
                                       {"files", 1},
                                       {"resources", 2},
                                       {"suppressed", 4},
                                       {"failureThreshold", "Error"},
                                       {"failed", true},
                                       {"inputError", false}}));
}

TEST(DiagnosticsJson, InvalidUtf8IsReplacedNotFatal) {
  DiagnosticsReport r;
  r.diagnostics.add(finding(testing::kRefNotFound, std::string("bad \xff byte")));
  std::ostringstream out;
  write_diagnostics_json(out, r);
  EXPECT_NE(out.str().find("bad \xEF\xBF\xBD byte"), std::string::npos) << out.str();
}

TEST(DiagnosticsYaml, BlockStyleWithQuotedStrings) {
  nlohmann::ordered_json doc = {
      {"diagnostics",
       nlohmann::ordered_json::array({{{"level", "Error"},
                                       {"line", 3},
                                       {"resource", nullptr},
                                       {"tags", nlohmann::ordered_json::array({"a", "yes"})}}})},
      {"empty", nlohmann::ordered_json::array()},
      {"yes", "no"},
      {"nested", {{"deep", {{"n", true}}}}}};
  std::ostringstream out;
  write_yaml(out, doc);
  EXPECT_EQ(out.str(),
            "diagnostics:\n"
            "  - level: \"Error\"\n"
            "    line: 3\n"
            "    resource: null\n"
            "    tags:\n"
            "      - \"a\"\n"
            "      - \"yes\"\n"
            "empty: []\n"
            "\"yes\": \"no\"\n"
            "nested:\n"
            "  deep:\n"
            "    \"n\": true\n");  // "n" is a YAML 1.1 boolean: quoted
}

TEST(DiagnosticsYaml, ControlCharactersAreEscaped) {
  std::ostringstream out;
  write_yaml(out, nlohmann::ordered_json({{"m", std::string("a\nb\x7f\xc2\x85")}}));
  EXPECT_EQ(out.str(), "m: \"a\\nb\\u007F\\u0085\"\n");
}

TEST(DiagnosticsYaml, SameDocumentAsJson) {
  std::ostringstream out;
  write_diagnostics_yaml(out, sample_report());
  EXPECT_NE(out.str().find("  - level: \"Error\"\n    code: \"IST0101\"\n"), std::string::npos);
  EXPECT_NE(out.str().find("summary:\n  errors: 1\n"), std::string::npos);
}

}  // namespace
}  // namespace igw::render
