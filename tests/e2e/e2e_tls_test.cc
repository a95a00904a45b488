// igw serve end to end, TLS: the certificate chosen by SNI (R1.12–R1.13), protocol versions and
// cipherSuites enforced per server, and MUTUAL client certificates verified by the --dev-certs CA
// (R1.22), driven by the real openssl s_client and curl.
#include "tests/e2e/e2e_util.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace igw::e2e {
namespace {

// Four HTTPS servers on one port. a.example.com and *.wild.example.com bring their certificates
// as Secret manifests; strict.example.com and mtls.example.com name credentials that do not
// resolve, so --dev-certs issues theirs (and its CA verifies MUTUAL clients); so do the
// OPTIONAL_MUTUAL server and the MUTUAL server with a subjectAltNames pin.
constexpr const char* kGateway = R"(
apiVersion: networking.istio.io/v1beta1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 443, name: https-a, protocol: HTTPS}
    hosts: ["a.example.com"]
    tls: {mode: SIMPLE, credentialName: a-cert}
  - port: {number: 443, name: https-wild, protocol: HTTPS}
    hosts: ["*.wild.example.com"]
    tls: {mode: SIMPLE, credentialName: wild-cert}
  - port: {number: 443, name: https-strict, protocol: HTTPS}
    hosts: ["strict.example.com"]
    tls:
      mode: SIMPLE
      credentialName: strict-cert
      minProtocolVersion: TLSV1_2
      maxProtocolVersion: TLSV1_2
      cipherSuites: [ECDHE-ECDSA-AES128-GCM-SHA256]
  - port: {number: 443, name: https-mtls, protocol: HTTPS}
    hosts: ["mtls.example.com"]
    tls: {mode: MUTUAL, credentialName: mtls-cert}
  - port: {number: 443, name: https-optional, protocol: HTTPS}
    hosts: ["optional.example.com"]
    tls: {mode: OPTIONAL_MUTUAL, credentialName: optional-cert}
  - port: {number: 443, name: https-pinned, protocol: HTTPS}
    hosts: ["pinned.example.com"]
    tls:
      mode: MUTUAL
      credentialName: pinned-cert
      subjectAltNames: ["spiffe://example.com/ns/web/sa/frontend"]
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: all, namespace: web}
spec:
  hosts: ["a.example.com", "*.wild.example.com", "strict.example.com", "mtls.example.com",
          "optional.example.com", "pinned.example.com"]
  gateways: ["istio-system/gw"]
  http:
  - route: [{destination: {host: backend.web.svc.cluster.local, port: {number: 8080}}}]
)";

std::string tls_secret(const std::string& name, const std::string& crt, const std::string& key) {
  return fmt::format(R"(
---
apiVersion: v1
kind: Secret
metadata: {{name: {}, namespace: istio-system}}
type: kubernetes.io/tls
data:
  tls.crt: {}
  tls.key: {}
)",
                     name, base64_file(crt), base64_file(key));
}

