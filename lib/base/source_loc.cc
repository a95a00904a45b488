#include "lib/base/source_loc.h"

#include <fmt/format.h>

namespace igw::base {

SourceFile::SourceFile(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (uint32_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n')
      line_starts_.push_back(i + 1);
  }
  if (!text_.empty() && text_.back() == '\n')
    line_starts_.pop_back();
}

std::string_view SourceFile::line_text(uint32_t line) const {
  if (line == 0 || line > line_starts_.size())
    return {};
  uint32_t begin = line_starts_[line - 1];
  uint32_t end =
      line < line_starts_.size() ? line_starts_[line] : static_cast<uint32_t>(text_.size());
  std::string_view s(text_.data() + begin, end - begin);
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

const std::string& SourceLoc::path() const {
  static const std::string kEmpty;
  return file ? file->path() : kEmpty;
}

std::string SourceLoc::str() const {
  if (!file)
    return {};
  if (line == 0)
    return file->path();
  if (col == 0)
    return fmt::format("{}:{}", file->path(), line);
  return fmt::format("{}:{}:{}", file->path(), line, col);
}

}  // namespace igw::base
