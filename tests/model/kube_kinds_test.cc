// Secret, Service, Pod, Endpoints and cert-manager Certificate.
#include "tests/model/model_test_util.h"

namespace igw::model {
namespace {

using testing::codes;
using testing::parse_yaml;
using testing::pos;

TEST(SecretParse, DataIsDecodedAndStringDataWins) {
  auto p = parse_yaml(R"(apiVersion: v1
kind: Secret
metadata: {name: cert, namespace: istio-system}
type: kubernetes.io/tls
data:
  tls.crt: Y2VydA==
  tls.key: a2V5
  ca.crt: "not base64!"
  unpadded: Y2VydA
  wrapped: |
    Y2Vy
    dA==
stringData:
  tls.key: plain-key
  extra: hello
)");
  ASSERT_TRUE(p.diags.empty()) << codes(p.diags);
  ASSERT_EQ(p.cfg.secrets.size(), 1u);
  const Secret& s = p.cfg.secrets[0];
  EXPECT_EQ(s.type.value, "kubernetes.io/tls");
  ASSERT_NE(s.get("tls.crt"), nullptr);
  EXPECT_EQ(*s.get("tls.crt"), "cert");
  EXPECT_EQ(*s.get("tls.key"), "plain-key");  // stringData overrides data
  EXPECT_EQ(*s.get("extra"), "hello");
  EXPECT_EQ(*s.get("wrapped"), "cert");  // line breaks inside base64 are allowed
  EXPECT_EQ(s.get("missing"), nullptr);
  ASSERT_EQ(s.entries.size(), 6u);
  // Entries keep data order; a stringData override replaces the entry in place.
  EXPECT_EQ(s.entries[1].key.value, "tls.key");
  EXPECT_TRUE(s.entries[1].valid);
  EXPECT_EQ(pos(s.entries[1].loc), "14:12");
  EXPECT_EQ(s.entries[2].key.value, "ca.crt");
  EXPECT_FALSE(s.entries[2].valid);
  EXPECT_EQ(pos(s.entries[2].loc), "8:11");
  // The API server decodes with Go's padded StdEncoding: missing padding is invalid.
  EXPECT_EQ(s.entries[3].key.value, "unpadded");
  EXPECT_FALSE(s.entries[3].valid);
  EXPECT_EQ(pos(s.entries[0].key), "6:3");
}

TEST(SecretParse, NonScalarValuesAreInvalidNotFatal) {
  auto p = parse_yaml(R"(apiVersion: v1
kind: Secret
metadata: {name: s}
data:
  a: [1, 2]
  b:
stringData: "not a map"
)");
  const Secret& s = p.cfg.secrets.at(0);
  ASSERT_EQ(s.entries.size(), 2u);
  EXPECT_TRUE(s.entries[0].valid);  // decoding "" succeeds: an empty value
  EXPECT_EQ(s.entries[0].data, "");
  EXPECT_EQ(s.entries[1].data, "");
}

TEST(ServiceParse, PortsAndTargetPortNumberOrName) {
  auto p = parse_yaml(R"(apiVersion: v1
kind: Service
metadata: {name: istio-ingressgateway, namespace: istio-system}
spec:
  type: LoadBalancer
  clusterIP: 10.0.0.1
  selector: {istio: ingressgateway}
  ports:
  - name: http2
    port: 80
    targetPort: 8080
    nodePort: 30080
  - name: https
    port: 443
    targetPort: https-port
    protocol: TCP
  - name: quoted
    port: 8443
    targetPort: "8443"
  - name: none
    port: 15021
    protocol: UDP
)");
  ASSERT_TRUE(p.diags.empty()) << codes(p.diags);
  const Service& s = p.cfg.services.at(0);
  EXPECT_EQ(s.type.value, "LoadBalancer");
  EXPECT_EQ(s.cluster_ip.value, "10.0.0.1");
  EXPECT_EQ(s.selector.at(0).value.value, "ingressgateway");
  ASSERT_EQ(s.ports.size(), 4u);
  EXPECT_EQ(s.ports[0].port.value, 80);
  EXPECT_EQ(s.ports[0].target_port_number.value, 8080);
  EXPECT_EQ(pos(s.ports[0].target_port_number), "11:17");
  EXPECT_FALSE(s.ports[0].target_port_name);
  EXPECT_EQ(s.ports[0].node_port.value, 30080);
  EXPECT_EQ(s.ports[0].protocol.value, "TCP");  // Kubernetes' default
  EXPECT_FALSE(s.ports[0].protocol.present);
  EXPECT_EQ(s.ports[1].target_port_name.value, "https-port");
  EXPECT_FALSE(s.ports[1].target_port_number);
  EXPECT_TRUE(s.ports[1].protocol.present);
  // IntOrString: a quoted number is a string, i.e. a (badly named) port name.
  EXPECT_EQ(s.ports[2].target_port_name.value, "8443");
  EXPECT_FALSE(s.ports[2].target_port_number);
  EXPECT_FALSE(s.ports[3].target_port_number);
  EXPECT_FALSE(s.ports[3].target_port_name);
  EXPECT_EQ(s.ports[3].protocol.value, "UDP");
  EXPECT_EQ(pos(s.ports[3].loc), "20:5");
}

TEST(KubeParse, PodEndpointsCertificate) {
  auto p = parse_yaml(R"(apiVersion: v1
kind: Pod
metadata: {name: gw-pod, namespace: istio-system, labels: {istio: ingressgateway}}
spec: {nodeName: node-1}
---
apiVersion: v1
kind: Endpoints
metadata: {name: api}
subsets:
- addresses: [{ip: 10.1.0.5, hostname: api-0}]
  ports: [{name: http, port: 8080, protocol: TCP}]
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: wildcard}
spec:
  secretName: wildcard-cert
  dnsNames: ["*.example.com", example.com]
  commonName: example.com
  duration: 2160h
  renewBefore: 360h
  issuerRef: {name: letsencrypt, kind: ClusterIssuer}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cm}
)");
  ASSERT_TRUE(p.diags.empty()) << codes(p.diags);
  const Pod& pod = p.cfg.pods.at(0);
  EXPECT_EQ(pod.node_name.value, "node-1");
  EXPECT_EQ(pod.meta.labels.at(0).value.value, "ingressgateway");
  const Endpoints& ep = p.cfg.endpoints.at(0);
  ASSERT_EQ(ep.subsets.size(), 1u);
  EXPECT_EQ(ep.subsets[0].addresses.at(0).ip.value, "10.1.0.5");
  EXPECT_EQ(ep.subsets[0].addresses[0].hostname.value, "api-0");
  EXPECT_EQ(ep.subsets[0].ports.at(0).port.value, 8080);
  EXPECT_EQ(ep.ns(), "default");
  const Certificate& c = p.cfg.certificates.at(0);
  EXPECT_EQ(c.secret_name.value, "wildcard-cert");
  ASSERT_EQ(c.dns_names.size(), 2u);
  EXPECT_EQ(c.dns_names[0].value, "*.example.com");
  EXPECT_EQ(c.common_name.value, "example.com");
  EXPECT_EQ(c.duration.value, "2160h");
  EXPECT_EQ(c.renew_before.value, "360h");
  EXPECT_EQ(c.issuer_name.value, "letsencrypt");
  EXPECT_EQ(c.issuer_kind.value, "ClusterIssuer");
  ASSERT_EQ(p.cfg.others.size(), 1u);
  EXPECT_EQ(p.cfg.others[0].kind, "ConfigMap");
  // Core kinds of other API groups are not the v1 core kinds.
  auto q = parse_yaml("apiVersion: apps/v1\nkind: Service\nmetadata: {name: x}\n");
  EXPECT_TRUE(q.cfg.services.empty());
  EXPECT_EQ(q.cfg.others.size(), 1u);
}

}  // namespace
}  // namespace igw::model
