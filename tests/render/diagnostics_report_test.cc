#include "lib/render/diagnostics_report.h"

#include "tests/render/diagnostics_test_util.h"

#include <gtest/gtest.h>

namespace igw::render {
namespace {

TEST(DiagnosticsReport, RelativePath) {
  EXPECT_EQ(relative_path("/work/repo/a/b.yaml", "/work/repo"), "a/b.yaml");
  EXPECT_EQ(relative_path("/work/repo/a/../b.yaml", "/work/repo/"), "b.yaml");
  EXPECT_EQ(relative_path("./a/b.yaml", "/work/repo"), "a/b.yaml");
  EXPECT_EQ(relative_path("/etc/x.yaml", "/work/repo"), "/etc/x.yaml");
  EXPECT_EQ(relative_path("/work/repository/x.yaml", "/work/repo"), "/work/repository/x.yaml");
  EXPECT_EQ(relative_path("/work/repo/x.yaml", ""), "/work/repo/x.yaml");
}

TEST(DiagnosticsReport, IstioCodesAndPages) {
  std::vector<const base::MessageType*> catalog = {&testing::kOwnCheck};
  EXPECT_EQ(istio_code_of("IST0132", catalog), "IST0132");
  EXPECT_EQ(istio_code_of("IGW0999", catalog), "IST0106");
  EXPECT_EQ(istio_code_of("IGW0001", catalog), "");
  EXPECT_EQ(istio_doc_url("IST0132"),
            "https://istio.io/latest/docs/reference/config/analysis/ist0132/");
  EXPECT_EQ(istio_doc_url("IGW0001"), "");
  EXPECT_EQ(find_message_type(catalog, "IGW0999"), &testing::kOwnCheck);
  EXPECT_EQ(find_message_type(catalog, "IGW0998"), nullptr);
}

TEST(DiagnosticsReport, Levels) {
  EXPECT_EQ(sarif_level(base::Severity::Info), "note");
  EXPECT_EQ(sarif_level(base::Severity::Warning), "warning");
  EXPECT_EQ(sarif_level(base::Severity::Error), "error");
  EXPECT_EQ(count_phrase(1, "file", "files"), "1 file");
  EXPECT_EQ(count_phrase(0, "file", "files"), "0 files");
}

}  // namespace
}  // namespace igw::render
