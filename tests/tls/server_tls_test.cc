// ServerTls end to end in memory: SNI chain selection, protocol versions, ciphers, ALPN, session
// resumption and what happens to chains whose credentials do not resolve.
#include "lib/tls/server_tls.h"

#include "tests/tls/tls_util.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string_view>

namespace igw::tls {
namespace {

using testing::ClientOptions;
using testing::Compiled;
using testing::TestCa;

std::string gateway_header() {
  return "apiVersion: networking.istio.io/v1\nkind: Gateway\n"
         "metadata: {name: gw, namespace: istio-system}\n"
         "spec:\n  selector: {istio: ingressgateway}\n  servers:\n";
}

// One HTTPS server on 443; `tls` is the flow-map body of its `tls` block.
std::string server(const std::string& port_name, const std::string& hosts, const std::string& tls) {
  return "  - port: {number: 443, name: " + port_name + ", protocol: HTTPS}\n    hosts: " + hosts +
         "\n    tls: {" + tls + "}\n";
}

std::string tls_secret(const std::string& name, const KeyPair& kp) {
  return testing::secret_yaml(
      "istio-system", name,
      {{"tls.crt", testing::pem_of(kp)}, {"tls.key", testing::key_pem_of(kp)}});
}

class ServerTlsTest : public ::testing::Test {
 protected:
  // Compiles `yaml` and builds its TLS state; the listener context of port 443.
  SSL_CTX* build(const std::string& yaml, const BuildOptions& options = {},
                 std::optional<std::string> dev_dir = std::nullopt) {
    compiled_ = testing::compile_yaml(yaml);
    CredentialSources sources;
    sources.config = compiled_.config.get();
    sources.dev_certs_dir = std::move(dev_dir);
    log_.clear();
    auto built = ServerTls::build(*compiled_.table, sources, options, log_);
    EXPECT_TRUE(built.has_value()) << (built ? "" : built.error().message);
    if (!built)
      return nullptr;
    tls_ = *built;
    const compile::Listener* l = compiled_.table->find_listener(443);
    EXPECT_NE(l, nullptr);
    return l ? tls_->listener_context(*l) : nullptr;
  }

  std::string log_text() const {
    std::string out;
    for (const auto& l : log_)
      out += l.text + "\n";
    return out;
  }
  // The level of the first log line containing `text`; nullopt when none does.
  std::optional<LogLine::Level> level_of(std::string_view text) const {
    for (const auto& l : log_) {
      if (l.text.find(text) != std::string::npos)
        return l.level;
    }
    return std::nullopt;
  }

