// http::Reason: one step of an explanation — which SEMANTICS rule produced part of an answer,
// and from which YAML.
#pragma once

#include "lib/base/source_loc.h"

#include <string>

namespace igw::http {

struct Reason {
  std::string rule;     // SEMANTICS rule id ("R5.5"), or "" for context
  std::string message;  // one sentence, no trailing period
  base::SourceLoc loc;  // the YAML that caused it, when known
};

}  // namespace igw::http
