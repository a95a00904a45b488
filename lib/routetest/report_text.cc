// Text report of a routing test run.
#include "lib/routetest/report_text.h"

#include <fmt/format.h>

#include <set>
#include <utility>

namespace igw::routetest {

namespace {

// "  (file:line:col)": the column too, so an editor jumps to the very key that failed.
std::string at(const base::SourceLoc& loc) {
  std::string p = loc.str();
  return p.empty() ? p : "  (" + p + ")";
}

}  // namespace

std::string format_percent(double percent) {
  std::string s = fmt::format("{:.2f}", percent);
  while (s.back() == '0')
    s.pop_back();
  if (s.back() == '.')
    s.pop_back();
  return s;
}

void write_report_text(std::ostream& out, const Report& report, const ReportOptions& o) {
  for (const auto& c : report.cases) {
    bool passed = c.passed();
    out << (passed ? "PASS  " : "FAIL  ") << c.test->name
        << (passed && !o.details ? std::string() : at(c.test->loc)) << '\n';
    if (!passed || o.details) {
      for (const auto& f : c.fields) {
        if (f.passed && !o.details)
          continue;
        if (f.passed)
          out << "        ok    " << f.field << ": " << f.expected << '\n';
        else
          out << "        FAIL  " << f.field << ": expected " << f.expected << ", got " << f.actual
              << at(f.loc) << '\n';
      }
      out << "        the gateway: " << c.summary << '\n';
    }
  }
  out << '\n'
      << fmt::format("{} test{}: {} passed, {} failed\n", report.cases.size(),
                     report.cases.size() == 1 ? "" : "s", report.passed, report.failed);
  out << "Current route coverage: " << format_percent(report.coverage_percent) << "%\n";
  for (const auto& item : report.coverage) {
    if (item.covered || !item.reachable)
      continue;
    out << "Missing test for host: " << item.host << ", route: " << item.route;
    if (!item.cluster.empty())
      out << ", cluster: " << item.cluster;
    out << '\n';
  }
  // A weighted route has one item per destination; the summary counts routes.
  std::set<std::pair<std::string, std::string>> unreachable_routes;
  for (const auto& item : report.coverage) {
    if (item.reachable)
      continue;
    unreachable_routes.emplace(item.host, item.route);
    if (!o.details)
      continue;
    out << "Unreachable, not counted: host: " << item.host << ", route: " << item.route;
    if (!item.cluster.empty())
      out << ", cluster: " << item.cluster;
    out << ": " << item.unreachable_reason << '\n';
  }
  const size_t unreachable = unreachable_routes.size();
  if (unreachable > 0 && !o.details) {
    out << fmt::format("{} route{} no request can reach {} not counted (--details lists them)\n",
                       unreachable, unreachable == 1 ? "" : "s", unreachable == 1 ? "is" : "are");
  }
}

}  // namespace igw::routetest
