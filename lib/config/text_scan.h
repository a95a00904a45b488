// A rough structural reading of YAML text, independent of yaml-cpp, used to explain syntax errors
// at the place the user has to fix: the bracket that is never closed, the quote that runs on.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace igw::config {

// A byte offset with its 1-based line and column.
struct TextPos {
  size_t offset = 0;
  uint32_t line = 0;
  uint32_t col = 0;

  // Strictly before `line`:`col` (both 1-based).
  bool before(uint32_t l, uint32_t c) const { return line < l || (line == l && col < c); }
};

// A flow collection opener ('[' or '{') that its document never closes.
struct UnclosedBracket {
  TextPos pos;
  char bracket = '[';
};

// A quoted scalar that spans more than one line or never ends.
struct QuotedSpan {
  TextPos open;
  TextPos close;  // the closing quote; meaningless when !closed
  bool closed = false;
  char quote = '"';
};

struct TextScan {
  std::vector<UnclosedBracket> unclosed;  // in text order
  std::vector<QuotedSpan> multiline_quotes;
};

// Reads `text` line by line, tracking block/flow context, quotes, comments, block scalars and
// document markers. It does not validate YAML: it is only consulted after the real parser failed,
// so a misreading can cost a worse message, never a wrong acceptance.
TextScan scan_text(std::string_view text);

}  // namespace igw::config
