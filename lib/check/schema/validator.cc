#include "lib/check/schema/validator.h"

#include "lib/base/strings.h"
#include "lib/check/schema/messages.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

namespace igw::check::schema {

using config::Node;
using config::NodeType;
using config::ScalarKind;

namespace {

// The JSON type of a node after Kubernetes' YAML-to-JSON conversion. A float with an integral
// value (443.0, 1e3) is an integer once converted.
uint8_t json_type(const Node& n) {
  switch (n.type) {
    case NodeType::Null:
      return kTypeNull;
    case NodeType::Sequence:
      return kTypeArray;
    case NodeType::Map:
      return kTypeObject;
    case NodeType::Scalar:
      break;
  }
  switch (n.scalar_kind()) {
    case ScalarKind::String:
      return kTypeString;
    case ScalarKind::Int:
      return kTypeInteger;
    case ScalarKind::Float: {
      auto d = n.as_double();
      bool integral = d && std::isfinite(*d) && std::floor(*d) == *d && std::fabs(*d) < 9.2e18;
      return integral ? kTypeInteger : kTypeNumber;
    }
    case ScalarKind::Bool:
      return kTypeBoolean;
    case ScalarKind::Null:
      return kTypeNull;
  }
  return kTypeString;
}

bool type_allowed(uint8_t allowed, uint8_t actual) {
  if (allowed == 0 || (allowed & actual))
    return true;
  return actual == kTypeInteger && (allowed & kTypeNumber);
}

// How a value is shown in a message: strings quoted (Go %q), other scalars as written,
// containers by their JSON type.
std::string shown(const Node& n) {
  uint8_t t = json_type(n);
  if (t == kTypeArray || t == kTypeObject || t == kTypeNull)
    return type_names(t);
  if (t == kTypeString)
    return base::quote(n.value);
  return n.value;
}

std::string number_text(double v) {
  if (std::floor(v) == v && std::fabs(v) < 1e18)
    return fmt::format("{}", static_cast<int64_t>(v));
  return fmt::format("{}", v);
}

std::string key_text(const Node& key) {
  return key.is_scalar() ? key.value : std::string("?");
}

// The path as written at the start of a message; the object itself has an empty path.
std::string label(const std::string& path) {
  return path.empty() ? std::string("(object)") : path;
}

std::string field_path(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
}

// "a", "a or b", "a, b or c"; each name wrapped in `wrap`.
std::string or_list(const std::vector<std::string>& names, std::string_view wrap = "") {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0)
      out += i + 1 == names.size() ? " or " : ", ";
    out += fmt::format("{}{}{}", wrap, names[i], wrap);
  }
  return out;
}

std::string and_list(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0)
      out += i + 1 == names.size() ? " and " : ", ";
    out += names[i];
  }
  return out;
}

