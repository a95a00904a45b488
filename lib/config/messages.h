// Finding types raised while reading input (IGW00xx).
#pragma once

#include "lib/base/diagnostic.h"

namespace igw::config::msg {

using base::MessageType;
using base::Severity;

inline constexpr MessageType kFileUnreadable{"IGW0001", "FileUnreadable", Severity::Error,
                                             "An input path cannot be read."};
inline constexpr MessageType kYamlSyntax{"IGW0002", "YamlSyntaxError", Severity::Error,
                                         "A file is not valid YAML."};
inline constexpr MessageType kDuplicateKey{
    "IGW0003", "DuplicateKey", Severity::Error,
    "A mapping repeats a key; Kubernetes rejects the document."};
inline constexpr MessageType kSkippedDocument{
    "IGW0004", "SkippedDocument", Severity::Info,
    "A document is not an object igw checks (no apiVersion/kind, or an unrelated kind)."};

}  // namespace igw::config::msg
