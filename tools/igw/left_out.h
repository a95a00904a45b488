// What every command that compiles a table tells the user about its input: unreadable files,
// and one standard-error line per object left out because Istio would reject it.
#pragma once

#include "lib/check/workspace.h"

#include <ostream>

namespace igw::tools {

// One "igw: leaving out <Kind ns/name> (<code> at <file:line>: <message>): Istio would reject
// it" line per rejected object, naming the first finding that rejects it.
void report_left_out(const check::Workspace& ws, std::ostream& err);

// The reading/parsing errors that make the input unusable (exit 65), one line each.
void report_input_errors(const check::Workspace& ws, std::ostream& err);

}  // namespace igw::tools
