// http::Headers: an ordered header list with Envoy's header-map operations (append, overwrite,
// set in place, remove), names compared case-insensitively.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace igw::http {

struct Header {
  std::string name;
  std::string value;
  friend bool operator==(const Header&, const Header&) = default;
};

// Order matters: it is the order a client sees on the wire (Envoy keeps insertion order, and an
// HTTP/1 codec writes the map in that order).
class Headers {
 public:
  Headers() = default;
  Headers(std::initializer_list<Header> init) : list_(init) {}

  const std::vector<Header>& entries() const { return list_; }
  bool empty() const { return list_.empty(); }
  size_t size() const { return list_.size(); }
  // Room for `n` entries without reallocating (a proxy knows roughly how many it will add).
  void reserve(size_t n) { list_.reserve(n); }
  auto begin() const { return list_.begin(); }
  auto end() const { return list_.end(); }

  // First value of `name`; nullopt when absent.
  std::optional<std::string_view> get(std::string_view name) const;
  // Every value of `name` joined with `sep` (Envoy joins repeated headers with ","); nullopt
  // when absent.
  std::optional<std::string> get_joined(std::string_view name, std::string_view sep = ",") const;
  bool has(std::string_view name) const;
  size_t count(std::string_view name) const;

  // The editing operations copy what the views show (they may point into this list) once, into
  // the entry itself: no temporaries are built and moved on the way.
  // Appends one more entry (Envoy addCopy / APPEND_IF_EXISTS_OR_ADD).
  void add(std::string_view name, std::string_view value);
  // Removes every entry of `name`, then appends one (Envoy setReferenceKey, used by header
  // parsers for OVERWRITE_IF_EXISTS_OR_ADD): the header moves to the end.
  void overwrite(std::string_view name, std::string_view value);
  // Replaces the value of the first entry in place and drops later ones; appends when absent
  // (Envoy setInline on O(1) headers such as the CORS response headers, server, location).
  void set_in_place(std::string_view name, std::string_view value);
  // Removes every entry of `name`; returns how many were removed.
  size_t remove(std::string_view name);
  // Removes every entry whose name `drop(name)` accepts, in one pass; returns how many.
  template <class Pred>
  size_t remove_names_if(Pred drop) {
    size_t before = list_.size();
    std::erase_if(list_, [&](const Header& h) { return drop(std::string_view(h.name)); });
    return before - list_.size();
  }

  friend bool operator==(const Headers&, const Headers&) = default;

 private:
  std::vector<Header> list_;
};

// One difference between two header lists, for explanations ("added x-api-version: 1.0").
struct HeaderChange {
  enum class Kind { kAdded, kRemoved, kChanged };
  Kind kind = Kind::kAdded;
  std::string name;
  std::string old_value;  // kRemoved, kChanged
  std::string new_value;  // kAdded, kChanged
};

// What turns `before` into `after`, by header name (first-seen order; values of repeated
// headers compared joined with ",").
std::vector<HeaderChange> diff_headers(const Headers& before, const Headers& after);

}  // namespace igw::http
