// One entry point per subcommand: registers its flags on `app` and returns the slot that run()
// reads after parsing.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace igw::tools {

// A registered subcommand: `run` executes it after CLI11 parsed argv and gives the exit code.
struct Command {
  CLI::App* sub = nullptr;
  std::function<int()> run;
};

Command add_lint_command(CLI::App& app);
Command add_compile_command(CLI::App& app);
Command add_curl_sim_command(CLI::App& app);
Command add_routes_command(CLI::App& app);
Command add_serve_command(CLI::App& app);
Command add_dev_certs_command(CLI::App& app);

}  // namespace igw::tools
