// schema.ServiceEntry: a valid ServiceEntry is clean; each shape mistake is one finding.
#include "tests/check_schema/schema_test_util.h"

#include <gtest/gtest.h>

namespace igw::check::schema {
namespace {

using testing::dump;
using testing::lint;
using testing::pos;
using testing::with_code;

constexpr const char* kValidServiceEntry = R"(apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: external-api
  namespace: default
spec:
  hosts: [api.external.com]
  addresses: [203.0.113.10/32]
  ports:
  - number: 443
    name: https
    protocol: TLS
    targetPort: 8443
  location: MESH_EXTERNAL
  resolution: STATIC
  exportTo: ["."]
  subjectAltNames: [spiffe://cluster.local/ns/default/sa/api]
  endpoints:
  - address: 203.0.113.10
    ports: {https: 8443}
    labels: {zone: a}
    network: net1
    locality: us-west/zone1
    weight: 10
    serviceAccount: api
  - network: net2
---
apiVersion: networking.istio.io/v1alpha3
kind: ServiceEntry
metadata: {name: internal}
spec:
  hosts: [vm.internal]
  ports: [{number: 80, name: http, protocol: HTTP}]
  location: MESH_INTERNAL
  resolution: DNS_ROUND_ROBIN
  workloadSelector:
    labels: {app: vm}
)";

TEST(SchemaServiceEntry, ValidServiceEntriesHaveNoFindings) {
  auto l = lint(kValidServiceEntry);
  EXPECT_EQ(l.config.service_entries.size(), 2u);
  EXPECT_TRUE(l.load.empty()) << dump(l.load);
  EXPECT_TRUE(l.schema.empty()) << dump(l.schema);
}

TEST(SchemaServiceEntry, MissingSpecAtTheObject) {
  auto l = lint("apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: se}\n");
  ASSERT_EQ(l.schema.size(), 1u) << dump(l.schema);
  EXPECT_EQ(l.schema.items()[0].message, "spec: Required value");
  EXPECT_EQ(pos(l.schema.items()[0]), "1:1");
}

constexpr const char* kServiceEntryHead = R"(apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: se}
spec:
)";  // 4 lines

TEST(SchemaServiceEntry, EmptyHostsAndPortProblems) {
  auto l = lint(std::string(kServiceEntryHead) + R"(  hosts: []
  ports:
  - number: "443"
    protocol: HTTPS
  resolution: DNS_ROUNDROBIN
  location: EXTERNAL
)");
  ASSERT_EQ(l.schema.size(), 5u) << dump(l.schema);
  auto range = with_code(l.schema, "IGW0106");
  ASSERT_EQ(range.size(), 1u);
  EXPECT_EQ(range[0]->message, "spec.hosts: Invalid value: 0 items: must have at least 1 item");
  EXPECT_EQ(pos(*range[0]), "5:10");
  auto type = with_code(l.schema, "IGW0102");
  ASSERT_EQ(type.size(), 1u);
  EXPECT_EQ(pos(*type[0]), "7:13");
  auto missing = with_code(l.schema, "IGW0104");
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0]->message, "spec.ports[0].name: Required value");
  EXPECT_EQ(pos(*missing[0]), "7:5");
  auto e = with_code(l.schema, "IGW0103");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0]->hint, R"(did you mean "DNS_ROUND_ROBIN"?)");
  EXPECT_EQ(e[1]->hint, R"(did you mean "MESH_EXTERNAL"?)");
}

TEST(SchemaServiceEntry, WorkloadSelectorAndEndpointsTogether) {
  auto l = lint(std::string(kServiceEntryHead) + R"(  hosts: [a.example.com]
  workloadSelector: {labels: {app: a}}
  endpoints:
  - address: 10.0.0.1
  - labels: {app: b}
    ports: {http: "80"}
)");
  ASSERT_EQ(l.schema.size(), 3u) << dump(l.schema);
  auto conflict = with_code(l.schema, "IGW0105");
  ASSERT_EQ(conflict.size(), 1u);
  EXPECT_EQ(conflict[0]->message,
            "spec: Forbidden: only one of workloadSelector or endpoints may be set (found "
            "workloadSelector and endpoints)");
  EXPECT_EQ(pos(*conflict[0]), "7:3");
  auto missing = with_code(l.schema, "IGW0104");
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0]->message,
            "spec.endpoints[1]: Required value: one of address or network must be set");
  EXPECT_EQ(pos(*missing[0]), "9:5");
  auto type = with_code(l.schema, "IGW0102");
  ASSERT_EQ(type.size(), 1u);
  EXPECT_EQ(
      type[0]->message,
      R"(spec.endpoints[1].ports[http]: Invalid value: "80": must be of type integer, not string)");
}

TEST(SchemaServiceEntry, TooLongAddress) {
  auto l = lint(std::string(kServiceEntryHead) + "  hosts: [a]\n  addresses: [\"" +
                std::string(65, '1') + "\"]\n");
  ASSERT_EQ(l.schema.size(), 1u) << dump(l.schema);
  EXPECT_EQ(l.schema.items()[0].message,
            "spec.addresses[0]: Too long: may not be longer than 64 characters (has 65)");
}

}  // namespace
}  // namespace igw::check::schema
