#include "lib/check/schema/schema.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

namespace igw::check::schema {

using nlohmann::json;

namespace {

constexpr std::array<std::pair<std::string_view, TypeBit>, 7> kTypeNames = {{
    {"null", kTypeNull},
    {"boolean", kTypeBoolean},
    {"integer", kTypeInteger},
    {"number", kTypeNumber},
    {"string", kTypeString},
    {"array", kTypeArray},
    {"object", kTypeObject},
}};

// Keywords that only describe; accepted and dropped.
bool is_annotation(std::string_view key) {
  return key == "$schema" || key == "$comment" || key == "title" || key == "description" ||
         key == "format";
}

std::string child_pointer(const std::string& parent, std::string_view token) {
  // RFC 6901 escaping: "~" -> "~0", "/" -> "~1".
  std::string out = parent + "/";
  for (char c : token) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

}  // namespace

std::string type_names(uint8_t mask) {
  std::vector<std::string_view> names;
  for (const auto& [name, bit] : kTypeNames) {
    if (mask & bit)
      names.push_back(name);
  }
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0)
      out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

const Schema& Schema::resolved() const {
  const Schema* s = this;
  // Compilation rejects $ref cycles, so this ends.
  while (s->ref)
    s = s->ref;
  return *s;
}

const Schema* Schema::property(std::string_view name) const {
  for (const auto& [n, s] : properties) {
    if (n == name)
      return s;
  }
  return nullptr;
}

std::vector<std::string> Schema::property_names() const {
  std::vector<std::string> out;
  out.reserve(properties.size());
  for (const auto& p : properties)
    out.push_back(p.first);
  return out;
}

const Schema* CompiledSchema::def(std::string_view name) const {
  for (const auto& [n, s] : defs_) {
    if (n == name)
      return s;
  }
  return nullptr;
}

std::vector<std::string> CompiledSchema::all_property_names() const {
  std::set<std::string> names;
  for (const auto& node : nodes_) {
    for (const auto& p : node->properties)
      names.insert(p.first);
  }
  return {names.begin(), names.end()};
}

// Turns the parsed JSON into Schema nodes owned by `out`. Every error names the file and the
// JSON pointer of the offending keyword.
class Compiler {
 public:
  explicit Compiler(CompiledSchema& out) : out_(out) {}

  base::Result<void> run(const json& doc) {
    if (!doc.is_object())
      return fail("", "the schema must be a JSON object");
    // $defs first, so any $ref (also forward and recursive ones) resolves.
    if (auto it = doc.find("$defs"); it != doc.end()) {
      if (!it->is_object())
        return fail("/$defs", "must be an object");
      std::vector<Schema*> defs;
      for (const auto& [name, body] : it->items()) {
        defs.push_back(make(child_pointer("/$defs", name)));
        out_.defs_.emplace_back(name, defs.back());
      }
      size_t i = 0;
      for (const auto& [name, body] : it->items()) {
        if (auto r = fill(*defs[i++], body, /*root=*/false); !r)
          return r;
      }
    }
    Schema* root = make("");
    out_.root_ = root;
    if (auto r = fill(*root, doc, /*root=*/true); !r)
      return r;
    return check_ref_cycles();
  }

 private:
  Schema* make(std::string pointer) {
    out_.nodes_.push_back(std::make_unique<Schema>());
    out_.nodes_.back()->pointer = std::move(pointer);
    return out_.nodes_.back().get();
  }

  base::Error fail(const std::string& pointer, const std::string& what) const {
    return base::make_error(
        fmt::format("{}: #{}: {}", out_.file_, pointer.empty() ? "" : pointer, what));
  }

  base::Result<const Schema*> sub(const json& body, const std::string& pointer) {
    Schema* s = make(pointer);
    if (auto r = fill(*s, body, /*root=*/false); !r)
      return r.error();
    return static_cast<const Schema*>(s);
  }

  base::Result<void> sub_list(const json& body, const std::string& pointer,
                              std::vector<const Schema*>& into) {
    if (!body.is_array() || body.empty())
      return fail(pointer, "must be a non-empty array of schemas");
    for (size_t i = 0; i < body.size(); ++i) {
      auto s = sub(body[i], child_pointer(pointer, std::to_string(i)));
      if (!s)
        return s.error();
      into.push_back(*s);
    }
    return {};
  }

  base::Result<uint64_t> count(const json& v, const std::string& pointer) const {
    if (!v.is_number_unsigned())
      return fail(pointer, "must be a non-negative integer");
    return v.get<uint64_t>();
  }

  base::Result<double> bound(const json& v, const std::string& pointer) const {
    if (!v.is_number())
      return fail(pointer, "must be a number");
    return v.get<double>();
  }

