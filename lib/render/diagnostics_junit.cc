#include "lib/render/diagnostics_junit.h"

#include "lib/render/diagnostics_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <vector>

namespace igw::render {

namespace {

struct TestCase {
  std::string name;
  base::ResourceRef ref;  // empty for the file's own test case
  std::vector<const base::Diagnostic*> findings;
  size_t failures = 0;
};

struct Suite {
  std::string file;
  std::vector<TestCase> cases;
  size_t failures = 0;
};

// The file a finding belongs to: its own location, else the file of its resource.
std::string file_of(const base::Diagnostic& d, const DiagnosticsReport& report) {
  if (d.loc.known())
    return d.loc.path();
  for (const auto& r : report.resources) {
    if (r.ref == d.resource)
      return r.file;
  }
  return {};
}

Suite& suite_for(std::vector<Suite>& suites, const std::string& file) {
  auto it =
      std::find_if(suites.begin(), suites.end(), [&](const Suite& s) { return s.file == file; });
  if (it != suites.end())
    return *it;
  suites.push_back(Suite{file, {}, 0});
  return suites.back();
}

TestCase& case_for(Suite& suite, const base::ResourceRef& ref) {
  auto it = std::find_if(suite.cases.begin(), suite.cases.end(),
                         [&](const TestCase& c) { return c.ref == ref; });
  if (it != suite.cases.end())
    return *it;
  std::string name =
      ref.empty() ? (suite.file.empty() ? std::string("(no file)") : suite.file) : ref.str();
  suite.cases.push_back(TestCase{name, ref, {}, 0});
  return suite.cases.back();
}

std::string detail_text(const base::Diagnostic& d) {
  std::string text = format_diagnostic_line(d, /*color=*/false);
  if (!d.hint.empty())
    text += "\nhint: " + d.hint;
  return text;
}

}  // namespace

std::string xml_escape(std::string_view s) {
  std::string out;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        // XML 1.0 allows only tab, LF and CR below 0x20.
        if (c >= 0x20 || ch == '\t' || ch == '\n' || ch == '\r')
          out += ch;
    }
  }
  return out;
}

void write_diagnostics_junit(std::ostream& out, const DiagnosticsReport& report) {
  std::vector<Suite> suites;
  for (const auto& f : report.files)
    suite_for(suites, f);
  for (const auto& r : report.resources)
    case_for(suite_for(suites, r.file), r.ref);
  for (const auto& d : report.diagnostics.items()) {
    Suite& s = suite_for(suites, file_of(d, report));
    TestCase& c = case_for(s, d.resource);
    c.findings.push_back(&d);
    if (d.severity >= report.failure_threshold)
      ++c.failures;
  }
  size_t tests = 0, failures = 0;
  for (auto& s : suites) {
    if (s.cases.empty())
      case_for(s, {});  // a file without objects still gets a (passing) test case
    for (const auto& c : s.cases)
      s.failures += c.failures > 0 ? 1 : 0;
    tests += s.cases.size();
    failures += s.failures;
  }

  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format("<testsuites name=\"igw lint\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n",
                     tests, failures);
  for (const auto& s : suites) {
    std::string name = s.file.empty() ? std::string("(no file)") : s.file;
    out << fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\" "
        "time=\"0\">\n",
        xml_escape(name), s.cases.size(), s.failures);
    for (const auto& c : s.cases) {
      out << fmt::format("    <testcase name=\"{}\" classname=\"{}\" time=\"0\"",
                         xml_escape(c.name), xml_escape(name));
      if (c.findings.empty()) {
        out << "/>\n";
        continue;
      }
      out << ">\n";
      std::string below;
      for (const auto* d : c.findings) {
        if (d->severity < report.failure_threshold) {
          below += detail_text(*d) + "\n";
          continue;
        }
        out << fmt::format("      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                           xml_escape(d->code), xml_escape(d->message),
                           xml_escape(detail_text(*d)));
      }
      if (!below.empty())
        out << fmt::format("      <system-out>{}</system-out>\n", xml_escape(below));
      out << "    </testcase>\n";
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

}  // namespace igw::render
