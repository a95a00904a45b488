// CORS, fault, redirect, direct response, retries and rewrite of an HTTP rule
// (istio/istio pkg/config/validation/validation.go: validateCORSPolicy,
// validateHTTPFaultInjection, validateHTTPRedirect, validateHTTPDirectResponse,
// validateHTTPRetry, validateHTTPRewrite).
#include "lib/check/rules/vs_http_policies.h"

#include "lib/base/base64.h"
#include "lib/base/strings.h"
#include "lib/check/rules/kinds.h"
#include "lib/check/rules/validators.h"

#include <fmt/format.h>

#include <set>

namespace igw::check::rules {

namespace {

// Go's net/http StatusText is non-empty for these codes.
bool go_status_text_known(int64_t code) {
  static const std::set<int64_t> kKnown = {
      100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301,
      302, 303, 304, 305, 307, 308, 400, 401, 402, 403, 404, 405, 406, 407, 408, 409,
      410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424, 425, 426, 428,
      429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511};
  return kKnown.count(code) > 0;
}

bool is_retry_on_policy(std::string_view p) {
  static const std::set<std::string_view> kPolicies = {
      // x-envoy-retry-on
      "5xx", "gateway-error", "reset", "reset-before-request", "connect-failure", "retriable-4xx",
      "refused-stream", "retriable-status-codes", "retriable-headers", "envoy-ratelimited",
      "http3-post-connect-failure",
      // x-envoy-retry-grpc-on
      "cancelled", "deadline-exceeded", "internal", "resource-exhausted", "unavailable"};
  return kPolicies.count(p) > 0;
}

bool is_grpc_status_name(std::string_view s) {
  static const std::set<std::string_view> kNames = {"OK",
                                                    "CANCELLED",
                                                    "UNKNOWN",
                                                    "INVALID_ARGUMENT",
                                                    "DEADLINE_EXCEEDED",
                                                    "NOT_FOUND",
                                                    "ALREADY_EXISTS",
                                                    "PERMISSION_DENIED",
                                                    "RESOURCE_EXHAUSTED",
                                                    "FAILED_PRECONDITION",
                                                    "ABORTED",
                                                    "OUT_OF_RANGE",
                                                    "UNIMPLEMENTED",
                                                    "INTERNAL",
                                                    "UNAVAILABLE",
                                                    "DATA_LOSS",
                                                    "UNAUTHENTICATED"};
  return kNames.count(s) > 0;
}

// validateHTTPStatus: 200..600 (Istio's text says 599; 600 is accepted).
void validate_http_status(const model::LInt& status, const base::SourceLoc& fallback, Findings& f) {
  if (status.value < 200 || status.value > 600) {
    f.error(fmt::format("HTTP status {} is not in range 200-599", status.value),
            status.loc_or(fallback), "use an HTTP status code from 200 to 599");
  }
}

void validate_fraction(const std::optional<model::Percent>& p, Findings& f) {
  if (!p)
    return;
  if (auto err = validate_percentage(p->value.value))
    f.error(*err, p->value ? p->value.loc : p->loc, "percentage.value is a percent, 0 to 100");
}

}  // namespace

void validate_cors_policy(const model::CorsPolicy& cors, Findings& f) {
  for (const auto& origin : cors.allow_origins) {
    if (origin.kind == model::StringMatch::Kind::None || origin.value.value.empty()) {
      f.error("'' is not a valid match type for CORS allow origins", origin.loc,
              "each allowOrigins entry needs a non-empty exact, prefix or regex");
      continue;
    }
    if (origin.kind == model::StringMatch::Kind::Regex) {
      if (auto err = validate_regex(origin.value.value, "corsPolicy.allowOrigins"))
        f.error(*err, origin.value.loc);
    }
  }
  static const std::set<std::string_view> kMethods = {
      "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "TRACE", "*"};
  for (const auto& m : cors.allow_methods) {
    if (!kMethods.count(m.value)) {
      f.error(fmt::format("{} is not a supported HTTP method", base::quote(m.value)), m.loc,
              "methods are upper case: GET, HEAD, POST, PUT, PATCH, DELETE, CONNECT, OPTIONS, "
              "TRACE, or *");
    }
  }
  for (const auto* names : {&cors.allow_headers, &cors.expose_headers}) {
    for (const auto& h : *names) {
      if (auto err = validate_cors_header_name(h.value))
        f.error(*err, h.loc);
    }
  }
  if (cors.max_age) {
    auto d = base::parse_duration(cors.max_age.value);
    if (d) {
      if (auto err = validate_duration(*d)) {
        f.error(*err, cors.max_age.loc,
                "maxAge is how long browsers cache the preflight answer: use at least 1s, or "
                "remove maxAge to leave it to the browser");
      }
      // Proto durations keep the fraction of a second in `nanos`.
      if (d->nanos > 0 && d->nanos % 1'000'000'000 != 0) {
        f.error("max_age duration is accurate only to seconds precision", cors.max_age.loc,
                "Access-Control-Max-Age is in whole seconds: use e.g. 2s instead of 1.5s");
      }
    }
  }
}

void validate_fault(const model::HttpFaultInjection& fault, const View& view, Findings& f) {
  // Istio folds this result in with appendErrors: the abort's warning never surfaces.
  Findings::DropWarnings drop(f);
  if (!fault.abort && !fault.delay) {
    f.error("HTTP fault injection must have an abort and/or a delay", view.loc(),
            "add abort: {httpStatus: ..., percentage: ...} or delay: {fixedDelay: ...}");
  }
  if (const auto& a = fault.abort) {
    validate_fraction(a->percentage, f);
    if (a->grpc_status) {
      if (!is_grpc_status_name(a->grpc_status.value)) {
        f.error(fmt::format("gRPC status {} is not supported. See "
                            "https://github.com/grpc/grpc/blob/master/doc/statuscodes.md for a "
                            "list of supported codes, for example 'NOT_FOUND'",
                            base::quote(a->grpc_status.value)),
                a->grpc_status.loc);
      }
    } else if (a->http2_error) {
      f.error("HTTP/2 abort fault injection not supported yet", a->http2_error.loc,
              "use httpStatus or grpcStatus");
    } else if (a->http_status) {
      validate_http_status(a->http_status, a->loc, f);
    } else {
      f.warning("abort configured, but error type not set", a->loc);
    }
  }
  if (const auto& d = fault.delay) {
    validate_fraction(d->percentage, f);
    if (d->fixed_delay) {
      validate_duration_field(d->fixed_delay, f);
    } else if (d->exponential_delay) {
      validate_duration_field(d->exponential_delay, f);
      f.error("exponentialDelay not supported yet", d->exponential_delay.loc, "use fixedDelay");
    }
  }
}

void validate_redirect(const model::HttpRedirect& r, const model::HttpRoute& route,
                       const View& view, Findings& f) {
  // Istio returns at the first problem. prefixRewrite (istio/istio#60385) is newer than the
  // Go sources at hand; its checks and texts follow ISTIO-CHECKS.md.
  if (!r.uri.value.empty() && !r.prefix_rewrite.value.empty()) {
    f.error("redirect may only specify one of uri or prefix_rewrite", r.prefix_rewrite.loc,
            "uri replaces the whole path, prefixRewrite only the matched prefix: keep one");
    return;
  }
  if (!r.prefix_rewrite.value.empty()) {
    for (const auto& m : route.match) {
      if (m.uri && m.uri->kind != model::StringMatch::Kind::Prefix) {
        f.error("redirect prefix_rewrite requires all URI matches to use prefix match type",
                m.uri->loc, "match the URI with prefix, or redirect with uri instead");
        return;
      }
    }
  }
  if (r.uri.value.empty() && r.prefix_rewrite.value.empty() && r.authority.value.empty() &&
      !r.port && !r.derive_port && r.scheme.value.empty()) {
    f.error("redirect must specify URI, authority, scheme, or port", view.loc(),
            "set uri, authority, scheme or port on the redirect");
    return;
  }
  if (r.redirect_code.value != 0 && (r.redirect_code.value < 300 || r.redirect_code.value > 399)) {
    f.error(fmt::format("{} is not a valid redirect code, must be 3xx", r.redirect_code.value),
            r.redirect_code.loc, "use 301, 302, 303, 307 or 308");
    return;
  }
  if (!r.scheme.value.empty() && r.scheme.value != "http" && r.scheme.value != "https") {
    f.error("invalid redirect scheme, must be \"http\" or \"https\"", r.scheme.loc);
    return;
  }
  if (r.port.value > 0) {
    if (auto err = validate_port(r.port.value))
      f.error(*err, r.port.loc);
  }
}

void validate_direct_response(const model::HttpDirectResponse& dr, const View& view, Findings& f) {
  if (const auto& body = dr.body) {
    size_t size = 0;
    if (body->string) {
      size = body->string.value.size();
    } else if (body->bytes) {
      size = base::base64_decode(body->bytes.value).value_or(std::string()).size();
    }
    constexpr size_t kKiB = 1024;
    constexpr size_t kMiB = 1024 * kKiB;
    if (size > kMiB) {
      f.error("large direct_responses may impact control plane performance, must be less than 1MB",
              body->loc, "serve large bodies from a backend instead");
    } else if (size > 100 * kKiB) {
      f.warning("large direct_responses may impact control plane performance", body->loc,
                "every proxy receives the body in its configuration; keep it small");
    }
  }
  validate_http_status(dr.status, view.loc(), f);
}

void validate_retries(const model::HttpRetry& r, const View& view, Findings& f) {
  if (r.attempts.value < 0) {
    f.error("attempts cannot be negative", r.attempts.loc,
            "attempts: 0 disables retries; use a positive number to retry");
  }
  if (r.attempts.value == 0 &&
      (r.per_try_timeout || !r.retry_on.value.empty() || r.retry_remote_localities)) {
    f.error("http retry policy configured when attempts are set to 0 (disabled)",
            r.attempts.loc_or(view.loc()),
            "set attempts to the number of retries, or drop the other retry settings");
  }
  validate_duration_field(r.per_try_timeout, f);
  if (!r.retry_on.value.empty()) {
    for (std::string_view policy : base::split(r.retry_on.value, ',')) {
      auto code = base::parse_int(policy);
      if (code && go_status_text_known(*code))
        continue;
      if (is_retry_on_policy(policy))
        continue;
      f.error(fmt::format("{} is not a valid retryOn policy", base::quote(policy)), r.retry_on.loc,
              "retryOn is a comma-separated list (no spaces) of Envoy retry policies such as "
              "5xx,gateway-error,connect-failure or HTTP status codes");
    }
  }
  validate_duration_field(r.backoff, f);
}

void validate_rewrite(const model::HttpRewrite& r, const View& view, Findings& f) {
  if (!r.uri.value.empty() && r.uri_regex_rewrite) {
    f.error("rewrite may only contain one of URI or UriRegexRewrite",
            view.key_loc("uriRegexRewrite"), "keep either uri or uriRegexRewrite");
    return;
  }
  if (r.uri.value.empty() && !r.uri_regex_rewrite && r.authority.value.empty()) {
    f.error(
        "rewrite must specify at least one of URI, UriRegexRewrite, or authority. Only one of "
        "URI or UriRegexRewrite may be specified",
        view.loc());
    return;
  }
  if (const auto& rr = r.uri_regex_rewrite) {
    // errors.Join(errors.New("UriRegexRewrite has errors"), err): one error, two lines.
    if (rr->match.value.empty() || rr->rewrite.value.empty()) {
      f.error(
          "UriRegexRewrite has errors\nUriRegexRewrite requires both Rewrite and Match "
          "fields to be specified",
          rr->loc, "set both uriRegexRewrite.match and uriRegexRewrite.rewrite");
      return;
    }
    if (auto err = validate_regex(rr->match.value, "HTTPRewrite.UriRegexRewrite.Match"))
      f.error("UriRegexRewrite has errors\n" + *err, rr->match.loc);
  }
}

}  // namespace igw::check::rules
