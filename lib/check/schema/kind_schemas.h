// The compiled schema of each Istio kind igw checks, loaded from the embedded files once.
#pragma once

#include "lib/check/schema/schema.h"

#include <string_view>

namespace igw::check::schema {

// Schema file (in share/schemas) of `kind`, or "" for a kind without one.
std::string_view schema_file_for_kind(std::string_view kind);

// The compiled schema of `kind` ("Gateway", "VirtualService", "DestinationRule",
// "ServiceEntry"), or nullptr for other kinds. The embedded files are compiled on first use; a
// file that does not compile is a build defect (the embedded-schema tests catch it) and throws
// std::logic_error.
const CompiledSchema* schema_for_kind(std::string_view kind);

}  // namespace igw::check::schema
