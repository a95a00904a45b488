#include "lib/config/node.h"

#include "lib/base/strings.h"

#include <cerrno>
#include <cstdlib>

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

bool looks_int(std::string_view v) {
  if (v.empty())
    return false;
  size_t i = 0;
  if (v[0] == '-' || v[0] == '+')
    i = 1;
  if (i >= v.size())
    return false;
  if (v.size() > i + 2 && v[i] == '0' && (v[i + 1] == 'x' || v[i + 1] == 'X')) {
    for (size_t j = i + 2; j < v.size(); ++j) {
      if (!isxdigit(static_cast<unsigned char>(v[j])))
        return false;
    }
    return true;
  }
  for (size_t j = i; j < v.size(); ++j) {
    if (!(v[j] >= '0' && v[j] <= '9') && v[j] != '_')
      return false;
  }
  return true;
}

bool looks_float(std::string_view v) {
  if (v == ".inf" || v == ".Inf" || v == ".INF" || v == "-.inf" || v == "+.inf" || v == "-.Inf" ||
      v == ".nan" || v == ".NaN" || v == ".NAN")
    return true;
  size_t i = 0;
  if (!v.empty() && (v[0] == '-' || v[0] == '+'))
    i = 1;
  bool digits = false, dot = false, exp = false;
  for (; i < v.size(); ++i) {
    char c = v[i];
    if (c >= '0' && c <= '9') {
      digits = true;
    } else if (c == '.' && !dot && !exp) {
      dot = true;
    } else if ((c == 'e' || c == 'E') && digits && !exp) {
      exp = true;
      if (i + 1 < v.size() && (v[i + 1] == '-' || v[i + 1] == '+'))
        ++i;
      if (i + 1 >= v.size())
        return false;
    } else {
      return false;
    }
  }
  return digits && (dot || exp);
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
  const std::string& v = value;
  if (v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL")
    return ScalarKind::Null;
  if (is_yaml11_true(v) || is_yaml11_false(v))
    return ScalarKind::Bool;
  if (looks_int(v))
    return ScalarKind::Int;
  if (looks_float(v))
    return ScalarKind::Float;
  return ScalarKind::String;
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
  std::string v;
  for (char c : value) {
    if (c != '_')
      v += c;
  }
  errno = 0;
  char* end = nullptr;
  long long r = std::strtoll(v.c_str(), &end, 0);
  if (errno != 0 || end == v.c_str() || *end != '\0')
    return std::nullopt;
  return static_cast<int64_t>(r);
}

std::optional<double> Node::as_double() const {
  ScalarKind k = scalar_kind();
  if (k == ScalarKind::Int) {
    auto i = as_int();
    if (!i)
      return std::nullopt;
    return static_cast<double>(*i);
  }
  if (k != ScalarKind::Float)
    return std::nullopt;
  char* end = nullptr;
  double d = std::strtod(value.c_str(), &end);
  if (end == value.c_str())
    return std::nullopt;
  return d;
}

std::optional<bool> Node::as_bool() const {
  if (scalar_kind() != ScalarKind::Bool)
    return std::nullopt;
  return is_yaml11_true(value) || (tag.ends_with(":bool") && base::to_lower(value) == "true");
}

}  // namespace igw::config
