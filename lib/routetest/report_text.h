// The text `igw routes --test` prints: one PASS/FAIL line per case (failed fields under it),
// a summary, the route coverage and every route no test exercised.
#pragma once

#include "lib/routetest/run_tests.h"

#include <optional>
#include <ostream>
#include <string>

namespace igw::routetest {

struct ReportOptions {
  // Every checked field of every case and what the gateway did, not only failures (--details).
  bool details = false;
};

void write_report_text(std::ostream& out, const Report& report, const ReportOptions& options);

// "62.5": the percentage with at most two decimals, trailing zeros dropped.
std::string format_percent(double percent);

}  // namespace igw::routetest
