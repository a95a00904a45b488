// R5: Envoy's CORS filter decode and encode steps.
#include "lib/http/cors.h"

#include "lib/base/strings.h"

#include <fmt/format.h>

namespace igw::http {

std::string_view request_header(const match::Request& request, std::string_view name) {
  for (const auto& h : request.headers) {
    if (base::iequals(h.name, name))
      return h.value;
  }
  return {};
}

std::optional<std::string> request_header_joined(const match::Request& request,
                                                 std::string_view name) {
  std::optional<std::string> out;
  for (const auto& h : request.headers) {
    if (!base::iequals(h.name, name))
      continue;
    if (out) {
      out->push_back(',');
      out->append(h.value);
    } else {
      out = std::string(h.value);
    }
  }
  return out;
}

CorsState cors_decode(const compile::CorsPolicy* policy, const match::Request& request) {
  CorsState s;
  if (policy == nullptr)
    return s;
  std::string_view origin = request_header(request, "origin");
  if (origin.empty()) {
    s.reasons.push_back({"R5.3",
                         "the route has a corsPolicy but the request has no Origin header, so "
                         "Envoy's CORS filter does nothing",
                         policy->loc});
    return s;
  }
  s.cors_request = true;
  s.origin = std::string(origin);
  // R5.4: a matcher that accepts the literal "*" allows every origin.
  for (const auto& m : policy->allow_origins) {
    if (m.matches("*") || m.matches(origin)) {
      s.allowed_by = &m;
      break;
    }
  }
  if (s.allowed_by) {
    s.allowed_origin = s.origin;
    s.reasons.push_back(
        {"R5.4",
         fmt::format("origin {} is allowed by allowOrigins {}", s.origin, s.allowed_by->describe()),
         s.allowed_by->loc.known() ? s.allowed_by->loc : policy->loc});
  } else {
    std::vector<std::string> listed;
    for (const auto& m : policy->allow_origins)
      listed.push_back(m.describe());
    s.reasons.push_back(
        {"R5.4",
         fmt::format("origin {} is not allowed (allowOrigins: {})", s.origin,
                     listed.empty() ? std::string("none") : base::join(listed, ", ")),
         policy->loc});
  }

  s.preflight = request.method == "OPTIONS" &&
                !request_header(request, "access-control-request-method").empty();
  if (!s.preflight)
    return s;
  if (!s.allowed_by && policy->forward_not_matching_preflights) {
    s.reasons.push_back({"R5.5",
                         "preflight from a disallowed origin: unmatchedPreflights is FORWARD (the "
                         "default), so Envoy forwards it upstream untouched",
                         policy->loc});
    return s;
  }
  s.answer_locally = true;
  if (s.allowed_by) {
    s.reasons.push_back({"R5.5",
                         "preflight (OPTIONS with Origin and Access-Control-Request-Method): "
                         "Envoy's CORS filter answers 200 itself; the upstream is not contacted "
                         "and the route's response headers are not applied",
                         policy->loc});
  } else {
    s.reasons.push_back({"R5.5",
                         "preflight from a disallowed origin with unmatchedPreflights IGNORE: "
                         "Envoy answers 200 itself, without access-control-allow-origin",
                         policy->loc});
  }
  return s;
}

Headers cors_preflight_headers(const compile::CorsPolicy& policy, const CorsState& state,
                               const match::Request& request) {
  Headers h;
  if (!state.allowed_origin.empty())
    h.set_in_place("access-control-allow-origin", state.allowed_origin);
  if (policy.allow_credentials)
    h.set_in_place("access-control-allow-credentials", "true");
  if (!policy.allow_methods.empty()) {
    h.set_in_place("access-control-allow-methods",
                   policy.allow_methods == "*"
                       ? std::string(request_header(request, "access-control-request-method"))
                       : policy.allow_methods);
  }
  if (!policy.allow_headers.empty()) {
    h.set_in_place("access-control-allow-headers",
                   policy.allow_headers == "*"
                       ? request_header_joined(request, "access-control-request-headers")
                             .value_or(std::string())
                       : policy.allow_headers);
  }
  if (policy.max_age)
    h.set_in_place("access-control-max-age", *policy.max_age);
  return h;
}

void cors_encode(const compile::CorsPolicy& policy, const CorsState& state, Headers& headers) {
  if (!state.cors_request || state.allowed_origin.empty())
    return;
  headers.set_in_place("access-control-allow-origin", state.allowed_origin);
  if (policy.allow_credentials)
    headers.set_in_place("access-control-allow-credentials", "true");
  if (!policy.expose_headers.empty())
    headers.set_in_place("access-control-expose-headers", policy.expose_headers);
}

}  // namespace igw::http
