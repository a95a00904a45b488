// The development CA: created once, reused, 0600 key, cached leaves, client certificates,
// trust instructions.
#include "lib/tls/dev_ca.h"

#include "lib/tls/pem.h"
#include "lib/tls/x509_facts.h"
#include "tests/tls/tls_util.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

namespace igw::tls {
namespace {

std::string der_hex(X509* cert) {
  Sha256 h = certificate_sha256(cert);
  std::string out;
  for (uint8_t b : h)
    out += std::to_string(b) + ",";
  return out;
}

mode_t mode_of(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 0777;
}

TEST(DevCaTest, CreatedOnceAndReused) {
  testing::TempDir dir;
  std::string ca_dir = dir.path() + "/nested/dev-certs";
  std::vector<LogLine> log;
  auto first = DevCa::open(ca_dir, &log);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  EXPECT_TRUE((*first)->created());
  EXPECT_EQ(mode_of(ca_dir + "/ca.key"), 0600u);
  EXPECT_EQ(mode_of(ca_dir), 0700u);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].level, LogLine::Level::kInfo);
  EXPECT_NE(log[0].text.find("created development CA " + ca_dir + "/ca.crt"), std::string::npos);
  EXPECT_GE(X509_check_ca((*first)->certificate()), 1);

  auto second = DevCa::open(ca_dir);
  ASSERT_TRUE(second.has_value()) << second.error().message;
  EXPECT_FALSE((*second)->created());
  EXPECT_EQ(der_hex((*first)->certificate()), der_hex((*second)->certificate()));
}

TEST(DevCaTest, HalfACaIsNotReplaced) {
  testing::TempDir dir;
  ASSERT_TRUE(DevCa::open(dir.path()).has_value());
  std::filesystem::remove(dir.path() + "/ca.key");
  auto again = DevCa::open(dir.path());
  ASSERT_FALSE(again.has_value());
  EXPECT_NE(again.error().message.find("is incomplete"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(dir.path() + "/ca.crt")) << "left alone";

  std::ofstream(dir.path() + "/ca.key") << "not a key";
  auto broken = DevCa::open(dir.path());
  ASSERT_FALSE(broken.has_value());
  EXPECT_NE(broken.error().message.find("cannot use the development CA"), std::string::npos);
}

TEST(DevCaTest, KeyReadableByOthersIsAWarning) {
  testing::TempDir dir;
  ASSERT_TRUE(DevCa::open(dir.path()).has_value());
  std::string key = dir.path() + "/ca.key";
  ASSERT_EQ(chmod(key.c_str(), 0644), 0);
  std::vector<LogLine> log;
  auto again = DevCa::open(dir.path(), &log);
  ASSERT_TRUE(again.has_value()) << again.error().message;
  EXPECT_FALSE((*again)->created()) << "still used";
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].level, LogLine::Level::kWarning);
  EXPECT_EQ(log[0].text, key + " is readable by other users; run chmod 600 " + key);
}

TEST(DevCaTest, ServerCertificatesAreCachedByHostSet) {
  testing::TempDir dir;
  auto ca = DevCa::open(dir.path());
  ASSERT_TRUE(ca.has_value());
  std::vector<std::string> sans = DevCa::san_list({"*.example.com", "www.example.com"});
  std::vector<LogLine> log;
  auto first = (*ca)->server_certificate(sans, &log);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  EXPECT_EQ(log.size(), 1u) << "issued";
  auto second = (*ca)->server_certificate(sans, &log);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(log.size(), 1u) << "reused, not issued again";
  EXPECT_EQ(der_hex(first->leaf()), der_hex(second->leaf()));
  EXPECT_EQ(mode_of(first->files.at(1)), 0600u);
  EXPECT_EQ(dns_names(first->leaf()), sans);
  EXPECT_EQ(X509_verify(first->leaf(), X509_get0_pubkey((*ca)->certificate())), 1);

  auto other = (*ca)->server_certificate(DevCa::san_list({"api.example.com"}), &log);
  ASSERT_TRUE(other.has_value());
  EXPECT_NE(der_hex(first->leaf()), der_hex(other->leaf()));

  // A new CA in the same place does not reuse leaves the old one signed.
  std::filesystem::remove(dir.path() + "/ca.crt");
  std::filesystem::remove(dir.path() + "/ca.key");
  auto new_ca = DevCa::open(dir.path());
  ASSERT_TRUE(new_ca.has_value());
  auto reissued = (*new_ca)->server_certificate(sans, &log);
  ASSERT_TRUE(reissued.has_value());
  EXPECT_NE(der_hex(first->leaf()), der_hex(reissued->leaf()));
  EXPECT_EQ(X509_verify(reissued->leaf(), X509_get0_pubkey((*new_ca)->certificate())), 1);
}

