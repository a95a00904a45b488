// The JSON Schemas of share/schemas, embedded at build time so igw needs no runtime path.
#pragma once

#include <span>
#include <string_view>

namespace igw::check::schema {

struct EmbeddedSchemaFile {
  std::string_view name;  // file name in share/schemas, e.g. "gateway.schema.json"
  std::string_view text;  // the file's exact bytes
};

// Every share/schemas/*.schema.json, sorted by name. Defined in the generated
// embedded_schemas.cc (lib/check/schema/embed_schemas.cmake).
std::span<const EmbeddedSchemaFile> embedded_schema_files();

}  // namespace igw::check::schema
