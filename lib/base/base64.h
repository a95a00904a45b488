// Standard base64 (RFC 4648 §4), as Kubernetes Secret `data` uses it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace igw::base {

// Decodes padded or unpadded standard base64; whitespace and newlines are skipped.
std::optional<std::string> base64_decode(std::string_view in);
std::string base64_encode(std::string_view in);

}  // namespace igw::base
