#include "lib/render/diagnostics_sarif.h"

#include "tests/render/diagnostics_test_util.h"

#include <gtest/gtest.h>

namespace igw::render {
namespace {

using testing::finding;
using testing::sample_report;
using testing::source;
using Json = nlohmann::ordered_json;

TEST(DiagnosticsSarif, RunToolAndRulesFromTheCatalog) {
  Json doc = diagnostics_sarif(sample_report());
  EXPECT_EQ(doc["version"], "2.1.0");
  EXPECT_EQ(doc["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
  ASSERT_EQ(doc["runs"].size(), 1u);
  const Json& driver = doc["runs"][0]["tool"]["driver"];
  EXPECT_EQ(driver["name"], "igw");
  EXPECT_EQ(driver["version"], "9.9.9");
  // Sorted by code, every catalog entry, id = code.
  ASSERT_EQ(driver["rules"].size(), 3u);
  EXPECT_EQ(driver["rules"][0]["id"], "IGW0999");
  EXPECT_EQ(driver["rules"][1]["id"], "IST0101");
  EXPECT_EQ(driver["rules"][1]["name"], "ReferencedResourceNotFound");
  EXPECT_EQ(driver["rules"][1]["shortDescription"]["text"],
            "A resource being referenced does not exist.");
  EXPECT_EQ(driver["rules"][1]["defaultConfiguration"]["level"], "error");
  EXPECT_EQ(driver["rules"][1]["helpUri"],
            "https://istio.io/latest/docs/reference/config/analysis/ist0101/");
  EXPECT_EQ(driver["rules"][0]["helpUri"], "man:igw-lint(1)");
  EXPECT_EQ(driver["rules"][0]["defaultConfiguration"]["level"], "note");
  EXPECT_EQ(driver["rules"][0]["properties"]["istio_code"], "IST0106");
  EXPECT_EQ(doc["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"], "file:///work/repo/");
}

TEST(DiagnosticsSarif, ResultPointsAtRuleFileAndRegion) {
  Json r = diagnostics_sarif(sample_report())["runs"][0]["results"][0];
  EXPECT_EQ(r["ruleId"], "IST0101");
  EXPECT_EQ(r["ruleIndex"], 1);
  EXPECT_EQ(r["level"], "error");
  EXPECT_EQ(r["message"]["text"],
            "Referenced gateway not found: \"bogus\"\nhint: create Gateway prod/bogus");
  const Json& loc = r["locations"][0];
  EXPECT_EQ(loc["physicalLocation"]["artifactLocation"],
            Json({{"uri", "vs.yaml"}, {"uriBaseId", "%SRCROOT%"}}));
  EXPECT_EQ(loc["physicalLocation"]["region"], Json({{"startLine", 5}, {"startColumn", 5}}));
  EXPECT_EQ(loc["logicalLocations"][0]["fullyQualifiedName"], "VirtualService prod/web");
  EXPECT_EQ(r["properties"]["documentIndex"], 1);
  EXPECT_EQ(r["properties"]["istio_code"], "IST0101");
}

TEST(DiagnosticsSarif, PathsRelativeToTheBaseDirectory) {
  DiagnosticsReport report;
  report.base_dir = "/work/repo";
  report.catalog = {&testing::kRefNotFound};
  report.diagnostics.add(
      finding(testing::kRefNotFound, "a", source("/work/repo/deploy/a b.yaml", ""), 1, 1));
  report.diagnostics.add(
      finding(testing::kRefNotFound, "b", source("./deploy/../c.yaml", ""), 2, 0));
  report.diagnostics.add(finding(testing::kRefNotFound, "c", source("/etc/igw/x.yaml", ""), 3, 1));
  report.diagnostics.add(finding(testing::kRefNotFound, "d", source("../other/y.yaml", ""), 3, 1));
  report.diagnostics.add(
      finding(testing::kRefNotFound, "e", source("<stdin>", "x"), 1, 1, {"Gateway", "ns", "g"}));
  Json results = diagnostics_sarif(report)["runs"][0]["results"];
  auto artifact = [&](size_t i) {
    return results[i]["locations"][0]["physicalLocation"]["artifactLocation"];
  };
  EXPECT_EQ(artifact(0), Json({{"uri", "deploy/a%20b.yaml"}, {"uriBaseId", "%SRCROOT%"}}));
  EXPECT_EQ(artifact(1), Json({{"uri", "c.yaml"}, {"uriBaseId", "%SRCROOT%"}}));
  EXPECT_EQ(results[1]["locations"][0]["physicalLocation"]["region"], Json({{"startLine", 2}}));
  EXPECT_EQ(artifact(2), Json({{"uri", "file:///etc/igw/x.yaml"}}));
  EXPECT_EQ(artifact(3), Json({{"uri", "file:///work/other/y.yaml"}}));
  // Standard input has no artifact; the resource is still there as a logical location.
  EXPECT_FALSE(results[4]["locations"][0].contains("physicalLocation"));
  EXPECT_EQ(results[4]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
            "Gateway ns/g");
}

TEST(DiagnosticsSarif, UriEncoding) {
  EXPECT_EQ(uri_encode_path("a/b-c_d.e~f"), "a/b-c_d.e~f");
  EXPECT_EQ(uri_encode_path("x y#z%:é"), "x%20y%23z%25%3A%C3%A9");
}

}  // namespace
}  // namespace igw::render