  TestCa ca_{"igw test CA"};
  Compiled compiled_;
  std::shared_ptr<const ServerTls> tls_;
  std::vector<LogLine> log_;
};

TEST_F(ServerTlsTest, SniPicksExactThenWildcardThenCatchAll) {
  KeyPair www = ca_.issue({"www.example.com"});
  KeyPair wild = ca_.issue({"*.example.com"});
  KeyPair deep = ca_.issue({"*.a.example.com"});
  KeyPair any = ca_.issue({"fallback.test"});
  std::string yaml =
      gateway_header() +
      server("https-www", "[www.example.com]", "mode: SIMPLE, credentialName: www") +
      server("https-wild", "[\"*.example.com\"]", "mode: SIMPLE, credentialName: wild") +
      server("https-deep", "[\"*.a.example.com\"]", "mode: SIMPLE, credentialName: deep") +
      server("https-any", "[\"*\"]", "mode: SIMPLE, credentialName: any") + "---\n" +
      tls_secret("www", www) + "---\n" + tls_secret("wild", wild) + "---\n" +
      tls_secret("deep", deep) + "---\n" + tls_secret("any", any);
  SSL_CTX* ctx = build(yaml);
  ASSERT_NE(ctx, nullptr);

  struct Case {
    std::string sni;
    std::string expected_san;
  };
  for (const Case& c : std::vector<Case>{{"www.example.com", "www.example.com"},
                                         {"WWW.Example.COM", "www.example.com"},
                                         {"api.example.com", "*.example.com"},
                                         {"x.a.example.com", "*.a.example.com"},
                                         {"other.org", "fallback.test"},
                                         {"", "fallback.test"}}) {
    ClientOptions o;
    o.sni = c.sni;
    auto r = testing::handshake(ctx, o);
    ASSERT_TRUE(r.ok) << "SNI " << c.sni << ": " << r.error;
    EXPECT_EQ(testing::first_dns_name(r.server_cert.get()), c.expected_san) << "SNI " << c.sni;
    ASSERT_NE(r.chain, nullptr);
    EXPECT_EQ(r.chain->server.hosts.front(),
              c.expected_san == "fallback.test" ? "*" : c.expected_san);
  }
}

TEST_F(ServerTlsTest, HelloRetryRequestKeepsTheSelectedChain) {
  KeyPair www = ca_.issue({"www.example.com"});
  KeyPair api = ca_.issue({"api.example.com"});
  std::string yaml = gateway_header() +
                     server("https-www", "[www.example.com]", "mode: SIMPLE, credentialName: www") +
                     server("https-api", "[api.example.com]", "mode: SIMPLE, credentialName: api") +
                     "---\n" + tls_secret("www", www) + "---\n" + tls_secret("api", api);
  SSL_CTX* ctx = build(yaml);
  ASSERT_NE(ctx, nullptr);
  ClientOptions o;
  o.sni = "api.example.com";
  // A key share for P-384 only: the server (X25519, P-256) asks again for P-256.
  o.groups = "P-384:P-256";
  auto r = testing::handshake(ctx, o);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.version, "TLSv1.3");
  EXPECT_EQ(testing::first_dns_name(r.server_cert.get()), "api.example.com");
  o.groups = "P-384";
  EXPECT_FALSE(testing::handshake(ctx, o).ok) << "groups are Envoy's X25519 and P-256 only";
}

TEST_F(ServerTlsTest, UnknownSniIsRefusedWithoutCatchAll) {
  KeyPair www = ca_.issue({"www.example.com"});
  std::string yaml = gateway_header() +
                     server("https-www", "[www.example.com]", "mode: SIMPLE, credentialName: www") +
                     "---\n" + tls_secret("www", www);
  SSL_CTX* ctx = build(yaml);
  ASSERT_NE(ctx, nullptr);
  ClientOptions o;
  o.sni = "other.example.com";
  auto r = testing::handshake(ctx, o);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.chain, nullptr);
  ASSERT_NE(r.refusal, nullptr);
  EXPECT_STREQ(r.refusal, "no filter chain matches the SNI");
  o.sni = "";
  EXPECT_FALSE(testing::handshake(ctx, o).ok) << "no SNI and no catch-all chain";
  o.sni = "www.example.com";
  auto good = testing::handshake(ctx, o);
  EXPECT_TRUE(good.ok) << good.error;
}

TEST_F(ServerTlsTest, MinimumVersionRefusesOlderClients) {
  KeyPair www = ca_.issue({"www.example.com"});
  std::string yaml =
      gateway_header() +
      server("https-www", "[www.example.com]", "mode: SIMPLE, credentialName: www") +
      // Envoy's default ciphers are all TLS 1.2 AEAD suites: a TLS 1.1 client
      // shares none, so an old-version server needs a CBC suite as well.
      server("https-old", "[old.example.com]",
             "mode: SIMPLE, credentialName: www, minProtocolVersion: TLSV1_1, "
             "cipherSuites: [ECDHE-ECDSA-AES128-GCM-SHA256, ECDHE-ECDSA-AES128-SHA]") +
      server("https-old-dflt", "[old-default.example.com]",
             "mode: SIMPLE, credentialName: www, minProtocolVersion: TLSV1_1") +
      server("https-new", "[new.example.com]",
             "mode: SIMPLE, credentialName: www, minProtocolVersion: TLSV1_3") +
      "---\n" + tls_secret("www", www);
  SSL_CTX* ctx = build(yaml);
  ASSERT_NE(ctx, nullptr);
  // OpenSSL 3 refuses TLS 1.0/1.1 at security level 1 and above (SHA-1 signatures), so the test
  // client runs at security level 0 to be able to offer TLS 1.1 at all.
  ClientOptions tls11;
  tls11.security_level = 0;
  tls11.min_version = TLS1_1_VERSION;
  tls11.max_version = TLS1_1_VERSION;
  tls11.sni = "www.example.com";
  auto r = testing::handshake(ctx, tls11);
  EXPECT_FALSE(r.ok) << "TLS 1.1 against the default minimum TLS 1.2";
  tls11.sni = "old.example.com";
  r = testing::handshake(ctx, tls11);
  EXPECT_TRUE(r.ok) << "minProtocolVersion TLSV1_1 accepts TLS 1.1: " << r.error;
  EXPECT_EQ(r.version, "TLSv1.1");
  tls11.sni = "old-default.example.com";
  r = testing::handshake(ctx, tls11);
  EXPECT_FALSE(r.ok) << "no TLS 1.1 suite among Envoy's default ciphers";
  EXPECT_NE(r.error.find("no shared cipher"), std::string::npos) << r.error;

  ClientOptions tls12;
  tls12.max_version = TLS1_2_VERSION;
  tls12.sni = "new.example.com";
  EXPECT_FALSE(testing::handshake(ctx, tls12).ok) << "TLS 1.3-only server refuses TLS 1.2";
  tls12.sni = "www.example.com";
  r = testing::handshake(ctx, tls12);
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.version, "TLSv1.2");

  ClientOptions modern;
  modern.sni = "new.example.com";
  r = testing::handshake(ctx, modern);
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.version, "TLSv1.3");
}

