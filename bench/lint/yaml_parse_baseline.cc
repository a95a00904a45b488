// The yardstick for `igw lint` timings: reads the same files and parses them with yaml-cpp's
// YAML::LoadAll, nothing else. Files are found as `igw lint` finds them (directories walked
// recursively, hidden entries skipped, *.yaml/*.yml/*.json, sorted by name), read whole, and
// every document is kept until exit, as igw keeps its trees for the whole run.
//
// With --events, the files go through yaml-cpp's event parser (YAML::Parser) with a handler that
// keeps nothing: the least any yaml-cpp based tool can do, a lower bound under LoadAll.
//
// Usage: yaml_parse_baseline [--events] PATH...
//   prints "<files> files, <documents> documents" to stderr.
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

bool has_yaml_extension(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

void collect(const std::string& path, std::vector<std::string>& out) {
  if (!fs::is_directory(path)) {
    out.push_back(path);
    return;
  }
  std::vector<std::string> found;
  for (auto it = fs::recursive_directory_iterator(path); it != fs::recursive_directory_iterator();
       ++it) {
    std::string name = it->path().filename().string();
    if (!name.empty() && name[0] == '.') {
      if (it->is_directory())
        it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file() && has_yaml_extension(it->path()))
      found.push_back(it->path().string());
  }
  std::sort(found.begin(), found.end());
  out.insert(out.end(), found.begin(), found.end());
}

// Counts documents and drops every event.
class NullHandler : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark&) override { ++documents; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

  size_t documents = 0;
};

}  // namespace

int main(int argc, char** argv) {
  int first = 1;
  bool events = argc > 1 && std::string(argv[1]) == "--events";
  if (events)
    ++first;
  if (argc <= first) {
    std::cerr << "usage: yaml_parse_baseline [--events] PATH...\n";
    return 64;
  }
  std::vector<std::string> files;
  for (int i = first; i < argc; ++i)
    collect(argv[i], files);
  std::vector<std::vector<YAML::Node>> kept;
  size_t documents = 0;
  int rc = 0;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    try {
      if (events) {
        std::istringstream text(ss.str());
        YAML::Parser parser(text);
        NullHandler handler;
        while (parser.HandleNextDocument(handler)) {
        }
        documents += handler.documents;
        continue;
      }
      kept.push_back(YAML::LoadAll(ss.str()));
      documents += kept.back().size();
    } catch (const YAML::Exception& e) {
      std::cerr << f << ": " << e.what() << "\n";
      rc = 65;
    }
  }
  std::cerr << files.size() << " files, " << documents << " documents\n";
  return rc;
}
