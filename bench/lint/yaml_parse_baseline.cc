// The yardstick for `igw lint` timings: reads the same files and parses them with yaml-cpp's
// YAML::LoadAll, nothing else. Files are found as `igw lint` finds them (directories walked
// recursively, hidden entries skipped, *.yaml/*.yml/*.json, sorted by name), read whole, and
// every document is kept until exit, as igw keeps its trees for the whole run.
//
// Usage: yaml_parse_baseline PATH...     prints "<files> files, <documents> documents" to stderr.
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
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
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

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: yaml_parse_baseline PATH...\n";
    return 64;
  }
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i)
    collect(argv[i], files);
  std::vector<std::vector<YAML::Node>> kept;
  size_t documents = 0;
  int rc = 0;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    try {
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
