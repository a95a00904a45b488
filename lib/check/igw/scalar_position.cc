// Maps value offsets back to source columns; see scalar_position.h.
#include "lib/check/igw/scalar_position.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace igw::check::igw_facts {

namespace {

size_t utf8_length(uint32_t cp) {
  if (cp < 0x80)
    return 1;
  if (cp < 0x800)
    return 2;
  if (cp < 0x10000)
    return 3;
  return 4;
}

std::optional<uint32_t> hex_value(std::string_view digits) {
  uint32_t v = 0;
  for (char c : digits) {
    v <<= 4;
    if (c >= '0' && c <= '9')
      v |= static_cast<uint32_t>(c - '0');
    else if (c >= 'a' && c <= 'f')
      v |= static_cast<uint32_t>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
      v |= static_cast<uint32_t>(c - 'A' + 10);
    else
      return std::nullopt;
  }
  return v;
}

// For each decoded byte of the scalar starting at `line[start]`, the 0-based column it came
// from; nullopt when the scalar does not end on this line or cannot be followed.
std::optional<std::vector<size_t>> decoded_columns(std::string_view line, size_t start,
                                                   size_t value_size) {
  std::vector<size_t> cols;
  if (start >= line.size())
    return std::nullopt;
  char open = line[start];
  if (open == '"') {
    for (size_t i = start + 1; i < line.size();) {
      char c = line[i];
      if (c == '"')
        return cols;
      if (c != '\\') {
        cols.push_back(i++);
        continue;
      }
      if (i + 1 >= line.size())
        return std::nullopt;  // escaped line break: the value continues on the next line
      char e = line[i + 1];
      size_t digits = e == 'x' ? 2 : e == 'u' ? 4 : e == 'U' ? 8 : 0;
      size_t bytes = 1;
      if (digits) {
        if (i + 2 + digits > line.size())
          return std::nullopt;
        auto cp = hex_value(line.substr(i + 2, digits));
        if (!cp)
          return std::nullopt;
        bytes = e == 'x' ? 1 : utf8_length(*cp);
      } else if (e == 'N' || e == '_') {
        bytes = 2;  // U+0085, U+00A0
      } else if (e == 'L' || e == 'P') {
        bytes = 3;  // U+2028, U+2029
      }
      for (size_t b = 0; b < bytes; ++b)
        cols.push_back(i);
      i += 2 + digits;
    }
    return std::nullopt;
  }
  if (open == '\'') {
    for (size_t i = start + 1; i < line.size();) {
      if (line[i] == '\'') {
        if (i + 1 < line.size() && line[i + 1] == '\'') {
          cols.push_back(i);
          i += 2;
          continue;
        }
        return cols;
      }
      cols.push_back(i++);
    }
    return std::nullopt;
  }
  if (start + value_size > line.size())
    return std::nullopt;
  for (size_t i = 0; i < value_size; ++i)
    cols.push_back(start + i);
  return cols;
}

}  // namespace

base::SourceLoc loc_in_scalar(const model::LString& s, size_t offset) {
  if (!s.loc.has_position() || s.loc.col == 0)
    return s.loc;
  std::string_view line = s.loc.file->line_text(s.loc.line);
  auto cols = decoded_columns(line, s.loc.col - 1, s.value.size());
  if (!cols || cols->size() != s.value.size() || offset >= cols->size())
    return s.loc;
  // Every byte that was not written as an escape must read back as itself; otherwise the
  // position does not describe this value and the scalar's start is the honest answer.
  for (size_t k = 0; k < cols->size(); ++k) {
    char written = line[(*cols)[k]];
    if (written != '\\' && written != s.value[k])
      return s.loc;
  }
  base::SourceLoc out = s.loc;
  out.col = static_cast<uint32_t>((*cols)[offset] + 1);
  return out;
}

}  // namespace igw::check::igw_facts
