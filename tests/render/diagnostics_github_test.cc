#include "lib/render/diagnostics_github.h"

#include "tests/render/diagnostics_test_util.h"

#include <gtest/gtest.h>

#include <sstream>

namespace igw::render {
namespace {

using testing::finding;
using testing::source;

TEST(DiagnosticsGithub, EscapingFollowsActionsToolkit) {
  EXPECT_EQ(github_escape_data("50% a\r\nb:c,d"), "50%25 a%0D%0Ab:c,d");
  EXPECT_EQ(github_escape_property("50% a\r\nb:c,d"), "50%25 a%0D%0Ab%3Ac%2Cd");
}

TEST(DiagnosticsGithub, OneCommandPerFinding) {
  std::ostringstream out;
  DiagnosticsReport r = testing::sample_report();
  r.diagnostics.add(finding(testing::kOwnCheck, "note, with: 100%"));
  write_diagnostics_github(out, r);
  EXPECT_EQ(out.str(),
            "::error file=vs.yaml,line=5,col=5,title=IST0101 ReferencedResourceNotFound::"
            "VirtualService prod/web: Referenced gateway not found: \"bogus\"%0Ahint: create "
            "Gateway prod/bogus\n"
            "::warning file=vs.yaml,line=3,col=1,title=IST0132 "
            "VirtualServiceHostNotFoundInGateway::VirtualService prod/web: host not found\n"
            "::notice title=IGW0999 OwnCheck::note, with: 100%25\n");
}

TEST(DiagnosticsGithub, PathsRelativeToWorkspaceAndEscaped) {
  DiagnosticsReport r;
  r.base_dir = "/home/runner/work/repo";
  r.diagnostics.add(finding(testing::kRefNotFound, "m",
                            source("/home/runner/work/repo/deploy/a,b:c.yaml", ""), 2, 3));
  r.diagnostics.add(finding(testing::kRefNotFound, "m", source("<stdin>", "x"), 4, 1));
  std::ostringstream out;
  write_diagnostics_github(out, r);
  EXPECT_EQ(out.str(),
            "::error file=deploy/a%2Cb%3Ac.yaml,line=2,col=3,title=IST0101 "
            "ReferencedResourceNotFound::m\n"
            "::error title=IST0101 ReferencedResourceNotFound::<stdin>:4:1: m\n");
}

}  // namespace
}  // namespace igw::render