TEST_F(ServerTlsTest, MaximumVersionCapsTheHandshake) {
  KeyPair www = ca_.issue({"www.example.com"});
  std::string yaml = gateway_header() +
                     server("https-www", "[www.example.com]",
                            "mode: SIMPLE, credentialName: www, maxProtocolVersion: TLSV1_2") +
                     "---\n" + tls_secret("www", www);
  SSL_CTX* ctx = build(yaml);
  ASSERT_NE(ctx, nullptr);
  ClientOptions o;
  o.sni = "www.example.com";
  auto r = testing::handshake(ctx, o);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.version, "TLSv1.2");
}

TEST_F(ServerTlsTest, CipherOutsideTheListIsRefused) {
  KeyPair www = ca_.issue({"www.example.com"});
  std::string yaml =
      gateway_header() +
      server("https-www", "[www.example.com]",
             "mode: SIMPLE, credentialName: www, cipherSuites: [ECDHE-ECDSA-AES256-GCM-SHA384]") +
      server("https-dflt", "[default.example.com]", "mode: SIMPLE, credentialName: www") + "---\n" +
      tls_secret("www", www);
  SSL_CTX* ctx = build(yaml);
  ASSERT_NE(ctx, nullptr);
  ClientOptions o;
  o.sni = "www.example.com";
  o.max_version = TLS1_2_VERSION;
  o.cipher_list = "ECDHE-ECDSA-AES128-GCM-SHA256";
  auto r = testing::handshake(ctx, o);
  EXPECT_FALSE(r.ok) << "AES128 is not in cipherSuites";
  o.cipher_list = "ECDHE-ECDSA-AES256-GCM-SHA384";
  r = testing::handshake(ctx, o);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.cipher, "ECDHE-ECDSA-AES256-GCM-SHA384");

  // Envoy's default list does not have CBC suites; it has AES128-GCM.
  o.sni = "default.example.com";
  o.cipher_list = "ECDHE-ECDSA-AES128-SHA";
  EXPECT_FALSE(testing::handshake(ctx, o).ok) << "CBC suite outside Envoy's defaults";
  o.cipher_list = "ECDHE-ECDSA-AES128-GCM-SHA256";
  r = testing::handshake(ctx, o);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.cipher, "ECDHE-ECDSA-AES128-GCM-SHA256");
}

TEST_F(ServerTlsTest, AlpnOffersWhatIgwServesInTheChainsOrder) {
  KeyPair www = ca_.issue({"www.example.com"});
  std::string yaml = gateway_header() +
                     server("https-www", "[www.example.com]", "mode: SIMPLE, credentialName: www") +
                     "---\n" + tls_secret("www", www);
  SSL_CTX* ctx = build(yaml);
  ASSERT_NE(ctx, nullptr);
  ClientOptions o;
  o.sni = "www.example.com";
  o.alpn = {"h2", "http/1.1"};
  auto r = testing::handshake(ctx, o);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.alpn, "http/1.1");
  o.alpn = {"h2"};
  r = testing::handshake(ctx, o);
  ASSERT_TRUE(r.ok) << "no ALPN overlap continues without ALPN: " << r.error;
  EXPECT_EQ(r.alpn, "");

  BuildOptions h2;
  h2.served_alpn = {"h2", "http/1.1"};
  ctx = build(yaml, h2);
  ASSERT_NE(ctx, nullptr);
  o.alpn = {"http/1.1", "h2"};
  r = testing::handshake(ctx, o);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.alpn, "h2") << "server preference (Istio's h2, http/1.1)";
}

