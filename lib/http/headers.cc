// http::Headers: ordered header list with Envoy's header-map operations.
#include "lib/http/headers.h"

#include "lib/base/strings.h"

#include <algorithm>

namespace igw::http {

std::optional<std::string_view> Headers::get(std::string_view name) const {
  for (const auto& h : list_) {
    if (base::iequals(h.name, name))
      return std::string_view(h.value);
  }
  return std::nullopt;
}

std::optional<std::string> Headers::get_joined(std::string_view name, std::string_view sep) const {
  std::optional<std::string> out;
  for (const auto& h : list_) {
    if (!base::iequals(h.name, name))
      continue;
    if (!out) {
      out = h.value;
    } else {
      out->append(sep);
      out->append(h.value);
    }
  }
  return out;
}

bool Headers::has(std::string_view name) const {
  return get(name).has_value();
}

size_t Headers::count(std::string_view name) const {
  return static_cast<size_t>(std::count_if(
      list_.begin(), list_.end(), [&](const Header& h) { return base::iequals(h.name, name); }));
}

void Headers::add(std::string_view name, std::string_view value) {
  // Both copies are made before the vector may grow and move the bytes a view points into.
  list_.emplace_back(std::string(name), std::string(value));
}

void Headers::overwrite(std::string_view name, std::string_view value) {
  Header entry{std::string(name), std::string(value)};  // before remove() moves entries
  remove(entry.name);
  list_.push_back(std::move(entry));
}

void Headers::set_in_place(std::string_view name, std::string_view value) {
  auto first = std::find_if(list_.begin(), list_.end(),
                            [&](const Header& h) { return base::iequals(h.name, name); });
  if (first == list_.end()) {
    add(name, value);
    return;
  }
  // assign() copes with `value` viewing this very string; the later entries are compared with
  // the first's name, which stays put while they move (`name` might view one of them).
  first->value.assign(value);
  const std::string& key = first->name;
  auto rest = std::remove_if(std::next(first), list_.end(),
                             [&](const Header& h) { return base::iequals(h.name, key); });
  list_.erase(rest, list_.end());
}

size_t Headers::remove(std::string_view name) {
  auto it = std::remove_if(list_.begin(), list_.end(),
                           [&](const Header& h) { return base::iequals(h.name, name); });
  size_t n = static_cast<size_t>(std::distance(it, list_.end()));
  list_.erase(it, list_.end());
  return n;
}

std::vector<HeaderChange> diff_headers(const Headers& before, const Headers& after) {
  std::vector<std::string> names;
  auto note = [&](const std::string& n) {
    std::string lower = base::to_lower(n);
    if (std::find(names.begin(), names.end(), lower) == names.end())
      names.push_back(std::move(lower));
  };
  for (const auto& h : before)
    note(h.name);
  for (const auto& h : after)
    note(h.name);

  std::vector<HeaderChange> out;
  for (const auto& n : names) {
    auto b = before.get_joined(n);
    auto a = after.get_joined(n);
    if (b && !a) {
      out.push_back({HeaderChange::Kind::kRemoved, n, *b, {}});
    } else if (!b && a) {
      out.push_back({HeaderChange::Kind::kAdded, n, {}, *a});
    } else if (b && a && *a != *b) {
      out.push_back({HeaderChange::Kind::kChanged, n, *b, *a});
    }
  }
  return out;
}

}  // namespace igw::http
