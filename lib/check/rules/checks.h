// Istio's per-field validation (IST0106, IST0133, IST0130, IST0131).
#pragma once

#include "lib/check/check.h"

#include <vector>

namespace igw::check {

std::vector<Check> rule_checks();

}  // namespace igw::check