  base::Result<void> fill(Schema& s, const json& body, bool root) {
    const std::string& at = s.pointer;
    if (body.is_boolean()) {
      // `true` accepts anything; `false` is not needed by the Istio schemas.
      if (!body.get<bool>())
        return fail(at, "the schema `false` is not supported");
      return {};
    }
    if (!body.is_object())
      return fail(at, "a schema must be an object or `true`");
    if (auto it = body.find("$ref"); it != body.end()) {
      for (const auto& [key, v] : body.items()) {
        if (key != "$ref" && !is_annotation(key))
          return fail(at, fmt::format("\"{}\" next to $ref is not supported", key));
      }
      if (!it->is_string() || !it->get<std::string>().starts_with("#/$defs/"))
        return fail(at + "/$ref", "only local references \"#/$defs/<name>\" are supported");
      std::string name = it->get<std::string>().substr(8);
      s.ref = out_.def(name);
      if (!s.ref)
        return fail(at + "/$ref", fmt::format("no definition \"{}\" in $defs", name));
      return {};
    }
    for (const auto& [key, v] : body.items()) {
      std::string kp = child_pointer(at, key);
      if (is_annotation(key))
        continue;
      if (key == "$defs") {
        if (!root)
          return fail(kp, "$defs is only supported at the root");
      } else if (key == "type") {
        auto r = types(v, kp);
        if (!r)
          return r.error();
        s.types = *r;
      } else if (key == "properties") {
        if (!v.is_object())
          return fail(kp, "must be an object");
        for (const auto& [name, pbody] : v.items()) {
          auto p = sub(pbody, child_pointer(kp, name));
          if (!p)
            return p.error();
          s.properties.emplace_back(name, *p);
        }
      } else if (key == "additionalProperties") {
        if (v.is_boolean()) {
          s.additional_allowed = v.get<bool>();
        } else {
          auto p = sub(v, kp);
          if (!p)
            return p.error();
          s.additional = *p;
        }
      } else if (key == "required") {
        if (!v.is_array())
          return fail(kp, "must be an array of strings");
        for (const auto& n : v) {
          if (!n.is_string())
            return fail(kp, "must be an array of strings");
          s.required.push_back(n.get<std::string>());
        }
      } else if (key == "enum") {
        if (!v.is_array() || v.empty())
          return fail(kp, "must be a non-empty array");
        for (const auto& e : v) {
          if (!e.is_string())
            return fail(kp, "only string enums are supported");
          s.enum_values.push_back(e.get<std::string>());
        }
      } else if (key == "items") {
        auto p = sub(v, kp);
        if (!p)
          return p.error();
        s.items = *p;
      } else if (key == "allOf") {
        if (auto r = sub_list(v, kp, s.all_of); !r)
          return r;
      } else if (key == "anyOf") {
        if (auto r = sub_list(v, kp, s.any_of); !r)
          return r;
      } else if (key == "oneOf") {
        if (auto r = sub_list(v, kp, s.one_of); !r)
          return r;
      } else if (key == "not") {
        auto p = sub(v, kp);
        if (!p)
          return p.error();
        s.not_ = *p;
      } else if (key == "minimum" || key == "maximum") {
        auto b = bound(v, kp);
        if (!b)
          return b.error();
        (key == "minimum" ? s.minimum : s.maximum) = *b;
      } else if (key == "minItems" || key == "maxItems" || key == "minLength" ||
                 key == "maxLength" || key == "maxProperties") {
        auto c = count(v, kp);
        if (!c)
          return c.error();
        if (key == "minItems")
          s.min_items = *c;
        else if (key == "maxItems")
          s.max_items = *c;
        else if (key == "minLength")
          s.min_length = *c;
        else if (key == "maxLength")
          s.max_length = *c;
        else
          s.max_properties = *c;
      } else {
        return fail(kp, fmt::format("keyword \"{}\" is not supported by igw's validator", key));
      }
    }
    return {};
  }

  base::Result<uint8_t> types(const json& v, const std::string& pointer) const {
    auto one = [&](const json& t) -> base::Result<uint8_t> {
      if (t.is_string()) {
        for (const auto& [name, bit] : kTypeNames) {
          if (t.get<std::string>() == name)
            return static_cast<uint8_t>(bit);
        }
      }
      return fail(pointer, fmt::format("unknown type {}", t.dump()));
    };
    if (!v.is_array())
      return one(v);
    if (v.empty())
      return fail(pointer, "must not be empty");
    uint8_t mask = 0;
    for (const auto& t : v) {
      auto b = one(t);
      if (!b)
        return b;
      mask |= *b;
    }
    return mask;
  }

  // A $ref chain that loops would make Schema::resolved() spin; refuse it here.
  base::Result<void> check_ref_cycles() const {
    for (const auto& node : out_.nodes_) {
      const Schema* s = node.get();
      size_t steps = 0;
      while (s->ref) {
        s = s->ref;
        if (++steps > out_.nodes_.size())
          return fail(node->pointer, "$ref cycle");
      }
    }
    return {};
  }

  CompiledSchema& out_;
};

base::Result<CompiledSchema> CompiledSchema::compile(std::string_view file,
                                                     std::string_view json_text) {
  CompiledSchema out;
  out.file_ = std::string(file);
  json doc = json::parse(json_text, /*cb=*/nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded())
    return base::make_error(fmt::format("{}: not valid JSON", file));
  Compiler c(out);
  if (auto r = c.run(doc); !r)
    return r.error();
  return out;
}

}  // namespace igw::check::schema
