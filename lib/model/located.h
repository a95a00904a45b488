// Located<T>: a value the user wrote, with where they wrote it and whether they wrote it at all.
#pragma once

#include "lib/base/source_loc.h"

#include <string>
#include <utility>
#include <vector>

namespace igw::model {

template <class T>
struct Located {
  T value{};
  base::SourceLoc loc;
  bool present = false;

  explicit operator bool() const { return present; }
  const T& operator*() const { return value; }
  const T* operator->() const { return &value; }
  // The value when present, else `fallback`.
  T value_or(T fallback) const { return present ? value : std::move(fallback); }
  // Where it was written when present, else `fallback` (where a finding about it points).
  const base::SourceLoc& loc_or(const base::SourceLoc& fallback) const {
    return present ? loc : fallback;
  }
};

using LString = Located<std::string>;
using LInt = Located<int64_t>;
using LBool = Located<bool>;
using LDouble = Located<double>;

// An ordered string→string map as written (labels, selectors, header operations).
struct StringMapEntry {
  LString key;
  LString value;
};
using StringMap = std::vector<StringMapEntry>;

// Value of `key` in `m`, or nullptr.
const LString* find_value(const StringMap& m, std::string_view key);

}  // namespace igw::model
