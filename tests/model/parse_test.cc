// model::parse: the Kubernetes envelope, `kind: List`, apiVersions, namespaces, skipped documents.
#include "lib/model/messages.h"
#include "tests/model/model_test_util.h"

namespace igw::model {
namespace {

using testing::codes;
using testing::parse_yaml;
using testing::pos;

TEST(Parse, ThreeApiVersionsOfEveryIstioKind) {
  for (const char* version : {"v1alpha3", "v1beta1", "v1"}) {
    std::string api = std::string("networking.istio.io/") + version;
    std::string yaml;
    for (const char* kind : {"Gateway", "VirtualService", "DestinationRule", "ServiceEntry"}) {
      yaml += "apiVersion: " + api + "\nkind: " + kind + "\nmetadata: {name: x}\nspec: {}\n---\n";
    }
    auto p = parse_yaml(yaml);
    EXPECT_TRUE(p.diags.empty()) << version << ": " << codes(p.diags);
    ASSERT_EQ(p.cfg.gateways.size(), 1u) << version;
    EXPECT_EQ(p.cfg.gateways[0].api_version, api);
    EXPECT_EQ(p.cfg.gateways[0].kind, "Gateway");
    EXPECT_EQ(p.cfg.virtual_services.size(), 1u);
    EXPECT_EQ(p.cfg.destination_rules.size(), 1u);
    EXPECT_EQ(p.cfg.service_entries.size(), 1u);
    EXPECT_TRUE(p.cfg.others.empty());
  }
}

TEST(Parse, UnknownIstioVersionIsAnErrorAtTheApiVersionField) {
  auto p = parse_yaml(R"(apiVersion: networking.istio.io/v2
kind: VirtualService
metadata:
  name: vs
spec:
  hosts: [a]
)");
  ASSERT_EQ(p.diags.size(), 1u);
  const auto& d = p.diags.items()[0];
  EXPECT_EQ(d.code, "IGW0005");
  EXPECT_EQ(d.name, "UnknownApiVersion");
  EXPECT_EQ(d.severity, base::Severity::Error);
  EXPECT_EQ(d.loc.str(), "m.yaml:1:13");
  EXPECT_NE(d.message.find("networking.istio.io/v2"), std::string::npos);
  EXPECT_NE(d.message.find("VirtualService"), std::string::npos);
  EXPECT_EQ(d.hint, "change apiVersion to networking.istio.io/v1");
  EXPECT_TRUE(p.cfg.virtual_services.empty());  // not typed: Istio would not serve it
}

TEST(Parse, OtherNetworkingKindsAreKeptAsOtherObjects) {
  auto p = parse_yaml(R"(apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: s, namespace: ns}
---
apiVersion: networking.istio.io/v2alpha9
kind: WorkloadEntry
metadata: {name: w}
)");
  EXPECT_TRUE(p.diags.empty()) << codes(p.diags);
  ASSERT_EQ(p.cfg.others.size(), 2u);
  EXPECT_EQ(p.cfg.others[0].kind, "Sidecar");
  EXPECT_EQ(p.cfg.others[0].ns(), "ns");
  EXPECT_EQ(p.cfg.others[1].api_version, "networking.istio.io/v2alpha9");
}

TEST(Parse, KindList) {
  auto p = parse_yaml(R"(apiVersion: v1
kind: List
items:
- apiVersion: networking.istio.io/v1beta1
  kind: Gateway
  metadata: {name: gw}
- apiVersion: v1
  kind: Service
  metadata: {name: svc}
- not-an-object
- apiVersion: v1
  kind: List
  items: []
)");
  EXPECT_TRUE(p.diags.empty()) << codes(p.diags);
  ASSERT_EQ(p.cfg.gateways.size(), 1u);
  EXPECT_EQ(p.cfg.gateways[0].name(), "gw");
  EXPECT_EQ(pos(p.cfg.gateways[0].loc), "4:3");
  EXPECT_EQ(pos(p.cfg.gateways[0].meta.name), "6:20");
  ASSERT_EQ(p.cfg.services.size(), 1u);
  EXPECT_EQ(p.cfg.gateways[0].input_order, 0u);
  EXPECT_EQ(p.cfg.services[0].input_order, 1u);
  // A List inside a List is not expanded again.
  ASSERT_EQ(p.cfg.others.size(), 1u);
  EXPECT_EQ(p.cfg.others[0].kind, "List");

  auto other_group =
      parse_yaml("apiVersion: example.com/v1\nkind: List\nitems: [{apiVersion: v1, kind: Pod}]\n");
  EXPECT_TRUE(other_group.cfg.pods.size() == 1u);  // "<group>/v1" Lists are expanded too
}

TEST(Parse, DocumentsWithoutApiVersionOrKindAreSkippedSilently) {
  auto p = parse_yaml(R"(just: config
---
- a
- list
---
apiVersion: v1
---
kind: Gateway
---
apiVersion: ""
kind: Gateway
---
scalar document
---
)");
  EXPECT_TRUE(p.diags.empty()) << codes(p.diags);
  EXPECT_TRUE(p.load_diags.empty());
  EXPECT_TRUE(p.cfg.gateways.empty());
  EXPECT_TRUE(p.cfg.others.empty());
  EXPECT_EQ(p.cfg.documents.size(), 7u);  // the trailing "---" opens an empty document
}

TEST(Parse, VerboseReportsSkippedDocumentsAsInfo) {
  ParseOptions verbose;
  verbose.verbose = true;
  auto p = parse_yaml(R"(just: config
---
- a list
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
---
)",
                      verbose);
  EXPECT_EQ(codes(p.diags), "IGW0004@1:1 IGW0004@3:1 IGW0004@5:1");
  for (const auto& d : p.diags.items()) {
    EXPECT_EQ(d.severity, base::Severity::Info);
    EXPECT_EQ(d.name, "SkippedDocument");
  }
  EXPECT_EQ(p.diags.items()[0].message,
            "document 1 skipped: no apiVersion/kind: not a Kubernetes object");
  EXPECT_EQ(p.diags.items()[1].message, "document 2 skipped: the document is not a mapping");
  EXPECT_EQ(p.diags.items()[2].message,
            "document 3 skipped: kind Deployment (apps/v1) is not checked by igw");
  ASSERT_EQ(p.cfg.others.size(), 1u);  // kept for reference lookups all the same
}

TEST(Parse, DefaultNamespace) {
  const char* yaml = R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: no-ns
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: with-ns
  namespace: istio-system
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: empty-ns
  namespace: ""
)";
  auto p = parse_yaml(yaml);
  ASSERT_EQ(p.cfg.gateways.size(), 3u);
  EXPECT_EQ(p.cfg.gateways[0].ns(), "default");
  EXPECT_TRUE(p.cfg.gateways[0].meta.namespace_defaulted);
  EXPECT_EQ(pos(p.cfg.gateways[0].meta.namespace_), "4:3");  // points at metadata
  EXPECT_EQ(p.cfg.gateways[1].ns(), "istio-system");
  EXPECT_FALSE(p.cfg.gateways[1].meta.namespace_defaulted);
  EXPECT_EQ(pos(p.cfg.gateways[1].meta.namespace_), "10:14");
  EXPECT_EQ(p.cfg.gateways[2].ns(), "default");
  EXPECT_EQ(p.cfg.gateways[0].ref().str(), "Gateway default/no-ns");

