// JSON Schema checks of the Istio kinds (IGW01xx).
#pragma once

#include "lib/check/check.h"

#include <vector>

namespace igw::check {

std::vector<Check> schema_checks();

}  // namespace igw::check
