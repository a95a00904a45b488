// Runs the checks and marks the objects Istio's validation would reject.
#pragma once

#include "lib/base/diagnostic.h"
#include "lib/check/context.h"
#include "lib/model/config.h"

namespace igw::check {

// Runs every check (or those in `options.only`), appending findings to `out`. Objects with a
// finding that Istio's validation (or the API server's schema) would refuse are marked
// `rejected`, so compile leaves them out.
void run(model::Config& config, const CheckOptions& options, base::Diagnostics& out);

// Whether a finding means the object would be refused at `kubectl apply` time.
bool rejects_object(const base::Diagnostic& d);

}  // namespace igw::check