class Tls : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_ = new State;
    State& s = *s_;
    auto pki = Pki::create(s.dir, "secrets");
    ASSERT_TRUE(pki.has_value());
    s.pki = *pki;
    ASSERT_TRUE(s.pki.issue(s.dir, "a", "a.example.com", "DNS:a.example.com", "serverAuth"));
    ASSERT_TRUE(s.pki.issue(s.dir, "wild", "wild cert", "DNS:*.wild.example.com", "serverAuth"));
    std::string cfg = std::string(kGateway) +
                      tls_secret("a-cert", s.dir.file("a.crt"), s.dir.file("a.key")) +
                      tls_secret("wild-cert", s.dir.file("wild.crt"), s.dir.file("wild.key"));
    s.ca_dir = s.dir.file("dev-ca");
    s.start(cfg, {}, {"--dev-certs=" + s.ca_dir, "--echo-upstreams"}, 443);
  }
  static void TearDownTestSuite() {
    delete s_;
    s_ = nullptr;
  }
  void SetUp() override {
    ASSERT_TRUE(s_->serve) << "the suite's PKI could not be made (see SetUpTestSuite)";
    ASSERT_TRUE(s_->serve->ready()) << s_->serve->stderr_text();
  }

  // openssl s_client against the gateway port; stdin is empty, so it closes after the handshake.
  static RunResult s_client(std::vector<std::string> extra) {
    std::vector<std::string> argv = {"timeout",  "10",       IGW_OPENSSL,
                                     "s_client", "-connect", fmt::format("127.0.0.1:{}", s_->port)};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return run(argv, 15s, "");
  }
  static bool handshake_ok(const RunResult& r) {
    return r.exit_code == 0 && r.out.find("Cipher is (NONE)") == std::string::npos &&
           r.out.find("-----BEGIN CERTIFICATE-----") != std::string::npos;
  }
  // curl https://<host><path> through the gateway, trusting both CAs.
  static HttpResult get(const std::string& host, const std::string& path,
                        std::vector<std::string> extra = {}) {
    std::string bundle = s_->dir.file("bundle.pem");
    if (!std::filesystem::exists(bundle))
      s_->dir.write("bundle.pem", read_file(s_->pki.ca_crt) + read_file(s_->ca_dir + "/ca.crt"));
    std::vector<std::string> args = {
        "--connect-to", fmt::format("{}:443:127.0.0.1:{}", host, s_->port), "--cacert", bundle};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(fmt::format("https://{}{}", host, path));
    return curl(args);
  }

  // DIR/<name>.crt/.key: a client certificate signed by the --dev-certs CA, with `san` (an
  // openssl subjectAltName value, "" for none).
  static bool dev_client_cert(const std::string& name, const std::string& san) {
    const TempDir& d = s_->dir;
    d.write(name + ".ext", "extendedKeyUsage=clientAuth\n" +
                               (san.empty() ? std::string() : "subjectAltName=" + san + "\n"));
    RunResult key = run({IGW_OPENSSL, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                         "-nodes", "-subj", "/CN=e2e " + name, "-keyout", d.file(name + ".key"),
                         "-out", d.file(name + ".csr")});
    if (key.exit_code != 0)
      return false;
    RunResult sign = run({IGW_OPENSSL, "x509", "-req", "-in", d.file(name + ".csr"), "-CA",
                          s_->ca_dir + "/ca.crt", "-CAkey", s_->ca_dir + "/ca.key",
                          "-CAcreateserial", "-CAserial", d.file(name + ".srl"), "-days", "1",
                          "-extfile", d.file(name + ".ext"), "-out", d.file(name + ".crt")});
    return sign.exit_code == 0;
  }
  static std::vector<std::string> with_cert(const std::string& name) {
    return {"--cert", s_->dir.file(name + ".crt"), "--key", s_->dir.file(name + ".key")};
  }

  struct State : GatewayUnderTest {
    Pki pki;
    std::string ca_dir;
  };
  static State* s_;
};
Tls::State* Tls::s_ = nullptr;

TEST_F(Tls, SniPicksTheExactCertificate) {
  std::string cert = presented_certificate(s_->port, "a.example.com");
  ASSERT_FALSE(cert.empty());
  EXPECT_NE(cert.find("Subject: CN = a.example.com"), std::string::npos) << cert;
  EXPECT_NE(cert.find("DNS:a.example.com"), std::string::npos) << cert;
  EXPECT_NE(cert.find("Issuer: CN = secrets test CA"), std::string::npos) << cert;
}

TEST_F(Tls, SniPicksTheWildcardCertificate) {
  std::string cert = presented_certificate(s_->port, "deep.x.wild.example.com");
  ASSERT_FALSE(cert.empty());
  EXPECT_NE(cert.find("DNS:*.wild.example.com"), std::string::npos) << cert;
  EXPECT_NE(cert.find("Subject: CN = wild cert"), std::string::npos) << cert;
}

