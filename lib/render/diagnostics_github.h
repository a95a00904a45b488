// Diagnostics as GitHub Actions workflow commands (annotations on the pull request diff).
#pragma once

#include "lib/render/diagnostics_report.h"

#include <ostream>
#include <string>
#include <string_view>

namespace igw::render {

// `::error file=vs.yaml,line=12,col=7,title=IST0101 ReferencedResourceNotFound::VirtualService
// prod/web: Referenced gateway not found: "x"` per finding; Info becomes `::notice`. Paths are
// relative to report.base_dir (the workspace), as annotations need.
void write_diagnostics_github(std::ostream& out, const DiagnosticsReport& report);

// actions/toolkit's escapeData: '%', CR and LF percent-encoded.
std::string github_escape_data(std::string_view s);
// actions/toolkit's escapeProperty: escapeData plus ':' and ','.
std::string github_escape_property(std::string_view s);

}  // namespace igw::render
