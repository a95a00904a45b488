// Where a piece of user input came from: a file (with its text, for carets) and a 1-based position.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace igw::base {

// A loaded input file. Immutable once built; shared by every location that points into it.
class SourceFile {
 public:
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  // The text of 1-based line `line` without its line terminator; empty when out of range.
  std::string_view line_text(uint32_t line) const;
  uint32_t line_count() const { return static_cast<uint32_t>(line_starts_.size()); }

 private:
  std::string path_;
  std::string text_;
  std::vector<uint32_t> line_starts_;
};

using SourceFilePtr = std::shared_ptr<const SourceFile>;

// A 1-based line and column in a file. line == 0 means "no position" (e.g. a whole file).
struct SourceLoc {
  SourceFilePtr file;
  uint32_t line = 0;
  uint32_t col = 0;

  bool known() const { return file != nullptr; }
  bool has_position() const { return file != nullptr && line > 0; }
  const std::string& path() const;
  // "file:line:col", "file:line" or "file", whichever is known; "" for no file.
  std::string str() const;
};

}  // namespace igw::base