TEST_F(ServerTlsTest, SessionResumptionWithTickets) {
  KeyPair www = ca_.issue({"www.example.com"});
  KeyPair api = ca_.issue({"api.example.com"});
  std::string yaml = gateway_header() +
                     server("https-www", "[www.example.com]", "mode: SIMPLE, credentialName: www") +
                     server("https-api", "[api.example.com]", "mode: SIMPLE, credentialName: api") +
                     "---\n" + tls_secret("www", www) + "---\n" + tls_secret("api", api);
  SSL_CTX* ctx = build(yaml);
  ASSERT_NE(ctx, nullptr);
  for (int version : {TLS1_2_VERSION, TLS1_3_VERSION}) {
    ClientOptions o;
    o.sni = "www.example.com";
    o.max_version = version;
    auto first = testing::handshake(ctx, o);
    ASSERT_TRUE(first.ok) << first.error;
    ASSERT_TRUE(first.session);
    EXPECT_FALSE(first.resumed);
    o.session = first.session.get();
    auto second = testing::handshake(ctx, o);
    ASSERT_TRUE(second.ok) << second.error;
    EXPECT_TRUE(second.resumed) << "version " << version;
    ASSERT_NE(second.chain, nullptr);
    EXPECT_EQ(second.chain->server.hosts.front(), "www.example.com");

    // A session from one chain never resumes on another (session id context per chain).
    o.sni = "api.example.com";
    auto other = testing::handshake(ctx, o);
    ASSERT_TRUE(other.ok) << other.error;
    EXPECT_FALSE(other.resumed) << "version " << version;
    EXPECT_EQ(testing::first_dns_name(other.server_cert.get()), "api.example.com");
  }
}

TEST_F(ServerTlsTest, TicketKeysCarriedAcrossReloadsKeepResumption) {
  KeyPair www = ca_.issue({"www.example.com"});
  std::string yaml = gateway_header() +
                     server("https-www", "[www.example.com]", "mode: SIMPLE, credentialName: www") +
                     "---\n" + tls_secret("www", www);
  SSL_CTX* ctx = build(yaml);
  ASSERT_NE(ctx, nullptr);
  ClientOptions o;
  o.sni = "www.example.com";
  auto first = testing::handshake(ctx, o);
  ASSERT_TRUE(first.ok) << first.error;
  auto old_tls = tls_;  // the previous snapshot
  auto old_compiled = std::move(compiled_);

  BuildOptions carried;
  carried.ticket_keys = old_tls->ticket_keys();
  SSL_CTX* reloaded = build(yaml, carried);
  ASSERT_NE(reloaded, nullptr);
  o.session = first.session.get();
  auto resumed = testing::handshake(reloaded, o);
  ASSERT_TRUE(resumed.ok) << resumed.error;
  EXPECT_TRUE(resumed.resumed) << "same ticket keys after reload";

  SSL_CTX* fresh = build(yaml);  // new keys
  ASSERT_NE(fresh, nullptr);
  auto not_resumed = testing::handshake(fresh, o);
  ASSERT_TRUE(not_resumed.ok) << not_resumed.error;
  EXPECT_FALSE(not_resumed.resumed) << "fresh ticket keys cannot open the old ticket";
}

