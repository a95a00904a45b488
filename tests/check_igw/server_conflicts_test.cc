// Tests: igw.ServerConflicts (IGW0304-IGW0307).
#include "tests/check_igw/check_igw_util.h"

#include <gtest/gtest.h>

namespace igw::check::testing {
namespace {

std::string named_gateway(const std::string& name, const std::string& servers,
                          const std::string& metadata_extra = "") {
  return R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: )" +
         name + R"(
  namespace: istio-system
)" + metadata_extra +
         R"(spec:
  selector:
    istio: ingressgateway
  servers:
)" + servers;
}

constexpr const char* kHttpOn80 = R"(  - port:
      number: 80
      name: http
      protocol: HTTP
    hosts:
    - "*.example.com"
)";

TEST(ServerConflicts, HttpsAfterHttpOnOnePortIsDropped) {
  auto found =
      run_check("igw.ServerConflicts", named_gateway("gw", std::string(kHttpOn80) + R"(  - port:
      number: 80
      name: https-on-80
      protocol: HTTPS
    hosts:
    - app.example.com
    tls:
      mode: SIMPLE
      credentialName: app
)"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IGW0304");
  EXPECT_EQ(found[0].severity, base::Severity::Error);
  EXPECT_EQ(found[0].resource.str(), "Gateway istio-system/gw");
  EXPECT_EQ(line_col(found[0]), "19:17");
  EXPECT_EQ(found[0].message,
            "servers[1] (port 80 HTTPS) is dropped: port 80 is already served by istio-system/gw "
            "servers[0] (HTTP); a HTTPS server cannot share it, so Istio skips this one (the "
            "earlier server comes first in the same Gateway's servers list).");
  EXPECT_EQ(found[0].hint,
            "Move this server to a port of its own, or use HTTP-family protocols (HTTP, HTTP2, "
            "GRPC) on both servers so Istio merges them.");
}

TEST(ServerConflicts, NameOrderDecidesWithoutCreationTimestamps) {
  std::string tcp = R"(  - port:
      number: 31400
      name: tcp
      protocol: TCP
    hosts:
    - "*"
)";
  // "b-gw" comes first in the input, but Istio merges by name when timestamps tie.
  auto found = run_check("igw.ServerConflicts",
                         named_gateway("b-gw", tcp) + "---\n" + named_gateway("a-gw", tcp));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IGW0304");
  EXPECT_EQ(found[0].resource.str(), "Gateway istio-system/b-gw");
  EXPECT_EQ(line_col(found[0]), "13:17");
  EXPECT_EQ(found[0].message,
            "servers[0] (port 31400 TCP) is dropped: port 31400 is already served by "
            "istio-system/a-gw servers[0] (TCP); a TCP server cannot share it, so Istio skips this "
            "one (neither Gateway has a creationTimestamp, so Istio orders them by name: "
            "istio-system/a-gw before istio-system/b-gw; this order, not intent, decided).");
}

