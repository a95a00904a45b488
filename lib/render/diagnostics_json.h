// Diagnostics as JSON (and the document the YAML renderer prints): findings plus a summary.
#pragma once

#include "lib/render/diagnostics_report.h"

#include <nlohmann/json.hpp>

#include <ostream>

namespace igw::render {

// {"diagnostics": [{level, code, name, message, resource {kind, namespace, name}, file, line,
// column, documentIndex?, hint?, analyzer?, istio_code?, documentationUrl?}...],
//  "summary": {errors, warnings, infos, files, resources, suppressed, failureThreshold, failed,
//  inputError}}. Unknown file/line/column/resource are null; optional keys are left out.
nlohmann::ordered_json diagnostics_json(const DiagnosticsReport& report);

// The document above, two-space indented, one trailing newline. Invalid UTF-8 in messages is
// replaced rather than failing the run.
void write_diagnostics_json(std::ostream& out, const DiagnosticsReport& report);

// Serialises `doc` as JSON with the settings above (shared with the catalog renderer).
void write_json(std::ostream& out, const nlohmann::ordered_json& doc);

}  // namespace igw::render