  ParseOptions other;
  other.default_namespace = "prod";
  EXPECT_EQ(parse_yaml(yaml, other).cfg.gateways[0].ns(), "prod");

  ParseOptions off;
  off.apply_default_namespace = false;
  auto q = parse_yaml(yaml, off);
  EXPECT_EQ(q.cfg.gateways[0].ns(), "");
  EXPECT_FALSE(q.cfg.gateways[0].meta.namespace_);
  EXPECT_FALSE(q.cfg.gateways[0].meta.namespace_defaulted);
  EXPECT_EQ(q.cfg.gateways[1].ns(), "istio-system");
  EXPECT_EQ(q.cfg.gateways[0].ref().str(), "Gateway no-ns");
}

TEST(Parse, MetadataLabelsAnnotationsAndCreationTimestamp) {
  auto p = parse_yaml(R"(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: vs
  labels: {app: web, empty: }
  annotations:
    kubernetes.io/ingress.class: istio
  creationTimestamp: "2024-01-02T03:04:05Z"
)");
  ASSERT_EQ(p.cfg.virtual_services.size(), 1u);
  const auto& m = p.cfg.virtual_services[0].meta;
  ASSERT_EQ(m.labels.size(), 2u);
  EXPECT_EQ(m.labels[0].key.value, "app");
  EXPECT_EQ(m.labels[0].value.value, "web");
  EXPECT_EQ(pos(m.labels[0].value), "5:17");
  EXPECT_TRUE(m.labels[1].value.present);  // `key:` with no value is ""
  EXPECT_EQ(m.labels[1].value.value, "");
  ASSERT_NE(p.cfg.virtual_services[0].annotation("kubernetes.io/ingress.class"), nullptr);
  EXPECT_EQ(p.cfg.virtual_services[0].annotation("kubernetes.io/ingress.class")->value, "istio");
  EXPECT_EQ(p.cfg.virtual_services[0].annotation("missing"), nullptr);
  EXPECT_EQ(m.creation_timestamp.value, "2024-01-02T03:04:05Z");
  EXPECT_EQ(m.creation_seconds, 1704164645);
  EXPECT_EQ(pos(m.loc), "4:3");
}

