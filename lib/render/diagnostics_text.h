// Diagnostics as istioctl-shaped text lines.
#pragma once

#include "lib/base/diagnostic.h"

#include <ostream>

namespace igw::render {

struct TextStyle {
  bool color = false;
  bool source_lines = false;  // the offending line and a caret under the column
};

// `Error [IST0101] (VirtualService prod/web vs.yaml:12:7) Referenced gateway not found: "x"`
void write_diagnostics_text(std::ostream& out, const base::Diagnostics& diags,
                            const TextStyle& style);

}  // namespace igw::render
