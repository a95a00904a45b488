// Istio's cross-resource analyzers (istioctl analyze).
#pragma once

#include "lib/check/check.h"

#include <vector>

namespace igw::check {

std::vector<Check> analyzer_checks();

}  // namespace igw::check
