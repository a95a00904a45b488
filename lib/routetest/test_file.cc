// Reading `igw routes --test` files; see test_file.h for the format.
#include "lib/routetest/test_file.h"

#include "lib/base/strings.h"
#include "lib/config/load.h"
#include "lib/http/url.h"
#include "lib/match/decide.h"

#include <fmt/format.h>

#include <algorithm>
#include <memory>

namespace igw::routetest {

namespace {

using config::Node;

const std::vector<std::string> kCaseKeys = {
    "name",    "url", "authority", "path",           "scheme",          "method",
    "headers", "sni", "port",      "upstreamStatus", "upstreamHeaders", "random",
    "expect"};
const std::vector<std::string> kExpectKeys = {
    "outcome", "routeConfig", "virtualHost", "virtualService", "rule",
    "match",   "cluster",     "destination", "status",         "redirect",
    "body",    "pathRewrite", "hostRewrite", "requestHeaders", "responseHeaders"};

// `~`, `null` or nothing at all.
bool is_null(const Node& n) {
  return n.is_null() || (n.is_scalar() && n.scalar_kind() == config::ScalarKind::Null);
}

class Parser {
 public:
  Parser(base::SourceFilePtr file, std::vector<base::Error>& errors)
      : file_(std::move(file)), errors_(errors) {}

  base::SourceLoc loc(const Node& n) const { return base::SourceLoc{file_, n.line, n.col}; }

  void error(const Node& at, std::string message) {
    errors_.push_back(base::make_error(std::move(message), loc(at)));
  }

  // Every key of `map` must be one of `known`.
  void check_keys(const Node& map, const std::vector<std::string>& known, std::string_view where) {
    for (const auto& [k, v] : map.entries) {
      if (std::find(known.begin(), known.end(), k.value) != known.end())
        continue;
      std::string m = fmt::format("unknown key {} in {}", base::quote(k.value), where);
      if (auto near = base::closest_match(k.value, known))
        m += fmt::format(" (did you mean {}?)", base::quote(*near));
      else
        m += " (known: " + base::join(known, ", ") + ")";
      error(k, std::move(m));
    }
  }

  std::optional<std::string> string(const Node& n, std::string_view key) {
    if (!n.is_scalar() || is_null(n)) {
      error(n, fmt::format("{} must be a string, not {}", key, n.json_type()));
      return std::nullopt;
    }
    return n.value;
  }

  std::optional<int64_t> integer(const Node& n, std::string_view key, int64_t min, int64_t max) {
    auto v = n.is_scalar() ? n.as_int() : std::nullopt;
    if (!v || *v < min || *v > max) {
      error(n, fmt::format("{} must be a whole number from {} to {}", key, min, max));
      return std::nullopt;
    }
    return v;
  }

  // `{Name: value}` or `["Name: value", ...]`; `allow_null` lets a value be ~ (absent).
  std::vector<ExpectedHeader> headers(const Node& n, std::string_view key, bool allow_null) {
    std::vector<ExpectedHeader> out;
    if (n.is_map()) {
      for (const auto& [k, v] : n.entries) {
        ExpectedHeader h{base::to_lower(k.value), std::nullopt, loc(k)};
        if (is_null(v)) {
          if (!allow_null) {
            error(v, fmt::format("{}: header {} needs a value", key, base::quote(k.value)));
            continue;
          }
        } else if (v.is_scalar()) {
          h.value = v.value;
        } else {
          error(v, fmt::format("{}: the value of {} must be a string", key, base::quote(k.value)));
          continue;
        }
        if (h.name.empty())
          error(k, fmt::format("{}: empty header name", key));
        else
          out.push_back(std::move(h));
      }
      return out;
    }
    if (n.is_seq()) {
      for (const auto& item : n.items) {
        size_t colon = item.is_scalar() ? item.value.find(':', 1) : std::string::npos;
        if (colon == std::string::npos) {
          error(item, fmt::format("{}: write each header as \"Name: value\"", key));
          continue;
        }
        std::string_view text = item.value;
        out.push_back({base::to_lower(base::trim(text.substr(0, colon))),
                       std::string(base::trim(text.substr(colon + 1))), loc(item)});
      }
      return out;
    }
    error(n, fmt::format("{} must be a map of header names to values, or a list of "
                         "\"Name: value\" strings",
                         key));
    return out;
  }

