// Diagnostics as SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
#pragma once

#include "lib/render/diagnostics_report.h"

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>
#include <string_view>

namespace igw::render {

// The run-relative base the result URIs use; `originalUriBaseIds` maps it to report.base_dir.
inline constexpr std::string_view kSarifSourceRoot = "%SRCROOT%";

// One run of tool "igw": every message type of the catalog as a rule (id = code, stable), and
// one result per finding with a file-relative URI and a 1-based region.
nlohmann::ordered_json diagnostics_sarif(const DiagnosticsReport& report);

void write_diagnostics_sarif(std::ostream& out, const DiagnosticsReport& report);

// Percent-encodes `path` for a URI: everything but RFC 3986 unreserved characters and '/'.
std::string uri_encode_path(std::string_view path);

}  // namespace igw::render
