// Client certificates on MUTUAL, OPTIONAL_MUTUAL and ISTIO_MUTUAL servers: CA sources, the
// development CA, and the subjectAltNames / hash / SPKI pins (R1.22, R1.23).
#include "lib/base/base64.h"
#include "lib/base/strings.h"
#include "lib/tls/server_tls.h"
#include "lib/tls/x509_facts.h"
#include "tests/tls/tls_util.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace igw::tls {
namespace {

using testing::ClientOptions;
using testing::TestCa;

std::string gateway(const std::string& tls, const std::string& hosts = "[www.example.com]") {
  return "apiVersion: networking.istio.io/v1\nkind: Gateway\n"
         "metadata: {name: gw, namespace: istio-system}\n"
         "spec:\n  selector: {istio: ingressgateway}\n  servers:\n"
         "  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: " +
         hosts + "\n    tls: {" + tls + "}\n";
}

std::string hex(const Sha256& h) {
  static const char* d = "0123456789ABCDEF";
  std::string out;
  for (uint8_t b : h) {
    out += d[b >> 4];
    out += d[b & 15];
  }
  return out;
}

class ClientAuthTest : public ::testing::Test {
 protected:
  SSL_CTX* build(const std::string& yaml, std::optional<std::string> dev_dir = std::nullopt) {
    compiled_ = testing::compile_yaml(yaml);
    CredentialSources sources;
    sources.config = compiled_.config.get();
    sources.dev_certs_dir = std::move(dev_dir);
    log_.clear();
    auto built = ServerTls::build(*compiled_.table, sources, log_);
    EXPECT_TRUE(built.has_value()) << (built ? "" : built.error().message);
    if (!built)
      return nullptr;
    tls_ = *built;
    const compile::Listener* l = compiled_.table->find_listener(443);
    return l ? tls_->listener_context(*l) : nullptr;
  }

  std::string server_secret(const std::string& name,
                            std::vector<std::pair<std::string, std::string>> extra = {}) {
    std::vector<std::pair<std::string, std::string>> entries = {
        {"tls.crt", testing::pem_of(server_)}, {"tls.key", testing::key_pem_of(server_)}};
    for (auto& e : extra)
      entries.push_back(std::move(e));
    return testing::secret_yaml("istio-system", name, entries);
  }

  testing::HandshakeResult connect(SSL_CTX* ctx, const KeyPair* cert, int max_version = 0) {
    ClientOptions o;
    o.sni = "www.example.com";
    o.client_cert = cert;
    o.max_version = max_version;
    return testing::handshake(ctx, o);
  }

  std::string log_text() const {
    std::string out;
    for (const auto& l : log_)
      out += l.text + "\n";
    return out;
  }

