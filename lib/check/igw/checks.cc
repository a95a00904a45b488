#include "lib/check/igw/checks.h"

namespace igw::check {

std::vector<Check> igw_checks() {
  return {};
}

}  // namespace igw::check