TEST_F(Tls, DevCertsIssueForUnresolvedCredentials) {
  std::string cert = presented_certificate(s_->port, "strict.example.com");
  ASSERT_FALSE(cert.empty());
  EXPECT_NE(cert.find("DNS:strict.example.com"), std::string::npos) << cert;
  EXPECT_EQ(cert.find("Issuer: CN = secrets test CA"), std::string::npos) << cert;
  EXPECT_TRUE(std::filesystem::exists(s_->ca_dir + "/ca.crt"));
  auto perms = std::filesystem::status(s_->ca_dir + "/ca.key").permissions();
  EXPECT_EQ(perms & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

TEST_F(Tls, UnknownOrMissingSniIsRefused) {
  // No chain without server_names on this port: Istio sets no default chain (R1.13).
  EXPECT_EQ(presented_certificate(s_->port, "other.example.com"), "");
  EXPECT_EQ(presented_certificate(s_->port, "wild.example.com"), "");  // one label at least
  RunResult none = s_client({"-noservername"});
  EXPECT_FALSE(handshake_ok(none)) << none.out;
}

TEST_F(Tls, HostSelectsTheVhostInsideTheSniChainOnly) {
  HttpResult ok = get("a.example.com", "/x");
  ASSERT_EQ(ok.status, 200) << ok.raw_err;
  auto doc = nlohmann::json::parse(ok.body, nullptr, false);
  EXPECT_EQ(doc["authority"], "a.example.com");
  EXPECT_EQ(doc["headers"]["x-forwarded-proto"], "https");
  // SNI a.example.com, Host strict.example.com: that vhost is not in a's chain (R1.13).
  HttpResult cross = get("a.example.com", "/x", {"-H", "Host: strict.example.com"});
  EXPECT_EQ(cross.status, 404);
}

TEST_F(Tls, Tls11IsRefusedWhenTheMinimumIs12) {
  // The client offers TLS 1.1 at most (with its own security level lowered so that it can): the
  // server answers with a protocol_version alert.
  RunResult old =
      s_client({"-servername", "a.example.com", "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"});
  EXPECT_FALSE(handshake_ok(old)) << old.out;
  EXPECT_NE(old.err.find("alert protocol version"), std::string::npos) << old.err;
  RunResult ok = s_client({"-servername", "a.example.com", "-tls1_2"});
  EXPECT_TRUE(handshake_ok(ok)) << ok.out << ok.err;
  EXPECT_NE(ok.out.find("TLSv1.2"), std::string::npos);
}

TEST_F(Tls, MaxProtocolVersionIsEnforced) {
  RunResult v13 = s_client({"-servername", "strict.example.com", "-tls1_3"});
  EXPECT_FALSE(handshake_ok(v13)) << v13.out;
  RunResult v12 = s_client({"-servername", "strict.example.com"});
  EXPECT_TRUE(handshake_ok(v12)) << v12.out << v12.err;
  EXPECT_NE(v12.out.find("New, TLSv1.2, Cipher is ECDHE-ECDSA-AES128-GCM-SHA256"),
            std::string::npos)
      << v12.out;
}

TEST_F(Tls, CipherOutsideCipherSuitesIsRefused) {
  RunResult bad = s_client(
      {"-servername", "strict.example.com", "-tls1_2", "-cipher", "ECDHE-ECDSA-AES256-GCM-SHA384"});
  EXPECT_FALSE(handshake_ok(bad)) << bad.out;
  EXPECT_NE(bad.err.find("handshake failure"), std::string::npos) << bad.err;
  RunResult good = s_client(
      {"-servername", "strict.example.com", "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"});
  EXPECT_TRUE(handshake_ok(good)) << good.out << good.err;
  // Another server on the same port keeps Envoy's default list.
  RunResult other = s_client(
      {"-servername", "a.example.com", "-tls1_2", "-cipher", "ECDHE-ECDSA-AES256-GCM-SHA384"});
  EXPECT_TRUE(handshake_ok(other)) << other.out << other.err;
}

TEST_F(Tls, MutualRequiresAClientCertificateFromTheCa) {
  // Without a certificate: no HTTP answer.
  HttpResult none = get("mtls.example.com", "/");
  EXPECT_EQ(none.status, 0);
  EXPECT_NE(none.curl_exit, 0);

  // Signed by the development CA (whose key --dev-certs keeps in the directory): accepted.
  const TempDir& d = s_->dir;
  ASSERT_TRUE(dev_client_cert("client", ""));
  HttpResult ok = get("mtls.example.com", "/hello",
                      {"--cert", d.file("client.crt"), "--key", d.file("client.key")});
  EXPECT_EQ(ok.status, 200) << ok.raw_err;
  auto doc = nlohmann::json::parse(ok.body, nullptr, false);
  EXPECT_EQ(doc["path"], "/hello");

  // From another CA: refused.
  ASSERT_TRUE(s_->pki.issue(d, "stranger", "stranger", "DNS:stranger.example.com", "clientAuth"));
  HttpResult stranger = get("mtls.example.com", "/",
                            {"--cert", d.file("stranger.crt"), "--key", d.file("stranger.key")});
  EXPECT_EQ(stranger.status, 0);
  EXPECT_NE(stranger.curl_exit, 0);

  // SIMPLE servers on the same port do not ask for one.
  EXPECT_EQ(get("a.example.com", "/").status, 200);
}

}  // namespace
}  // namespace igw::e2e

