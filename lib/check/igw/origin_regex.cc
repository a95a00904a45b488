// Origin regex analysis for the CORS checks; see origin_regex.h.
#include "lib/check/igw/origin_regex.h"

#include <re2/re2.h>

#include <memory>
#include <optional>

namespace igw::check::igw_facts {

namespace {

constexpr std::string_view kProbeOrigin = "https://igw-probe.invalid";

bool is_quantifier(char c) {
  return c == '*' || c == '+' || c == '?' || c == '{';
}

// Index just past the character class that starts at `p[i] == '['`, or npos if unterminated.
size_t skip_class(std::string_view p, size_t i) {
  size_t j = i + 1;
  if (j < p.size() && p[j] == '^')
    ++j;
  if (j < p.size() && p[j] == ']')
    ++j;  // a leading ']' is literal
  for (; j < p.size(); ++j) {
    if (p[j] == '\\') {
      ++j;
      continue;
    }
    if (p[j] == ']')
      return j + 1;
  }
  return std::string_view::npos;
}

std::unique_ptr<RE2> compile(std::string_view pattern) {
  RE2::Options opts;
  opts.set_log_errors(false);
  auto re = std::make_unique<RE2>(pattern, opts);
  if (!re->ok())
    re.reset();
  return re;
}

// Renders one string the pattern should match, choosing "evil" for ".*"/".+", '-' for the dot
// at `dot` and '.' for other bare dots. Returns nullopt for constructs it does not model.
std::optional<std::string> render(std::string_view p, size_t dot) {
  std::string out;
  size_t i = 0;
  if (p.starts_with("^"))
    i = 1;
  // Leading flag groups such as "(?i)".
  while (p.substr(i).starts_with("(?") && i + 2 < p.size() && p[i + 2] != ':') {
    size_t close = p.find(')', i);
    if (close == std::string_view::npos)
      return std::nullopt;
    i = close + 1;
  }
  int depth = 0;
  while (i < p.size()) {
    char c = p[i];
    if (c == '$' && i + 1 == p.size())
      break;
    if (c == '\\') {
      if (i + 1 >= p.size())
        return std::nullopt;
      char e = p[i + 1];
      if (e == 'd')
        out += '1';
      else if (e == 'w')
        out += 'a';
      else if (std::string_view(".-/:?*+()[]{}|^$\\").find(e) != std::string_view::npos)
        out += e;
      else
        return std::nullopt;
      i += 2;
    } else if (c == '.') {
      if (i + 1 < p.size() && is_quantifier(p[i + 1])) {
        if (p[i + 1] == '{')
          return std::nullopt;
        if (p[i + 1] != '?')
          out += "evil";
        i += 2;
        continue;
      }
      out += i == dot ? '-' : '.';
      ++i;
    } else if (c == '[') {
      size_t end = skip_class(p, i);
      if (end == std::string_view::npos || p[i + 1] == '^' || p[i + 1] == '\\')
        return std::nullopt;
      out += p[i + 1];
      i = end;
    } else if (c == '(') {
      ++depth;
      i += p.substr(i).starts_with("(?:") ? 3 : 1;
    } else if (c == ')') {
      if (--depth < 0)
        return std::nullopt;
      ++i;
    } else if (c == '|') {
      if (depth == 0)
        break;  // first top-level alternative only
      // Skip the rest of this group's alternatives.
      int d = depth;
      while (i < p.size() && d >= depth) {
        if (p[i] == '\\')
          ++i;
        else if (p[i] == '(')
          ++d;
        else if (p[i] == ')')
          --d;
        ++i;
      }
      --depth;
    } else if (c == '{') {
      return std::nullopt;
    } else if (c == '*' || c == '+' || c == '?') {
      ++i;  // the preceding atom, rendered once, satisfies it
    } else if (c == '^' || c == '$') {
      return std::nullopt;
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

}  // namespace

std::vector<size_t> unescaped_host_dots(std::string_view pattern) {
  std::vector<size_t> out;
  size_t scheme = pattern.find("://");
  size_t i = scheme == std::string_view::npos ? 0 : scheme + 3;
  while (i < pattern.size()) {
    char c = pattern[i];
    if (c == '\\') {
      i += 2;
    } else if (c == '[') {
      size_t end = skip_class(pattern, i);
      if (end == std::string_view::npos)
        break;
      i = end;
    } else if (c == '/') {
      break;  // the path starts; origins have none, and dots there are not host labels
    } else if (c == '.') {
      if (i + 1 >= pattern.size() || !is_quantifier(pattern[i + 1]))
        out.push_back(i);
      ++i;
    } else {
      ++i;
    }
  }
  return out;
}

std::string look_alike_origin(std::string_view pattern, size_t dot) {
  auto re = compile(pattern);
  auto sample = render(pattern, dot);
  if (!re || !sample)
    return {};
  if (!RE2::FullMatch(*sample, *re))
    return {};
  // The example must be one the pattern with this dot escaped would refuse.
  auto intended = compile(escape_dots(pattern, {dot}));
  if (!intended || RE2::FullMatch(*sample, *intended))
    return {};
  return *sample;
}

std::string escape_dots(std::string_view pattern, const std::vector<size_t>& dots) {
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    for (size_t d : dots) {
      if (d == i)
        out += '\\';
    }
    out += pattern[i];
  }
  return out;
}

bool admits_any_origin_exact(std::string_view value) {
  return value == "*";
}

bool admits_any_origin_prefix(std::string_view value) {
  return std::string_view("*").starts_with(value) || kProbeOrigin.starts_with(value);
}

bool admits_any_origin_regex(std::string_view pattern) {
  auto re = compile(pattern);
  return re && (RE2::FullMatch("*", *re) || RE2::FullMatch(kProbeOrigin, *re));
}

}  // namespace igw::check::igw_facts
