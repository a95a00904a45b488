// The built-in echo upstream of --echo-upstreams: destinations that resolve to no endpoint are
// answered in-process with a JSON description of the request as the upstream would have
// received it (after rewrites and header edits), so a configuration can be explored with curl
// and nothing else running.
#pragma once

#include "lib/http/forward_plan.h"

#include <string>

namespace igw::serve {

// {"cluster": …, "method": …, "path": … (query included), "authority": …,
//  "headers": {lower-case name: value, repeated headers joined with ", "}}
std::string echo_body(const http::ForwardPlan& plan, unsigned attempt);

}  // namespace igw::serve
