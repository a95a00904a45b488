// serve::Server: the whole `igw serve` process — the control loop (signals, --watch, reloads,
// the admin listener, draining) and the workers it feeds with snapshots. With one worker the
// control shares the worker's loop and the process is a single thread while it serves.
//
// Reloads (SIGHUP, or a change to a configuration or certificate file with --watch) load, check,
// compile and build TLS on a thread of their own, never on an I/O thread; a configuration that
// cannot be read (or has errors under --strict), whose TLS state cannot be built, or whose new
// listeners cannot bind is refused and the running one keeps serving. SIGTERM/SIGINT drain: stop
// accepting, answer in-flight requests with `connection: close`, exit 0 when they are done or
// after --drain-timeout; a second signal exits at once.
#pragma once

#include "lib/serve/serve_options.h"

#include <ostream>

namespace igw::serve {

// Runs the server until it is told to stop. Returns the process exit code: 0 after a drain, 65
// when the configuration cannot be read at start-up, 79 when --strict refuses it, 1 when the
// listeners cannot be opened. Findings go to `err` as `igw lint` prints them.
int run_server(const ServeOptions& options, std::ostream& err);

}  // namespace igw::serve
