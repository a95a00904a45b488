// The Kubernetes envelope every Istio kind shares: apiVersion, kind, metadata, spec, status.
#include "tests/check_schema/schema_test_util.h"

#include <gtest/gtest.h>

namespace igw::check::schema {
namespace {

using testing::dump;
using testing::lint;
using testing::pos;

TEST(SchemaEnvelope, MetadataWithoutName) {
  auto l = lint(R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  namespace: istio-system
spec: {}
)");
  ASSERT_EQ(l.schema.size(), 1u) << dump(l.schema);
  EXPECT_EQ(l.schema.items()[0].code, "IGW0104");
  EXPECT_EQ(l.schema.items()[0].message, "metadata.name: Required value");
  EXPECT_EQ(pos(l.schema.items()[0]), "4:3");
}

TEST(SchemaEnvelope, MissingMetadata) {
  auto l = lint("apiVersion: networking.istio.io/v1\nkind: VirtualService\nspec: {hosts: [a]}\n");
  ASSERT_EQ(l.schema.size(), 1u) << dump(l.schema);
  EXPECT_EQ(l.schema.items()[0].message, "metadata: Required value");
  EXPECT_EQ(pos(l.schema.items()[0]), "1:1");
}

TEST(SchemaEnvelope, MetadataTypoAndLabelTypes) {
  auto l = lint(R"(apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: dr
  lables: {app: x}
  annotations:
    enabled: on
spec: {host: a}
)");
  ASSERT_EQ(l.schema.size(), 2u) << dump(l.schema);
  EXPECT_EQ(l.schema.items()[0].message, R"(metadata.lables: unknown field "lables")");
  EXPECT_EQ(l.schema.items()[0].hint, "did you mean `labels`?");
  EXPECT_EQ(pos(l.schema.items()[0]), "5:3");
  EXPECT_EQ(
      l.schema.items()[1].message,
      "metadata.annotations[enabled]: Invalid value: on: must be of type string, not boolean");
  EXPECT_EQ(l.schema.items()[1].hint,
            R"(quote the value ("on") so it stays a string (YAML 1.1 reads on as a boolean))");
  EXPECT_EQ(pos(l.schema.items()[1]), "7:14");
}

TEST(SchemaEnvelope, TopLevelTypo) {
  auto l = lint(R"(apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: dr}
specs: {host: a}
)");
  ASSERT_EQ(l.schema.size(), 1u) << dump(l.schema);
  EXPECT_EQ(l.schema.items()[0].message, R"(specs: unknown field "specs")");
  EXPECT_EQ(l.schema.items()[0].hint, "did you mean `spec`?");
  EXPECT_EQ(pos(l.schema.items()[0]), "4:1");
}

TEST(SchemaEnvelope, StatusIsNotChecked) {
  // The status subresource makes the API server ignore status on create and update.
  auto l = lint(R"(apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: dr}
spec: {host: a}
status:
  anything: {goes: here}
  observedGeneration: "4"
  conditions: {type: Ready}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: dr2}
spec: {host: a}
status: done
)");
  EXPECT_TRUE(l.schema.empty()) << dump(l.schema);
}

TEST(SchemaEnvelope, ServerSideFieldsAreAccepted) {
  auto l = lint(R"(apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: dr
  namespace: ns
  uid: 0b7e
  resourceVersion: "12"
  generation: 3
  creationTimestamp: "2024-01-02T03:04:05Z"
  finalizers: [x]
  ownerReferences:
  - {apiVersion: v1, kind: Pod, name: p, uid: u, controller: true}
  managedFields:
  - manager: kubectl
    operation: Apply
spec: {host: a}
)");
  EXPECT_TRUE(l.schema.empty()) << dump(l.schema);
}

TEST(SchemaEnvelope, ObjectsInsideAListAreChecked) {
  auto l = lint(R"(apiVersion: v1
kind: List
items:
- apiVersion: networking.istio.io/v1
  kind: Gateway
  metadata: {name: gw}
  spec:
    servers:
    - port: {number: 80, name: http, protocol: HTTP}
      hosts: ["*"]
      tls: {httpsRedirects: true}
)",
                "list.yaml");
  ASSERT_EQ(l.schema.size(), 1u) << dump(l.schema);
  EXPECT_EQ(l.schema.items()[0].message,
            R"(spec.servers[0].tls.httpsRedirects: unknown field "httpsRedirects")");
  EXPECT_EQ(l.schema.items()[0].loc.str(), "list.yaml:11:13");
}

TEST(SchemaEnvelope, EveryKindIsReportedUnderItsOwnResource) {
  auto l = lint(R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: g, namespace: a}
spec: {bogus: 1}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: v, namespace: b}
spec: {bogus: 1}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: d, namespace: c}
spec: {host: h, bogus: 1}
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: s, namespace: d}
spec: {hosts: [h], bogus: 1}
)");
  ASSERT_EQ(l.schema.size(), 4u) << dump(l.schema);
  EXPECT_EQ(l.schema.items()[0].resource.str(), "Gateway a/g");
  EXPECT_EQ(l.schema.items()[1].resource.str(), "VirtualService b/v");
  EXPECT_EQ(l.schema.items()[2].resource.str(), "DestinationRule c/d");
  EXPECT_EQ(l.schema.items()[3].resource.str(), "ServiceEntry d/s");
  for (const auto& d : l.schema.items())
    EXPECT_EQ(d.code, "IGW0101") << d.message;
}

}  // namespace
}  // namespace igw::check::schema
