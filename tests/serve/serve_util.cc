// Test helpers for serve.
#include "tests/serve/serve_util.h"

#include <stdlib.h>

#include <fstream>
#include <sstream>

namespace igw::serve::testing {

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "igw-serve-test.XXXXXX").string();
  char* made = mkdtemp(tmpl.data());
  path_ = made ? std::filesystem::path(made) : std::filesystem::temp_directory_path();
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string TempDir::write(const std::string& name, const std::string& content) const {
  std::filesystem::path p = path_ / name;
  std::ofstream(p) << content;
  return p.string();
}

std::string TempDir::read(const std::string& name) const {
  std::ifstream in(path_ / name, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace igw::serve::testing
