#include "lib/check/schema/kind_schemas.h"

#include "lib/check/schema/embedded.h"

#include <array>
#include <stdexcept>
#include <string>
#include <utility>

namespace igw::check::schema {

namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kKindFiles = {{
    {"Gateway", "gateway.schema.json"},
    {"VirtualService", "virtual-service.schema.json"},
    {"DestinationRule", "destination-rule.schema.json"},
    {"ServiceEntry", "service-entry.schema.json"},
}};

CompiledSchema load(std::string_view file) {
  for (const auto& f : embedded_schema_files()) {
    if (f.name != file)
      continue;
    auto compiled = CompiledSchema::compile(f.name, f.text);
    if (!compiled)
      throw std::logic_error("embedded schema does not compile: " + compiled.error().message);
    return std::move(compiled).value();
  }
  throw std::logic_error("schema " + std::string(file) + " is not embedded");
}

struct AllSchemas {
  std::array<CompiledSchema, kKindFiles.size()> by_kind;
};

const AllSchemas& all() {
  // Compiled once, on first use, and immutable afterwards (thread-safe static init).
  static const AllSchemas kAll{{load(kKindFiles[0].second), load(kKindFiles[1].second),
                                load(kKindFiles[2].second), load(kKindFiles[3].second)}};
  return kAll;
}

}  // namespace

std::string_view schema_file_for_kind(std::string_view kind) {
  for (const auto& [k, file] : kKindFiles) {
    if (k == kind)
      return file;
  }
  return {};
}

const CompiledSchema* schema_for_kind(std::string_view kind) {
  for (size_t i = 0; i < kKindFiles.size(); ++i) {
    if (kKindFiles[i].first == kind)
      return &all().by_kind[i];
  }
  return nullptr;
}

}  // namespace igw::check::schema
