#include "lib/render/diagnostics_github.h"

#include <fmt/format.h>

#include <vector>

namespace igw::render {

namespace {

std::string_view command_of(base::Severity s) {
  switch (s) {
    case base::Severity::Info:
      return "notice";
    case base::Severity::Warning:
      return "warning";
    case base::Severity::Error:
      return "error";
  }
  return "error";
}

}  // namespace

std::string github_escape_data(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string github_escape_property(std::string_view s) {
  std::string out;
  for (char c : github_escape_data(s)) {
    if (c == ':') {
      out += "%3A";
    } else if (c == ',') {
      out += "%2C";
    } else {
      out += c;
    }
  }
  return out;
}

void write_diagnostics_github(std::ostream& out, const DiagnosticsReport& report) {
  for (const auto& d : report.diagnostics.items()) {
    std::vector<std::string> props;
    bool real_file = d.loc.known() && !d.loc.path().empty() && d.loc.path().front() != '<';
    if (real_file) {
      props.push_back("file=" +
                      github_escape_property(relative_path(d.loc.path(), report.base_dir)));
      if (d.loc.line > 0)
        props.push_back(fmt::format("line={}", d.loc.line));
      if (d.loc.col > 0)
        props.push_back(fmt::format("col={}", d.loc.col));
    }
    props.push_back("title=" + github_escape_property(fmt::format("{} {}", d.code, d.name)));
    std::string message = d.message;
    if (!d.resource.empty())
      message = fmt::format("{}: {}", d.resource.str(), message);
    if (!real_file && d.loc.known())
      message = fmt::format("{}: {}", d.loc.str(), message);  // "<stdin>:3:1: ..."
    if (!d.hint.empty())
      message += "\nhint: " + d.hint;
    out << "::" << command_of(d.severity) << " " << fmt::format("{}", fmt::join(props, ","))
        << "::" << github_escape_data(message) << "\n";
  }
}

}  // namespace igw::render
