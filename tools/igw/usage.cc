// The usage-error line every subcommand prints.
#include "tools/igw/usage.h"

#include "tools/igw/exit_code.h"

#include <iostream>

namespace igw::tools {

int usage_error(std::string_view command, std::string_view message) {
  std::cerr << "igw " << command << ": " << message << "\nRun 'igw " << command
            << " --help' for usage.\n";
  return kExitUsage;
}

}  // namespace igw::tools
