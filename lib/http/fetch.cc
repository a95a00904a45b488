// http fetch: the browser's CORS algorithm (WHATWG Fetch), with Chromium's console wording.
#include "lib/http/fetch.h"

#include "lib/base/strings.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace igw::http {

namespace {

constexpr std::string_view kPreflightPrefix =
    "Response to preflight request doesn't pass access control check: ";

bool unsafe_byte(unsigned char c) {
  if (c < 0x20 && c != 0x09)
    return true;
  return std::string_view("\"():<>?@[\\]{}").find(static_cast<char>(c)) != std::string_view::npos ||
         c == 0x7f;
}

// Fetch "extract header list values" for a comma-separated list.
std::vector<std::string> list_values(std::string_view v) {
  std::vector<std::string> out;
  for (auto part : base::split(v, ',')) {
    auto t = base::trim(part);
    if (!t.empty())
      out.emplace_back(t);
  }
  return out;
}

std::string mime_essence(std::string_view v) {
  auto t = base::trim(v.substr(0, v.find(';')));
  return base::to_lower(t);
}

}  // namespace

std::string_view credentials_mode_name(CredentialsMode m) {
  switch (m) {
    case CredentialsMode::kOmit:
      return "omit";
    case CredentialsMode::kSameOrigin:
      return "same-origin";
    case CredentialsMode::kInclude:
      return "include";
  }
  return "";
}

std::string normalize_method(std::string_view method) {
  for (std::string_view m : {"DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"}) {
    if (base::iequals(method, m))
      return std::string(m);
  }
  return std::string(method);
}

bool cors_safelisted_method(std::string_view m) {
  return m == "GET" || m == "HEAD" || m == "POST";
}

bool forbidden_request_header(std::string_view name, std::string_view value) {
  static constexpr std::array<std::string_view, 21> kForbidden = {"accept-charset",
                                                                  "accept-encoding",
                                                                  "access-control-request-headers",
                                                                  "access-control-request-method",
                                                                  "connection",
                                                                  "content-length",
                                                                  "cookie",
                                                                  "cookie2",
                                                                  "date",
                                                                  "dnt",
                                                                  "expect",
                                                                  "host",
                                                                  "keep-alive",
                                                                  "origin",
                                                                  "referer",
                                                                  "set-cookie",
                                                                  "te",
                                                                  "trailer",
                                                                  "transfer-encoding",
                                                                  "upgrade",
                                                                  "via"};
  std::string n = base::to_lower(name);
  if (std::find(kForbidden.begin(), kForbidden.end(), n) != kForbidden.end())
    return true;
  if (n.starts_with("proxy-") || n.starts_with("sec-"))
    return true;
  if (n == "x-http-method" || n == "x-http-method-override" || n == "x-method-override") {
    for (const auto& m : list_values(value)) {
      std::string u = base::to_lower(m);
      if (u == "connect" || u == "trace" || u == "track")
        return true;
    }
  }
  return false;
}

bool browser_added_header(std::string_view name, std::string_view value) {
  std::string n = base::to_lower(name);
  if (n == "user-agent" || n == "priority")
    return true;
  return (n == "cache-control" || n == "pragma") && base::iequals(base::trim(value), "no-cache");
}

