// The usage-error line every subcommand prints for a malformed flag or argument.
#pragma once

#include <string_view>

namespace igw::tools {

// "igw <command>: <message>" and where to read the usage, on standard error; returns 64.
int usage_error(std::string_view command, std::string_view message);

}  // namespace igw::tools
