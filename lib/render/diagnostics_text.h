// Diagnostics as istioctl-shaped text lines, with source context for terminals.
#pragma once

#include "lib/base/diagnostic.h"
#include "lib/render/diagnostics_report.h"

#include <ostream>
#include <string>

namespace igw::render {

struct TextStyle {
  bool color = false;         // ANSI colours on the level word and caret (as istioctl does)
  bool source_lines = false;  // the offending line and a caret under the column
  bool hints = true;          // an indented "hint:" line after findings that have one
};

// One line per finding, istioctl's shape with igw's line:col:
// `Error [IST0101] (VirtualService prod/web vs.yaml:12:7) Referenced gateway not found: "x"`
// With `source_lines`, the line is followed by the source line and a caret; with `hints`, by the
// finding's hint.
void write_diagnostics_text(std::ostream& out, const base::Diagnostics& diags,
                            const TextStyle& style);

// The first line of one finding, without context lines or newline (JUnit and GitHub reuse it).
std::string format_diagnostic_line(const base::Diagnostic& d, bool color);

// The closing line for stderr: "2 errors, 1 warning, 0 infos in 3 files (7 resources)", or on a
// run that shows no finding istioctl's "✔ No validation issues found when analyzing ...".
void write_text_summary(std::ostream& err, const DiagnosticsReport& report);

}  // namespace igw::render