TEST_F(ServerTlsTest, MissingCredentialFailsOnlyItsChain) {
  KeyPair www = ca_.issue({"www.example.com"});
  std::string yaml =
      gateway_header() +
      server("https-www", "[www.example.com]", "mode: SIMPLE, credentialName: www") +
      server("https-api", "[api.example.com]", "mode: SIMPLE, credentialName: api-missing") +
      "---\n" + tls_secret("www", www);
  SSL_CTX* ctx = build(yaml);
  ASSERT_NE(ctx, nullptr);
  ClientOptions o;
  o.sni = "api.example.com";
  auto r = testing::handshake(ctx, o);
  EXPECT_FALSE(r.ok);
  ASSERT_NE(r.refusal, nullptr);
  EXPECT_STREQ(r.refusal, "the filter chain's certificate is not available");
  std::string log = log_text();
  EXPECT_EQ(level_of("Secret istio-system/api-missing not found in the input"),
            LogLine::Level::kWarning)
      << log;
  EXPECT_NE(log.find("--dev-certs"), std::string::npos) << log;

  o.sni = "www.example.com";
  EXPECT_TRUE(testing::handshake(ctx, o).ok) << "the other chain still works";

  const compile::Listener* l = compiled_.table->find_listener(443);
  ASSERT_NE(l, nullptr);
  int ready = 0;
  for (const auto& s : tls_->chains())
    ready += s.ready ? 1 : 0;
  EXPECT_EQ(tls_->chains().size(), 2u);
  EXPECT_EQ(ready, 1);
}

TEST_F(ServerTlsTest, DevCertsFillAMissingCredential) {
  testing::TempDir dir;
  std::string yaml = gateway_header() + server("https-api", "[\"*.example.com\"]",
                                               "mode: SIMPLE, credentialName: api-missing");
  SSL_CTX* ctx = build(yaml, {}, dir.path());
  ASSERT_NE(ctx, nullptr);
  ASSERT_TRUE(tls_->dev_ca());
  ClientOptions o;
  o.sni = "a.example.com";
  o.trust = tls_->dev_ca()->certificate();
  o.verify_host = "a.example.com";
  auto r = testing::handshake(ctx, o);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_TRUE(r.client_verified) << "the dev leaf's *.example.com verifies for a.example.com";
  EXPECT_EQ(testing::first_dns_name(r.server_cert.get()), "*.example.com");
  EXPECT_EQ(level_of("serving a development certificate"), LogLine::Level::kInfo) << log_text();
  o.verify_host = "a.b.example.com";
  auto deep = testing::handshake(ctx, o);
  EXPECT_FALSE(deep.ok && deep.client_verified) << "a wildcard covers one label only";
}

TEST_F(ServerTlsTest, DevCaAndLeavesAreReusedAcrossBuilds) {
  testing::TempDir dir;
  std::string yaml = gateway_header() + server("https-www", "[www.example.com]",
                                               "mode: SIMPLE, credentialName: missing");
  ClientOptions o;
  o.sni = "www.example.com";
  SSL_CTX* ctx = build(yaml, {}, dir.path());
  ASSERT_NE(ctx, nullptr);
  ASSERT_TRUE(tls_->dev_ca()->created());
  auto first = testing::handshake(ctx, o);
  ASSERT_TRUE(first.ok) << first.error;
  X509Ptr first_ca = share(tls_->dev_ca()->certificate());
  auto previous = tls_;

  ctx = build(yaml, {}, dir.path());  // a reload, or the next run
  ASSERT_NE(ctx, nullptr);
  EXPECT_FALSE(tls_->dev_ca()->created());
  EXPECT_EQ(X509_cmp(first_ca.get(), tls_->dev_ca()->certificate()), 0) << "same CA";
  auto second = testing::handshake(ctx, o);
  ASSERT_TRUE(second.ok) << second.error;
  EXPECT_EQ(X509_cmp(first.server_cert.get(), second.server_cert.get()), 0) << "same leaf";
  EXPECT_EQ(log_text().find("issued development certificate"), std::string::npos) << log_text();
}

TEST_F(ServerTlsTest, CredentialNamesServeRsaAndEcdsa) {
  KeyPair ec = ca_.issue({"www.example.com"}, false, testing::KeyType::kEcdsaP256);
  KeyPair rsa = ca_.issue({"www.example.com"}, false, testing::KeyType::kRsa2048);
  std::string yaml =
      gateway_header() +
      server("https-www", "[www.example.com]", "mode: SIMPLE, credentialNames: [www-rsa, www-ec]") +
      "---\n" + tls_secret("www-rsa", rsa) + "---\n" + tls_secret("www-ec", ec);
  SSL_CTX* ctx = build(yaml);
  ASSERT_NE(ctx, nullptr);
  ClientOptions o;
  o.sni = "www.example.com";
  o.max_version = TLS1_2_VERSION;
  o.cipher_list = "ECDHE-RSA-AES128-GCM-SHA256";
  auto r = testing::handshake(ctx, o);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(EVP_PKEY_get_base_id(X509_get0_pubkey(r.server_cert.get())), EVP_PKEY_RSA);
  o.cipher_list = "ECDHE-ECDSA-AES128-GCM-SHA256";
  r = testing::handshake(ctx, o);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(EVP_PKEY_get_base_id(X509_get0_pubkey(r.server_cert.get())), EVP_PKEY_EC);
}

