// Validation of an HTTP rule's policies: CORS, fault injection, redirect, direct response,
// retries and rewrite (istio/istio pkg/config/validation/validation.go); internal to the family.
#pragma once

#include "lib/check/rules/findings.h"
#include "lib/check/rules/yaml_view.h"
#include "lib/model/virtual_service.h"

namespace igw::check::rules {

void validate_cors_policy(const model::CorsPolicy& cors, Findings& f);
// The fault's abort warnings are dropped, as Istio's appendErrors does.
void validate_fault(const model::HttpFaultInjection& fault, const View& view, Findings& f);
// Needs the rule for prefixRewrite (all URI matches must be prefix matches).
void validate_redirect(const model::HttpRedirect& redirect, const model::HttpRoute& route,
                       const View& view, Findings& f);
void validate_direct_response(const model::HttpDirectResponse& dr, const View& view, Findings& f);
void validate_retries(const model::HttpRetry& retries, const View& view, Findings& f);
void validate_rewrite(const model::HttpRewrite& rewrite, const View& view, Findings& f);

}  // namespace igw::check::rules
