// igw's own checks (IGW02xx-IGW04xx).
#pragma once

#include "lib/check/check.h"

#include <vector>

namespace igw::check {

std::vector<Check> igw_checks();

}  // namespace igw::check
