// serve::Random: a fast per-worker pseudo-random source (xoshiro256**) for weighted picks,
// fault/mirror sampling, retry back-off jitter and x-request-id values. Not for secrets.
#pragma once

#include <cstdint>
#include <string_view>

namespace igw::serve {

class Random {
 public:
  explicit Random(uint64_t seed);
  uint64_t next();

  // A version 4 UUID in its 36-character text form, written into `out` (the x-request-id Envoy
  // generates for every edge request).
  std::string_view uuid(char (&out)[36]);

 private:
  uint64_t s_[4];
};

}  // namespace igw::serve
