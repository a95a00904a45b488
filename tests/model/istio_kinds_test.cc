// Gateway, VirtualService, DestinationRule and ServiceEntry parse into typed, located fields.
#include "tests/model/model_test_util.h"

namespace igw::model {
namespace {

using testing::codes;
using testing::parse_yaml;
using testing::pos;

TEST(GatewayParse, ServersPortsHostsTls) {
  auto p = parse_yaml(R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
  namespace: istio-system
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: 443
      name: https
      protocol: HTTPS
      targetPort: 8443
    bind: 0.0.0.0
    name: main
    defaultEndpoint: 127.0.0.1:8080
    hosts:
    - "web/*.example.com"
    - ./api.example.com
    tls:
      mode: SIMPLE
      credentialName: wildcard-cert
      minProtocolVersion: TLSV1_2
      cipherSuites: [ECDHE-RSA-AES256-GCM-SHA384]
      subjectAltNames: [spiffe://x]
      tlsCertificates:
      - {serverCertificate: /c.pem, privateKey: /k.pem}
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*"]
    tls: {httpsRedirect: true}
  - port: {number: 15443, name: tls, protocol: TLS}
    hosts: ["*.local"]
    tls: {}
  -
)");
  ASSERT_TRUE(p.diags.empty()) << codes(p.diags);
  ASSERT_EQ(p.cfg.gateways.size(), 1u);
  const Gateway& gw = p.cfg.gateways[0];
  EXPECT_TRUE(gw.has_selector);
  ASSERT_EQ(gw.selector.size(), 1u);
  EXPECT_EQ(gw.selector[0].key.value, "istio");
  EXPECT_EQ(gw.selector[0].value.value, "ingressgateway");
  ASSERT_EQ(gw.servers.size(), 4u);

  const Server& https = gw.servers[0];
  EXPECT_EQ(https.index, 0u);
  EXPECT_EQ(pos(https.loc), "10:5");
  ASSERT_TRUE(https.port);
  EXPECT_EQ(https.port->number.value, 443);
  EXPECT_EQ(pos(https.port->number), "11:15");
  EXPECT_EQ(https.port->name.value, "https");
  EXPECT_EQ(https.port->protocol.value, "HTTPS");
  EXPECT_EQ(https.port->target_port.value, 8443);
  EXPECT_EQ(pos(https.port->loc), "11:7");
  EXPECT_EQ(https.bind.value, "0.0.0.0");
  EXPECT_EQ(https.name.value, "main");
  EXPECT_EQ(https.default_endpoint.value, "127.0.0.1:8080");
  ASSERT_EQ(https.hosts.size(), 2u);
  EXPECT_EQ(https.hosts[0].value, "web/*.example.com");
  EXPECT_EQ(pos(https.hosts[0]), "19:7");
  EXPECT_EQ(https.hosts[1].value, "./api.example.com");
  ASSERT_TRUE(https.tls);
  EXPECT_EQ(https.tls->mode.value, "SIMPLE");
  EXPECT_EQ(https.tls->effective_mode(), "SIMPLE");
  EXPECT_EQ(https.tls->credential_name.value, "wildcard-cert");
  EXPECT_EQ(pos(https.tls->credential_name), "23:23");
  EXPECT_EQ(https.tls->min_protocol_version.value, "TLSV1_2");
  ASSERT_EQ(https.tls->cipher_suites.size(), 1u);
  ASSERT_EQ(https.tls->subject_alt_names.size(), 1u);
  ASSERT_EQ(https.tls->tls_certificates.size(), 1u);
  EXPECT_EQ(https.tls->tls_certificates[0].server_certificate.value, "/c.pem");
  EXPECT_EQ(https.tls->tls_certificates[0].private_key.value, "/k.pem");
  EXPECT_FALSE(https.tls->https_redirect);

  const Server& http = gw.servers[1];
  EXPECT_EQ(http.port->number.value, 80);
  ASSERT_TRUE(http.tls);
  EXPECT_TRUE(http.tls->https_redirect.value);
  EXPECT_EQ(pos(http.tls->https_redirect), "31:26");
  EXPECT_FALSE(http.tls->mode);
  EXPECT_EQ(http.tls->effective_mode(), "PASSTHROUGH");

  EXPECT_EQ(gw.servers[2].tls->effective_mode(), "PASSTHROUGH");
  // A null server entry is kept (with its position) so checks can report it.
  EXPECT_FALSE(gw.servers[3].port);
  EXPECT_EQ(gw.servers[3].index, 3u);
  EXPECT_EQ(pos(gw.servers[3].loc), "35:3");
}

TEST(GatewayParse, NoSelectorAndWrongTypes) {
  auto p = parse_yaml(R"(apiVersion: networking.istio.io/v1beta1
kind: Gateway
metadata: {name: gw}
spec:
  servers:
  - port: {number: "443", name: https, protocol: HTTPS}
    hosts: [a.com, {not: a-string}, 5]
)");
  const Gateway& gw = p.cfg.gateways.at(0);
  EXPECT_FALSE(gw.has_selector);
  // A quoted number is a string: Istio's schema rejects it, so the model reads it as absent.
  EXPECT_FALSE(gw.servers.at(0).port->number);
  ASSERT_EQ(gw.servers[0].hosts.size(), 2u);  // the map entry is skipped
  EXPECT_EQ(gw.servers[0].hosts[1].value, "5");
}

TEST(VirtualServiceParse, HttpRoutes) {
  auto p = parse_yaml(R"(apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs, namespace: web}
spec:
  hosts: [shop.example.com]
  gateways: [istio-system/gw, mesh]
  exportTo: ["."]
  http:
  - name: api
    match:
    - uri: {prefix: /api}
      headers:
        x-env: {exact: canary}
        x-present: {}
        x-null:
      queryParams: {v: {regex: "^2"}}
      method: {exact: GET}
      ignoreUriCase: true
      port: 443
      gateways: [gw]
    - authority: {exact: shop.example.com}
      withoutHeaders: {x-block: {prefix: y}}
    route:
    - destination: {host: api, subset: v2, port: {number: 8080}}
      weight: 90
      headers: {request: {set: {x-a: b}, remove: [x-c]}}
    - destination: {host: api.other.svc.cluster.local}
      weight: 10
    timeout: 1.5s
    retries: {attempts: 3, perTryTimeout: 500ms, retryOn: "5xx,reset"}
    rewrite: {uri: /, authority: internal}
    fault:
      delay: {fixedDelay: 2s, percentage: {value: 12.5}}
      abort: {httpStatus: 503, percentage: {value: 1}}
    mirror: {host: mirror}
    mirrorPercentage: {value: 50}
    corsPolicy:
      allowOrigins: [{exact: "https://a.com"}, {regex: ".*\\.b\\.com"}]
      allowMethods: [GET, POST]
      maxAge: 24h
      allowCredentials: false
    headers:
      response: {add: {x-served-by: igw}}
  - redirect: {uri: /new, redirectCode: 301, scheme: https, port: 8443}
  - directResponse: {status: 418, body: {string: teapot}}
  - delegate: {name: child, namespace: web}
  -
)");
  ASSERT_TRUE(p.diags.empty()) << codes(p.diags);
  ASSERT_EQ(p.cfg.virtual_services.size(), 1u);
  const VirtualService& vs = p.cfg.virtual_services[0];
  EXPECT_FALSE(vs.is_delegate());
  ASSERT_EQ(vs.hosts.size(), 1u);
  EXPECT_EQ(pos(vs.hosts[0]), "5:11");
  ASSERT_EQ(vs.gateways.size(), 2u);
  EXPECT_EQ(vs.gateways[1].value, "mesh");
  EXPECT_EQ(vs.export_to.at(0).value, ".");
  EXPECT_EQ(pos(vs.spec_loc), "5:3");
  ASSERT_EQ(vs.http.size(), 5u);

  const HttpRoute& r = vs.http[0];
  EXPECT_EQ(r.index, 0u);
  EXPECT_EQ(r.name.value, "api");
  ASSERT_EQ(r.match.size(), 2u);
  const HttpMatchRequest& m = r.match[0];
  ASSERT_TRUE(m.uri);
  EXPECT_EQ(m.uri->kind, StringMatch::Kind::Prefix);
  EXPECT_EQ(m.uri->value.value, "/api");
  EXPECT_EQ(pos(m.uri->value), "11:21");
  EXPECT_EQ(m.uri->fields_set, 1);
  ASSERT_EQ(m.headers.size(), 3u);
  EXPECT_EQ(m.headers[0].name.value, "x-env");
  EXPECT_EQ(m.headers[0].match.kind, StringMatch::Kind::Exact);
  EXPECT_EQ(m.headers[1].match.kind, StringMatch::Kind::None);  // presence match
  EXPECT_FALSE(m.headers[1].null_value);
  EXPECT_TRUE(m.headers[2].null_value);
  EXPECT_EQ(m.query_params.at(0).match.kind, StringMatch::Kind::Regex);
  EXPECT_EQ(m.method->value.value, "GET");
  EXPECT_TRUE(m.ignore_uri_case.value);
  EXPECT_EQ(m.port.value, 443);
  EXPECT_EQ(m.gateways.at(0).value, "gw");
  EXPECT_EQ(r.match[1].index, 1u);
  EXPECT_EQ(r.match[1].authority->value.value, "shop.example.com");
  EXPECT_EQ(r.match[1].without_headers.at(0).match.kind, StringMatch::Kind::Prefix);

  ASSERT_EQ(r.route.size(), 2u);
  ASSERT_TRUE(r.route[0].destination);
  EXPECT_EQ(r.route[0].destination->host.value, "api");
  EXPECT_EQ(r.route[0].destination->subset.value, "v2");
  EXPECT_EQ(r.route[0].destination->port->number.value, 8080);
  EXPECT_EQ(r.route[0].weight.value, 90);
  EXPECT_EQ(pos(r.route[0].weight), "25:15");
  ASSERT_TRUE(r.route[0].headers && r.route[0].headers->request);
  EXPECT_EQ(r.route[0].headers->request->set.at(0).key.value, "x-a");
  EXPECT_EQ(r.route[0].headers->request->remove.at(0).value, "x-c");
  EXPECT_EQ(r.route[1].weight.value, 10);
  EXPECT_EQ(r.timeout.value, "1.5s");
  EXPECT_EQ(r.retries->attempts.value, 3);
  EXPECT_EQ(r.retries->per_try_timeout.value, "500ms");
  EXPECT_EQ(r.retries->retry_on.value, "5xx,reset");
  EXPECT_EQ(r.rewrite->uri.value, "/");
  EXPECT_EQ(r.rewrite->authority.value, "internal");
  EXPECT_EQ(r.fault->delay->fixed_delay.value, "2s");
  EXPECT_DOUBLE_EQ(r.fault->delay->percentage->value.value, 12.5);
  EXPECT_EQ(r.fault->abort->http_status.value, 503);
  EXPECT_DOUBLE_EQ(r.fault->abort->percentage->value.value, 1.0);  // an int reads as a number
  EXPECT_EQ(r.mirror->host.value, "mirror");
  EXPECT_DOUBLE_EQ(r.mirror_percentage->value.value, 50.0);
  ASSERT_TRUE(r.cors_policy);
  EXPECT_TRUE(r.cors_policy->has_allow_origins);
  ASSERT_EQ(r.cors_policy->allow_origins.size(), 2u);
  EXPECT_EQ(r.cors_policy->allow_origins[1].kind, StringMatch::Kind::Regex);
  EXPECT_EQ(r.cors_policy->allow_methods.size(), 2u);
  EXPECT_EQ(r.cors_policy->max_age.value, "24h");
  EXPECT_TRUE(r.cors_policy->allow_credentials.present);
  EXPECT_FALSE(r.cors_policy->allow_credentials.value);
  EXPECT_EQ(r.headers->response->add.at(0).value.value, "igw");

  EXPECT_EQ(vs.http[1].redirect->uri.value, "/new");
  EXPECT_EQ(vs.http[1].redirect->redirect_code.value, 301);
  EXPECT_EQ(vs.http[1].redirect->scheme.value, "https");
  EXPECT_EQ(vs.http[1].redirect->port.value, 8443);
  EXPECT_EQ(vs.http[2].direct_response->status.value, 418);
  EXPECT_EQ(vs.http[2].direct_response->body->string.value, "teapot");
  EXPECT_EQ(vs.http[3].delegate->name.value, "child");
  EXPECT_TRUE(vs.http[4].null_entry);
  EXPECT_EQ(pos(vs.http[4].loc), "47:3");
}

TEST(VirtualServiceParse, TlsTcpAndDelegates) {
  auto p = parse_yaml(R"(apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata: {name: vs}
spec:
  hosts: ["*.example.com"]
  tls:
  - match:
    - sniHosts: [a.example.com]
      port: 443
    route:
    - destination: {host: a, port: {number: 8443}}
  tcp:
  - match: [{port: 31400, destinationSubnets: [10.0.0.0/8]}, ~]
    route:
    - destination: {host: db}
      weight: 100
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: child}
spec:
  http:
  - route: [{destination: {host: x}}]
)");
  ASSERT_EQ(p.cfg.virtual_services.size(), 2u);
  const VirtualService& vs = p.cfg.virtual_services[0];
  ASSERT_EQ(vs.tls.size(), 1u);
  EXPECT_EQ(vs.tls[0].match.at(0).sni_hosts.at(0).value, "a.example.com");
  EXPECT_EQ(vs.tls[0].match[0].port.value, 443);
  EXPECT_EQ(vs.tls[0].route.at(0).destination->port->number.value, 8443);
  ASSERT_EQ(vs.tcp.size(), 1u);
  ASSERT_EQ(vs.tcp[0].match.size(), 2u);
  EXPECT_EQ(vs.tcp[0].match[0].port.value, 31400);
  EXPECT_EQ(vs.tcp[0].match[0].destination_subnets.at(0).value, "10.0.0.0/8");
  EXPECT_TRUE(vs.tcp[0].match[1].null_entry);
  EXPECT_EQ(vs.tcp[0].route.at(0).weight.value, 100);
  EXPECT_TRUE(p.cfg.virtual_services[1].is_delegate());
}

TEST(DestinationRuleParse, PoliciesSubsetsAndRawFields) {
  auto p = parse_yaml(R"(apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: dr, namespace: web}
spec:
  host: reviews
  exportTo: ["*"]
  workloadSelector: {matchLabels: {app: reviews}}
  trafficPolicy:
    loadBalancer: {simple: ROUND_ROBIN}
    connectionPool: {tcp: {maxConnections: 100}}
    outlierDetection: {consecutive5xxErrors: 7}
    tls: {mode: MUTUAL, clientCertificate: /c, privateKey: /k, caCertificates: /ca, sni: r.local, subjectAltNames: [a], insecureSkipVerify: yes}
    portLevelSettings:
    - port: {number: 9080}
      tls: {mode: SIMPLE, credentialName: cred}
    - ~
  subsets:
  - name: v1
    labels: {version: v1}
  - name: v2
    labels: {version: v2}
    trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}
  -
)");
  ASSERT_TRUE(p.diags.empty()) << codes(p.diags);
  const DestinationRule& dr = p.cfg.destination_rules.at(0);
  EXPECT_EQ(dr.host.value, "reviews");
  EXPECT_EQ(pos(dr.host), "5:9");
  EXPECT_EQ(dr.export_to.at(0).value, "*");
  ASSERT_TRUE(dr.workload_selector);
  EXPECT_EQ(dr.workload_selector->match_labels.at(0).value.value, "reviews");
  ASSERT_TRUE(dr.traffic_policy);
  const TrafficPolicy& tp = *dr.traffic_policy;
  ASSERT_TRUE(tp.load_balancer);
  EXPECT_EQ(tp.load_balancer.node->find("simple")->value, "ROUND_ROBIN");
  EXPECT_EQ(pos(tp.load_balancer.loc), "9:19");
  EXPECT_TRUE(tp.connection_pool);
  EXPECT_TRUE(tp.outlier_detection);
  EXPECT_FALSE(tp.tunnel);
  ASSERT_TRUE(tp.tls);
  EXPECT_EQ(tp.tls->mode.value, "MUTUAL");
  EXPECT_EQ(tp.tls->client_certificate.value, "/c");
  EXPECT_EQ(tp.tls->private_key.value, "/k");
  EXPECT_EQ(tp.tls->ca_certificates.value, "/ca");
  EXPECT_EQ(tp.tls->sni.value, "r.local");
  EXPECT_TRUE(tp.tls->insecure_skip_verify.value);  // YAML 1.1 "yes"
  EXPECT_TRUE(tp.has_port_level_settings);
  ASSERT_EQ(tp.port_level_settings.size(), 2u);
  EXPECT_EQ(tp.port_level_settings[0].port->number.value, 9080);
  EXPECT_EQ(tp.port_level_settings[0].tls->credential_name.value, "cred");
  EXPECT_TRUE(tp.port_level_settings[1].null_entry);
  ASSERT_EQ(dr.subsets.size(), 3u);
  EXPECT_EQ(dr.subsets[0].name.value, "v1");
  EXPECT_EQ(pos(dr.subsets[0].name), "18:11");
  EXPECT_EQ(dr.subsets[1].labels.at(0).value.value, "v2");
  EXPECT_EQ(dr.subsets[1].traffic_policy->tls->mode.value, "ISTIO_MUTUAL");
  EXPECT_TRUE(dr.subsets[2].null_entry);
  EXPECT_EQ(pos(dr.subsets[2].loc), "23:3");
}

TEST(ServiceEntryParse, Fields) {
  auto p = parse_yaml(R"(apiVersion: networking.istio.io/v1beta1
kind: ServiceEntry
metadata: {name: se}
spec:
  hosts: [api.external.com]
  addresses: [192.0.2.10]
  location: MESH_EXTERNAL
  resolution: STATIC
  ports:
  - {number: 443, name: https, protocol: TLS, targetPort: 8443}
  endpoints:
  - address: 192.0.2.1
    ports: {https: 8443}
    labels: {zone: a}
    network: n1
    locality: us/east
    weight: 3
    serviceAccount: sa
  workloadSelector: {labels: {app: ext}}
  exportTo: ["."]
  subjectAltNames: [spiffe://ext]
)");
  ASSERT_TRUE(p.diags.empty()) << codes(p.diags);
  const ServiceEntry& se = p.cfg.service_entries.at(0);
  EXPECT_EQ(se.hosts.at(0).value, "api.external.com");
  EXPECT_EQ(se.addresses.at(0).value, "192.0.2.10");
  EXPECT_EQ(se.location.value, "MESH_EXTERNAL");
  EXPECT_EQ(se.resolution.value, "STATIC");
  ASSERT_EQ(se.ports.size(), 1u);
  EXPECT_EQ(se.ports[0].number.value, 443);
  EXPECT_EQ(se.ports[0].target_port.value, 8443);
  EXPECT_EQ(se.ports[0].protocol.value, "TLS");
  EXPECT_EQ(pos(se.ports[0].loc), "10:5");
  ASSERT_EQ(se.endpoints.size(), 1u);
  const WorkloadEntrySpec& e = se.endpoints[0];
  EXPECT_EQ(e.address.value, "192.0.2.1");
  ASSERT_EQ(e.ports.size(), 1u);
  EXPECT_EQ(e.ports[0].first.value, "https");
  EXPECT_EQ(e.ports[0].second.value, 8443);
  EXPECT_EQ(e.labels.at(0).key.value, "zone");
  EXPECT_EQ(e.network.value, "n1");
  EXPECT_EQ(e.locality.value, "us/east");
  EXPECT_EQ(e.weight.value, 3);
  EXPECT_EQ(e.service_account.value, "sa");
  ASSERT_TRUE(se.workload_selector);
  EXPECT_EQ(se.workload_selector->at(0).value.value, "ext");
  EXPECT_EQ(se.export_to.at(0).value, ".");
  EXPECT_EQ(se.subject_alt_names.at(0).value, "spiffe://ext");
}

}  // namespace
}  // namespace igw::model
