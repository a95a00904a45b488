#include "lib/check/analyzers/checks.h"

namespace igw::check {

std::vector<Check> analyzer_checks() {
  return {};
}

}  // namespace igw::check
