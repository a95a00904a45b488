// Every check igw runs, in run order: schema, Istio's field validation, Istio's analyzers,
// igw's own checks.
#pragma once

#include "lib/check/check.h"

#include <vector>

namespace igw::check {

const std::vector<Check>& all_checks();
// Every message type any check (or the loader) can report, sorted by code, each once.
std::vector<const base::MessageType*> all_message_types();

}  // namespace igw::check
