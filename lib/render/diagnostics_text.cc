#include "lib/render/diagnostics_text.h"

#include <fmt/format.h>

#include <algorithm>

namespace igw::render {

namespace {

// istioctl's colours (istioctl/pkg/util/formatting/formatter.go): yellow warnings, bold red
// errors, plain infos.
std::string_view color_of(base::Severity s) {
  switch (s) {
    case base::Severity::Info:
      return "";
    case base::Severity::Warning:
      return "\033[33m";
    case base::Severity::Error:
      return "\033[1;31m";
  }
  return "";
}

constexpr std::string_view kReset = "\033[0m";

std::string paint(std::string_view text, base::Severity s, bool color) {
  std::string_view c = color ? color_of(s) : std::string_view();
  if (c.empty())
    return std::string(text);
  return fmt::format("{}{}{}", c, text, kReset);
}

// The blank run under `prefix` that puts a caret below the next character: tabs are kept so the
// caret lines up however the terminal expands them, and a multi-byte UTF-8 character takes one
// cell.
std::string caret_padding(std::string_view prefix) {
  std::string pad;
  for (char c : prefix) {
    if (c == '\t') {
      pad += '\t';
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      pad += ' ';
    }
  }
  return pad;
}

void write_context(std::ostream& out, const base::Diagnostic& d, const TextStyle& style) {
  if (!style.source_lines || !d.loc.has_position() || d.loc.line > d.loc.file->line_count())
    return;
  std::string_view line = d.loc.file->line_text(d.loc.line);
  std::string number = std::to_string(d.loc.line);
  std::string gutter(number.size(), ' ');
  out << fmt::format("  {} | {}\n", number, line);
  if (d.loc.col > 0) {
    size_t col = std::min<size_t>(d.loc.col - 1, line.size());
    out << fmt::format("  {} | {}{}\n", gutter, caret_padding(line.substr(0, col)),
                       paint("^", d.severity, style.color));
  }
}

}  // namespace

std::string format_diagnostic_line(const base::Diagnostic& d, bool color) {
  std::string origin = d.resource.str();
  std::string where = d.loc.str();
  std::string paren;
  if (!origin.empty() && !where.empty()) {
    paren = fmt::format(" ({} {})", origin, where);
  } else if (!origin.empty() || !where.empty()) {
    paren = fmt::format(" ({})", origin.empty() ? where : origin);
  }
  return fmt::format("{} [{}]{} {}", paint(base::severity_name(d.severity), d.severity, color),
                     d.code, paren, d.message);
}

void write_diagnostics_text(std::ostream& out, const base::Diagnostics& diags,
                            const TextStyle& style) {
  for (const auto& d : diags.items()) {
    out << format_diagnostic_line(d, style.color) << "\n";
    write_context(out, d, style);
    if (style.hints && !d.hint.empty())
      out << "    hint: " << d.hint << "\n";
  }
}

void write_text_summary(std::ostream& err, const DiagnosticsReport& report) {
  const base::Diagnostics& diags = report.diagnostics;
  std::string scope = fmt::format("{} ({})", count_phrase(report.files.size(), "file", "files"),
                                  count_phrase(report.resources.size(), "resource", "resources"));
  std::string suppressed =
      report.suppressed > 0 ? fmt::format("; {} suppressed", report.suppressed) : std::string();
  if (diags.empty() && report.failed) {
    // Only possible with --output-threshold above --failure-threshold: say why the run fails.
    err << fmt::format(
        "No finding shown in {}, but some are at or above the failure threshold ({}).\n", scope,
        base::severity_name(report.failure_threshold));
    return;
  }
  if (diags.empty()) {
    // istioctl: "✔ No validation issues found when analyzing <file>." on stderr.
    std::string target = report.files.size() == 1 ? report.files.front() : scope;
    err << fmt::format("\u2714 No validation issues found when analyzing {}{}.\n", target,
                       suppressed);
    return;
  }
  err << fmt::format(
      "{}, {}, {} in {}{}\n", count_phrase(diags.count(base::Severity::Error), "error", "errors"),
      count_phrase(diags.count(base::Severity::Warning), "warning", "warnings"),
      count_phrase(diags.count(base::Severity::Info), "info", "infos"), scope, suppressed);
}

}  // namespace igw::render
