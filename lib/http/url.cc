// http::Url parsing and reference resolution.
#include "lib/http/url.h"

#include "lib/base/strings.h"

#include <cctype>
#include <vector>

namespace igw::http {

namespace {

// RFC 3986 §5.2.4 remove_dot_segments on a path without query.
std::string remove_dots(std::string_view path) {
  std::vector<std::string_view> out;
  size_t i = 0;
  bool absolute = !path.empty() && path[0] == '/';
  if (absolute)
    i = 1;
  bool trailing = false;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos)
      j = path.size();
    std::string_view seg = path.substr(i, j - i);
    trailing = false;
    if (seg == ".") {
      trailing = true;
    } else if (seg == "..") {
      if (!out.empty())
        out.pop_back();
      trailing = true;
    } else {
      out.push_back(seg);
    }
    i = j + 1;
  }
  std::string s = absolute ? "/" : "";
  for (size_t k = 0; k < out.size(); ++k) {
    if (k)
      s += "/";
    s += out[k];
  }
  if (trailing && !s.empty() && s.back() != '/')
    s += "/";
  return s;
}

}  // namespace

std::string Url::str() const {
  return origin() + path;
}

std::string Url::origin() const {
  return scheme + "://" + host_header();
}

std::string Url::host_header() const {
  if (port == default_port())
    return host;
  return host + ":" + std::to_string(port);
}

bool Url::host_is_ip() const {
  if (!host.empty() && host.front() == '[')
    return true;
  int dots = 0;
  for (char c : host) {
    if (c == '.')
      ++dots;
    else if (c < '0' || c > '9')
      return false;
  }
  return dots == 3;
}

std::optional<Url> parse_url(std::string_view text, std::string* why) {
  auto fail = [&](std::string message) -> std::optional<Url> {
    if (why)
      *why = std::move(message);
    return std::nullopt;
  };
  Url u;
  std::string_view rest = base::trim(text);
  size_t sep = rest.find("://");
  if (sep != std::string_view::npos) {
    u.scheme = base::to_lower(rest.substr(0, sep));
    rest.remove_prefix(sep + 3);
  }
  if (u.scheme != "http" && u.scheme != "https")
    return fail("unsupported URL scheme \"" + u.scheme + "\": igw simulates http and https only");
  size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  std::string_view tail = end == std::string_view::npos ? std::string_view() : rest.substr(end);
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    u.userinfo = std::string(authority.substr(0, at));
    authority.remove_prefix(at + 1);
  }
  std::string_view host = authority;
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos)
      return fail("bad IPv6 address in URL \"" + std::string(text) + "\"");
    host = authority.substr(0, close + 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':')
        return fail("bad URL \"" + std::string(text) + "\"");
      port = authority.substr(close + 2);
    }
  } else if (size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty())
    return fail("no host in URL \"" + std::string(text) + "\"");
  u.host = base::to_lower(host);
  u.port = u.default_port();
  if (!port.empty()) {
    auto p = base::parse_int(port);
    if (!p || *p < 1 || *p > 65535)
      return fail("bad port number in URL \"" + std::string(text) + "\"");
    u.port = static_cast<uint32_t>(*p);
    u.explicit_port = true;
  }
  std::string_view path = tail.substr(0, tail.find('#'));
  if (path.empty() || path.front() == '?')
    u.path = "/" + std::string(path);
  else
    u.path = std::string(path);
  return u;
}

std::optional<Url> resolve_url(const Url& base_url, std::string_view ref, std::string* why) {
  ref = base::trim(ref);
  ref = ref.substr(0, ref.find('#'));
  // Absolute: has a scheme before any '/', '?'.
  size_t colon = ref.find(':');
  size_t slash = ref.find_first_of("/?");
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon < slash)) {
    std::string_view scheme = ref.substr(0, colon);
    bool scheme_chars = !scheme.empty();
    for (char c : scheme) {
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.'))
        scheme_chars = false;
    }
    if (scheme_chars)
      return parse_url(ref, why);
  }
  if (ref.starts_with("//"))
    return parse_url(base_url.scheme + ":" + std::string(ref), why);
  Url u = base_url;
  u.userinfo.clear();
  // A view into base_url.path itself (std::string::substr would return a temporary).
  std::string_view base_path = std::string_view(base_url.path).substr(0, base_url.path.find('?'));
  if (ref.empty())
    return u;
  if (ref.front() == '?') {
    u.path = std::string(base_path) + std::string(ref);
    return u;
  }
  std::string_view ref_path = ref.substr(0, ref.find('?'));
  std::string_view query =
      ref.find('?') == std::string_view::npos ? std::string_view() : ref.substr(ref.find('?'));
  std::string merged;
  if (ref.front() == '/') {
    merged = std::string(ref_path);
  } else {
    size_t last = base_path.rfind('/');
    merged = std::string(base_path.substr(0, last == std::string_view::npos ? 0 : last + 1)) +
             std::string(ref_path);
  }
  u.path = remove_dots(merged) + std::string(query);
  if (u.path.empty() || u.path.front() != '/')
    u.path = "/" + u.path;
  return u;
}

std::optional<Url> parse_origin(std::string_view text, std::string* why) {
  if (text.find("://") == std::string_view::npos) {
    if (why)
      *why = "origin \"" + std::string(text) + "\" needs a scheme (https://app.example.com)";
    return std::nullopt;
  }
  auto u = parse_url(text, why);
  if (u && u->path != "/") {
    // A page URL was given: its origin is what counts.
    u->path = "/";
  }
  return u;
}

}  // namespace igw::http
