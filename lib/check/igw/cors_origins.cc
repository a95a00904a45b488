// igw.CorsOrigins: CORS policies that admit every origin with credentials (IGW0404) and origin
// regexes whose unescaped dots admit look-alike domains (IGW0405). SEMANTICS R5.1, R5.4-R5.6.
#include "lib/base/strings.h"
#include "lib/check/igw/family.h"
#include "lib/check/igw/gateway_facts.h"
#include "lib/check/igw/messages.h"
#include "lib/check/igw/origin_regex.h"
#include "lib/check/igw/scalar_position.h"

#include <fmt/format.h>

#include <string>
#include <vector>

namespace igw::check::igw_family {

namespace {

// Why `m` admits every origin, or "" when it does not.
std::string admits_any(const model::StringMatch& m) {
  const std::string& v = m.value.value;
  switch (m.kind) {
    case model::StringMatch::Kind::Exact:
      return igw_facts::admits_any_origin_exact(v) ? "exact \"*\" matches Envoy's wildcard origin"
                                                   : "";
    case model::StringMatch::Kind::Prefix:
      return igw_facts::admits_any_origin_prefix(v)
                 ? fmt::format("prefix {} matches any origin", base::quote(v))
                 : "";
    case model::StringMatch::Kind::Regex:
      return igw_facts::admits_any_origin_regex(v)
                 ? fmt::format("regex {} matches any origin", base::quote(v))
                 : "";
    case model::StringMatch::Kind::None:
      break;
  }
  return "";
}

void check_credentials(Context& ctx, const model::VirtualService& vs, const model::HttpRoute& r,
                       const model::CorsPolicy& cors) {
  if (!cors.allow_credentials.value_or(false))
    return;
  std::string why;
  base::SourceLoc loc;
  if (cors.has_allow_origins) {
    for (const auto& m : cors.allow_origins) {
      why = admits_any(m);
      if (!why.empty()) {
        loc = m.value.loc;
        break;
      }
    }
  } else {
    // The deprecated allowOrigin list is used only without allowOrigins (R5.1), as exact
    // matchers.
    for (const auto& o : cors.allow_origin) {
      if (igw_facts::admits_any_origin_exact(o.value)) {
        why = "allowOrigin \"*\" matches Envoy's wildcard origin";
        loc = o.loc;
        break;
      }
    }
  }
  if (why.empty())
    return;
  ctx.report(igw_msg::kCorsAnyOriginWithCredentials,
             fmt::format("http rule {}: the corsPolicy admits every origin ({}) and sets "
                         "allowCredentials: true; Envoy echoes any caller's Origin with "
                         "access-control-allow-credentials: true, so every web site can send "
                         "credentialed requests here and read the responses.",
                         igw_facts::describe_http_rule(r), why),
             vs, loc)
      .hint =
      "List the exact origins that need credentials (e.g. exact: https://app.example.com), or "
      "remove allowCredentials.";
}

void check_regex_dots(Context& ctx, const model::VirtualService& vs, const model::HttpRoute& r,
                      const model::StringMatch& m) {
  if (m.kind != model::StringMatch::Kind::Regex)
    return;
  const std::string& pattern = m.value.value;
  std::vector<size_t> dots = igw_facts::unescaped_host_dots(pattern);
  if (dots.empty())
    return;
  std::string example = igw_facts::look_alike_origin(pattern, dots.front());
  std::string msg = fmt::format(
      "http rule {}: corsPolicy origin regex {} has {} in its host part; '.' matches any "
      "character",
      igw_facts::describe_http_rule(r), base::quote(pattern),
      dots.size() == 1 ? std::string("an unescaped '.'")
                       : fmt::format("{} unescaped '.'s", dots.size()));
  msg += example.empty() ? ", so look-alike domains are admitted."
                         : fmt::format(", so it also admits {}.", base::quote(example));
  std::string fixed = igw_facts::escape_dots(pattern, dots);
  std::string yaml_fixed;
  for (char c : fixed) {
    if (c == '\\' || c == '"')
      yaml_fixed += '\\';
    yaml_fixed += c;
  }
  std::string single_quoted;
  for (char c : fixed) {
    if (c == '\'')
      single_quoted += '\'';
    single_quoted += c;
  }
  ctx.report(igw_msg::kCorsOriginUnescapedDot, std::move(msg), vs,
             igw_facts::loc_in_scalar(m.value, dots.front()))
      .hint = fmt::format("Escape the dot: regex: '{}' (in a double-quoted YAML string: \"{}\").",
                          single_quoted, yaml_fixed);
}

void run_cors_origins_check(Context& ctx) {
  for (const auto& vs : ctx.config().virtual_services) {
    if (vs.rejected)
      continue;
    for (const auto& r : vs.http) {
      if (!r.cors_policy)
        continue;
      check_credentials(ctx, vs, r, *r.cors_policy);
      for (const auto& m : r.cors_policy->allow_origins)
        check_regex_dots(ctx, vs, r, m);
    }
  }
}

}  // namespace

Check cors_origins_check() {
  return Check{
      .name = "igw.CorsOrigins",
      .description =
          "CORS policies admitting every origin with credentials, and origin regexes "
          "with unescaped dots.",
      .messages = {&igw_msg::kCorsAnyOriginWithCredentials, &igw_msg::kCorsOriginUnescapedDot},
      .requires_kinds = {"VirtualService"},
      .run = &run_cors_origins_check,
  };
}

}  // namespace igw::check::igw_family
