#include "lib/render/diagnostics_text.h"

#include "tests/render/diagnostics_test_util.h"

#include <gtest/gtest.h>

#include <sstream>

namespace igw::render {
namespace {

using testing::finding;
using testing::kRefNotFound;
using testing::sample_report;
using testing::source;

TEST(DiagnosticsText, IstioctlShapeWithLineAndColumn) {
  auto file = source("vs.yaml", "a\nb\n");
  auto d = finding(kRefNotFound, "Referenced gateway not found: \"x\"", file, 2, 7,
                   {"VirtualService", "prod", "web"});
  EXPECT_EQ(format_diagnostic_line(d, false),
            "Error [IST0101] (VirtualService prod/web vs.yaml:2:7) Referenced gateway not found: "
            "\"x\"");
}

TEST(DiagnosticsText, ParenthesisHoldsWhatIsKnown) {
  auto file = source("f.yaml", "");
  EXPECT_EQ(format_diagnostic_line(finding(kRefNotFound, "m", file), false),
            "Error [IST0101] (f.yaml) m");
  EXPECT_EQ(format_diagnostic_line(finding(kRefNotFound, "m", nullptr, 0, 0, {"Gateway", "", "g"}),
                                   false),
            "Error [IST0101] (Gateway g) m");
  EXPECT_EQ(format_diagnostic_line(finding(kRefNotFound, "m"), false), "Error [IST0101] m");
}

TEST(DiagnosticsText, ColoursOnlyTheLevelWordAsIstioctlDoes) {
  auto d = finding(kRefNotFound, "m");
  EXPECT_EQ(format_diagnostic_line(d, true), "\033[1;31mError\033[0m [IST0101] m");
  auto w = finding(testing::kHostNotInGateway, "m");
  EXPECT_EQ(format_diagnostic_line(w, true), "\033[33mWarning\033[0m [IST0132] m");
  auto i = finding(testing::kOwnCheck, "m");
  EXPECT_EQ(format_diagnostic_line(i, true), "Info [IGW0999] m");
}

TEST(DiagnosticsText, SourceLineCaretAndHint) {
  base::Diagnostics diags;
  auto file = source("vs.yaml", "spec:\n\tgateways: [\"é\", bogus]\n");
  // Column 19 (1-based, in bytes) is the 'b' of bogus; the tab is kept, "é" is one cell.
  auto d = finding(kRefNotFound, "m", file, 2, 19);
  d.hint = "fix it";
  diags.add(d);
  std::ostringstream out;
  write_diagnostics_text(out, diags, {.color = false, .source_lines = true, .hints = true});
  EXPECT_EQ(out.str(),
            "Error [IST0101] (vs.yaml:2:19) m\n"
            "  2 | \tgateways: [\"é\", bogus]\n"
            "    | \t                ^\n"
            "    hint: fix it\n");
}

TEST(DiagnosticsText, NoContextWithoutSourceLinesOrPosition) {
  base::Diagnostics diags;
  auto d = finding(kRefNotFound, "m", source("f.yaml", "x\n"), 1, 1);
  d.hint = "h";
  diags.add(d);
  diags.add(finding(kRefNotFound, "past the end", source("g.yaml", "x\n"), 9, 1));
  std::ostringstream plain;
  write_diagnostics_text(plain, diags, {.color = false, .source_lines = false, .hints = false});
  EXPECT_EQ(plain.str(),
            "Error [IST0101] (f.yaml:1:1) m\nError [IST0101] (g.yaml:9:1) past the end\n");
  std::ostringstream with_source;
  write_diagnostics_text(with_source, diags, {.color = false, .source_lines = true, .hints = true});
  EXPECT_EQ(with_source.str(),
            "Error [IST0101] (f.yaml:1:1) m\n  1 | x\n    | ^\n    hint: h\n"
            "Error [IST0101] (g.yaml:9:1) past the end\n");
}

TEST(DiagnosticsText, SummaryCountsAndPlurals) {
  DiagnosticsReport r = sample_report();
  std::ostringstream err;
  write_text_summary(err, r);
  EXPECT_EQ(err.str(), "1 error, 1 warning, 0 infos in 1 file (2 resources)\n");

  r.suppressed = 3;
  r.files.push_back("b.yaml");
  err.str("");
  write_text_summary(err, r);
  EXPECT_EQ(err.str(), "1 error, 1 warning, 0 infos in 2 files (2 resources); 3 suppressed\n");
}

TEST(DiagnosticsText, CleanRunSummaryIsIstioctls) {
  DiagnosticsReport r = sample_report();
  r.diagnostics = {};
  r.failed = false;
  std::ostringstream err;
  write_text_summary(err, r);
  EXPECT_EQ(err.str(), "\u2714 No validation issues found when analyzing vs.yaml.\n");

  r.files = {"a.yaml", "b.yaml"};
  err.str("");
  write_text_summary(err, r);
  EXPECT_EQ(err.str(), "\u2714 No validation issues found when analyzing 2 files (2 resources).\n");
}

TEST(DiagnosticsText, HiddenFailureIsExplained) {
  DiagnosticsReport r = sample_report();
  r.diagnostics = {};
  r.failure_threshold = base::Severity::Warning;
  std::ostringstream err;
  write_text_summary(err, r);
  EXPECT_EQ(err.str(),
            "No finding shown in 1 file (2 resources), but some are at or above the failure "
            "threshold (Warning).\n");
}

}  // namespace
}  // namespace igw::render
