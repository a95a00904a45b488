// igw's own check family: one check per file, listed here in run order.
#include "lib/check/igw/checks.h"

#include "lib/check/igw/family.h"

namespace igw::check {

std::vector<Check> igw_checks() {
  return {
      igw_family::server_conflicts_check(),      igw_family::tls_versions_check(),
      igw_family::cipher_suites_check(),         igw_family::https_redirect_check(),
      igw_family::cors_origins_check(),          igw_family::cert_expiry_check(),
      igw_family::cert_manager_coverage_check(), igw_family::unreachable_rules_check(),
  };
}

}  // namespace igw::check
