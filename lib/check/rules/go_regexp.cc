// Go regexp compatibility on RE2: Go's verdict and error text for Istio's regex fields
// (golang/go src/regexp/syntax/parse.go; Istio validateStringRegexp).
#include "lib/base/strings.h"
#include "lib/check/rules/validators.h"

#include <fmt/format.h>
#include <re2/re2.h>

namespace igw::check::rules {

namespace {

std::string_view go_error_code_text(RE2::ErrorCode code) {
  switch (code) {
    case RE2::ErrorBadEscape:
      return "invalid escape sequence";
    case RE2::ErrorBadCharClass:
      return "invalid character class";
    case RE2::ErrorBadCharRange:
      return "invalid character class range";
    case RE2::ErrorMissingBracket:
      return "missing closing ]";
    case RE2::ErrorMissingParen:
      return "missing closing )";
    case RE2::ErrorUnexpectedParen:
      return "unexpected )";
    case RE2::ErrorTrailingBackslash:
      return "trailing backslash at end of expression";
    case RE2::ErrorRepeatArgument:
      return "missing argument to repetition operator";
    case RE2::ErrorRepeatSize:
      return "invalid repeat count";
    case RE2::ErrorRepeatOp:
      return "invalid nested repetition operator";
    case RE2::ErrorBadPerlOp:
      return "invalid or unsupported Perl syntax";
    case RE2::ErrorBadUTF8:
      return "invalid UTF-8";
    case RE2::ErrorBadNamedCapture:
      return "invalid named capture";
    default:
      break;
  }
  return "regexp/syntax: internal error";
}

std::string go_regexp_message(std::string_view code, std::string_view expr) {
  return fmt::format("error parsing regexp: {}: `{}`", code, expr);
}

// Where the first invalid UTF-8 sequence starts, or npos.
size_t first_invalid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size())
      return i;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80)
        return i;
    }
    i += n;
  }
  return std::string_view::npos;
}

// The pattern rewritten for RE2: Go's `(?<name>` becomes RE2's `(?P<name>` (RE2 of 2022 lacks
// the short form). Also notes the first `\C` (RE2 accepts it, Go does not) and the first
// `(?<` that Go would reject as a named capture.
struct GoPattern {
  std::string re2;
  size_t backslash_c = std::string_view::npos;        // offset in the original
  size_t bad_named_capture = std::string_view::npos;  // offset in the original
  size_t unmatched_close = std::string_view::npos;    // first ')' without '(' (original)
};

GoPattern translate_for_re2(std::string_view re) {
  GoPattern out;
  bool in_class = false;
  int depth = 0;
  size_t i = 0;
  while (i < re.size()) {
    char c = re[i];
    if (c == '\\' && i + 1 < re.size()) {
      char n = re[i + 1];
      if (n == 'Q' && !in_class) {
        size_t end = re.find("\\E", i + 2);
        size_t stop = end == std::string_view::npos ? re.size() : end + 2;
        out.re2.append(re.substr(i, stop - i));
        i = stop;
        continue;
      }
      if (n == 'C' && out.backslash_c == std::string_view::npos)
        out.backslash_c = i;
      out.re2.append(re.substr(i, 2));
      i += 2;
      continue;
    }
    if (in_class) {
      if (c == '[' && i + 1 < re.size() && re[i + 1] == ':') {
        size_t end = re.find(":]", i + 2);
        if (end != std::string_view::npos) {
          out.re2.append(re.substr(i, end + 2 - i));
          i = end + 2;
          continue;
        }
      }
      if (c == ']')
        in_class = false;
      out.re2 += c;
      ++i;
      continue;
    }
    if (c == '[') {
      in_class = true;
      out.re2 += c;
      ++i;
      // A ']' first in the class (after an optional '^') is a literal.
      if (i < re.size() && re[i] == '^') {
        out.re2 += '^';
        ++i;
      }
      if (i < re.size() && re[i] == ']') {
        out.re2 += ']';
        ++i;
      }
      continue;
    }
    if (c == '(') {
      ++depth;
    } else if (c == ')' && --depth < 0 && out.unmatched_close == std::string_view::npos) {
      out.unmatched_close = i;
    }
    if (re.substr(i).starts_with("(?<")) {
      size_t gt = re.find('>', i + 3);
      bool valid = gt != std::string_view::npos && gt > i + 3;
      if (valid) {
        for (size_t k = i + 3; k < gt; ++k) {
          if (!base::is_ascii_alnum(re[k]) && re[k] != '_')
            valid = false;
        }
      }
      if (valid) {
        out.re2 += "(?P<";
        out.re2.append(re.substr(i + 3, gt + 1 - (i + 3)));
        i = gt + 1;
        continue;  // the '(' was counted above
      }
      if (out.bad_named_capture == std::string_view::npos)
        out.bad_named_capture = i;
    }
    out.re2 += c;
    ++i;
  }
  return out;
}

}  // namespace

// ---- regular expressions ----------------------------------------------------------------

Error go_regexp_error(std::string_view re) {
  if (size_t bad = first_invalid_utf8(re); bad != std::string_view::npos)
    return go_regexp_message("invalid UTF-8", re.substr(bad));
  GoPattern p = translate_for_re2(re);
  RE2::Options opts;
  opts.set_log_errors(false);
  // Go bounds the parse tree, not the compiled program: never fail on RE2's memory budget.
  opts.set_max_mem(int64_t{1} << 30);
  RE2 compiled(p.re2, opts);
  auto backslash_c = [&]() { return go_regexp_message("invalid escape sequence", "\\C"); };
  if (compiled.ok()) {
    if (p.backslash_c != std::string_view::npos)
      return backslash_c();
    return std::nullopt;
  }
  RE2::ErrorCode code = compiled.error_code();
  if (code == RE2::ErrorPatternTooLarge)
    return std::nullopt;
  std::string arg = compiled.error_arg();
  // Go stops at the first problem from the left; RE2 does too, but accepts \C. Where was it?
  size_t at = arg.empty() ? re.size() : re.find(arg);
  if (code == RE2::ErrorMissingParen)
    at = re.size();  // found only once the whole pattern is read
  if (code == RE2::ErrorUnexpectedParen)
    at = p.unmatched_close;
  if (at == std::string_view::npos)
    at = re.size();
  if (p.backslash_c != std::string_view::npos && p.backslash_c < at)
    return backslash_c();
  if (code == RE2::ErrorBadPerlOp && arg.starts_with("(?<") &&
      p.bad_named_capture != std::string_view::npos) {
    // Go reads any "(?<" as a named capture: up to the next '>', or the rest of the pattern.
    std::string_view from = re.substr(p.bad_named_capture);
    size_t gt = from.find('>');
    return go_regexp_message("invalid named capture",
                             gt == std::string_view::npos ? from : from.substr(0, gt + 1));
  }
  if (code == RE2::ErrorMissingParen || code == RE2::ErrorUnexpectedParen)
    arg = std::string(re);  // Go names the whole expression
  if (code == RE2::ErrorTrailingBackslash)
    arg.clear();
  return go_regexp_message(go_error_code_text(code), arg);
}

Error validate_regex(std::string_view re, std::string_view where) {
  if (re.size() > 1024) {
    return fmt::format("{}: regex is too large, max length allowed is 1024", base::quote(where));
  }
  if (auto e = go_regexp_error(re)) {
    return fmt::format(
        "{}: {}; Istio uses RE2 style regex-based match "
        "(https://github.com/google/re2/wiki/Syntax)",
        base::quote(where), *e);
  }
  return std::nullopt;
}

}  // namespace igw::check::rules
