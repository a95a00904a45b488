// igw's YAML loader alone (config::load: files → positioned config::Node trees), for comparing
// it with yaml_parse_baseline on the same files. No typing, no checks.
//
// Usage: igw_load_only PATH...     prints "<files> files, <documents> documents" to stderr.
#include "lib/config/load.h"

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: igw_load_only PATH...\n";
    return 64;
  }
  std::vector<std::string> paths(argv + 1, argv + argc);
  igw::config::LoadResult r = igw::config::load(paths, std::cin);
  for (const auto& d : r.diagnostics.items())
    std::cerr << d.loc.str() << ": " << d.message << "\n";
  std::cerr << r.files.size() << " files, " << r.documents.size() << " documents\n";
  return r.input_error ? 65 : 0;
}
