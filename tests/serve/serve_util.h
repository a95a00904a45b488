// Test helpers for serve: temporary directories with manifests.
#pragma once

#include <filesystem>
#include <string>

namespace igw::serve::testing {

// A fresh directory under the system temp dir, removed with the object.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }
  std::string write(const std::string& name, const std::string& content) const;
  // The content of `name` in the directory, "" when it cannot be read.
  std::string read(const std::string& name) const;

 private:
  std::filesystem::path path_;
};

}  // namespace igw::serve::testing
