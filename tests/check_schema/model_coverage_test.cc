// Every key the typed model reads (lib/model/parse_istio.cc) is declared in share/schemas, so the
// schema never calls a field "unknown" that igw itself understands (STYLE-ANCHORS §5 item 21).
#include "lib/config/load.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace igw::check::schema {
namespace {

namespace fs = std::filesystem;

std::string read_text_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Names declared under any "properties" map, read through igw's YAML loader (JSON is YAML), so
// the files are also known to load for YAML-based editors.
void collect_properties(const config::Node& n, std::set<std::string>& out) {
  if (n.is_map()) {
    for (const auto& [k, v] : n.entries) {
      if (k.value == "properties" && v.is_map()) {
        for (const auto& [name, body] : v.entries)
          out.insert(name.value);
      }
      collect_properties(v, out);
    }
  } else if (n.is_seq()) {
    for (const auto& item : n.items)
      collect_properties(item, out);
  }
}

std::set<std::string> schema_properties() {
  std::set<std::string> out;
  fs::path dir = fs::path(IGW_SOURCE_DIR) / "share" / "schemas";
  for (const auto& e : fs::directory_iterator(dir)) {
    if (!e.path().string().ends_with(".schema.json"))
      continue;
    config::LoadResult loaded;
    config::parse_text(e.path().string(), read_text_file(e.path()), loaded);
    EXPECT_TRUE(loaded.diagnostics.empty()) << e.path();
    for (const auto& doc : loaded.documents)
      collect_properties(doc.root, out);
  }
  return out;
}

TEST(SchemaModelCoverage, EveryKeyTheModelReadsIsInTheSchemas) {
  std::string source =
      read_text_file(fs::path(IGW_SOURCE_DIR) / "lib" / "model" / "parse_istio.cc");
  ASSERT_FALSE(source.empty());
  // Field names appear in parse_istio.cc as string literals: r.str(&n, "credentialName"), ...
  std::regex literal(R"re("([A-Za-z][A-Za-z0-9_]*)")re");
  std::set<std::string> keys;
  for (std::sregex_iterator it(source.begin(), source.end(), literal), end; it != end; ++it)
    keys.insert((*it)[1].str());
  ASSERT_GT(keys.size(), 100u) << "the key extraction no longer finds the model's field names";
  // The envelope keys parse.cc reads for every object.
  for (const char* k : {"apiVersion", "kind", "metadata", "name", "namespace", "labels",
                        "annotations", "creationTimestamp", "spec", "status"}) {
    keys.insert(k);
  }
  std::set<std::string> declared = schema_properties();
  for (const auto& k : keys)
    EXPECT_TRUE(declared.count(k)) << "the model reads \"" << k << "\" but no schema declares it";
}

}  // namespace
}  // namespace igw::check::schema
