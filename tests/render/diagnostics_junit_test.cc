#include "lib/render/diagnostics_junit.h"

#include "tests/render/diagnostics_test_util.h"

#include <gtest/gtest.h>

#include <sstream>

namespace igw::render {
namespace {

using testing::finding;
using testing::source;

TEST(DiagnosticsJunit, XmlEscape) {
  EXPECT_EQ(xml_escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
  EXPECT_EQ(xml_escape(std::string("t\tn\nbell\x07")), "t\tn\nbell");
}

TEST(DiagnosticsJunit, SuitePerFileCasePerResource) {
  DiagnosticsReport r = testing::sample_report();
  r.files.push_back("empty.yaml");
  r.diagnostics.add(finding(testing::kRefNotFound, "file-level", source("vs.yaml", ""), 0, 0));
  std::ostringstream out;
  write_diagnostics_junit(out, r);
  EXPECT_EQ(
      out.str(),
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<testsuites name=\"igw lint\" tests=\"4\" failures=\"2\" errors=\"0\">\n"
      "  <testsuite name=\"vs.yaml\" tests=\"3\" failures=\"2\" errors=\"0\" skipped=\"0\" "
      "time=\"0\">\n"
      "    <testcase name=\"Gateway prod/gw\" classname=\"vs.yaml\" time=\"0\"/>\n"
      "    <testcase name=\"VirtualService prod/web\" classname=\"vs.yaml\" time=\"0\">\n"
      "      <failure type=\"IST0101\" message=\"Referenced gateway not found: "
      "&quot;bogus&quot;\">Error [IST0101] (VirtualService prod/web vs.yaml:5:5) Referenced "
      "gateway not found: &quot;bogus&quot;\nhint: create Gateway prod/bogus</failure>\n"
      "      <system-out>Warning [IST0132] (VirtualService prod/web vs.yaml:3:1) host not "
      "found\n</system-out>\n"
      "    </testcase>\n"
      "    <testcase name=\"vs.yaml\" classname=\"vs.yaml\" time=\"0\">\n"
      "      <failure type=\"IST0101\" message=\"file-level\">Error [IST0101] (vs.yaml) "
      "file-level</failure>\n"
      "    </testcase>\n"
      "  </testsuite>\n"
      "  <testsuite name=\"empty.yaml\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\" "
      "time=\"0\">\n"
      "    <testcase name=\"empty.yaml\" classname=\"empty.yaml\" time=\"0\"/>\n"
      "  </testsuite>\n"
      "</testsuites>\n");
}

TEST(DiagnosticsJunit, FailuresFollowTheThreshold) {
  DiagnosticsReport r = testing::sample_report();
  r.failure_threshold = base::Severity::Warning;
  std::ostringstream out;
  write_diagnostics_junit(out, r);
  EXPECT_NE(out.str().find("<failure type=\"IST0132\""), std::string::npos);
  EXPECT_EQ(out.str().find("<system-out>"), std::string::npos);
}

}  // namespace
}  // namespace igw::render
