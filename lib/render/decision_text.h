// The text `igw routes URL` prints: the whole path of one request through the gateway —
// listener, filter chain and Gateway server, route configuration, virtual host (and which class
// of domain chose it), VirtualService rule and match, the action in full — then the rules Envoy
// tried before (each with the first condition that failed) and the rule-tagged trace.
#pragma once

#include "lib/match/decision.h"
#include "lib/match/request.h"

#include <ostream>

namespace igw::render {

// Everything shown comes from `decision` and `trace` (match::decide) and, for the action's
// effective values (rewritten path, timeouts, a CORS preflight or fault abort answered by the
// gateway), from http::respond with default options; nothing is decided here.
void write_decision_text(std::ostream& out, const match::Decision& decision,
                         const match::Request& request, const match::Trace& trace);

}  // namespace igw::render
