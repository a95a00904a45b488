#include "lib/check/schema/checks.h"

namespace igw::check {

std::vector<Check> schema_checks() {
  return {};
}

}  // namespace igw::check