namespace igw::e2e {
namespace {

TEST_F(Tls, OptionalMutualVerifiesACertificateOnlyWhenSent) {
  HttpResult none = get("optional.example.com", "/");
  EXPECT_EQ(none.status, 200) << none.raw_err;
  ASSERT_TRUE(dev_client_cert("optional-client", ""));
  HttpResult good = get("optional.example.com", "/", with_cert("optional-client"));
  EXPECT_EQ(good.status, 200) << good.raw_err;
  ASSERT_TRUE(s_->pki.issue(s_->dir, "optional-stranger", "stranger", "DNS:stranger.example.com",
                            "clientAuth"));
  HttpResult bad = get("optional.example.com", "/", with_cert("optional-stranger"));
  EXPECT_EQ(bad.status, 0);
  EXPECT_NE(bad.curl_exit, 0);
}

TEST_F(Tls, IgwDevCertsIssuesClientCertificatesTheMutualServersAccept) {
  // `igw dev-certs --client` from the same CA directory; its SAN satisfies the pinned server.
  RunResult issued =
      run({IGW_EXECUTABLE, "dev-certs", "--dir", s_->ca_dir, "--client", "carol", "--san",
           "spiffe://example.com/ns/web/sa/frontend", "--url", "https://pinned.example.com/"});
  ASSERT_EQ(issued.exit_code, 0) << issued.err;
  std::string crt = s_->ca_dir + "/clients/carol.crt", key = s_->ca_dir + "/clients/carol.key";
  EXPECT_NE(issued.out.find("client certificate: " + crt + "\n"), std::string::npos) << issued.out;
  EXPECT_NE(issued.out.find("--cert " + crt + " --key " + key + " https://pinned.example.com/"),
            std::string::npos)
      << issued.out;
  HttpResult pinned = get("pinned.example.com", "/", {"--cert", crt, "--key", key});
  EXPECT_EQ(pinned.status, 200) << pinned.raw_err;
  HttpResult mtls = get("mtls.example.com", "/", {"--cert", crt, "--key", key});
  EXPECT_EQ(mtls.status, 200) << mtls.raw_err;

  RunResult bad = run({IGW_EXECUTABLE, "dev-certs", "--dir", s_->ca_dir, "--client", "../x"});
  EXPECT_EQ(bad.exit_code, 64);
  EXPECT_NE(bad.err.find("--client ../x"), std::string::npos) << bad.err;
}

TEST_F(Tls, SubjectAltNamePinsAreExact) {
  ASSERT_TRUE(dev_client_cert("frontend", "URI:spiffe://example.com/ns/web/sa/frontend"));
  HttpResult ok = get("pinned.example.com", "/", with_cert("frontend"));
  EXPECT_EQ(ok.status, 200) << ok.raw_err;
  ASSERT_TRUE(dev_client_cert("backend", "URI:spiffe://example.com/ns/web/sa/backend"));
  HttpResult other = get("pinned.example.com", "/", with_cert("backend"));
  EXPECT_EQ(other.status, 0);
  EXPECT_NE(other.curl_exit, 0);
  ASSERT_TRUE(dev_client_cert("nosan", ""));
  HttpResult nosan = get("pinned.example.com", "/", with_cert("nosan"));
  EXPECT_EQ(nosan.status, 0);
}

}  // namespace
}  // namespace igw::e2e
