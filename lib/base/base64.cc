// Standard base64 (RFC 4648 §4): a lenient and a Go-compatible decoder, and the encoder.
#include "lib/base/base64.h"

#include <cstdint>

namespace igw::base {

namespace {
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
int value_of(char c) {
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  if (c == '+')
    return 62;
  if (c == '/')
    return 63;
  return -1;
}
}  // namespace

std::optional<std::string> base64_decode(std::string_view in) {
  std::string out;
  out.reserve(in.size() * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  size_t pad = 0;
  for (char c : in) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
      continue;
    if (c == '=') {
      ++pad;
      continue;
    }
    if (pad)
      return std::nullopt;  // data after padding
    int v = value_of(c);
    if (v < 0)
      return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  if (pad > 2 || bits >= 6)
    return std::nullopt;
  return out;
}

std::optional<std::string> base64_decode_strict(std::string_view in) {
  std::string clean;
  clean.reserve(in.size());
  for (char c : in) {
    if (c != '\r' && c != '\n')
      clean.push_back(c);
  }
  if (clean.size() % 4 != 0)
    return std::nullopt;
  std::string out;
  out.reserve(clean.size() / 4 * 3);
  for (size_t q = 0; q < clean.size(); q += 4) {
    std::string_view quantum(clean.data() + q, 4);
    size_t pad = 0;
    while (pad < 2 && quantum[3 - pad] == '=')
      ++pad;
    bool last = q + 4 == clean.size();
    if (pad > 0 && !last)
      return std::nullopt;  // data after padding
    uint32_t acc = 0;
    for (size_t i = 0; i < 4 - pad; ++i) {
      int v = value_of(quantum[i]);
      if (v < 0)
        return std::nullopt;
      acc |= static_cast<uint32_t>(v) << (18 - 6 * i);
    }
    out.push_back(static_cast<char>((acc >> 16) & 0xff));
    if (pad < 2)
      out.push_back(static_cast<char>((acc >> 8) & 0xff));
    if (pad < 1)
      out.push_back(static_cast<char>(acc & 0xff));
  }
  return out;
}

std::string base64_encode(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t v = (static_cast<uint8_t>(in[i]) << 16) | (static_cast<uint8_t>(in[i + 1]) << 8) |
                 static_cast<uint8_t>(in[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i + 1 == in.size()) {
    uint32_t v = static_cast<uint8_t>(in[i]) << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    uint32_t v = (static_cast<uint8_t>(in[i]) << 16) | (static_cast<uint8_t>(in[i + 1]) << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

}  // namespace igw::base
