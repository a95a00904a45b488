// xoshiro256** (Blackman & Vigna, public domain reference algorithm), seeded with splitmix64.
#include "lib/serve/random.h"

namespace igw::serve {

namespace {

uint64_t splitmix64(uint64_t& x) {
  uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t rotl(uint64_t x, int k) {
  return (x << k) | (x >> (64 - k));
}

}  // namespace

Random::Random(uint64_t seed) {
  for (auto& s : s_)
    s = splitmix64(seed);
}

uint64_t Random::next() {
  const uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

std::string_view Random::uuid(char (&out)[36]) {
  static constexpr char kHex[] = "0123456789abcdef";
  // Where each of the 16 bytes' two hex digits go in 8-4-4-4-12 form (fixed, so no branch per
  // byte: this runs once per request).
  static constexpr unsigned char kAt[16] = {0,  2,  4,  6,  9,  11, 14, 16,
                                            19, 21, 24, 26, 28, 30, 32, 34};
  uint64_t hi = next();
  uint64_t lo = next();
  // Version 4 and the RFC 4122 variant.
  hi = (hi & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;
  lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
  for (int i = 0; i < 8; ++i) {
    auto h = static_cast<unsigned>(hi >> (56 - 8 * i)) & 0xff;
    auto l = static_cast<unsigned>(lo >> (56 - 8 * i)) & 0xff;
    out[kAt[i]] = kHex[h >> 4];
    out[kAt[i] + 1] = kHex[h & 0xf];
    out[kAt[8 + i]] = kHex[l >> 4];
    out[kAt[8 + i] + 1] = kHex[l & 0xf];
  }
  out[8] = out[13] = out[18] = out[23] = '-';
  return std::string_view(out, 36);
}

}  // namespace igw::serve
