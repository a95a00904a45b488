#include "lib/render/diagnostics_text.h"

#include <fmt/format.h>

namespace igw::render {

void write_diagnostics_text(std::ostream& out, const base::Diagnostics& diags,
                            const TextStyle& style) {
  for (const auto& d : diags.items()) {
    std::string origin = d.resource.str();
    std::string where = d.loc.str();
    std::string paren;
    if (!origin.empty() && !where.empty()) {
      paren = fmt::format(" ({} {})", origin, where);
    } else if (!origin.empty() || !where.empty()) {
      paren = fmt::format(" ({})", origin.empty() ? where : origin);
    }
    out << fmt::format("{} [{}]{} {}\n", base::severity_name(d.severity), d.code, paren, d.message);
    if (style.source_lines && d.loc.has_position()) {
      std::string_view line = d.loc.file->line_text(d.loc.line);
      out << "    " << line << "\n";
      if (d.loc.col > 0)
        out << "    " << std::string(d.loc.col - 1, ' ') << "^\n";
    }
    if (!d.hint.empty())
      out << "    hint: " << d.hint << "\n";
  }
}

}  // namespace igw::render