TEST_F(ServerTlsTest, SimpleWithSubjectAltNamesRejectsTheListener) {
  KeyPair www = ca_.issue({"www.example.com"});
  std::string yaml = gateway_header() +
                     server("https-www", "[www.example.com]", "mode: SIMPLE, credentialName: www") +
                     server("https-api", "[api.example.com]",
                            "mode: SIMPLE, credentialName: www, subjectAltNames: [client]") +
                     "---\n" + tls_secret("www", www);
  SSL_CTX* ctx = build(yaml);
  ASSERT_NE(ctx, nullptr);
  ClientOptions o;
  o.sni = "www.example.com";
  auto r = testing::handshake(ctx, o);
  EXPECT_FALSE(r.ok) << "Envoy rejects the whole listener";
  ASSERT_NE(r.refusal, nullptr);
  EXPECT_EQ(level_of("SAN-based verification"), LogLine::Level::kWarning) << log_text();
  ASSERT_EQ(tls_->chains().size(), 2u);
  for (const auto& c : tls_->chains()) {
    EXPECT_FALSE(c.ready) << c.chain->name;
    EXPECT_NE(c.reason.find("Envoy rejects the listener"), std::string::npos) << c.reason;
  }
}

TEST_F(ServerTlsTest, CredentialExpiryIsReported) {
  KeyPair www = ca_.issue({"www.example.com"}, false, testing::KeyType::kEcdsaP256, 30);
  std::string yaml = gateway_header() +
                     server("https-www", "[www.example.com]", "mode: SIMPLE, credentialName: www") +
                     "---\n" + tls_secret("www", www);
  ASSERT_NE(build(yaml), nullptr);
  ASSERT_EQ(tls_->credentials().size(), 1u);
  const CredentialInfo& c = tls_->credentials().front();
  EXPECT_EQ(c.name, "www");
  EXPECT_EQ(c.role, "server");
  EXPECT_EQ(c.source.rfind("Secret istio-system/www (test.yaml:", 0), 0u) << c.source;
  int64_t now = static_cast<int64_t>(time(nullptr));
  EXPECT_GT(c.not_after, now + 29 * 86400);
  EXPECT_LT(c.not_after, now + 31 * 86400);
}

TEST_F(ServerTlsTest, ExpiredCertificateIsServedWithAWarning) {
  KeyPair old = ca_.issue({"www.example.com"}, false, testing::KeyType::kEcdsaP256, -1);
  std::string yaml = gateway_header() +
                     server("https-www", "[www.example.com]", "mode: SIMPLE, credentialName: www") +
                     "---\n" + tls_secret("www", old);
  SSL_CTX* ctx = build(yaml);
  ASSERT_NE(ctx, nullptr);
  EXPECT_EQ(level_of("expired on"), LogLine::Level::kWarning) << log_text();
  ClientOptions o;
  o.sni = "www.example.com";
  EXPECT_TRUE(testing::handshake(ctx, o).ok) << "served; verifying clients refuse it";
}

TEST_F(ServerTlsTest, ListenerWithoutTlsHasNoContext) {
  std::string yaml =
      "apiVersion: networking.istio.io/v1\nkind: Gateway\n"
      "metadata: {name: gw, namespace: istio-system}\n"
      "spec:\n  selector: {istio: ingressgateway}\n  servers:\n"
      "  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: [\"*\"]\n";
  compiled_ = testing::compile_yaml(yaml);
  CredentialSources sources;
  sources.config = compiled_.config.get();
  auto built = ServerTls::build(*compiled_.table, sources, log_);
  ASSERT_TRUE(built.has_value());
  const compile::Listener* l = compiled_.table->find_listener(80);
  ASSERT_NE(l, nullptr);
  EXPECT_EQ((*built)->listener_context(*l), nullptr);
  EXPECT_TRUE((*built)->chains().empty());
}

}  // namespace
}  // namespace igw::tls
