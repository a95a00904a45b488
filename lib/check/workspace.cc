#include "lib/check/workspace.h"

#include "lib/check/run.h"
#include "lib/config/load.h"

namespace igw::check {

Workspace load_workspace(const WorkspaceOptions& options, std::istream& stdin_stream) {
  Workspace ws;
  config::LoadResult loaded = config::load(options.paths, stdin_stream);
  ws.input_error = loaded.input_error;
  ws.files = loaded.files;
  ws.diagnostics = std::move(loaded.diagnostics);
  ws.config = model::parse(std::move(loaded), options.parse, ws.diagnostics);
  if (options.run_checks)
    run(ws.config, options.check, ws.diagnostics);
  return ws;
}

}  // namespace igw::check