  void expectations(const Node& n, Expectations& e) {
    check_keys(n, kExpectKeys, "expect");
    auto str = [&](const char* key, std::optional<Expected<std::string>>& out) {
      if (const Node* v = n.find(key)) {
        if (is_null(*v))
          out = Expected<std::string>{"", loc(*v)};  // ~ reads as "expect none"
        else if (auto s = string(*v, key))
          out = Expected<std::string>{*s, loc(*v)};
      }
    };
    str("outcome", e.outcome);
    str("routeConfig", e.route_config);
    str("virtualHost", e.virtual_host);
    str("virtualService", e.virtual_service);
    str("cluster", e.cluster);
    str("destination", e.destination);
    str("redirect", e.redirect);
    str("body", e.body);
    str("pathRewrite", e.path_rewrite);
    str("hostRewrite", e.host_rewrite);
    if (e.outcome && !e.outcome->value.empty()) {
      static const std::vector<std::string> kOutcomes = {
          "route",     "redirect",          "direct_response", "https_redirect",
          "not_found", "connection_closed", "tcp_proxy",       "tls_passthrough"};
      if (std::find(kOutcomes.begin(), kOutcomes.end(), e.outcome->value) == kOutcomes.end()) {
        error(*n.find("outcome"), "outcome must be one of " + base::join(kOutcomes, ", "));
      }
    }
    if (const Node* v = n.find("rule")) {
      if (v->is_scalar() && v->scalar_kind() == config::ScalarKind::Int) {
        if (auto i = integer(*v, "rule", 0, UINT32_MAX))
          e.rule = Expected<RuleRef>{RuleRef{static_cast<uint32_t>(*i), ""}, loc(*v)};
      } else if (!v->is_scalar() || is_null(*v)) {
        error(*v, fmt::format("rule must be an http[] index (a whole number) or a rule name, "
                              "not {}",
                              v->json_type()));
      } else {
        e.rule = Expected<RuleRef>{RuleRef{std::nullopt, v->value}, loc(*v)};
      }
    }
    if (const Node* v = n.find("match")) {
      if (auto i = integer(*v, "match", 0, UINT32_MAX))
        e.match = Expected<uint32_t>{static_cast<uint32_t>(*i), loc(*v)};
    }
    if (const Node* v = n.find("status")) {
      if (auto i = integer(*v, "status", 100, 599))
        e.status = Expected<uint32_t>{static_cast<uint32_t>(*i), loc(*v)};
    }
    if (const Node* v = n.find("requestHeaders"))
      e.request_headers = headers(*v, "requestHeaders", true);
    if (const Node* v = n.find("responseHeaders"))
      e.response_headers = headers(*v, "responseHeaders", true);
  }

