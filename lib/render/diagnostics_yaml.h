// Diagnostics as YAML: the JSON document of diagnostics_json.h, block style.
#pragma once

#include "lib/render/diagnostics_report.h"

#include <nlohmann/json.hpp>

#include <ostream>

namespace igw::render {

void write_diagnostics_yaml(std::ostream& out, const DiagnosticsReport& report);

// Block-style YAML for a JSON value. Strings are double-quoted with JSON escapes (valid YAML
// escapes), so no value can turn into a boolean, number or null on reading; keys that are plain
// identifiers stay unquoted.
void write_yaml(std::ostream& out, const nlohmann::ordered_json& doc);

}  // namespace igw::render
