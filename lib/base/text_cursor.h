// base::TextCursor: writes text into space the caller has already sized for all of it, so a
// formatter that runs per request pays one resize instead of a capacity check per piece.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace igw::base {

class TextCursor {
 public:
  explicit TextCursor(char* p) : p_(p) {}
  void ch(char c) { *p_++ = c; }
  void text(std::string_view v) {
    std::memcpy(p_, v.data(), v.size());
    p_ += v.size();
  }
  // Decimal digits: at most kMaxDigits.
  void number(uint64_t v) {
    fmt::format_int digits(v);
    text(std::string_view(digits.data(), digits.size()));
  }
  static constexpr size_t kMaxDigits = 20;
  char* end() const { return p_; }

 private:
  char* p_;
};

// Appends to `out` what `write(TextCursor&)` writes; it must write at most `bound` bytes.
template <class Write>
void append_bounded(std::string& out, size_t bound, Write&& write) {
  const size_t at = out.size();
  out.resize(at + bound);
  TextCursor cursor(out.data() + at);
  write(cursor);
  out.resize(static_cast<size_t>(cursor.end() - out.data()));
}

}  // namespace igw::base
