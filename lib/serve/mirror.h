// Request mirroring (R4.12): a copy of the upstream request goes to the mirror cluster with
// "-shadow" appended to its authority, fire and forget — the answer is read and dropped, and
// nothing about it reaches the client.
#pragma once

#include "lib/base/duration.h"
#include "lib/http/forward_plan.h"
#include "lib/serve/snapshot.h"

#include <optional>
#include <string>
#include <string_view>

namespace igw::serve {

class Worker;

// Sends the mirror copy of `plan`'s upstream request (body: `body`, already framed as the main
// request's, complete) to one endpoint of `targets`. Skipped when no endpoint address is known
// yet (a mirror never waits for DNS).
void start_mirror(Worker& worker, SnapshotPtr snapshot, const ClusterTargets* targets,
                  const compile::Cluster* cluster, const http::ForwardPlan& plan,
                  std::string_view authority, bool chunked, const std::string& body,
                  std::optional<base::Duration> timeout);

}  // namespace igw::serve
