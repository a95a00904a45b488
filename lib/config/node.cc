// Node lookups and scalar resolution the way Kubernetes' YAML→JSON step (go-yaml v2) does it.
#include "lib/config/node.h"

#include "lib/base/strings.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <iterator>
#include <limits>

namespace igw::config {

const Node* Node::find(std::string_view key) const {
  if (type != NodeType::Map)
    return nullptr;
  for (const auto& [k, v] : entries) {
    if (k.type == NodeType::Scalar && k.value == key)
      return &v;
  }
  return nullptr;
}

const Node* Node::find_key(std::string_view key) const {
  if (type != NodeType::Map)
    return nullptr;
  for (const auto& [k, v] : entries) {
    if (k.type == NodeType::Scalar && k.value == key)
      return &k;
  }
  return nullptr;
}

namespace {

bool is_yaml11_true(std::string_view v) {
  return v == "true" || v == "True" || v == "TRUE" || v == "y" || v == "Y" || v == "yes" ||
         v == "Yes" || v == "YES" || v == "on" || v == "On" || v == "ON";
}
bool is_yaml11_false(std::string_view v) {
  return v == "false" || v == "False" || v == "FALSE" || v == "n" || v == "N" || v == "no" ||
         v == "No" || v == "NO" || v == "off" || v == "Off" || v == "OFF";
}

bool is_special_float(std::string_view v) {
  static constexpr std::string_view kWords[] = {".inf",  ".Inf",  ".INF",  "+.inf",
                                                "+.Inf", "+.INF", "-.inf", "-.Inf",
                                                "-.INF", ".nan",  ".NaN",  ".NAN"};
  return std::find(std::begin(kWords), std::end(kWords), v) != std::end(kWords);
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Go's strconv.ParseInt/ParseUint with base 0 ("0x1F", "0o17", "0b101", "017" octal, optional
// sign): the magnitude and sign, or nullopt when malformed or beyond 64 bits.
struct GoInt {
  bool negative = false;
  unsigned __int128 magnitude = 0;
};
std::optional<GoInt> parse_go_int(std::string_view v) {
  GoInt out;
  if (!v.empty() && (v[0] == '+' || v[0] == '-')) {
    out.negative = v[0] == '-';
    v.remove_prefix(1);
  }
  unsigned base = 10;
  if (v.size() >= 2 && v[0] == '0') {
    char p = static_cast<char>(v[1] | 0x20);
    if (p == 'x' || p == 'o' || p == 'b') {
      base = p == 'x' ? 16 : p == 'o' ? 8 : 2;
      v.remove_prefix(2);
    } else {
      base = 8;
      v.remove_prefix(1);
    }
  }
  if (v.empty())
    return std::nullopt;
  for (char c : v) {
    unsigned d;
    if (is_digit(c)) {
      d = static_cast<unsigned>(c - '0');
    } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
      d = static_cast<unsigned>((c | 0x20) - 'a' + 10);
    } else {
      return std::nullopt;
    }
    if (d >= base)
      return std::nullopt;
    out.magnitude = out.magnitude * base + d;
    if (out.magnitude > UINT64_MAX)
      return std::nullopt;
  }
  return out;
}

// ParseInt fits int64; failing that ParseUint (no sign) fits uint64.
bool go_int_fits(const GoInt& g, bool had_sign) {
  if (g.negative)
    return g.magnitude <= static_cast<unsigned __int128>(INT64_MAX) + 1;
  if (g.magnitude <= INT64_MAX)
    return true;
  return !had_sign;  // ParseUint rejects a sign
}

// go-yaml's yamlStyleFloat: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool yaml_style_float(std::string_view v) {
  size_t i = 0;
  if (i < v.size() && (v[i] == '-' || v[i] == '+'))
    ++i;
  size_t int_digits = 0;
  while (i < v.size() && is_digit(v[i])) {
    ++i;
    ++int_digits;
  }
  if (i < v.size() && v[i] == '.') {
    ++i;
    size_t frac_digits = 0;
    while (i < v.size() && is_digit(v[i])) {
      ++i;
      ++frac_digits;
    }
    if (int_digits == 0 && frac_digits == 0)
      return false;
  } else if (int_digits == 0) {
    return false;
  }
  if (i < v.size() && (v[i] == 'e' || v[i] == 'E')) {
    ++i;
    if (i < v.size() && (v[i] == '-' || v[i] == '+'))
      ++i;
    size_t exp_digits = 0;
    while (i < v.size() && is_digit(v[i])) {
      ++i;
      ++exp_digits;
    }
    if (exp_digits == 0)
      return false;
  }
  return i == v.size();
}

std::string without_underscores(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c != '_')
      out += c;
  }
  return out;
}

