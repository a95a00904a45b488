// load(): files, directory walks, stdin, and paths that cannot be read.
#include "lib/config/messages.h"
#include "tests/config/config_test_util.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace igw::config {
namespace {

namespace fs = std::filesystem;
using testing::diags;

// A fresh directory under the build tree, removed afterwards.
class LoadPaths : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(IGW_BINARY_DIR) / "test-tmp" /
           (std::string("load-") + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(dir_, ec);
  }
  std::string write(const std::string& rel, const std::string& text) {
    fs::path p = dir_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  LoadResult load_paths(const std::vector<std::string>& paths, const std::string& stdin_text = "",
                        const LoadLimits& limits = {}) {
    std::istringstream in(stdin_text);
    return load(paths, in, limits);
  }
  std::vector<std::string> relative_files(const LoadResult& r) {
    std::vector<std::string> out;
    for (const auto& f : r.files)
      out.push_back(fs::path(f).lexically_relative(dir_).string());
    return out;
  }

  fs::path dir_;
};

TEST_F(LoadPaths, DirectoryIsWalkedRecursivelyInNameOrder) {
  write("b.yaml", "b: 1\n");
  write("a.yml", "a: 1\n");
  write("sub/c.json", "{\"c\": 1}\n");
  write("sub/deeper/d.YAML", "d: 1\n");
  write("notes.txt", "not: yaml\n");
  write("README.md", "# hi\n");
  write("script.sh", "echo\n");
  write(".hidden.yaml", "hidden: 1\n");
  write(".git/config.yaml", "git: 1\n");
  write("sub/.cache/e.yaml", "cache: 1\n");
  auto r = load_paths({dir_.string()});
  EXPECT_FALSE(r.input_error) << diags(r);
  EXPECT_EQ(relative_files(r),
            (std::vector<std::string>{"a.yml", "b.yaml", "sub/c.json", "sub/deeper/d.YAML"}));
  ASSERT_EQ(r.documents.size(), 4u);
  EXPECT_NE(r.documents[0].root.find("a"), nullptr);
  EXPECT_EQ(r.documents[2].file->path(), (dir_ / "sub/c.json").string());
}

TEST_F(LoadPaths, ExplicitFileIsReadWhateverItsExtension) {
  std::string txt = write("manifest.txt", "kind: X\n");
  auto r = load_paths({txt});
  EXPECT_FALSE(r.input_error);
  ASSERT_EQ(r.documents.size(), 1u);
  EXPECT_EQ(r.documents[0].root.find("kind")->value, "X");
}

TEST_F(LoadPaths, PathsKeepTheirOrder) {
  std::string b = write("b.yaml", "b: 1\n");
  std::string a = write("a.yaml", "a: 1\n");
  auto r = load_paths({b, a});
  EXPECT_EQ(relative_files(r), (std::vector<std::string>{"b.yaml", "a.yaml"}));
}

TEST_F(LoadPaths, StdinIsReadOnce) {
  std::string f = write("f.yaml", "f: 1\n");
  auto r = load_paths({"-", f, "-"}, "s: 1\n---\nt: 2\n");
  EXPECT_FALSE(r.input_error);
  EXPECT_EQ(r.files, (std::vector<std::string>{"<stdin>", f}));
  ASSERT_EQ(r.documents.size(), 3u);
  EXPECT_EQ(r.documents[0].file->path(), "<stdin>");
  EXPECT_EQ(r.documents[1].index, 1u);
  EXPECT_EQ(r.documents[1].loc(*r.documents[1].root.find("t")).str(), "<stdin>:3:4");
}

TEST_F(LoadPaths, EmptyStdinAndEmptyFilesAreFine) {
  write("empty.yaml", "");
  write("comments.yaml", "# nothing here\n");
  auto r = load_paths({"-", dir_.string()}, "");
  EXPECT_FALSE(r.input_error) << diags(r);
  EXPECT_EQ(r.diagnostics.size(), 0u);
}

TEST_F(LoadPaths, MissingPathIsAnInputErrorAndTheRestStillLoads) {
  std::string ok = write("ok.yaml", "ok: 1\n");
  std::string missing = (dir_ / "missing.yaml").string();
  auto r = load_paths({missing, ok});
  EXPECT_TRUE(r.input_error);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  const auto& d = r.diagnostics.items()[0];
  EXPECT_EQ(d.code, "IGW0001");
  EXPECT_EQ(d.message, missing + ": no such file or directory");
  EXPECT_EQ(d.loc.path(), missing);
  EXPECT_EQ(d.loc.line, 0u);
  EXPECT_EQ(r.documents.size(), 1u);
}

TEST_F(LoadPaths, PathThroughAFileIsMissing) {
  std::string f = write("file.yaml", "a: 1\n");
  auto r = load_paths({f + "/child.yaml"});
  EXPECT_TRUE(r.input_error);
  EXPECT_EQ(diags(r), "IGW0001 0:0");
}

TEST_F(LoadPaths, UnreadableFile) {
  std::string f = write("secret.yaml", "a: 1\n");
  ASSERT_EQ(::chmod(f.c_str(), 0), 0);
  if (::access(f.c_str(), R_OK) == 0)
    GTEST_SKIP() << "running with privileges that read a mode-000 file (root)";
  auto r = load_paths({f});
  EXPECT_TRUE(r.input_error);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics.items()[0].code, "IGW0001");
  EXPECT_NE(r.diagnostics.items()[0].message.find("cannot open"), std::string::npos);
}

TEST_F(LoadPaths, SizeLimitRefusesFilesAndStdin) {
  std::string big = write("big.yaml", "a: " + std::string(200, 'x') + "\n");
  write("small.yaml", "b: 1\n");
  LoadLimits limits;
  limits.max_file_bytes = 100;
  auto r = load_paths({dir_.string()}, "", limits);
  EXPECT_TRUE(r.input_error);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics.items()[0].code, "IGW0001");
  EXPECT_NE(r.diagnostics.items()[0].message.find("larger than the 100 byte limit"),
            std::string::npos);
  EXPECT_EQ(r.diagnostics.items()[0].loc.path(), big);
  EXPECT_EQ(r.documents.size(), 1u);  // small.yaml still loads

  auto s = load_paths({"-"}, std::string(150, '#'), limits);
  EXPECT_TRUE(s.input_error);
  EXPECT_EQ(diags(s), "IGW0001 0:0");
}

TEST_F(LoadPaths, SyntaxErrorInOneFileKeepsTheOthers) {
  write("a.yaml", "a: [\n");
  write("b.yaml", "b: 1\n");
  auto r = load_paths({dir_.string()});
  EXPECT_TRUE(r.input_error);
  EXPECT_EQ(r.documents.size(), 1u);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics.items()[0].loc.str(), (dir_ / "a.yaml").string() + ":1:4");
}

TEST_F(LoadPaths, EmptyDirectory) {
  auto r = load_paths({dir_.string()});
  EXPECT_FALSE(r.input_error);
  EXPECT_TRUE(r.documents.empty());
  EXPECT_TRUE(r.files.empty());
}

}  // namespace
}  // namespace igw::config
