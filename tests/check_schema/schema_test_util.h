// Helpers for the schema-family tests: lint YAML text with the schema checks only.
#pragma once

#include "lib/base/diagnostic.h"
#include "lib/model/config.h"

#include <string>
#include <vector>

namespace igw::check::schema::testing {

struct Linted {
  model::Config config;
  base::Diagnostics load;    // loader and parser findings (expected empty)
  base::Diagnostics schema;  // findings of the schema.* checks
};

// Parses `yaml` as file `path` and runs every schema.* check over it.
Linted lint(const std::string& yaml, const std::string& path = "test.yaml");

// The findings with `code`, in the order reported.
std::vector<const base::Diagnostic*> with_code(const base::Diagnostics& d, std::string_view code);

// "line:col" of a finding, for compact position assertions.
std::string pos(const base::Diagnostic& d);

// Every finding as "CODE line:col message", one per line (for failure output).
std::string dump(const base::Diagnostics& d);

}  // namespace igw::check::schema::testing