  std::optional<TestCase> test_case(const Node& n, size_t index) {
    if (!n.is_map()) {
      error(n, fmt::format("test case {} must be a map (name, url, expect, ...), not {}", index + 1,
                           n.json_type()));
      return std::nullopt;
    }
    size_t errors_before = errors_.size();
    check_keys(n, kCaseKeys, "a test case");
    TestCase c;
    c.loc = loc(n);
    const Node* url = n.find("url");
    const Node* authority = n.find("authority");
    const Node* path = n.find("path");
    const Node* scheme = n.find("scheme");
    std::optional<std::string> sni_default;
    if (url && (authority || path || scheme)) {
      error(*url, "give either url or authority/path/scheme, not both");
    } else if (url) {
      if (auto text = string(*url, "url")) {
        std::string why;
        if (auto u = http::parse_url(*text, &why)) {
          c.tls = u->scheme == "https";
          c.authority = u->host_header();
          c.path = u->path;
          c.port = u->port;
          if (c.tls && !u->host_is_ip())
            sni_default = u->host;
        } else {
          error(*url, "url: " + why);
        }
      }
    } else if (authority) {
      if (auto a = string(*authority, "authority"))
        c.authority = *a;
      if (scheme) {
        if (auto s = string(*scheme, "scheme")) {
          std::string lower = base::to_lower(*s);
          if (lower != "http" && lower != "https")
            error(*scheme, "scheme must be http or https");
          c.tls = lower == "https";
        }
      }
      c.port = c.tls ? 443 : 80;
      if (path) {
        if (auto p = string(*path, "path")) {
          if (p->empty() || (*p)[0] != '/')
            error(*path, "path must start with /");
          c.path = *p;
        }
      }
      std::string host(match::host_without_port(c.authority));
      if (c.tls && !host.empty())
        sni_default = base::to_lower(host);
    } else {
      error(n, fmt::format("test case {} needs url (or authority and path)", index + 1));
    }
    if (const Node* v = n.find("method")) {
      if (auto m = string(*v, "method")) {
        if (m->empty() || m->find_first_of(" \t\r\n") != std::string::npos)
          error(*v, "method must be one HTTP method token, e.g. GET");
        c.method = *m;
      }
    }
    if (const Node* v = n.find("port")) {
      if (auto p = integer(*v, "port", 1, 65535))
        c.port = static_cast<uint32_t>(*p);
    }
    if (const Node* v = n.find("headers")) {
      for (auto& h : headers(*v, "headers", false)) {
        if (h.name == "host" || h.name == ":authority") {
          c.authority = *h.value;
        } else if (h.name.starts_with(":")) {
          errors_.push_back(
              base::make_error("headers: pseudo-header " + base::quote(h.name) +
                                   " cannot be set (use url, method, authority or path)",
                               h.loc));
        } else {
          c.headers.emplace_back(h.name, *h.value);
        }
      }
    }
    if (const Node* v = n.find("sni")) {
      if (is_null(*v))
        sni_default = "";
      else if (auto s = string(*v, "sni"))
        sni_default = *s;
    }
    c.sni = sni_default.value_or("");
    if (const Node* v = n.find("random")) {
      auto r = v->is_scalar() ? v->as_int() : std::nullopt;
      if (!r || *r < 0)
        error(*v, "random must be a whole number ≥ 0");
      else
        c.random = static_cast<uint64_t>(*r);
    }
    if (const Node* v = n.find("upstreamStatus")) {
      if (auto s = integer(*v, "upstreamStatus", 100, 599))
        c.upstream_status = static_cast<uint32_t>(*s);
    }
    if (const Node* v = n.find("upstreamHeaders")) {
      for (auto& h : headers(*v, "upstreamHeaders", false))
        c.upstream_headers.emplace_back(h.name, *h.value);
    }
    const Node* expect = n.find("expect");
    if (!expect || expect->is_null()) {
      error(n, fmt::format("test case {} has nothing to check: add expect: with at least one "
                           "field (virtualService, rule, cluster, redirect, status, ...)",
                           index + 1));
    } else if (!expect->is_map()) {
      error(*expect, "expect must be a map of fields to check");
    } else {
      expectations(*expect, c.expect);
      if (c.expect.empty() && expect->entries.empty())
        error(*expect, "expect is empty: a test that checks nothing cannot fail");
    }
    if (const Node* v = n.find("name")) {
      if (auto s = string(*v, "name"))
        c.name = *s;
    }
    if (c.name.empty()) {
      c.name = fmt::format("{} {}://{}{}", c.method, c.tls ? "https" : "http", c.authority, c.path);
    }
    if (errors_.size() != errors_before)
      return std::nullopt;
    return c;
  }

 private:
  base::SourceFilePtr file_;
  std::vector<base::Error>& errors_;
};

}  // namespace

bool Expectations::empty() const {
  return !outcome && !route_config && !virtual_host && !virtual_service && !rule && !match &&
         !cluster && !destination && !status && !redirect && !body && !path_rewrite &&
         !host_rewrite && request_headers.empty() && response_headers.empty();
}

ParseResult parse_test_file(const std::string& path, std::string text) {
  ParseResult result;
  config::LoadResult loaded;
  config::parse_text(path, std::move(text), loaded);
  for (const auto& d : loaded.diagnostics.items()) {
    if (d.severity == base::Severity::Error)
      result.errors.push_back(base::make_error(d.message, d.loc));
  }
  if (!result.errors.empty())
    return result;
  if (loaded.documents.empty() || loaded.documents.front().root.is_null()) {
    result.errors.push_back(base::make_error(
        "no test cases: write a YAML list with one case per item (see man igw-routes)",
        base::SourceLoc{std::make_shared<const base::SourceFile>(path, ""), 0, 0}));
    return result;
  }
  if (loaded.documents.size() > 1) {
    const auto& second = loaded.documents[1];
    result.errors.push_back(
        base::make_error("a test file holds one YAML document; put every case in one list",
                         second.loc(second.root)));
    return result;
  }
  const config::Document& doc = loaded.documents.front();
  Parser p(doc.file, result.errors);
  const Node* list = &doc.root;
  if (doc.root.is_map()) {
    p.check_keys(doc.root, {"tests"}, "the test file");
    list = doc.root.find("tests");
    if (!list) {
      p.error(doc.root, "expected a list of test cases (or a map with a tests: list)");
      return result;
    }
  }
  if (!list->is_seq()) {
    p.error(*list, "expected a list of test cases, not " + std::string(list->json_type()));
    return result;
  }
  if (list->items.empty()) {
    p.error(*list, "the list of test cases is empty");
    return result;
  }
  TestFile file;
  file.path = path;
  for (size_t i = 0; i < list->items.size(); ++i) {
    if (auto c = p.test_case(list->items[i], i))
      file.cases.push_back(std::move(*c));
  }
  if (result.errors.empty())
    result.file = std::move(file);
  return result;
}

}  // namespace igw::routetest
