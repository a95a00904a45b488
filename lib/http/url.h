// http::Url: the parts of an http(s) URL that curl and a browser act on, parsed the way curl
// reads a command-line URL (no scheme means http://) and resolved the way a Location is followed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace igw::http {

struct Url {
  std::string scheme = "http";  // lower-case: "http" or "https"
  std::string host;             // lower-case; IPv6 literals keep their brackets
  uint32_t port = 80;           // explicit or the scheme's default
  bool explicit_port = false;
  std::string path = "/";  // path and query, never empty, fragment removed
  std::string userinfo;    // "user:password" when given in the URL

  uint32_t default_port() const { return scheme == "https" ? 443 : 80; }
  // scheme://host[:port]path — the port only when it is not the scheme's default.
  std::string str() const;
  // scheme://host[:port] (RFC 6454 serialisation; the default port omitted).
  std::string origin() const;
  // The Host header curl sends: host, plus ":port" when not the default.
  std::string host_header() const;
  bool host_is_ip() const;
};

// curl's reading of a URL argument: "api.example.com/x" is http://api.example.com/x; only http
// and https are accepted. nullopt with `why` otherwise.
std::optional<Url> parse_url(std::string_view text, std::string* why = nullptr);

// RFC 3986 §5.2 reference resolution of a Location value against `base` (absolute URLs,
// scheme-relative "//host/x", absolute paths, relative paths, query-only references).
std::optional<Url> resolve_url(const Url& base, std::string_view reference,
                               std::string* why = nullptr);

// An origin string "scheme://host[:port]" parsed as a URL (for --origin and Origin headers).
std::optional<Url> parse_origin(std::string_view text, std::string* why = nullptr);

}  // namespace igw::http
