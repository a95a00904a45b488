// Lenient typed reads from YAML nodes: a field of the wrong type reads as absent (check::schema
// reports it), so parsing never fails.
#pragma once

#include "lib/config/document.h"
#include "lib/model/located.h"

#include <string_view>
#include <vector>

namespace igw::model {

class Reader {
 public:
  explicit Reader(const config::Document& doc) : doc_(doc) {}

  base::SourceLoc loc(const config::Node& n) const { return doc_.loc(n); }
  base::SourceLoc loc(const config::Node* n) const { return n ? doc_.loc(*n) : base::SourceLoc{}; }

  // Child `key` of map `m` when it is a map / a sequence; nullptr otherwise.
  const config::Node* map(const config::Node* m, std::string_view key) const;
  const config::Node* seq(const config::Node* m, std::string_view key) const;
  // True when `m` has the key at all (whatever its value).
  bool has(const config::Node* m, std::string_view key) const;

  LString str(const config::Node* m, std::string_view key) const;
  LInt integer(const config::Node* m, std::string_view key) const;
  LBool boolean(const config::Node* m, std::string_view key) const;
  LDouble number(const config::Node* m, std::string_view key) const;
  std::vector<LString> str_list(const config::Node* m, std::string_view key) const;
  StringMap string_map(const config::Node* m, std::string_view key) const;

  LString str_of(const config::Node& n) const;
  LInt int_of(const config::Node& n) const;

 private:
  const config::Document& doc_;
};

}  // namespace igw::model