// How go-yaml v2 (sigs.k8s.io/yaml) resolves an untagged plain scalar: the first character picks
// the candidates, as in its resolve table.
ScalarKind resolve_plain(std::string_view v) {
  if (v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL")
    return ScalarKind::Null;
  if (is_yaml11_true(v) || is_yaml11_false(v))
    return ScalarKind::Bool;
  if (is_special_float(v))
    return ScalarKind::Float;
  char first = v[0];
  if (first == '.') {
    // strconv.ParseFloat on text starting with '.': only ".5", ".5e3" forms parse.
    return yaml_style_float(v) ? ScalarKind::Float : ScalarKind::String;
  }
  if (is_digit(first) || first == '+' || first == '-') {
    std::string plain = without_underscores(v);
    bool had_sign = plain[0] == '+' || plain[0] == '-';
    if (auto g = parse_go_int(plain); g && go_int_fits(*g, had_sign))
      return ScalarKind::Int;
    if (yaml_style_float(plain))
      return ScalarKind::Float;
  }
  return ScalarKind::String;
}

}  // namespace

ScalarKind Node::scalar_kind() const {
  if (type == NodeType::Null)
    return ScalarKind::Null;
  if (type != NodeType::Scalar)
    return ScalarKind::String;
  if (!tag.empty()) {
    if (tag.ends_with(":int"))
      return ScalarKind::Int;
    if (tag.ends_with(":float"))
      return ScalarKind::Float;
    if (tag.ends_with(":bool"))
      return ScalarKind::Bool;
    if (tag.ends_with(":null"))
      return ScalarKind::Null;
    return ScalarKind::String;
  }
  if (style != ScalarStyle::Plain)
    return ScalarKind::String;
  return resolve_plain(value);
}

std::string_view Node::json_type() const {
  switch (type) {
    case NodeType::Null:
      return "null";
    case NodeType::Sequence:
      return "array";
    case NodeType::Map:
      return "object";
    case NodeType::Scalar:
      break;
  }
  switch (scalar_kind()) {
    case ScalarKind::String:
      return "string";
    case ScalarKind::Int:
      return "integer";
    case ScalarKind::Float:
      return "number";
    case ScalarKind::Bool:
      return "boolean";
    case ScalarKind::Null:
      return "null";
  }
  return "string";
}

std::optional<int64_t> Node::as_int() const {
  if (scalar_kind() != ScalarKind::Int)
    return std::nullopt;
  std::string plain = without_underscores(value);
  auto g = parse_go_int(plain);
  if (!g)
    return std::nullopt;
  if (g->negative) {
    if (g->magnitude > static_cast<unsigned __int128>(INT64_MAX) + 1)
      return std::nullopt;
    return static_cast<int64_t>(-static_cast<__int128>(g->magnitude));
  }
  if (g->magnitude > INT64_MAX)
    return std::nullopt;  // a uint64 beyond int64: no Kubernetes field takes it
  return static_cast<int64_t>(g->magnitude);
}

std::optional<double> Node::as_double() const {
  ScalarKind k = scalar_kind();
  if (k == ScalarKind::Int) {
    std::string plain = without_underscores(value);
    auto g = parse_go_int(plain);
    if (!g)
      return std::nullopt;
    double d = static_cast<double>(g->magnitude);
    return g->negative ? -d : d;
  }
  if (k != ScalarKind::Float)
    return std::nullopt;
  if (is_special_float(value)) {
    if (base::to_lower(value) == ".nan")
      return std::numeric_limits<double>::quiet_NaN();
    return value[0] == '-' ? -std::numeric_limits<double>::infinity()
                           : std::numeric_limits<double>::infinity();
  }
  std::string plain = without_underscores(value);
  char* end = nullptr;
  double d = std::strtod(plain.c_str(), &end);
  if (end == plain.c_str() || *end != '\0')
    return std::nullopt;
  return d;
}

std::optional<bool> Node::as_bool() const {
  if (scalar_kind() != ScalarKind::Bool)
    return std::nullopt;
  return is_yaml11_true(value) || (tag.ends_with(":bool") && base::to_lower(value) == "true");
}

}  // namespace igw::config
