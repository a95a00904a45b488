// The front half of every subcommand: load → parse → check, with every finding collected.
#pragma once

#include "lib/base/diagnostic.h"
#include "lib/check/context.h"
#include "lib/model/config.h"
#include "lib/model/parse.h"

#include <istream>
#include <string>
#include <vector>

namespace igw::check {

struct WorkspaceOptions {
  std::vector<std::string> paths;
  model::ParseOptions parse;
  CheckOptions check;
  bool run_checks = true;
};

struct Workspace {
  model::Config config;
  base::Diagnostics diagnostics;
  bool input_error = false;  // a file could not be read or parsed (exit 65)
  std::vector<std::string> files;
};

Workspace load_workspace(const WorkspaceOptions& options, std::istream& stdin_stream);

}  // namespace igw::check
