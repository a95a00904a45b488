// igw: lint, explain, simulate and serve Istio ingress configuration.
#include "tools/igw/commands.h"
#include "tools/igw/exit_code.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <vector>

int main(int argc, char** argv) {
  using namespace igw::tools;
  CLI::App app{"igw - Istio ingress gateway configuration toolchain", "igw"};
  app.set_version_flag("--version", std::string("igw ") + IGW_VERSION);
  app.require_subcommand(1);
  app.footer("Run 'igw <command> --help' for a command's flags; 'man igw' for the whole story.");

  std::vector<Command> commands;
  commands.push_back(add_lint_command(app));
  commands.push_back(add_compile_command(app));
  commands.push_back(add_curl_sim_command(app));
  commands.push_back(add_routes_command(app));
  commands.push_back(add_serve_command(app));
  commands.push_back(add_dev_certs_command(app));

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  for (auto& c : commands) {
    if (c.sub->parsed()) {
      try {
        return c.run();
      } catch (const std::exception& e) {
        std::cerr << "igw: internal error: " << e.what() << "\n";
        return kExitFailure;
      }
    }
  }
  return kExitUsage;
}