size_t utf8_length(std::string_view s) {
  return static_cast<size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// The closest candidate to a misspelt field or value: base::closest_match, else the one
// candidate that contains `word` (`EXTERNAL` -> `MESH_EXTERNAL`).
std::optional<std::string> suggest(std::string_view word,
                                   const std::vector<std::string>& candidates) {
  if (auto m = base::closest_match(word, candidates))
    return m;
  if (word.size() < 3)
    return std::nullopt;
  std::string w = base::to_lower(word);
  std::optional<std::string> only;
  for (const auto& c : candidates) {
    if (base::to_lower(c).find(w) == std::string::npos)
      continue;
    if (only)
      return std::nullopt;  // ambiguous
    only = c;
  }
  return only;
}

// A schema with nothing but `required` (the branches of a one-of group as the CRDs write them).
bool only_required(const Schema& s) {
  return !s.ref && s.types == 0 && s.properties.empty() && s.additional_allowed && !s.additional &&
         s.enum_values.empty() && !s.items && s.all_of.empty() && s.any_of.empty() &&
         s.one_of.empty() && !s.not_ && !s.minimum && !s.maximum && !s.min_items && !s.max_items &&
         !s.min_length && !s.max_length && !s.max_properties && !s.required.empty();
}

// A protobuf oneof as the CRDs encode it:
//   oneOf: [{not: {anyOf: [{required: [a]}, {required: [b]}]}}, {required: [a]}, {required: [b]}]
// The `not` branch (none set) is optional.
struct OneOfGroup {
  std::vector<std::string> names;
  bool none_allowed = false;
};

std::optional<OneOfGroup> one_of_group(const Schema& s) {
  OneOfGroup g;
  for (const Schema* raw : s.one_of) {
    const Schema& b = raw->resolved();
    if (only_required(b) && b.required.size() == 1) {
      g.names.push_back(b.required[0]);
      continue;
    }
    bool none_branch = b.not_ && b.types == 0 && b.properties.empty() && b.required.empty() &&
                       b.one_of.empty() && b.any_of.empty() && b.all_of.empty();
    if (!none_branch)
      return std::nullopt;
    const Schema& inner = b.not_->resolved();
    if (inner.any_of.empty())
      return std::nullopt;
    for (const Schema* alt : inner.any_of) {
      const Schema& a = alt->resolved();
      if (!only_required(a) || a.required.size() != 1)
        return std::nullopt;
    }
    g.none_allowed = true;
  }
  if (g.names.empty())
    return std::nullopt;
  return g;
}

// The keys of `names` set (to a non-null value) in map `n`, in document order.
std::vector<const Node*> present_keys(const Node& n, const std::vector<std::string>& names) {
  std::vector<const Node*> out;
  for (const auto& [k, v] : n.entries) {
    if (v.is_null() || !k.is_scalar())
      continue;
    if (std::find(names.begin(), names.end(), k.value) != names.end())
      out.push_back(&k);
  }
  return out;
}

class Validator {
 public:
  explicit Validator(std::vector<Finding>& out) : out_(out) {}

  void check(const Schema& schema, const Node& n, const std::string& path) {
    const Schema& s = schema.resolved();
    uint8_t actual = json_type(n);
    if (!type_allowed(s.types, actual)) {
      wrong_type(s, n, path, actual);
      return;  // no cascade into a subtree of the wrong shape
    }
    if (!s.enum_values.empty() && !enum_ok(s, n, path, actual))
      return;
    if (actual == kTypeInteger || actual == kTypeNumber)
      check_range(s, n, path);
    else if (actual == kTypeString)
      check_length(s, n, path);
    else if (actual == kTypeArray)
      check_array(s, n, path);
    else if (actual == kTypeObject)
      check_object(s, n, path);
    for (const Schema* sub : s.all_of)
      check(*sub, n, path);
    if (!s.one_of.empty())
      check_one_of(s, n, path);
    if (!s.any_of.empty())
      check_any_of(s, n, path);
    if (s.not_)
      check_not(s, n, path);
  }

 private:
  void add(const base::MessageType& type, const Node& at, std::string message,
           std::string hint = {}) {
    out_.push_back(Finding{&type, std::move(message), std::move(hint), &at});
  }

  // Whether `n` satisfies `s`, without reporting (for combinator branches).
  static bool matches(const Schema& s, const Node& n) {
    std::vector<Finding> scratch;
    Validator v(scratch);
    v.check(s, n, "");
    return scratch.empty();
  }

  void wrong_type(const Schema& s, const Node& n, const std::string& path, uint8_t actual) {
    std::string msg = fmt::format("{}: Invalid value: {}: must be of type {}", label(path),
                                  shown(n), type_names(s.types));
    if (actual != kTypeArray && actual != kTypeObject && actual != kTypeNull) {
      // Name what was written: 1.0 is a number to the reader even though JSON makes it 1.
      bool written_float = n.scalar_kind() == ScalarKind::Float;
      msg += fmt::format(", not {}", written_float ? "number" : type_names(actual));
    }
    add(msg::kInvalidType, n, std::move(msg), type_hint(s, n, actual));
  }

  static std::string type_hint(const Schema& s, const Node& n, uint8_t actual) {
    bool want_number = s.types & (kTypeInteger | kTypeNumber);
    bool want_string = s.types & kTypeString;
    if (actual == kTypeString && want_number && n.is_scalar()) {
      Node plain;
      plain.type = NodeType::Scalar;
      plain.value = n.value;
      uint8_t t = json_type(plain);
      if (t == kTypeInteger || t == kTypeNumber)
        return fmt::format("write {} without quotes: a quoted number is a string", n.value);
    }
    if (actual == kTypeString && (s.types & kTypeBoolean) &&
        (n.value == "true" || n.value == "false")) {
      return fmt::format("write {} without quotes: a quoted boolean is a string", n.value);
    }
    if (want_string &&
        (actual == kTypeBoolean || actual == kTypeInteger || actual == kTypeNumber)) {
      std::string why = actual == kTypeBoolean && n.value != "true" && n.value != "false"
                            ? fmt::format(" (YAML 1.1 reads {} as a boolean)", n.value)
                            : std::string();
      return fmt::format("quote the value ({}) so it stays a string{}", base::quote(n.value), why);
    }
    if ((s.types & kTypeArray) && actual == kTypeObject)
      return "write a list here: start each item with `- `";
    if ((s.types & kTypeArray) && n.is_scalar()) {
      std::string item = n.style == config::ScalarStyle::Plain ? n.value : base::quote(n.value);
      return fmt::format("write a list here, e.g. `- {}`", item);
    }
    if ((s.types & kTypeObject) && actual == kTypeArray)
      return "write a mapping (`field: value` lines) here, not a list: remove the `- `";
    if ((s.types & kTypeObject) && actual == kTypeNull)
      return "remove the empty list item (a `-` with nothing after it)";
    if ((s.types & kTypeObject) && !s.properties.empty()) {
      return fmt::format("expected a mapping with fields such as {}",
                         or_list(s.property_names(), "`"));
    }
    return {};
  }

  bool enum_ok(const Schema& s, const Node& n, const std::string& path, uint8_t actual) {
    if (actual == kTypeString &&
        std::find(s.enum_values.begin(), s.enum_values.end(), n.value) != s.enum_values.end()) {
      return true;
    }
    std::string supported;
    for (const auto& v : s.enum_values)
      supported += (supported.empty() ? "" : ", ") + base::quote(v);
    std::string hint;
    if (auto m = suggest(n.value, s.enum_values))
      hint = fmt::format("did you mean {}?", base::quote(*m));
    else
      hint = fmt::format("use one of: {}", or_list(s.enum_values));
    add(msg::kInvalidEnumValue, n,
        fmt::format("{}: Unsupported value: {}: supported values: {}", label(path), shown(n),
                    supported),
        std::move(hint));
    return false;
  }

  static std::string bounds_hint(const Schema& s) {
    if (s.minimum && s.maximum) {
      return fmt::format("use a value from {} to {}", number_text(*s.minimum),
                         number_text(*s.maximum));
    }
    if (s.minimum)
      return fmt::format("use a value of at least {}", number_text(*s.minimum));
    return fmt::format("use a value of at most {}", number_text(*s.maximum));
  }

  void check_range(const Schema& s, const Node& n, const std::string& path) {
    if (!s.minimum && !s.maximum)
      return;
    std::optional<double> d = n.as_double();
    bool below = false;
    bool above = false;
    if (!d) {
      // An integer beyond int64: outside every bound the Istio API has.
      bool negative = !n.value.empty() && n.value[0] == '-';
      below = negative && s.minimum;
      above = !negative && s.maximum;
    } else {
      below = s.minimum && *d < *s.minimum;
      above = s.maximum && *d > *s.maximum;
    }
    if (below) {
      add(msg::kValueOutOfRange, n,
          fmt::format("{}: Invalid value: {}: must be greater than or equal to {}", label(path),
                      n.value, number_text(*s.minimum)),
          bounds_hint(s));
    } else if (above) {
      add(msg::kValueOutOfRange, n,
          fmt::format("{}: Invalid value: {}: must be less than or equal to {}", label(path),
                      n.value, number_text(*s.maximum)),
          bounds_hint(s));
    }
  }

  void check_length(const Schema& s, const Node& n, const std::string& path) {
    size_t len = utf8_length(n.value);
    if (s.min_length && len < *s.min_length) {
      add(msg::kValueOutOfRange, n,
          fmt::format("{}: Invalid value: {}: must be at least {} characters long", label(path),
                      shown(n), *s.min_length));
    } else if (s.max_length && len > *s.max_length) {
      add(msg::kValueOutOfRange, n,
          fmt::format("{}: Too long: may not be longer than {} characters (has {})", label(path),
                      *s.max_length, len));
    }
  }

  void check_array(const Schema& s, const Node& n, const std::string& path) {
    size_t count = n.items.size();
    if (s.min_items && count < *s.min_items) {
      add(msg::kValueOutOfRange, n,
          fmt::format("{}: Invalid value: {} items: must have at least {} item{}", label(path),
                      count, *s.min_items, *s.min_items == 1 ? "" : "s"));
    } else if (s.max_items && count > *s.max_items) {
      add(msg::kValueOutOfRange, n,
          fmt::format("{}: Too many: {}: must have at most {} items", label(path), count,
                      *s.max_items));
    }
    if (!s.items)
      return;
    for (size_t i = 0; i < count; ++i)
      check(*s.items, n.items[i], fmt::format("{}[{}]", path, i));
  }

  void check_object(const Schema& s, const Node& n, const std::string& path) {
    for (const auto& [k, v] : n.entries) {
      std::string key = key_text(k);
      if (const Schema* p = s.property(key)) {
        if (!v.is_null())
          check(*p, v, field_path(path, key));
      } else if (s.additional) {
        if (!v.is_null())
          check(*s.additional, v, fmt::format("{}[{}]", path, key));
      } else if (!s.additional_allowed) {
        unknown_field(s, k, field_path(path, key));
      }
    }
    if (s.max_properties && n.entries.size() > *s.max_properties) {
      add(msg::kValueOutOfRange, n,
          fmt::format("{}: Too many: {}: must have at most {} entries", label(path),
                      n.entries.size(), *s.max_properties));
    }
    for (const auto& r : s.required) {
      const Node* v = n.find(r);
      if (!v || v->is_null()) {
        add(msg::kMissingRequiredField, n, fmt::format("{}: Required value", field_path(path, r)),
            fmt::format("add `{}`{}", r, path.empty() ? "" : fmt::format(" to `{}`", path)));
      }
    }
  }

  void unknown_field(const Schema& s, const Node& key, const std::string& path) {
    std::vector<std::string> allowed = s.property_names();
    std::string name = key_text(key);
    std::string hint;
    if (auto m = suggest(name, allowed)) {
      hint = fmt::format("did you mean `{}`?", *m);
    } else if (auto home = child_with_field(s, name)) {
      hint = fmt::format("`{}` is a field of `{}`: move it there", name, *home);
    } else if (!allowed.empty()) {
      hint = fmt::format("fields allowed here: {}", base::join(allowed, ", "));
    }
    add(msg::kUnknownField, key, fmt::format("{}: unknown field {}", path, base::quote(name)),
        std::move(hint));
  }

  // The property of `s` (one level down, through lists) that declares field `name`, for a field
  // written one level too high (`httpsRedirect` directly under a server instead of under `tls`).
  static std::optional<std::string> child_with_field(const Schema& s, const std::string& name) {
    for (const auto& [prop, raw] : s.properties) {
      const Schema* c = &raw->resolved();
      if (c->items)
        c = &c->items->resolved();
      if (c->property(name))
        return prop;
    }
    return std::nullopt;
  }

  void check_one_of(const Schema& s, const Node& n, const std::string& path) {
    if (auto g = one_of_group(s); g && n.is_map()) {
      auto present = present_keys(n, g->names);
      if (present.size() > 1) {
        conflict(g->names, present, path);
      } else if (present.empty() && !g->none_allowed) {
        add(msg::kMissingRequiredField, n,
            fmt::format("{}: Required value: one of {} must be set", label(path),
                        or_list(g->names)));
      }
      return;
    }
    size_t matched = static_cast<size_t>(std::count_if(
        s.one_of.begin(), s.one_of.end(), [&](const Schema* b) { return matches(*b, n); }));
    if (matched != 1) {
      add(msg::kOneOfConflict, n,
          fmt::format("{}: Invalid value: must match exactly one of {} alternatives (matches {})",
                      label(path), s.one_of.size(), matched));
    }
  }

  void check_any_of(const Schema& s, const Node& n, const std::string& path) {
    bool required_only = std::all_of(s.any_of.begin(), s.any_of.end(), [](const Schema* b) {
      return only_required(b->resolved()) && b->resolved().required.size() == 1;
    });
    if (required_only && n.is_map()) {
      std::vector<std::string> names;
      for (const Schema* b : s.any_of)
        names.push_back(b->resolved().required[0]);
      if (present_keys(n, names).empty()) {
        add(msg::kMissingRequiredField, n,
            fmt::format("{}: Required value: one of {} must be set", label(path), or_list(names)),
            fmt::format("add {}", or_list(names, "`")));
      }
      return;
    }
    if (std::none_of(s.any_of.begin(), s.any_of.end(),
                     [&](const Schema* b) { return matches(*b, n); })) {
      add(msg::kOneOfConflict, n,
          fmt::format("{}: Invalid value: must match at least one of {} alternatives", label(path),
                      s.any_of.size()));
    }
  }

  void check_not(const Schema& s, const Node& n, const std::string& path) {
    const Schema& inner = s.not_->resolved();
    if (only_required(inner) && inner.required.size() > 1 && n.is_map()) {
      auto present = present_keys(n, inner.required);
      if (present.size() == inner.required.size())
        conflict(inner.required, present, path);
      return;
    }
    if (matches(inner, n)) {
      add(msg::kOneOfConflict, n,
          fmt::format("{}: Invalid value: must not match a forbidden combination", label(path)));
    }
  }

  // Reported at the second field set, the one that breaks the rule.
  void conflict(const std::vector<std::string>& names, const std::vector<const Node*>& present,
                const std::string& path) {
    std::vector<std::string> found;
    for (const Node* k : present)
      found.push_back(k->value);
    add(msg::kOneOfConflict, *present[1],
        fmt::format("{}: Forbidden: only one of {} may be set (found {})", label(path),
                    or_list(names), and_list(found)),
        fmt::format("keep {}", or_list(found, "`")));
  }

  std::vector<Finding>& out_;
};

}  // namespace

std::vector<Finding> validate(const Schema& schema, const config::Node& value) {
  std::vector<Finding> out;
  Validator(out).check(schema, value, "");
  return out;
}

}  // namespace igw::check::schema
