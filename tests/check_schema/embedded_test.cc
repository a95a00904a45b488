// The schemas compiled into igw are exactly the files in share/schemas, and each compiles.
#include "lib/check/schema/embedded.h"

#include "lib/check/schema/kind_schemas.h"
#include "lib/check/schema/schema.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace igw::check::schema {
namespace {

namespace fs = std::filesystem;

std::string read_schema_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(EmbeddedSchemas, EqualTheFilesInShareSchemas) {
  fs::path dir = fs::path(IGW_SOURCE_DIR) / "share" / "schemas";
  std::vector<std::string> on_disk;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string name = e.path().filename().string();
    if (name.ends_with(".schema.json"))
      on_disk.push_back(name);
  }
  std::sort(on_disk.begin(), on_disk.end());

  std::vector<std::string> embedded;
  for (const auto& f : embedded_schema_files()) {
    embedded.emplace_back(f.name);
    EXPECT_EQ(std::string(f.text), read_schema_file(dir / std::string(f.name)))
        << f.name << " differs from the embedded copy: rebuild igw_check_schema";
  }
  EXPECT_EQ(embedded, on_disk);
  EXPECT_EQ(embedded.size(), 4u);
}

TEST(EmbeddedSchemas, EveryFileCompiles) {
  for (const auto& f : embedded_schema_files()) {
    auto compiled = CompiledSchema::compile(f.name, f.text);
    ASSERT_TRUE(compiled) << compiled.error().message;
    EXPECT_NE(compiled->def("ObjectMeta"), nullptr) << f.name;
    EXPECT_NE(compiled->root().property("spec"), nullptr) << f.name;
  }
}

TEST(EmbeddedSchemas, EachIstioKindHasOne) {
  for (std::string_view kind : {"Gateway", "VirtualService", "DestinationRule", "ServiceEntry"}) {
    const CompiledSchema* s = schema_for_kind(kind);
    ASSERT_NE(s, nullptr) << kind;
    EXPECT_EQ(s->file(), schema_file_for_kind(kind));
    // The kind enum of the envelope names the kind itself.
    const Schema* k = s->root().property("kind");
    ASSERT_NE(k, nullptr);
    EXPECT_EQ(k->resolved().enum_values, std::vector<std::string>{std::string(kind)});
  }
  EXPECT_EQ(schema_for_kind("Secret"), nullptr);
  EXPECT_EQ(schema_file_for_kind("Sidecar"), "");
}

TEST(EmbeddedSchemas, CompiledOnceAndShared) {
  EXPECT_EQ(schema_for_kind("Gateway"), schema_for_kind("Gateway"));
}

}  // namespace
}  // namespace igw::check::schema
