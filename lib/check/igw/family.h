// The checks of igw's own family, one per file; checks.cc lists them in run order.
#pragma once

#include "lib/check/check.h"

namespace igw::check::igw_family {

Check tls_versions_check();           // tls_versions.cc
Check cipher_suites_check();          // cipher_suites.cc
Check https_redirect_check();         // https_redirect.cc
Check cors_origins_check();           // cors_origins.cc
Check cert_expiry_check();            // cert_expiry.cc
Check cert_manager_coverage_check();  // cert_manager_coverage.cc
Check unreachable_rules_check();      // unreachable_rules.cc
Check server_conflicts_check();       // server_conflicts.cc

}  // namespace igw::check::igw_family
