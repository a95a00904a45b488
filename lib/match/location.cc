// Redirect locations, path rewrites and path normalisation; see location.h.
#include "lib/match/location.h"

#include <re2/re2.h>

#include <algorithm>
#include <vector>

namespace igw::match {

namespace {

// Splits "path?query#frag" into the path and the rest (starting at '?' or '#').
std::pair<std::string_view, std::string_view> split_query(std::string_view path) {
  size_t q = query_start(path);
  return {path.substr(0, q), path.substr(q)};
}

// Envoy processRequestHost: the Host without its port when the port must go.
std::string_view process_request_host(std::string_view host, std::string_view new_scheme,
                                      std::string_view request_scheme, bool new_port) {
  if (host.empty())
    return host;
  size_t host_end;
  if (host.front() == '[') {
    host_end = host.rfind("]:");
    if (host_end != std::string_view::npos)
      host_end += 1;
  } else {
    host_end = host.rfind(':');
  }
  if (host_end == std::string_view::npos)
    return host;
  std::string_view request_port = host.substr(host_end);
  bool remove_port = new_port;
  if (new_scheme != request_scheme) {
    remove_port |= request_scheme == "https" && request_port == ":443";
    remove_port |= request_scheme == "http" && request_port == ":80";
  }
  return remove_port ? host.substr(0, host_end) : host;
}

bool is_dot(std::string_view seg) {
  return seg == "." || seg == "%2e" || seg == "%2E";
}

bool is_dot_dot(std::string_view seg) {
  if (seg == "..")
    return true;
  // Chromium's canonicaliser (used by Envoy's normalize_path) treats %2e as a dot.
  auto dot = [](std::string_view s, size_t& i) {
    if (i < s.size() && s[i] == '.') {
      ++i;
      return true;
    }
    if (i + 3 <= s.size() && s[i] == '%' && s[i + 1] == '2' &&
        (s[i + 2] == 'e' || s[i + 2] == 'E')) {
      i += 3;
      return true;
    }
    return false;
  };
  size_t i = 0;
  return dot(seg, i) && dot(seg, i) && i == seg.size();
}

}  // namespace

size_t query_start(std::string_view path) {
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '?' || path[i] == '#')
      return i;
  }
  return path.size();
}

std::string ssl_redirect_location(std::string_view authority, std::string_view path) {
  std::string out = "https://";
  out.append(authority);
  out.append(path);
  return out;
}

std::string redirect_location(const compile::RedirectAction& r, std::string_view scheme,
                              std::string_view authority, std::string_view path) {
  std::string_view final_scheme = r.scheme_redirect.empty() ? scheme : r.scheme_redirect;
  std::string final_port = r.port_redirect ? ":" + std::to_string(r.port_redirect) : "";
  std::string_view final_host =
      !r.host_redirect.empty()
          ? std::string_view(r.host_redirect)
          : process_request_host(authority, final_scheme, scheme, r.port_redirect != 0);
  std::string final_path;
  if (!r.path_redirect.empty()) {
    if (r.path_redirect.find('?') != std::string::npos) {
      final_path = r.path_redirect;
    } else {
      final_path = r.path_redirect;
      size_t q = path.find('?');
      if (q != std::string_view::npos)
        final_path.append(path.substr(q));
    }
  } else {
    final_path = std::string(path);
  }
  if (!final_path.starts_with("/"))
    final_path.insert(0, "/");
  std::string out;
  out.reserve(final_scheme.size() + final_host.size() + final_port.size() + final_path.size() + 3);
  out.append(final_scheme).append("://").append(final_host).append(final_port).append(final_path);
  return out;
}

std::string redirect_location(const compile::Route& route, const Request& request,
                              const Decision& decision) {
  std::string_view path = decision.path(request);
  std::string rewritten;
  if (route.redirect.has_prefix_rewrite) {
    rewritten = rewrite_prefix(route.match.path, path, route.redirect.prefix_rewrite);
    path = rewritten;
  }
  return redirect_location(route.redirect, request.scheme(), request.authority, path);
}

std::string rewrite_prefix(const compile::PathMatcher& matcher, std::string_view path,
                           std::string_view replacement) {
  auto [p, rest] = split_query(path);
  size_t matched = p.size();
  if (matcher.kind == compile::PathMatcher::Kind::kPrefix)
    matched = std::min(matcher.value.size(), p.size());
  std::string out(replacement);
  out.append(path.substr(matched));
  return out;
}

std::string rewrite_regex(const compile::RegexRewrite& rw, std::string_view path) {
  auto [p, rest] = split_query(path);
  std::string out(p);
  if (rw.pattern)
    RE2::GlobalReplace(&out, *rw.pattern, rw.substitution);
  out.append(rest);
  return out;
}

std::optional<std::string> rewritten_path(const compile::Route& route, std::string_view path) {
  if (route.action != compile::ActionKind::kRoute)
    return std::nullopt;
  if (route.route.regex_rewrite)
    return rewrite_regex(*route.route.regex_rewrite, path);
  if (route.route.prefix_rewrite)
    return rewrite_prefix(route.match.path, path, *route.route.prefix_rewrite);
  return std::nullopt;
}

std::optional<std::string> normalize_path(std::string_view path) {
  auto [p, rest] = split_query(path);
  // Fast path: a dot segment starts at the beginning or right after a '/' with '.' or '%'.
  bool maybe = false;
  for (size_t i = 0; i < p.size() && !maybe; ++i) {
    if ((i == 0 || p[i - 1] == '/') && (p[i] == '.' || p[i] == '%'))
      maybe = true;
  }
  if (!maybe)
    return std::nullopt;
  std::vector<std::string_view> out;
  bool changed = false;
  size_t i = p.starts_with('/') ? 1 : 0;
  bool trailing_slash = false;
  while (i <= p.size()) {
    size_t slash = p.find('/', i);
    std::string_view seg =
        p.substr(i, slash == std::string_view::npos ? std::string_view::npos : slash - i);
    bool last = slash == std::string_view::npos;
    if (is_dot(seg)) {
      changed = true;
      trailing_slash = true;
    } else if (is_dot_dot(seg)) {
      changed = true;
      if (!out.empty())
        out.pop_back();
      trailing_slash = true;
    } else {
      out.push_back(seg);
      trailing_slash = false;
    }
    if (last)
      break;
    i = slash + 1;
  }
  if (!changed)
    return std::nullopt;
  std::string result = "/";
  for (size_t k = 0; k < out.size(); ++k) {
    if (k)
      result += '/';
    result.append(out[k]);
  }
  if (trailing_slash && !out.empty())
    result += '/';
  result.append(rest);
  return result;
}

}  // namespace igw::match
