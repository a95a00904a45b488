// Standard base64 (RFC 4648 §4), as Kubernetes Secret `data` uses it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace igw::base {

// Decodes padded or unpadded standard base64; whitespace and newlines are skipped.
std::optional<std::string> base64_decode(std::string_view in);
// Decodes as Go's base64.StdEncoding does, which is what the Kubernetes API server applies to a
// Secret's `data` values: padding required (length a multiple of 4 once CR/LF are dropped), no
// data after padding, only CR and LF skipped (spaces are errors); non-zero trailing bits are
// accepted, as Go's non-strict decoder does.
std::optional<std::string> base64_decode_strict(std::string_view in);
std::string base64_encode(std::string_view in);

}  // namespace igw::base
