// igw lint: schema, field and cross-resource checks over manifests.
#include "lib/check/workspace.h"
#include "lib/render/diagnostics_text.h"

#include "tools/igw/commands.h"
#include "tools/igw/exit_code.h"

#include <iostream>

namespace igw::tools {

namespace {
struct LintOptions {
  std::vector<std::string> paths;
};
}  // namespace

Command add_lint_command(CLI::App& app) {
  auto opts = std::make_shared<LintOptions>();
  CLI::App* sub = app.add_subcommand("lint", "Check manifests the way Istio would, and more");
  sub->add_option("paths", opts->paths, "Files or directories ('-' for stdin)");
  sub->add_option("-f,--filename", opts->paths, "Files or directories ('-' for stdin)");
  return {sub, [opts]() {
            check::WorkspaceOptions wo;
            wo.paths = opts->paths;
            check::Workspace ws = check::load_workspace(wo, std::cin);
            ws.diagnostics.sort_and_dedupe();
            render::write_diagnostics_text(std::cout, ws.diagnostics, {});
            if (ws.input_error)
              return static_cast<int>(kExitDataError);
            return ws.diagnostics.has_errors() ? static_cast<int>(kExitAnalyzerFindings)
                                               : static_cast<int>(kExitOk);
          }};
}

}  // namespace igw::tools
