// The shipped examples/04-tls-modes configuration, served in memory: SIMPLE with the example
// certificate, MUTUAL and OPTIONAL_MUTUAL with examples/certs/example-client.crt.
#include "lib/compile/compile.h"
#include "lib/config/load.h"
#include "lib/model/parse.h"
#include "lib/tls/cert_source.h"
#include "lib/tls/pem.h"
#include "lib/tls/server_tls.h"
#include "tests/tls/tls_util.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

namespace igw::tls {
namespace {

class ExamplesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string dir = IGW_SOURCE_DIR "/examples/04-tls-modes";
    if (!std::filesystem::is_directory(dir))
      GTEST_SKIP() << dir << " is absent";
    std::istringstream no_stdin;
    config::LoadResult loaded = config::load({dir}, no_stdin);
    base::Diagnostics diags;
    config_ = std::make_unique<model::Config>(
        model::parse(std::move(loaded), model::ParseOptions{}, diags));
    table_ = compile::compile(*config_);
    CredentialSources sources;
    sources.config = config_.get();
    auto built = ServerTls::build(*table_, sources, log_);
    ASSERT_TRUE(built.has_value()) << built.error().message;
    tls_ = *built;
    const compile::Listener* l = table_->find_listener(443);
    ASSERT_NE(l, nullptr);
    ctx_ = tls_->listener_context(*l);
    ASSERT_NE(ctx_, nullptr);

    const std::string certs = IGW_SOURCE_DIR "/examples/certs/";
    auto ca_pem = read_text_file(certs + "example-ca.crt");
    ASSERT_TRUE(ca_pem.has_value());
    auto ca = parse_certificates(*ca_pem);
    ASSERT_TRUE(ca.has_value());
    ca_ = std::move(ca->front());
    auto crt = read_text_file(certs + "example-client.crt");
    auto key = read_text_file(certs + "example-client.key");
    ASSERT_TRUE(crt.has_value() && key.has_value());
    auto client = make_key_pair(*crt, *key, "client", "example");
    ASSERT_TRUE(client.has_value()) << client.error().message;
    client_ = std::move(*client);
  }

  testing::HandshakeResult connect(const std::string& sni, bool with_cert) {
    testing::ClientOptions o;
    o.sni = sni;
    o.trust = ca_.get();
    o.verify_host = sni;
    o.client_cert = with_cert ? &client_ : nullptr;
    o.alpn = {"h2", "http/1.1"};
    return testing::handshake(ctx_, o);
  }

  std::unique_ptr<model::Config> config_;
  compile::RouteTablePtr table_;
  std::shared_ptr<const ServerTls> tls_;
  std::vector<LogLine> log_;
  SSL_CTX* ctx_ = nullptr;
  X509Ptr ca_;
  KeyPair client_;
};

TEST_F(ExamplesTest, SimpleServesTheExampleCertificate) {
  auto r = connect("secure.example.com", false);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_TRUE(r.client_verified) << "verifies against examples/certs/example-ca.crt";
  EXPECT_EQ(r.alpn, "http/1.1");
}

TEST_F(ExamplesTest, MutualAndOptionalMutual) {
  EXPECT_FALSE(connect("api.mtls.example.com", false).ok);
  auto r = connect("api.mtls.example.com", true);
  EXPECT_TRUE(r.ok && r.client_verified) << r.error;
  auto none = connect("portal.mtls.example.com", false);
  EXPECT_TRUE(none.ok) << none.error;
  auto with = connect("portal.mtls.example.com", true);
  EXPECT_TRUE(with.ok) << with.error;
}

TEST_F(ExamplesTest, EveryTerminatingChainIsReady) {
  ASSERT_FALSE(tls_->chains().empty());
  for (const auto& c : tls_->chains())
    EXPECT_TRUE(c.ready) << c.chain->name << ": " << c.reason;
}

}  // namespace
}  // namespace igw::tls
