// Diagnostics as JUnit XML, the report format CI systems (Jenkins, GitLab, Azure) all read.
#pragma once

#include "lib/render/diagnostics_report.h"

#include <ostream>
#include <string>
#include <string_view>

namespace igw::render {

// One <testsuite> per input file; one <testcase> per resource of that file (named
// "Kind ns/name"), plus one named after the file for findings without a resource (or a file with
// no resource at all). Each finding at or above report.failure_threshold is a <failure> of its
// test case; findings below it are listed in the test case's <system-out>. So the report fails
// exactly when `igw lint` exits non-zero (unless --output-threshold hides failing findings, which
// are then not in the report at all).
void write_diagnostics_junit(std::ostream& out, const DiagnosticsReport& report);

// XML text/attribute escaping; characters XML 1.0 cannot carry are dropped.
std::string xml_escape(std::string_view s);

}  // namespace igw::render
