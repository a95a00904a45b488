#include "check_analyzers_util.h"

#include <gtest/gtest.h>

namespace igw::check::testing {
namespace {

constexpr std::string_view kDrSubsetSelectPodAnalyzer = "destinationrule.SubsetSelectPodAnalyzer";

// Lines 1-20: a Service, a Pod labelled version v1 on node n1, and node n1 in zone z1.
const std::string kSubsetPodWorkload = R"(apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: shop}
spec:
  selector: {app: reviews}
  ports: [{name: http, port: 9080}]
---
apiVersion: v1
kind: Pod
metadata:
  name: reviews-v1
  namespace: shop
  labels: {app: reviews, version: v1}
spec:
  nodeName: n1
---
apiVersion: v1
kind: Node
metadata: {name: n1, labels: {topology.kubernetes.io/zone: z1}}
---
)";

// From line 21; the host is on line 25, the subsets start on line 27.
std::string dr_with_subsets(const std::string& host, const std::string& subsets) {
  return "apiVersion: networking.istio.io/v1\nkind: DestinationRule\n"
         "metadata: {name: reviews, namespace: shop}\nspec:\n  host: " +
         host + "\n  subsets:\n" + subsets;
}

TEST(DrSubsetSelectPod, SubsetsSelectingPodsPass) {
  EXPECT_TRUE(
      run_analyzer(kDrSubsetSelectPodAnalyzer,
                   kSubsetPodWorkload + dr_with_subsets("reviews",
                                                        "  - {name: v1, labels: {version: v1}}\n"
                                                        "  - {name: z1, labels: "
                                                        "{topology.kubernetes.io/zone: z1}}\n"))
          .empty());
}

TEST(DrSubsetSelectPod, SubsetSelectingNoPodIsAnError) {
  auto found =
      run_analyzer(kDrSubsetSelectPodAnalyzer,
                   kSubsetPodWorkload + dr_with_subsets("reviews.shop.svc.cluster.local",
                                                        "  - {name: v1, labels: {version: v1}}\n"
                                                        "  - name: v2\n"
                                                        "    labels: {version: v2}\n"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IST0173");
  EXPECT_EQ(found[0].severity, base::Severity::Error);
  EXPECT_EQ(found[0].resource.str(), "DestinationRule shop/reviews");
  EXPECT_EQ(line_col(found[0]), "28:11");  // subsets[1].name
  EXPECT_EQ(found[0].message,
            "The Subset v2 defined in the DestinationRule does not select any pods. Which may "
            "lead to 503 UH (NoHealthyUpstream).");
}

TEST(DrSubsetSelectPod, UnknownHostIsAWarning) {
  auto found = run_analyzer(
      kDrSubsetSelectPodAnalyzer,
      kSubsetPodWorkload + dr_with_subsets("ratings", "  - {name: v1, labels: {version: v1}}\n"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IST0174");
  EXPECT_EQ(found[0].severity, base::Severity::Warning);
  EXPECT_EQ(line_col(found[0]), "25:9");  // spec.host
  EXPECT_EQ(found[0].message,
            "The host ratings defined in the DestinationRule does not match any services in the "
            "mesh.");
}

}  // namespace
}  // namespace igw::check::testing
