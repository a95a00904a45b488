// http fetch: a browser's side of CORS — which requests are preflighted, how a preflight answer
// and a response are checked, and which response headers a page's script may read.
//
// Followed: the WHATWG Fetch standard (https://fetch.spec.whatwg.org/): "CORS-safelisted
// method", "CORS-safelisted request-header", "forbidden request-header", "CORS-unsafe
// request-header names", "CORS check", "CORS-preflight fetch" (step 7), "HTTP-redirect fetch",
// "CORS-safelisted response-header name". Reasons use Chromium's console wording so a verdict
// reads like the message a developer sees; tests/browser checks them against the messages a real
// headless Chromium logs for the same fetches. Where Chromium differs from the standard (its
// preflight cache keeps an entry at most 2 hours) the output says so.
#pragma once

#include "lib/http/headers.h"
#include "lib/http/url.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace igw::http {

enum class CredentialsMode { kOmit, kSameOrigin, kInclude };
std::string_view credentials_mode_name(CredentialsMode m);  // "omit" | "same-origin" | "include"

// fetch() upper-cases DELETE, GET, HEAD, OPTIONS, POST and PUT case-insensitively, nothing else
// ("patch" stays "patch").
std::string normalize_method(std::string_view method);
bool cors_safelisted_method(std::string_view method);  // GET, HEAD, POST
// Headers a page cannot set (the browser owns them): Cookie, Origin, Referer, Host, Sec-*, …
bool forbidden_request_header(std::string_view name, std::string_view value);
// Headers a browser adds itself that "Copy as cURL" reproduces (User-Agent, Priority, and the
// Cache-Control/Pragma no-cache pair DevTools adds with "Disable cache").
bool browser_added_header(std::string_view name, std::string_view value);
bool cors_safelisted_request_header(std::string_view name, std::string_view value);
// Sorted, lower-case, unique names of page headers that make a request non-simple (including
// the 1024-byte safelisted-value budget).
std::vector<std::string> cors_unsafe_request_header_names(const Headers& page_headers);

// A check's outcome: ok, or the reason a browser console gives.
struct CheckResult {
  bool ok = true;
  std::string reason;
};

// The CORS check of a response (Access-Control-Allow-Origin, -Allow-Credentials) for a request
// whose serialized origin is `origin` ("null" when tainted by a redirect).
CheckResult cors_check(const Headers& response, std::string_view origin, CredentialsMode mode);

// A CORS-preflight fetch's checks (Fetch "CORS-preflight fetch", step 7): not a redirect, the CORS
// check, an ok status, the method and every unsafe header allowed.
CheckResult preflight_check(uint32_t status, const Headers& response, std::string_view origin,
                            CredentialsMode mode, std::string_view method,
                            const std::vector<std::string>& unsafe_headers);

// Response header names (lower-case, response order, once each) a page's script can read from a
// CORS response: the safelisted ones plus Access-Control-Expose-Headers ("*" exposes every name
// when the request is not credentialed). Set-Cookie never.
std::vector<std::string> readable_response_headers(const Headers& response, CredentialsMode mode,
                                                   bool cors);

// Whether `url` is "potentially trustworthy" (https, or http to localhost / 127.0.0.0/8 / ::1):
// an https page may fetch it without a mixed-content block.
bool potentially_trustworthy(const Url& url);

// Chromium's preflight cache keeps an entry at most 2 hours whatever Access-Control-Max-Age says
// (the standard sets no bound): the effective seconds for a max-age value.
std::optional<int64_t> chromium_preflight_cache_seconds(std::string_view max_age);

}  // namespace igw::http
