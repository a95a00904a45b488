// Positions inside a scalar's text, so a finding can point at one character of a value.
#pragma once

#include "lib/base/source_loc.h"
#include "lib/model/located.h"

#include <cstddef>

namespace igw::check::igw_facts {

// Where byte `offset` of the decoded value of `s` was written. Handles one-line plain,
// single-quoted and double-quoted scalars (escapes included); for anything else (block
// scalars, values folded over several lines) it returns the scalar's own position.
base::SourceLoc loc_in_scalar(const model::LString& s, size_t offset);

}  // namespace igw::check::igw_facts
