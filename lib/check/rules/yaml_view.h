// Typed, positioned reads of an object's YAML for the validators (DestinationRule policy
// sub-trees are kept as YAML by the model). Reads follow Istio's proto-JSON semantics: a field is
// set when its key is present with a non-null value; a wrong-typed value reads as absent
// (check::schema reports it).
#pragma once

#include "lib/base/duration.h"
#include "lib/base/source_loc.h"
#include "lib/config/node.h"
#include "lib/model/object.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace igw::check::rules {

class View {
 public:
  View() = default;
  View(const model::ObjectBase& obj, const config::Node* node, base::SourceLoc fallback = {});
  // The object's `spec` (absent when missing).
  static View spec(const model::ObjectBase& obj);

  // The key exists with a non-null value.
  bool present() const { return node_ != nullptr && !node_->is_null(); }
  // The key exists with an explicit null (`- ` or `key:` with nothing).
  bool null() const { return node_ != nullptr && node_->is_null(); }
  bool is_map() const { return node_ != nullptr && node_->is_map(); }
  bool is_seq() const { return node_ != nullptr && node_->is_seq(); }
  const config::Node* node() const { return node_; }

  // Where the value is; where its parent is when the key is missing.
  base::SourceLoc loc() const;
  // Where `key` is written in this map (for "remove this field" findings); loc() otherwise.
  base::SourceLoc key_loc(std::string_view key) const;

  // Child `key` of a map (absent when missing or when this is not a map).
  View operator[](std::string_view key) const;
  // Items of a sequence (empty when not a sequence).
  std::vector<View> items() const;
  size_t size() const;
  // Entries of a map as (key, value) views.
  std::vector<std::pair<View, View>> entries() const;

  std::optional<int64_t> as_int() const;
  std::optional<double> as_double() const;
  std::optional<bool> as_bool() const;
  // Any non-null scalar, as written.
  std::optional<std::string> as_string() const;
  // A Go duration string ("1.5s", "24h"); nullopt when absent or unparsable.
  std::optional<base::Duration> as_duration() const;

  // Shorthands for child fields.
  std::optional<int64_t> int_at(std::string_view key) const { return (*this)[key].as_int(); }
  std::optional<bool> bool_at(std::string_view key) const { return (*this)[key].as_bool(); }
  std::optional<std::string> string_at(std::string_view key) const {
    return (*this)[key].as_string();
  }
  // A message field: set when the value is a map (an explicit `{}` counts).
  bool has_message(std::string_view key) const { return (*this)[key].is_map(); }

 private:
  const model::ObjectBase* obj_ = nullptr;
  const config::Node* node_ = nullptr;
  base::SourceLoc fallback_;
};

}  // namespace igw::check::rules
