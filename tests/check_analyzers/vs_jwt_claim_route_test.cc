#include "check_analyzers_util.h"

#include <gtest/gtest.h>

namespace igw::check::testing {
namespace {

constexpr std::string_view kVsJwtClaimRouteAnalyzer = "virtualservice.JWTClaimRouteAnalyzer";

// Lines 1-19: a Gateway on the default ingress and a VirtualService routing on a JWT claim; the
// gateway reference is on line 16.
const std::string kConfig = R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: public, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*"]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: api, namespace: apps}
spec:
  hosts: [api.example.com]
  gateways:
  - istio-system/public
  http:
  - match: [{headers: {"@request.auth.claims.group": {exact: admin}}}]
    route: [{destination: {host: admin}}]
)";

// A Pod so the analyzer runs in CLI mode.
const std::string kJwtRoutePod = R"(---
apiVersion: v1
kind: Pod
metadata: {name: app, namespace: apps}
)";

TEST(VsJwtClaimRoute, RequestAuthenticationOnTheGatewayPodPasses) {
  const std::string authn = R"(---
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: {name: jwt, namespace: istio-system}
spec:
  selector:
    matchLabels: {istio: ingressgateway}
  jwtRules: [{issuer: "https://issuer.example.com"}]
)";
  EXPECT_TRUE(run_analyzer(kVsJwtClaimRouteAnalyzer, kConfig + authn + kJwtRoutePod).empty());
}

TEST(VsJwtClaimRoute, MissingRequestAuthenticationIsAnError) {
  auto found = run_analyzer(kVsJwtClaimRouteAnalyzer, kConfig + kJwtRoutePod);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "IST0149");
  EXPECT_EQ(found[0].severity, base::Severity::Error);
  EXPECT_EQ(found[0].resource.str(), "VirtualService apps/api");
  EXPECT_EQ(line_col(found[0]), "16:5");
  EXPECT_EQ(
      found[0].message,
      "The virtual service uses the JWT claim based routing (key: @request.auth.claims.group) "
      "but found no request authentication for the gateway (istio-system/public) pod "
      "(istio-ingressgateway-dummypod). The request authentication must first be applied for "
      "the gateway pods to validate the JWT token and make the claims available for "
      "routing.");
}

TEST(VsJwtClaimRoute, RequestAuthenticationSelectingOtherPodsDoesNotCount) {
  const std::string authn = R"(---
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: {name: jwt, namespace: istio-system}
spec:
  selector:
    matchLabels: {app: something-else}
)";
  EXPECT_EQ(run_analyzer(kVsJwtClaimRouteAnalyzer, kConfig + authn + kJwtRoutePod).size(), 1u);
}

}  // namespace
}  // namespace igw::check::testing