bool cors_safelisted_request_header(std::string_view name, std::string_view value) {
  if (value.size() > 128)
    return false;
  std::string n = base::to_lower(name);
  if (n == "accept") {
    return std::none_of(value.begin(), value.end(),
                        [](char c) { return unsafe_byte(static_cast<unsigned char>(c)); });
  }
  if (n == "accept-language" || n == "content-language") {
    return std::all_of(value.begin(), value.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) ||
             std::string_view(" *,-.;=").find(c) != std::string_view::npos;
    });
  }
  if (n == "content-type") {
    if (std::any_of(value.begin(), value.end(),
                    [](char c) { return unsafe_byte(static_cast<unsigned char>(c)); }))
      return false;
    std::string e = mime_essence(value);
    return e == "application/x-www-form-urlencoded" || e == "multipart/form-data" ||
           e == "text/plain";
  }
  if (n == "range") {
    // A simple range: "bytes=" start "-" [end].
    std::string_view v = value;
    if (!v.starts_with("bytes="))
      return false;
    v.remove_prefix(6);
    size_t dash = v.find('-');
    if (dash == std::string_view::npos || dash == 0)
      return false;
    auto digits = [](std::string_view s) {
      return std::all_of(s.begin(), s.end(),
                         [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    };
    return digits(v.substr(0, dash)) && digits(v.substr(dash + 1));
  }
  return false;
}

std::vector<std::string> cors_unsafe_request_header_names(const Headers& page_headers) {
  std::vector<std::string> unsafe;
  std::vector<std::string> potentially;
  size_t safelist_size = 0;
  for (const auto& h : page_headers) {
    std::string n = base::to_lower(h.name);
    if (!cors_safelisted_request_header(n, h.value)) {
      unsafe.push_back(n);
    } else {
      potentially.push_back(n);
      safelist_size += h.value.size();
    }
  }
  if (safelist_size > 1024)
    unsafe.insert(unsafe.end(), potentially.begin(), potentially.end());
  std::sort(unsafe.begin(), unsafe.end());
  unsafe.erase(std::unique(unsafe.begin(), unsafe.end()), unsafe.end());
  return unsafe;
}

CheckResult cors_check(const Headers& response, std::string_view origin, CredentialsMode mode) {
  auto acao = response.get_joined("access-control-allow-origin", ", ");
  if (!acao)
    return {false, "No 'Access-Control-Allow-Origin' header is present on the requested resource."};
  if (response.count("access-control-allow-origin") > 1 || acao->find(',') != std::string::npos)
    return {false, fmt::format("The 'Access-Control-Allow-Origin' header contains multiple values "
                               "'{}', but only one is allowed.",
                               *acao)};
  bool include = mode == CredentialsMode::kInclude;
  if (*acao == "*") {
    if (!include)
      return {};
    return {false,
            "The value of the 'Access-Control-Allow-Origin' header in the response must not be "
            "the wildcard '*' when the request's credentials mode is 'include'."};
  }
  if (*acao != origin) {
    if (acao->empty() || (acao->find("://") == std::string::npos && *acao != "null"))
      return {false, fmt::format("The 'Access-Control-Allow-Origin' header contains the invalid "
                                 "value '{}'.",
                                 *acao)};
    return {false, fmt::format("The 'Access-Control-Allow-Origin' header has a value '{}' that is "
                               "not equal to the supplied origin.",
                               *acao)};
  }
  if (include) {
    auto acac = response.get_joined("access-control-allow-credentials", ", ");
    if (!acac || *acac != "true")
      return {false,
              fmt::format("The value of the 'Access-Control-Allow-Credentials' header in the "
                          "response is '{}' which must be 'true' when the request's "
                          "credentials mode is 'include'.",
                          acac.value_or(""))};
  }
  return {};
}

CheckResult preflight_check(uint32_t status, const Headers& response, std::string_view origin,
                            CredentialsMode mode, std::string_view method,
                            const std::vector<std::string>& unsafe_headers) {
  std::string prefix(kPreflightPrefix);
  if (status >= 300 && status < 400 && response.has("location"))
    return {false, prefix + "Redirect is not allowed for a preflight request."};
  CheckResult access = cors_check(response, origin, mode);
  if (!access.ok)
    return {false, prefix + access.reason};
  if (status < 200 || status > 299)
    return {false, prefix + "It does not have HTTP ok status."};
  bool include = mode == CredentialsMode::kInclude;
  std::vector<std::string> methods =
      list_values(response.get_joined("access-control-allow-methods").value_or(""));
  bool method_star = !include && std::find(methods.begin(), methods.end(), "*") != methods.end();
  if (!cors_safelisted_method(method) && !method_star &&
      std::find(methods.begin(), methods.end(), method) == methods.end()) {
    return {false, fmt::format("Method {} is not allowed by Access-Control-Allow-Methods in "
                               "preflight response.",
                               method)};
  }
  std::vector<std::string> allowed;
  for (const auto& v :
       list_values(response.get_joined("access-control-allow-headers").value_or("")))
    allowed.push_back(base::to_lower(v));
  bool header_star = !include && std::find(allowed.begin(), allowed.end(), "*") != allowed.end();
  for (const auto& name : unsafe_headers) {
    bool listed = std::find(allowed.begin(), allowed.end(), name) != allowed.end();
    // The wildcard never covers Authorization (Fetch: "CORS non-wildcard request-header name").
    bool covered = header_star && name != "authorization";
    if (!listed && !covered) {
      return {false, fmt::format("Request header field {} is not allowed by "
                                 "Access-Control-Allow-Headers in preflight response.",
                                 name)};
    }
  }
  return {};
}

std::vector<std::string> readable_response_headers(const Headers& response, CredentialsMode mode,
                                                   bool cors) {
  static constexpr std::array<std::string_view, 7> kSafelisted = {
      "cache-control", "content-language", "content-length", "content-type",
      "expires",       "last-modified",    "pragma"};
  std::vector<std::string> exposed;
  bool all = !cors;
  if (cors) {
    for (const auto& v :
         list_values(response.get_joined("access-control-expose-headers").value_or(""))) {
      if (v == "*" && mode != CredentialsMode::kInclude)
        all = true;
      exposed.push_back(base::to_lower(v));
    }
  }
  std::vector<std::string> out;
  for (const auto& h : response) {
    std::string n = base::to_lower(h.name);
    if (n == "set-cookie" || n == "set-cookie2")
      continue;
    bool ok = all || std::find(kSafelisted.begin(), kSafelisted.end(), n) != kSafelisted.end() ||
              std::find(exposed.begin(), exposed.end(), n) != exposed.end();
    if (ok && std::find(out.begin(), out.end(), n) == out.end())
      out.push_back(n);
  }
  return out;
}

bool potentially_trustworthy(const Url& url) {
  if (url.scheme == "https")
    return true;
  return url.host == "localhost" || url.host.ends_with(".localhost") ||
         url.host.starts_with("127.") || url.host == "[::1]";
}

std::optional<int64_t> chromium_preflight_cache_seconds(std::string_view max_age) {
  auto v = base::parse_int(base::trim(max_age));
  if (!v || *v < 0)
    return std::nullopt;
  return std::min<int64_t>(*v, 7200);
}

}  // namespace igw::http
