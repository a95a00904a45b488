// View: typed, positioned reads of an object's YAML.
#include "lib/check/rules/yaml_view.h"

namespace igw::check::rules {

View::View(const model::ObjectBase& obj, const config::Node* node, base::SourceLoc fallback)
    : obj_(&obj), node_(node), fallback_(std::move(fallback)) {}

View View::spec(const model::ObjectBase& obj) {
  const config::Node* spec = obj.node ? obj.node->find("spec") : nullptr;
  return View(obj, spec, obj.loc);
}

base::SourceLoc View::loc() const {
  if (node_ && obj_ && node_->line > 0)
    return obj_->loc_of(*node_);
  return fallback_;
}

base::SourceLoc View::key_loc(std::string_view key) const {
  if (node_ && obj_) {
    if (const config::Node* k = node_->find_key(key))
      return obj_->loc_of(*k);
  }
  return loc();
}

View View::operator[](std::string_view key) const {
  if (!obj_)
    return View();
  const config::Node* child = node_ ? node_->find(key) : nullptr;
  return View(*obj_, child, loc());
}

std::vector<View> View::items() const {
  std::vector<View> out;
  if (!obj_ || !is_seq())
    return out;
  out.reserve(node_->items.size());
  for (const auto& item : node_->items)
    out.emplace_back(*obj_, &item, loc());
  return out;
}

size_t View::size() const {
  return is_seq() ? node_->items.size() : 0;
}

std::vector<std::pair<View, View>> View::entries() const {
  std::vector<std::pair<View, View>> out;
  if (!obj_ || !is_map())
    return out;
  for (const auto& [k, v] : node_->entries)
    out.emplace_back(View(*obj_, &k, loc()), View(*obj_, &v, obj_->loc_of(k)));
  return out;
}

std::optional<int64_t> View::as_int() const {
  return present() ? node_->as_int() : std::nullopt;
}

std::optional<double> View::as_double() const {
  return present() ? node_->as_double() : std::nullopt;
}

std::optional<bool> View::as_bool() const {
  return present() ? node_->as_bool() : std::nullopt;
}

std::optional<std::string> View::as_string() const {
  if (!present() || !node_->is_scalar())
    return std::nullopt;
  return node_->value;
}

std::optional<base::Duration> View::as_duration() const {
  auto s = as_string();
  if (!s)
    return std::nullopt;
  return base::parse_duration(*s);
}

}  // namespace igw::check::rules
