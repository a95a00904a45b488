#include "lib/check/rules/checks.h"

namespace igw::check {

std::vector<Check> rule_checks() {
  return {};
}

}  // namespace igw::check