TEST(DevCaTest, SanList) {
  EXPECT_EQ(DevCa::san_list({"ns/WWW.Example.com", "./a.example.com", "www.example.com"}),
            (std::vector<std::string>{"a.example.com", "www.example.com"}));
  EXPECT_EQ(DevCa::san_list({"*"}), (std::vector<std::string>{"127.0.0.1", "::1", "localhost"}));
  EXPECT_EQ(DevCa::san_list({"bad host,DNS:evil", "*.ok.test"}),
            (std::vector<std::string>{"*.ok.test"}));
  EXPECT_TRUE(DevCa::san_list({}).empty());
}

TEST(DevCaTest, ClientCertificateFilesAndInstructions) {
  testing::TempDir dir;
  auto ca = DevCa::open(dir.path());
  ASSERT_TRUE(ca.has_value());
  auto files = (*ca)->write_client_certificate("alice", {"spiffe://example/alice"});
  ASSERT_TRUE(files.has_value()) << files.error().message;
  EXPECT_EQ(files->cert_path, dir.path() + "/clients/alice.crt");
  EXPECT_EQ(mode_of(files->key_path), 0600u);
  std::ifstream in(files->cert_path);
  std::string pem((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto certs = parse_certificates(pem);
  ASSERT_TRUE(certs.has_value());
  EXPECT_EQ(X509_verify(certs->front().get(), X509_get0_pubkey((*ca)->certificate())), 1);
  EXPECT_EQ(X509_check_purpose(certs->front().get(), X509_PURPOSE_SSL_CLIENT, 0), 1);
  EXPECT_FALSE((*ca)->write_client_certificate("../escape").has_value());

  auto trust = (*ca)->trust_instructions("https://www.example.com:8443/");
  ASSERT_EQ(trust.size(), 3u);
  EXPECT_EQ(trust[1], "  curl --cacert " + dir.path() + "/ca.crt https://www.example.com:8443/");
  EXPECT_EQ(trust[2], "  openssl s_client -CAfile " + dir.path() +
                          "/ca.crt -servername www.example.com -connect www.example.com:8443");
  auto client = (*ca)->client_instructions(*files, "https://www.example.com/");
  ASSERT_EQ(client.size(), 2u);
  EXPECT_NE(client[0].find("--cert " + files->cert_path + " --key " + files->key_path),
            std::string::npos);
  EXPECT_NE(client[1].find("-connect www.example.com:443"), std::string::npos);
}

TEST(DevCaTest, DefaultDirFollowsXdgStateHome) {
  const char* old = getenv("XDG_STATE_HOME");
  std::string saved = old ? old : "";
  setenv("XDG_STATE_HOME", "/tmp/state", 1);
  EXPECT_EQ(DevCa::default_dir(), "/tmp/state/igw/dev-certs");
  setenv("XDG_STATE_HOME", "relative", 1);  // not absolute: ignored, as the spec says
  EXPECT_NE(DevCa::default_dir().find("/.local/state/igw/dev-certs"), std::string::npos);
  if (old)
    setenv("XDG_STATE_HOME", saved.c_str(), 1);
  else
    unsetenv("XDG_STATE_HOME");
}

}  // namespace
}  // namespace igw::tls
