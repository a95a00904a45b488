// print_load_report: objects left out and the TLS set-up's lines go through the logger, each at
// its level.
#include "lib/serve/config_check.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

namespace igw::serve {
namespace {

// What print_load_report logs for `report` at `level`, timestamps dropped.
std::string logged(const LoadReport& report, LogLevel level) {
  std::ostringstream err;
  Logger logger(level);
  ::testing::internal::CaptureStderr();
  print_load_report(report, err, logger);
  std::string captured = ::testing::internal::GetCapturedStderr();
  std::string out;
  std::istringstream lines(captured);
  for (std::string line; std::getline(lines, line);) {
    size_t end = line.find("] ");
    out += (line.starts_with("[") && end != std::string::npos ? line.substr(end + 2) : line) + "\n";
  }
  return out + err.str();
}

TEST(PrintLoadReportTest, TlsLinesAreLoggedAtTheirLevel) {
  LoadReport report;
  report.left_out = {"VirtualService prod/app"};
  report.tls_log = {tls::LogLine::info("chain a: serving Secret istio-system/a"),
                    tls::LogLine::warning("chain b: Secret istio-system/b not found"),
                    tls::LogLine::info("warning: only the level makes a warning")};
  EXPECT_EQ(logged(report, LogLevel::kInfo),
            "warning: leaving out VirtualService prod/app\n"
            "info: chain a: serving Secret istio-system/a\n"
            "warning: chain b: Secret istio-system/b not found\n"
            "info: warning: only the level makes a warning\n");
  EXPECT_EQ(logged(report, LogLevel::kWarning),
            "warning: leaving out VirtualService prod/app\n"
            "warning: chain b: Secret istio-system/b not found\n");
}

}  // namespace
}  // namespace igw::serve
