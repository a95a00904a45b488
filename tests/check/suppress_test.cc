#include "lib/check/suppress.h"

#include "lib/check/istio_messages.h"
#include "lib/config/load.h"
#include "lib/config/messages.h"
#include "lib/model/parse.h"

#include <gtest/gtest.h>

namespace igw::check {
namespace {

model::Config parse_yaml(const std::string& text, const std::string& ns = "default") {
  config::LoadResult loaded;
  config::parse_text("in.yaml", text, loaded);
  base::Diagnostics diags;
  model::ParseOptions opts;
  opts.default_namespace = ns;
  return model::parse(std::move(loaded), opts, diags);
}

base::Diagnostic on(const base::MessageType& type, base::ResourceRef ref, std::string msg = "m") {
  return base::Diagnostic::make(type, std::move(msg), {}, std::move(ref));
}

TEST(Suppress, ParseSuppression) {
  auto s = parse_suppression("IST0101=VirtualService prod/web");
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->code, "IST0101");
  EXPECT_EQ(s->resource, "VirtualService prod/web");
  for (const char* bad : {"IST0101", "=Gateway x", "IST0101=", "a=b=c", ""}) {
    auto r = parse_suppression(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_NE(r.error().message.find("is not a valid suppression value"), std::string::npos);
  }
}

TEST(Suppress, GlobMatch) {
  EXPECT_TRUE(glob_match("Pod *.baz", "Pod foo.baz"));
  EXPECT_TRUE(glob_match("*", ""));
  EXPECT_TRUE(glob_match("*", "anything"));
  EXPECT_TRUE(glob_match("VirtualService prod/*", "VirtualService prod/web"));
  EXPECT_TRUE(glob_match("*prod*", "VirtualService prod/web"));
  EXPECT_TRUE(glob_match("a*b*c", "a-b-b-c"));
  EXPECT_TRUE(glob_match("exact", "exact"));
  EXPECT_FALSE(glob_match("exact", "exactly"));
  EXPECT_FALSE(glob_match("VirtualService prod/*", "VirtualService staging/web"));
  EXPECT_FALSE(glob_match("a*b*c", "a-b-b-"));
  EXPECT_FALSE(glob_match("", "x"));
  // '?' and '[' are not special (go-glob only knows '*').
  EXPECT_TRUE(glob_match("a?[b]", "a?[b]"));
  EXPECT_FALSE(glob_match("a?", "ab"));
}

TEST(Suppress, MatchesIstioctlAndLegacyResourceForms) {
  auto d = on(ist::kReferencedResourceNotFound, {"VirtualService", "prod", "web"});
  EXPECT_TRUE(suppression_matches({"IST0101", "VirtualService prod/web"}, d));
  EXPECT_TRUE(suppression_matches({"IST0101", "VirtualService web.prod"}, d));
  EXPECT_TRUE(suppression_matches({"IST0101", "VirtualService *.prod"}, d));
  EXPECT_FALSE(suppression_matches({"IST0132", "VirtualService prod/web"}, d));
  EXPECT_FALSE(suppression_matches({"IST0101", "Gateway prod/web"}, d));
  // Only findings with a resource can be suppressed by -S.
  EXPECT_FALSE(suppression_matches({"IST0101", "*"}, on(ist::kReferencedResourceNotFound, {})));
}

TEST(Suppress, KnownCodesAndInputErrors) {
  EXPECT_TRUE(is_known_code("IST0101"));
  EXPECT_TRUE(is_known_code("IGW0002"));
  EXPECT_FALSE(is_known_code("IST9999"));
  EXPECT_TRUE(is_input_error(on(config::msg::kYamlSyntax, {})));
  EXPECT_TRUE(is_input_error(on(config::msg::kFileUnreadable, {})));
  EXPECT_FALSE(is_input_error(on(config::msg::kSkippedDocument, {})));
  EXPECT_FALSE(is_input_error(on(ist::kReferencedResourceNotFound, {})));
}

constexpr const char* kTwoObjects = R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
  namespace: prod
spec: {}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: web
  annotations:
    galley.istio.io/analyze-suppress: "IST0101, IST0132"
spec:
  hosts: [a.example.com]
)";

TEST(Suppress, ObjectsDocumentsAndAnnotations) {
  model::Config cfg = parse_yaml(kTwoObjects);
  ASSERT_EQ(checked_objects(cfg).size(), 2u);
  EXPECT_EQ(checked_objects(cfg)[0]->kind, "Gateway");

  base::Diagnostics diags;
  diags.add(on(ist::kReferencedResourceNotFound, {"VirtualService", "default", "web"}));
  diags.add(on(ist::kReferencedResourceNotFound, {"Gateway", "prod", "gw"}));
  diags.add(on(ist::kReferencedResourceNotFound, {"Gateway", "prod", "elsewhere"}));
  annotate_documents(diags, cfg);
  EXPECT_EQ(diags.items()[0].document_index, 1);
  EXPECT_EQ(diags.items()[1].document_index, 0);
  EXPECT_EQ(diags.items()[2].document_index, -1);
  EXPECT_EQ(object_of(diags.items()[0], cfg)->kind, "VirtualService");
  EXPECT_EQ(object_of(diags.items()[2], cfg), nullptr);

  LintPolicy policy;
  PolicyOutcome out = apply_policy(diags, cfg, policy);
  // The VirtualService's annotation suppresses its IST0101; the Gateways' findings stay.
  EXPECT_EQ(out.suppressed, 1u);
  ASSERT_EQ(out.shown.size(), 2u);
  EXPECT_EQ(out.shown.items()[0].resource.kind, "Gateway");
  EXPECT_TRUE(out.threshold_reached);
}

TEST(Suppress, DocumentIndexFromPosition) {
  model::Config cfg = parse_yaml(kTwoObjects);
  base::Diagnostics diags;
  auto d = on(config::msg::kSkippedDocument, {});
  d.loc = cfg.documents[1].loc(cfg.documents[1].root);
  d.loc.line += 3;
  diags.add(d);
  annotate_documents(diags, cfg);
  EXPECT_EQ(diags.items()[0].document_index, 1);
}

TEST(Suppress, NamespaceFilterKeepsResourcelessAndClusterScoped) {
  model::Config cfg = parse_yaml(kTwoObjects);
  base::Diagnostics diags;
  diags.add(on(ist::kGatewayDuplicateCertificate, {"Gateway", "prod", "gw"}));
  diags.add(on(ist::kGatewayDuplicateCertificate, {"Gateway", "staging", "gw"}));
  diags.add(on(ist::kGatewayDuplicateCertificate, {"ClusterIssuer", "", "ca"}));
  diags.add(on(ist::kGatewayDuplicateCertificate, {}));
  LintPolicy policy;
  policy.only_namespace = "prod";
  PolicyOutcome out = apply_policy(diags, cfg, policy);
  EXPECT_EQ(out.other_namespace, 1u);
  ASSERT_EQ(out.shown.size(), 3u);
  EXPECT_EQ(out.shown.items()[0].resource.ns, "prod");
  EXPECT_EQ(out.shown.items()[1].resource.kind, "ClusterIssuer");
}

TEST(Suppress, ThresholdsAndFlags) {
  model::Config cfg = parse_yaml(kTwoObjects);
  base::Diagnostics diags;
  diags.add(on(config::msg::kYamlSyntax, {}));
  diags.add(on(ist::kGatewayDuplicateCertificate, {"Gateway", "prod", "gw"}));     // Warning
  diags.add(on(ist::kVirtualServiceIneffectiveMatch, {"Gateway", "prod", "gw"}));  // Info

  LintPolicy policy;
  PolicyOutcome out = apply_policy(diags, cfg, policy);
  // A parse error alone decides exit 65, not the failure threshold.
  EXPECT_FALSE(out.threshold_reached);
  EXPECT_EQ(out.shown.size(), 3u);

  policy.failure_threshold = base::Severity::Warning;
  policy.output_threshold = base::Severity::Error;
  out = apply_policy(diags, cfg, policy);
  EXPECT_TRUE(out.threshold_reached);  // decided before the output threshold hides it
  EXPECT_EQ(out.shown.size(), 1u);
  EXPECT_EQ(out.below_output_threshold, 2u);

  policy.suppressions.push_back({"IST0138", "Gateway prod/*"});
  out = apply_policy(diags, cfg, policy);
  EXPECT_FALSE(out.threshold_reached);
  EXPECT_EQ(out.suppressed, 1u);
}

TEST(Suppress, AnnotationStar) {
  model::Config cfg = parse_yaml(R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
  annotations:
    galley.istio.io/analyze-suppress: "*"
spec: {}
)");
  base::Diagnostics diags;
  diags.add(on(ist::kGatewayDuplicateCertificate, {"Gateway", "default", "gw"}));
  diags.add(on(ist::kReferencedResourceNotFound, {"Gateway", "default", "gw"}));
  PolicyOutcome out = apply_policy(diags, cfg, {});
  EXPECT_EQ(out.suppressed, 2u);
  EXPECT_TRUE(out.shown.empty());
}

}  // namespace
}  // namespace igw::check
