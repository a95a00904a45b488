// `igw serve --check` (like `nginx -t`): everything `igw serve` does before it opens a socket —
// load, lint, compile, resolve certificates and build the TLS state, plan listeners and
// endpoints — then a summary of what it would serve, and the exit code start-up would have.
#pragma once

#include "lib/serve/logger.h"
#include "lib/serve/serve_options.h"
#include "lib/serve/snapshot.h"

#include <ostream>

namespace igw::serve {

// Exit codes of `igw serve` and `igw serve --check` (sysexits, and istioctl's 79 for findings).
enum ServeExit : int {
  kServeExitOk = 0,
  kServeExitFailure = 1,     // operational: TLS state, listeners, access log
  kServeExitDataError = 65,  // the configuration cannot be read or parsed
  kServeExitRefused = 79     // --strict and error findings
};

// The exit code for a configuration load_snapshot refused, from what `report` says.
int refused_load_exit_code(const LoadReport& report);

// Findings as `igw lint` prints them (text, no colour, no source lines) to `err`; objects left
// out as warnings and TLS set-up lines at their own level through `logger`. Start-up and reloads
// use it.
void print_load_report(const LoadReport& report, std::ostream& err, Logger& logger);

// The warning for a snapshot with no listener (no Gateway server selects the workload).
void warn_if_nothing_to_serve(const Snapshot& snapshot, const ServeOptions& options,
                              Logger& logger);

// What `snapshot` would serve: one line per listener and per filter chain, then a total.
void write_serve_summary(std::ostream& out, const Snapshot& snapshot);

// Exit code as start-up would return it: 0 when `igw serve` would start (the summary goes to
// `out`), 65 for unreadable input, 79 when --strict refuses error findings, 1 when the TLS state
// or the listener plan cannot be built.
int check_config(const ServeOptions& options, std::ostream& out, std::ostream& err);

}  // namespace igw::serve
