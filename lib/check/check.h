// A check family: a named unit (Istio analyzer name where it is Istio's) with its message types.
#pragma once

#include "lib/base/diagnostic.h"
#include "lib/check/context.h"

#include <string_view>
#include <vector>

namespace igw::check {

struct Check {
  std::string_view name;         // "gateway.SecretAnalyzer", "schema.Gateway", "igw.Security"
  std::string_view description;  // one line, for `igw lint -L`
  std::vector<const base::MessageType*> messages;
  // Kinds the input must contain for the check to run (see CheckOptions).
  std::vector<std::string_view> requires_kinds;
  void (*run)(Context&) = nullptr;
};

}  // namespace igw::check