  TestCa server_ca_{"server CA"};
  TestCa client_ca_{"client CA"};
  TestCa other_ca_{"some other CA"};
  KeyPair server_ = server_ca_.issue({"www.example.com"});
  testing::Compiled compiled_;
  std::shared_ptr<const ServerTls> tls_;
  std::vector<LogLine> log_;
};

TEST_F(ClientAuthTest, MutualRequiresACertificateFromTheCacertSecret) {
  std::string yaml =
      gateway("mode: MUTUAL, credentialName: www") + "---\n" + server_secret("www") + "---\n" +
      testing::secret_yaml("istio-system", "www-cacert", {{"ca.crt", client_ca_.cert_pem()}});
  SSL_CTX* ctx = build(yaml);
  ASSERT_NE(ctx, nullptr);
  KeyPair good = client_ca_.issue({"client.example.com"}, true);
  KeyPair stranger = other_ca_.issue({"client.example.com"}, true);
  for (int v : {TLS1_2_VERSION, TLS1_3_VERSION}) {
    EXPECT_FALSE(connect(ctx, nullptr, v).ok) << "no client certificate, version " << v;
    auto r = connect(ctx, &good, v);
    EXPECT_TRUE(r.ok) << "version " << v << ": " << r.error;
    auto bad = connect(ctx, &stranger, v);
    EXPECT_FALSE(bad.ok) << "untrusted client certificate, version " << v;
    ASSERT_NE(bad.refusal, nullptr);
    EXPECT_STREQ(bad.refusal, "unable to get local issuer certificate");
  }
  EXPECT_NE(log_text().find("client certificates required, verified against Secret "
                            "istio-system/www-cacert"),
            std::string::npos)
      << log_text();
}

TEST_F(ClientAuthTest, CaFromTheSameSecretWhenThereIsNoCacertSecret) {
  std::string yaml = gateway("mode: MUTUAL, credentialName: www") + "---\n" +
                     server_secret("www", {{"ca.crt", client_ca_.cert_pem()}});
  SSL_CTX* ctx = build(yaml);
  ASSERT_NE(ctx, nullptr);
  KeyPair good = client_ca_.issue({"c"}, true);
  auto r = connect(ctx, &good);
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_FALSE(connect(ctx, nullptr).ok);
}

TEST_F(ClientAuthTest, CacertKeyIsPreferredOverCaCrt) {
  std::string yaml =
      gateway("mode: MUTUAL, credentialName: www") + "---\n" +
      server_secret("www", {{"cacert", client_ca_.cert_pem()}, {"ca.crt", other_ca_.cert_pem()}});
  SSL_CTX* ctx = build(yaml);
  ASSERT_NE(ctx, nullptr);
  KeyPair good = client_ca_.issue({"c"}, true);
  KeyPair other = other_ca_.issue({"c"}, true);
  EXPECT_TRUE(connect(ctx, &good).ok);
  EXPECT_FALSE(connect(ctx, &other).ok);
}

TEST_F(ClientAuthTest, CacertSecretWithoutCaKeyIsAnErrorNotAFallback) {
  std::string yaml = gateway("mode: MUTUAL, credentialName: www") + "---\n" +
                     server_secret("www", {{"ca.crt", client_ca_.cert_pem()}}) + "---\n" +
                     testing::secret_yaml("istio-system", "www-cacert", {{"other", "x"}});
  SSL_CTX* ctx = build(yaml);
  ASSERT_NE(ctx, nullptr);
  KeyPair good = client_ca_.issue({"c"}, true);
  EXPECT_FALSE(connect(ctx, &good).ok);
  EXPECT_NE(log_text().find("has neither key cacert nor ca.crt; it has: other"), std::string::npos)
      << log_text();
}

TEST_F(ClientAuthTest, MutualWithoutCaUsesTheDevCaWithDevCerts) {
  testing::TempDir dir;
  std::string yaml = gateway("mode: MUTUAL, credentialName: www") + "---\n" + server_secret("www");
  SSL_CTX* ctx = build(yaml, dir.path());
  ASSERT_NE(ctx, nullptr);
  auto client = tls_->dev_ca()->issue_client_certificate("tester");
  ASSERT_TRUE(client.has_value()) << client.error().message;
  auto r = connect(ctx, &*client);
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_FALSE(connect(ctx, nullptr).ok) << "still required";
  KeyPair stranger = other_ca_.issue({"c"}, true);
  EXPECT_FALSE(connect(ctx, &stranger).ok);
  EXPECT_NE(log_text().find("the development CA verifies client certificates instead"),
            std::string::npos)
      << log_text();
}

TEST_F(ClientAuthTest, MutualWithoutCaFailsWithoutDevCerts) {
  std::string yaml = gateway("mode: MUTUAL, credentialName: www") + "---\n" + server_secret("www");
  SSL_CTX* ctx = build(yaml);
  ASSERT_NE(ctx, nullptr);
  KeyPair good = client_ca_.issue({"c"}, true);
  auto r = connect(ctx, &good);
  EXPECT_FALSE(r.ok);
  // No Secret www-cacert, so the CA is looked for in www itself (GetCaCert), which has none.
  EXPECT_NE(log_text().find("client CA: Secret istio-system/www (test.yaml:"), std::string::npos)
      << log_text();
  EXPECT_NE(log_text().find("has neither key cacert nor ca.crt; it has: tls.crt, tls.key"),
            std::string::npos)
      << log_text();
}

TEST_F(ClientAuthTest, OptionalMutualAcceptsNoCertificateButChecksOneThatIsSent) {
  std::string yaml = gateway("mode: OPTIONAL_MUTUAL, credentialName: www") + "---\n" +
                     server_secret("www", {{"ca.crt", client_ca_.cert_pem()}});
  SSL_CTX* ctx = build(yaml);
  ASSERT_NE(ctx, nullptr);
  KeyPair good = client_ca_.issue({"c"}, true);
  KeyPair stranger = other_ca_.issue({"c"}, true);
  for (int v : {TLS1_2_VERSION, TLS1_3_VERSION}) {
    auto none = connect(ctx, nullptr, v);
    EXPECT_TRUE(none.ok) << "version " << v << ": " << none.error;
    auto ok = connect(ctx, &good, v);
    EXPECT_TRUE(ok.ok) << "version " << v << ": " << ok.error;
    EXPECT_FALSE(connect(ctx, &stranger, v).ok) << "version " << v;
  }
}

TEST_F(ClientAuthTest, SubjectAltNamePins) {
  std::string yaml = gateway(
                         "mode: MUTUAL, credentialName: www, subjectAltNames: "
                         "[\"spiffe://cluster.local/ns/a/sa/good\", app.example.com]") +
                     "---\n" + server_secret("www", {{"ca.crt", client_ca_.cert_pem()}});
  SSL_CTX* ctx = build(yaml);
  ASSERT_NE(ctx, nullptr);
  KeyPair uri_good = client_ca_.issue({"spiffe://cluster.local/ns/a/sa/good"}, true);
  KeyPair uri_bad = client_ca_.issue({"spiffe://cluster.local/ns/a/sa/bad"}, true);
  KeyPair dns_wild = client_ca_.issue({"*.example.com"}, true);
  KeyPair dns_other = client_ca_.issue({"app.example.org"}, true);
  EXPECT_TRUE(connect(ctx, &uri_good).ok);
  auto bad = connect(ctx, &uri_bad);
  EXPECT_FALSE(bad.ok);
  ASSERT_NE(bad.refusal, nullptr);
  EXPECT_STREQ(bad.refusal, "client certificate matches none of the subjectAltNames");
  EXPECT_TRUE(connect(ctx, &dns_wild).ok) << "a wildcard DNS SAN of the certificate matches";
  EXPECT_FALSE(connect(ctx, &dns_other).ok);
}

TEST_F(ClientAuthTest, OptionalMutualWithPinsRequiresACertificate) {
  // Envoy's verify_mode_validation_context: any pin turns "request" into "require".
  std::string yaml = gateway("mode: OPTIONAL_MUTUAL, credentialName: www, subjectAltNames: [c]") +
                     "---\n" + server_secret("www", {{"ca.crt", client_ca_.cert_pem()}});
  SSL_CTX* ctx = build(yaml);
  ASSERT_NE(ctx, nullptr);
  EXPECT_FALSE(connect(ctx, nullptr).ok);
  KeyPair good = client_ca_.issue({"c"}, true);
  EXPECT_TRUE(connect(ctx, &good).ok);
}

TEST_F(ClientAuthTest, HashAndSpkiPins) {
  KeyPair good = client_ca_.issue({"c"}, true);
  KeyPair other = client_ca_.issue({"c"}, true);
  std::string hash = hex(certificate_sha256(good.leaf()));
  auto spki = spki_sha256(good.leaf());
  ASSERT_TRUE(spki);
  std::string spki_b64 =
      base::base64_encode(std::string(reinterpret_cast<const char*>(spki->data()), spki->size()));

  std::string ca = "---\n" + server_secret("www", {{"ca.crt", client_ca_.cert_pem()}});
  SSL_CTX* ctx = build(
      gateway("mode: MUTUAL, credentialName: www, verifyCertificateHash: [\"" + hash + "\"]") + ca);
  ASSERT_NE(ctx, nullptr);
  EXPECT_TRUE(connect(ctx, &good).ok);
  auto r = connect(ctx, &other);
  EXPECT_FALSE(r.ok);
  ASSERT_NE(r.refusal, nullptr);
  EXPECT_STREQ(r.refusal,
               "client certificate matches neither verifyCertificateHash nor "
               "verifyCertificateSpki");

  // The colon-separated fingerprint form, lower case.
  std::string colons;
  for (size_t i = 0; i < hash.size(); i += 2)
    colons += (i ? ":" : "") + base::to_lower(hash.substr(i, 2));
  ctx = build(
      gateway("mode: MUTUAL, credentialName: www, verifyCertificateHash: [\"" + colons + "\"]") +
      ca);
  ASSERT_NE(ctx, nullptr);
  EXPECT_TRUE(connect(ctx, &good).ok);

  ctx = build(
      gateway("mode: MUTUAL, credentialName: www, verifyCertificateSpki: [\"" + spki_b64 + "\"]") +
      ca);
  ASSERT_NE(ctx, nullptr);
  EXPECT_TRUE(connect(ctx, &good).ok);
  EXPECT_FALSE(connect(ctx, &other).ok);

  ctx = build(gateway("mode: MUTUAL, credentialName: www, verifyCertificateHash: [nothex]") + ca);
  ASSERT_NE(ctx, nullptr);
  EXPECT_FALSE(connect(ctx, &good).ok);
  EXPECT_NE(log_text().find("Invalid hex-encoded SHA-256 nothex"), std::string::npos) << log_text();
}

TEST_F(ClientAuthTest, CrlFromTheCaSecretRevokesClientCertificates) {
  KeyPair good = client_ca_.issue({"c"}, true);
  KeyPair revoked = client_ca_.issue({"c"}, true);
  std::string yaml =
      gateway("mode: MUTUAL, credentialName: www") + "---\n" + server_secret("www") + "---\n" +
      testing::secret_yaml(
          "istio-system", "www-cacert",
          {{"cacert", client_ca_.cert_pem()}, {"crl", client_ca_.crl_pem({revoked.leaf()})}});
  SSL_CTX* ctx = build(yaml);
  ASSERT_NE(ctx, nullptr);
  auto r = connect(ctx, &good);
  EXPECT_TRUE(r.ok) << r.error << "\n" << log_text();
  auto bad = connect(ctx, &revoked);
  EXPECT_FALSE(bad.ok);
  ASSERT_NE(bad.refusal, nullptr);
  EXPECT_STREQ(bad.refusal, "certificate revoked");
}

TEST_F(ClientAuthTest, CaCertCredentialNameOverridesTheSecretsCa) {
  std::string configmap =
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: client-ca, "
      "namespace: istio-system}\ndata:\n  ca.crt: |\n";
  std::string pem = client_ca_.cert_pem();
  for (size_t start = 0; start < pem.size();) {
    size_t end = pem.find('\n', start);
    configmap += "    " + pem.substr(start, end - start) + "\n";
    start = end + 1;
  }
  std::string yaml = gateway("mode: MUTUAL, credentialName: www, caCertCredentialName: client-ca") +
                     "---\n" + server_secret("www", {{"ca.crt", other_ca_.cert_pem()}}) + "---\n" +
                     configmap;
  SSL_CTX* ctx = build(yaml);
  ASSERT_NE(ctx, nullptr);
  KeyPair good = client_ca_.issue({"c"}, true);
  KeyPair other = other_ca_.issue({"c"}, true);
  auto r = connect(ctx, &good);
  EXPECT_TRUE(r.ok) << r.error << "\n" << log_text();
  EXPECT_FALSE(connect(ctx, &other).ok) << "the credential's own CA is overridden";
}

TEST_F(ClientAuthTest, FileBasedMutualUsesCaCertificates) {
  testing::TempDir dir;
  testing::write_file(dir.path() + "/tls.crt", testing::pem_of(server_));
  testing::write_file(dir.path() + "/tls.key", testing::key_pem_of(server_));
  testing::write_file(dir.path() + "/ca.crt", client_ca_.cert_pem());
  std::string yaml = gateway("mode: MUTUAL, serverCertificate: " + dir.path() +
                             "/tls.crt, privateKey: " + dir.path() +
                             "/tls.key, caCertificates: " + dir.path() + "/ca.crt");
  SSL_CTX* ctx = build(yaml);
  ASSERT_NE(ctx, nullptr);
  KeyPair good = client_ca_.issue({"c"}, true);
  auto r = connect(ctx, &good);
  EXPECT_TRUE(r.ok) << r.error << "\n" << log_text();
  EXPECT_FALSE(connect(ctx, nullptr).ok);
  auto files = tls_->watch_files();
  EXPECT_NE(std::find(files.begin(), files.end(), dir.path() + "/ca.crt"), files.end());
}

TEST_F(ClientAuthTest, IstioMutualNeedsDevCerts) {
  std::string yaml = gateway("mode: ISTIO_MUTUAL");
  SSL_CTX* ctx = build(yaml);
  ASSERT_NE(ctx, nullptr);
  EXPECT_FALSE(connect(ctx, nullptr).ok);
  EXPECT_NE(log_text().find("ISTIO_MUTUAL serves the gateway workload's own mesh certificate"),
            std::string::npos)
      << log_text();

  testing::TempDir dir;
  ctx = build(yaml, dir.path());
  ASSERT_NE(ctx, nullptr);
  auto client = tls_->dev_ca()->issue_client_certificate("workload");
  ASSERT_TRUE(client.has_value());
  auto r = connect(ctx, &*client);
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_FALSE(connect(ctx, nullptr).ok) << "ISTIO_MUTUAL requires a client certificate";
}

}  // namespace
}  // namespace igw::tls