TEST(ServerConflicts, DuplicateTlsHostDropsTheYoungerServer) {
  auto tls = [](const std::string& credential) {
    return R"(  - port:
      number: 443
      name: https
      protocol: HTTPS
    hosts:
    - shop.example.com
    tls:
      mode: SIMPLE
      credentialName: )" +
           credential + "\n";
  };
  auto found = run_check(
      "igw.ServerConflicts",
      named_gateway("a-new", tls("new"), "  creationTimestamp: \"2025-06-01T00:00:00Z\"\n") +
          "---\n" +
          named_gateway("z-old", tls("old"), "  creationTimestamp: \"2024-01-01T00:00:00Z\"\n"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IGW0305");
  EXPECT_EQ(found[0].severity, base::Severity::Error);
  EXPECT_EQ(found[0].resource.str(), "Gateway istio-system/a-new");
  EXPECT_EQ(line_col(found[0]), "16:7");
  EXPECT_EQ(found[0].message,
            "servers[0] (port 443 HTTPS) is dropped: duplicate host shop.example.com on port 443: "
            "already served by istio-system/z-old servers[0]; Istio skips the whole server "
            "(Istio merges Gateways oldest first and istio-system/z-old (created "
            "2024-01-01T00:00:00Z) is older than istio-system/a-new (created "
            "2025-06-01T00:00:00Z)).");
}

TEST(ServerConflicts, DuplicateRouteNameDropsTheLaterServer) {
  auto found = run_check("igw.ServerConflicts", named_gateway("gw", R"(  - port:
      number: 443
      name: https
      protocol: HTTPS
    hosts:
    - a.example.com
    tls:
      mode: SIMPLE
      credentialName: a
  - port:
      number: 443
      name: https
      protocol: HTTPS
    hosts:
    - b.example.com
    tls:
      mode: SIMPLE
      credentialName: b
)"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IGW0306");
  EXPECT_EQ(line_col(found[0]), "21:13");
  EXPECT_EQ(found[0].message,
            "servers[1] (port 443 HTTPS) is dropped: route configuration "
            "https.443.https.gw.istio-system already belongs to istio-system/gw servers[0]; Istio "
            "skips this server (the earlier server comes first in the same Gateway's servers "
            "list).");
}

TEST(ServerConflicts, PlainHttpAfterTlsOnOnePortIsFragile) {
  auto found = run_check("igw.ServerConflicts", named_gateway("gw", R"(  - port:
      number: 443
      name: https
      protocol: HTTPS
    hosts:
    - a.example.com
    tls:
      mode: SIMPLE
      credentialName: a
  - port:
      number: 443
      name: http-on-443
      protocol: HTTP
    hosts:
    - b.example.com
)"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IGW0307");
  EXPECT_EQ(found[0].severity, base::Severity::Warning);
  EXPECT_EQ(line_col(found[0]), "22:17");
  EXPECT_EQ(found[0].message,
            "servers[1] (port 443 HTTP) is a plain HTTP server on port 443, which servers[0] "
            "(port 443 HTTPS) of Gateway istio-system/gw already serves with TLS (the earlier "
            "server comes first in the same Gateway's servers list). Istio keeps both as chains "
            "of one listener; the HTTP chain has no match criteria, so plain-text connections and "
            "TLS connections whose SNI matches no TLS server all land on it, which works only by "
            "merge order.");
  EXPECT_EQ(found[0].hint,
            "Serve plain HTTP on a port of its own (such as 80) and keep this port for TLS.");
}

TEST(ServerConflicts, RejectedGatewaysTakePartInNothing) {
  std::string tcp = R"(  - port:
      number: 31400
      name: tcp
      protocol: TCP
    hosts:
    - "*"
)";
  std::string yaml = named_gateway("b-gw", tcp) + "---\n" + named_gateway("a-gw", tcp);
  EXPECT_EQ(run_check("igw.ServerConflicts", yaml).size(), 1u);
  // The admission webhook refuses a-gw, so b-gw is alone on its port.
  EXPECT_TRUE(run_check("igw.ServerConflicts", yaml, {}, {"Gateway istio-system/a-gw"}).empty());
}

TEST(ServerConflicts, MergeableServersPass) {
  EXPECT_TRUE(
      run_check("igw.ServerConflicts", named_gateway("gw", std::string(kHttpOn80) + R"(  - port:
      number: 80
      name: grpc
      protocol: GRPC
    hosts:
    - grpc.example.com
  - port:
      number: 443
      name: https-a
      protocol: HTTPS
    hosts:
    - a.example.com
    tls:
      mode: SIMPLE
      credentialName: a
  - port:
      number: 443
      name: https-b
      protocol: HTTPS
    hosts:
    - b.example.com
    tls:
      mode: SIMPLE
      credentialName: b
)"))
          .empty());
}

TEST(ServerConflicts, GatewaysOfOtherWorkloadsDoNotConflict) {
  std::string tcp = R"(  - port:
      number: 31400
      name: tcp
      protocol: TCP
    hosts:
    - "*"
)";
  std::string other = named_gateway("other", tcp);
  other.replace(other.find("istio: ingressgateway"), 21, "app: internal-gateway");
  EXPECT_TRUE(run_check("igw.ServerConflicts", named_gateway("gw", tcp) + "---\n" + other).empty());
}

}  // namespace
}  // namespace igw::check::testing