int64_t created(const std::string& ts) {
  auto p = parse_yaml("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  creationTimestamp: \"" +
                      ts + "\"\n");
  return p.cfg.pods.at(0).meta.creation_seconds;
}

TEST(Parse, CreationTimestampFormats) {
  EXPECT_EQ(created("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(created("2024-01-02T03:04:05Z"), 1704164645);
  EXPECT_EQ(created("2024-01-02T03:04:05.123456Z"), 1704164645);
  EXPECT_EQ(created("2024-01-02T05:04:05+02:00"), 1704164645);
  EXPECT_EQ(created("2024-01-01T22:04:05-05:00"), 1704164645);
  EXPECT_EQ(created("2024-02-29T00:00:00Z"), 1709164800);
  // Malformed: treated as absent (0), as the API server would not accept it anyway.
  for (const char* bad :
       {"", "yesterday", "2024-01-02", "2024-01-02 03:04:05Z", "2024-13-02T03:04:05Z",
        "2024-01-02T03:04:05", "2024-1-2T3:4:5Z", "2024-01-02T03:04:05Zjunk",
        "2024-01-02T03:04:05.Z", "2024-01-02T03:04:05+0200", "+024-01-02T03:04:05Z"}) {
    EXPECT_EQ(created(bad), 0) << bad;
  }
}

TEST(Parse, ObjectsPointIntoTheirDocuments) {
  auto p = parse_yaml(R"(a: b
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw}
spec:
  selector: {istio: ingressgateway}
)");
  ASSERT_EQ(p.cfg.gateways.size(), 1u);
  const Gateway& gw = p.cfg.gateways[0];
  ASSERT_NE(gw.doc, nullptr);
  EXPECT_EQ(gw.doc->index, 1u);
  EXPECT_EQ(gw.node, &gw.doc->root);
  const config::Node* sel = gw.node->find("spec")->find("selector");
  EXPECT_EQ(gw.loc_of(*sel).str(), "m.yaml:7:13");
  EXPECT_EQ(pos(gw.loc), "3:1");
  EXPECT_FALSE(gw.rejected);
}

TEST(Parse, WrongShapesReadAsAbsentAndNeverFail) {
  auto p = parse_yaml(R"(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: [not, a, map]
spec: "a string"
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: 5}
spec:
  servers: {not: a-list}
  selector: [x]
)");
  EXPECT_TRUE(p.diags.empty()) << codes(p.diags);
  ASSERT_EQ(p.cfg.virtual_services.size(), 1u);
  EXPECT_EQ(p.cfg.virtual_services[0].name(), "");
  EXPECT_FALSE(p.cfg.virtual_services[0].meta.name);
  EXPECT_TRUE(p.cfg.virtual_services[0].hosts.empty());
  ASSERT_EQ(p.cfg.gateways.size(), 1u);
  EXPECT_EQ(p.cfg.gateways[0].name(), "5");  // a scalar reads as its text
  EXPECT_TRUE(p.cfg.gateways[0].servers.empty());
  EXPECT_TRUE(p.cfg.gateways[0].has_selector);
  EXPECT_TRUE(p.cfg.gateways[0].selector.empty());
}

TEST(Parse, InputOrderSpansFilesAndKinds) {
  config::LoadResult loaded;
  config::parse_text("1.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: a}\n", loaded);
  config::parse_text(
      "2.yaml", "apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: b}\n", loaded);
  base::Diagnostics diags;
  Config cfg = parse(std::move(loaded), {}, diags);
  ASSERT_EQ(cfg.services.size(), 1u);
  ASSERT_EQ(cfg.gateways.size(), 1u);
  EXPECT_EQ(cfg.services[0].input_order, 0u);
  EXPECT_EQ(cfg.gateways[0].input_order, 1u);
  EXPECT_EQ(cfg.gateways[0].loc.path(), "2.yaml");
}

}  // namespace
}  // namespace igw::model
