// HTTP header name and value validators, JWT claim keys (validators.h).
#include "lib/base/strings.h"
#include "lib/check/rules/validators.h"

#include <fmt/format.h>

namespace igw::check::rules {

namespace {

bool is_tchar(char c) {
  // Go's class "[!#$%&'*+-.^_`|~A-Za-z0-9]": note "+-." is a range, so ',' is a tchar too.
  static constexpr std::string_view kExtra = "!#$%&'*+,-.^_`|~";
  return base::is_ascii_alnum(c) || kExtra.find(c) != std::string_view::npos;
}

bool all_tchars(std::string_view s) {
  if (s.empty())
    return false;
  for (char c : s) {
    if (!is_tchar(c))
      return false;
  }
  return true;
}

bool is_pseudo_header(std::string_view s) {
  return s == ":method" || s == ":scheme" || s == ":authority" || s == ":path" || s == ":status";
}

bool is_internal_header(std::string_view s) {
  return s.starts_with(':') || base::iequals(s, "host");
}

bool is_authority_header(std::string_view s) {
  return base::iequals(s, ":authority") || base::iequals(s, "host");
}

// Envoy's header formatter parser as ported in Istio's header_value_validator.go.
Error header_value_syntax(std::string_view v) {
  enum State {
    kLiteral,
    kVariableName,
    kExpectArray,
    kExpectString,
    kString,
    kExpectArrayDelimiterOrEnd,
    kExpectArgsEnd,
    kExpectVariableEnd,
  };
  if (v.empty())
    return std::nullopt;
  State state = kLiteral;
  for (size_t pos = 0; pos < v.size(); ++pos) {
    char ch = v[pos];
    bool has_next = pos + 1 < v.size();
    switch (state) {
      case kLiteral:
        if (ch != '%')
          break;
        if (!has_next)
          return "invalid header configuration. Un-escaped %";
        if (v[pos + 1] == '%') {
          ++pos;  // escaped %
          break;
        }
        state = kVariableName;
        break;
      case kVariableName:
        if (ch == '%') {
          state = kLiteral;
        } else if (ch == '(') {
          state = kExpectArray;
        }
        break;
      case kExpectArray:
        if (ch == '[') {
          state = kExpectString;
        } else if (ch != ' ') {
          state = kString;
        }
        break;
      case kExpectArrayDelimiterOrEnd:
        if (ch == ',') {
          state = kExpectString;
        } else if (ch == ']') {
          state = kExpectArgsEnd;
        } else if (ch != ' ') {
          return "invalid header configuration. Expecting ',', ']', or whitespace";
        }
        break;
      case kExpectString:
        if (ch == '"') {
          state = kString;
        } else if (ch != ' ') {
          return "invalid header configuration. Expecting '\"'";
        }
        break;
      case kString:
        if (ch == '\\') {
          if (!has_next)
            return "invalid header configuration. Un-terminated backslash in JSON string";
          ++pos;
        } else if (ch == ')') {
          state = kExpectVariableEnd;
        } else if (ch == '"') {
          state = kExpectArrayDelimiterOrEnd;
        }
        break;
      case kExpectArgsEnd:
        if (ch == ')') {
          state = kExpectVariableEnd;
        } else if (ch != ' ') {
          // Istio's text keeps Envoy's unfilled "{}" placeholders.
          return "invalid header configuration. Expecting ')' or whitespace after '{}', but found "
                 "'{}'";
        }
        break;
      case kExpectVariableEnd:
        if (ch == '%') {
          state = kLiteral;
        } else if (ch != ' ') {
          return "invalid header configuration. Expecting '%' or whitespace after";
        }
        break;
    }
  }
  if (state != kLiteral) {
    return fmt::format("invalid header configuration. Un-terminated variable expression '{}'", v);
  }
  return std::nullopt;
}

}  // namespace

// ---- HTTP headers -----------------------------------------------------------------------

bool is_jwt_claim_route(std::string_view name) {
  static constexpr std::string_view kPrefix = "@request.auth.claims";
  if (!base::to_lower(name).starts_with(kPrefix))
    return false;
  std::string_view rest = name.substr(kPrefix.size());
  if (rest.starts_with('.') && rest.size() > 1)
    return true;
  return rest.starts_with('[') && rest.ends_with(']') && rest.size() > 2;
}

Error validate_header_name_or_jwt_claim(std::string_view name) {
  if (name.empty())
    return "header name cannot be empty";
  if (is_jwt_claim_route(name) || is_pseudo_header(name) || all_tchars(name))
    return std::nullopt;
  return fmt::format("header name {} is not a valid header name", name);
}

Error validate_cors_header_name(std::string_view name) {
  if (name.empty())
    return "header name cannot be empty";
  if (name == "*" || all_tchars(name))
    return std::nullopt;
  return fmt::format("header name {} is not a valid header name", name);
}

Error validate_header_with_authority_operation_name(std::string_view name) {
  if (name.empty())
    return "header name cannot be empty";
  if (is_internal_header(name) && !is_authority_header(name))
    return fmt::format("invalid header {}: header cannot have \":\" prefix", base::quote(name));
  return std::nullopt;
}

Error validate_header_operation_name(std::string_view name) {
  if (name.empty())
    return "header name cannot be empty";
  if (base::iequals(name, "host"))
    return fmt::format("invalid header {}: cannot set Host header", base::quote(name));
  if (is_internal_header(name))
    return fmt::format("invalid header {}: header cannot have \":\" prefix", base::quote(name));
  return std::nullopt;
}

Error validate_header_value(std::string_view value) {
  for (char ch : value) {
    auto c = static_cast<unsigned char>(ch);
    if (c <= 0x08 || (c >= 0x0A && c <= 0x1F) || c == 0x7F)
      return fmt::format("header value configuration {} is invalid", value);
  }
  if (auto e = header_value_syntax(value))
    return fmt::format("header value configuration: {}", *e);
  return std::nullopt;
}

}  // namespace igw::check::rules
