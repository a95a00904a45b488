// Internal to lib/compile: where the builders record what Istio would leave out (CompileNote).
#pragma once

#include "lib/compile/route_table.h"

#include <string>
#include <vector>

namespace igw::compile::detail {

class Notes {
 public:
  explicit Notes(std::vector<CompileNote>& out) : out_(out) {}
  void add(std::string rule, std::string object, std::string message, base::SourceLoc loc) {
    out_.push_back(
        CompileNote{std::move(rule), std::move(object), std::move(message), std::move(loc)});
  }

 private:
  std::vector<CompileNote>& out_;
};

}  // namespace igw::compile::detail
