#include "check_analyzers_util.h"

#include <gtest/gtest.h>

namespace igw::check::testing {
namespace {

constexpr std::string_view kVsConflictingMeshHostsAnalyzer =
    "virtualservice.ConflictingMeshGatewayHostsAnalyzer";

std::string vs_for_host(const std::string& name, const std::string& ns, const std::string& host,
                        const std::string& extra = "") {
  return "---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: " +
         name + "\n  namespace: " + ns + "\nspec:\n  hosts:\n  - " + host + "\n" + extra +
         "  http:\n  - route:\n    - destination: {host: " + host + "}\n";
}

TEST(VsConflictingMeshHosts, DistinctHostsOrGatewayBoundPass) {
  EXPECT_TRUE(run_analyzer(kVsConflictingMeshHostsAnalyzer, vs_for_host("a", "shop", "reviews") +
                                                                vs_for_host("b", "shop", "ratings"))
                  .empty());
  // Bound to a gateway only: not a mesh VirtualService.
  EXPECT_TRUE(run_analyzer(kVsConflictingMeshHostsAnalyzer,
                           vs_for_host("a", "shop", "reviews") +
                               vs_for_host("b", "other", "reviews.shop.svc.cluster.local",
                                           "  gateways: [istio-system/public]\n"))
                  .empty());
  // Each exported only to its own namespace.
  EXPECT_TRUE(run_analyzer(kVsConflictingMeshHostsAnalyzer,
                           vs_for_host("a", "shop", "reviews", "  exportTo: [.]\n") +
                               vs_for_host("b", "other", "reviews.shop.svc.cluster.local",
                                           "  exportTo: [.]\n"))
                  .empty());
}

TEST(VsConflictingMeshHosts, SameFqdnIsAnErrorOnEachVirtualService) {
  auto found = run_analyzer(kVsConflictingMeshHostsAnalyzer,
                            vs_for_host("a", "shop", "reviews") +
                                vs_for_host("b", "other", "reviews.shop.svc.cluster.local"));
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].code, "IST0109");
  EXPECT_EQ(found[0].severity, base::Severity::Error);
  EXPECT_EQ(found[0].resource.str(), "VirtualService shop/a");
  EXPECT_EQ(line_col(found[0]), "5:9");  // metadata.name
  EXPECT_EQ(found[0].message,
            "The VirtualServices other/b,shop/a associated with mesh gateway define the same host "
            "*/reviews.shop.svc.cluster.local which can lead to undefined behavior. This can be "
            "fixed by merging the conflicting VirtualServices into a single resource.");
  EXPECT_EQ(found[1].resource.str(), "VirtualService other/b");
}

TEST(VsConflictingMeshHosts, ScopedHostConflictsWithAMatchingHostExportedEverywhere) {
  auto found = run_analyzer(kVsConflictingMeshHostsAnalyzer,
                            vs_for_host("a", "shop", "api.example.com", "  exportTo: [.]\n") +
                                vs_for_host("b", "other", "\"*.example.com\""));
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].resource.str(), "VirtualService shop/a");
  EXPECT_NE(found[0].message.find("define the same host shop/api.example.com"), std::string::npos);
}

}  // namespace
}  // namespace igw::check::testing
