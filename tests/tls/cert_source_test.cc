// Credential resolution (R1.23): Secret manifests with each key-name convention, data and
// stringData, --secrets-dir layouts, credential names with namespaces, file paths.
#include "lib/tls/cert_source.h"

#include "lib/tls/x509_facts.h"
#include "tests/tls/tls_util.h"

#include <gtest/gtest.h>

namespace igw::tls {
namespace {

using testing::TestCa;

class CertSourceTest : public ::testing::Test {
 protected:
  CertSource source(const std::string& yaml, const std::string& secrets_dir = "") {
    compiled_ = testing::compile_yaml(yaml.empty() ? "{}" : yaml);
    sources_.config = compiled_.config.get();
    sources_.secrets_dir = secrets_dir;
    return CertSource(sources_);
  }

  TestCa ca_{"test CA"};
  KeyPair a_ = ca_.issue({"a.example.com"});
  KeyPair b_ = ca_.issue({"b.example.com"});
  testing::Compiled compiled_;
  CredentialSources sources_;
};

std::string san(const KeyPair& kp) {
  return testing::first_dns_name(kp.leaf());
}

TEST_F(CertSourceTest, TlsCrtAndTlsKey) {
  auto s = source(testing::secret_yaml(
      "istio-system", "web",
      {{"tls.crt", testing::pem_of(a_)}, {"tls.key", testing::key_pem_of(a_)}}));
  auto kp = s.key_pair("web");
  ASSERT_TRUE(kp.has_value()) << kp.error().message;
  EXPECT_EQ(san(*kp), "a.example.com");
  EXPECT_EQ(kp->source, "Secret istio-system/web (test.yaml:1)");
}

TEST_F(CertSourceTest, CertAndKeyWinOverTlsCrt) {
  auto s = source(testing::secret_yaml("istio-system", "web",
                                       {{"tls.crt", testing::pem_of(a_)},
                                        {"tls.key", testing::key_pem_of(a_)},
                                        {"cert", testing::pem_of(b_)},
                                        {"key", testing::key_pem_of(b_)}},
                                       /*use_data=*/true));
  auto kp = s.key_pair("web");
  ASSERT_TRUE(kp.has_value()) << kp.error().message;
  EXPECT_EQ(san(*kp), "b.example.com") << "generic secret keys come first";
}

TEST_F(CertSourceTest, EmptyGenericKeysFallBackToTlsKeys) {
  auto s = source(testing::secret_yaml("istio-system", "web",
                                       {{"cert", ""},
                                        {"key", ""},
                                        {"tls.crt", testing::pem_of(a_)},
                                        {"tls.key", testing::key_pem_of(a_)}},
                                       true));
  auto kp = s.key_pair("web");
  ASSERT_TRUE(kp.has_value()) << kp.error().message;
  EXPECT_EQ(san(*kp), "a.example.com");
}

TEST_F(CertSourceTest, MissingKeysAreExplained) {
  auto s = source(testing::secret_yaml("istio-system", "web", {{"ca.crt", ca_.cert_pem()}}));
  auto kp = s.key_pair("web");
  ASSERT_FALSE(kp.has_value());
  EXPECT_NE(kp.error().message.find("has neither keys (cert and key) nor (tls.crt and tls.key); "
                                    "it has: ca.crt"),
            std::string::npos)
      << kp.error().message;

  auto s2 = source(testing::secret_yaml("istio-system", "web", {{"cert", ""}, {"key", ""}}, true));
  kp = s2.key_pair("web");
  ASSERT_FALSE(kp.has_value());
  EXPECT_NE(kp.error().message.find("keys \"cert\" and \"key\" are present but empty"),
            std::string::npos)
      << kp.error().message;
}

TEST_F(CertSourceTest, MismatchedKeyIsRefused) {
  auto s = source(testing::secret_yaml(
      "istio-system", "web",
      {{"tls.crt", testing::pem_of(a_)}, {"tls.key", testing::key_pem_of(b_)}}));
  auto kp = s.key_pair("web");
  ASSERT_FALSE(kp.has_value());
  EXPECT_NE(kp.error().message.find("does not belong to the certificate"), std::string::npos)
      << kp.error().message;
}

TEST_F(CertSourceTest, SecretLivesInTheGatewayNamespaceUnlessNamed) {
  std::string yaml = testing::secret_yaml(
      "other", "web", {{"tls.crt", testing::pem_of(a_)}, {"tls.key", testing::key_pem_of(a_)}});
  auto s = source(yaml);
  EXPECT_FALSE(s.key_pair("web").has_value()) << "istio-system/web does not exist";
  auto kp = s.key_pair("other/web");
  ASSERT_TRUE(kp.has_value()) << kp.error().message;
  kp = s.key_pair("kubernetes://other/web");
  ASSERT_TRUE(kp.has_value()) << kp.error().message;
  kp = s.key_pair("kubernetes-gateway://other/web");
  ASSERT_TRUE(kp.has_value()) << kp.error().message;
}

TEST_F(CertSourceTest, SecretsDirWithNamespaceAndFlatLayouts) {
  testing::TempDir dir;
  testing::write_file(dir.path() + "/istio-system/web/tls.crt", testing::pem_of(a_));
  testing::write_file(dir.path() + "/istio-system/web/tls.key", testing::key_pem_of(a_));
  testing::write_file(dir.path() + "/flat/cert", testing::pem_of(b_));
  testing::write_file(dir.path() + "/flat/key", testing::key_pem_of(b_));
  testing::write_file(dir.path() + "/flat/cacert", ca_.cert_pem());
  // Mounted-secret machinery next to the keys is not a key.
  testing::write_file(dir.path() + "/flat/..data/cert", "garbage");
  auto s = source("", dir.path());
  auto web = s.key_pair("web");
  ASSERT_TRUE(web.has_value()) << web.error().message;
  EXPECT_EQ(san(*web), "a.example.com");
  EXPECT_EQ(web->source,
            "Secret istio-system/web (--secrets-dir " + dir.path() + "/istio-system/web)");
  EXPECT_EQ(web->files.size(), 2u);
  auto flat = s.key_pair("flat");
  ASSERT_TRUE(flat.has_value()) << flat.error().message;
  EXPECT_EQ(san(*flat), "b.example.com");
  auto ca = s.credential_ca("flat");
  ASSERT_TRUE(ca.has_value()) << ca.error().message;
  EXPECT_EQ(ca->certs.size(), 1u);
  auto missing = s.key_pair("nope");
  ASSERT_FALSE(missing.has_value());
  EXPECT_NE(missing.error().message.find("not found in the input and --secrets-dir " + dir.path()),
            std::string::npos);
}

TEST_F(CertSourceTest, ManifestWinsOverSecretsDir) {
  testing::TempDir dir;
  testing::write_file(dir.path() + "/istio-system/web/tls.crt", testing::pem_of(b_));
  testing::write_file(dir.path() + "/istio-system/web/tls.key", testing::key_pem_of(b_));
  auto s = source(testing::secret_yaml(
                      "istio-system", "web",
                      {{"tls.crt", testing::pem_of(a_)}, {"tls.key", testing::key_pem_of(a_)}}),
                  dir.path());
  auto kp = s.key_pair("web");
  ASSERT_TRUE(kp.has_value());
  EXPECT_EQ(san(*kp), "a.example.com");
}

TEST_F(CertSourceTest, CacertSecretWithCrl) {
  TestCa client_ca("client CA");
  auto s = source(testing::secret_yaml("istio-system", "web-cacert",
                                       {{"cacert", client_ca.cert_pem()}, {"crl", "not a crl"}}));
  auto ca = s.credential_ca("web");
  ASSERT_FALSE(ca.has_value()) << "a broken CRL is an error";
  EXPECT_NE(ca.error().message.find("(crl)"), std::string::npos) << ca.error().message;
}

TEST_F(CertSourceTest, FileKeyPair) {
  testing::TempDir dir;
  testing::write_file(dir.path() + "/c.pem", testing::pem_of(a_));
  testing::write_file(dir.path() + "/k.pem", testing::key_pem_of(a_));
  auto s = source("");
  auto kp = s.file_key_pair(dir.path() + "/c.pem", dir.path() + "/k.pem");
  ASSERT_TRUE(kp.has_value()) << kp.error().message;
  EXPECT_EQ(kp->source, "file " + dir.path() + "/c.pem");
  auto missing = s.file_key_pair(dir.path() + "/nope.pem", dir.path() + "/k.pem");
  ASSERT_FALSE(missing.has_value());
  EXPECT_NE(missing.error().message.find("cannot read " + dir.path() + "/nope.pem"),
            std::string::npos);
}

TEST(CredentialNameTest, ParsesIstioResourceNames) {
  auto r = parse_credential_name("web", "istio-system");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->text(), "istio-system/web");
  r = parse_credential_name("kubernetes://web", "gw-ns");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->text(), "gw-ns/web");
  r = parse_credential_name("apps/web", "istio-system");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->text(), "apps/web");
  r = parse_credential_name("configmap://apps/ca", "istio-system");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->kind, ResourceKind::kConfigMap);
  EXPECT_FALSE(parse_credential_name("configmap://ca", "istio-system").has_value());
  EXPECT_FALSE(parse_credential_name("kubernetes-gateway:///x", "istio-system").has_value());
  auto builtin = parse_credential_name("builtin://", "istio-system");
  ASSERT_FALSE(builtin.has_value());
  EXPECT_NE(builtin.error().message.find("mesh certificate"), std::string::npos);
}

}  // namespace
}  // namespace igw::tls
