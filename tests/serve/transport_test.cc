// serve::Transport. Plain-text writes: one buffer, several small ones (copied into one send) and
// several larger ones (sent as a sequence) all arrive whole and in order, write after write.
// TLS: a request that arrives with the client's last handshake flight is there to read as soon
// as the handshake completes.
#include "lib/serve/transport.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace igw::serve {
namespace {

using tcp = asio::ip::tcp;

class Recorder final : public TransportCallbacks {
 public:
  void on_transport_read(const error_code&, size_t) override {}
  void on_transport_write(const error_code& ec) override {
    ++writes;
    last = ec;
  }
  int writes = 0;
  error_code last;
};

// A connected pair on 127.0.0.1: `t` writes, `peer` reads.
struct Pair {
  asio::io_context io;
  std::unique_ptr<Transport> t;
  tcp::socket peer{io};
  Recorder rec;

  Pair() {
    tcp::acceptor acc(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    tcp::socket client(io);
    client.connect(acc.local_endpoint());
    peer = acc.accept();
    t = std::make_unique<Transport>(std::move(client));
    t->set_callbacks(&rec);
  }

  // Writes `pieces` as one write() and returns what the peer receives.
  std::string send(const std::vector<std::string>& pieces) {
    std::vector<asio::const_buffer> bufs;
    size_t total = 0;
    for (const auto& p : pieces) {
      bufs.push_back(asio::buffer(p));
      total += p.size();
    }
    int before = rec.writes;
    t->write(bufs, nullptr);
    io.restart();
    while (rec.writes == before && io.run_one() > 0) {
    }
    EXPECT_FALSE(rec.last) << rec.last.message();
    std::string got(total, '\0');
    asio::read(peer, asio::buffer(got));
    return got;
  }
};

std::string pattern(char c, size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i)
    s.push_back(static_cast<char>(c + i % 7));
  return s;
}

TEST(TransportPlainWrite, EveryShapeArrivesWholeAndInOrder) {
  Pair p;
  std::vector<std::vector<std::string>> writes = {
      {"HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\n"},             // one buffer
      {"HTTP/1.1 200 OK\r\n", "content-length: 3\r\n\r\n", "abc"},  // small: coalesced
      {pattern('a', 1500), pattern('k', 1500), pattern('u', 10)},   // over the copy limit
      {pattern('A', 100), "", pattern('N', 200)},                   // an empty piece
      {"x", "y"},  // the coalescing buffer reused after a larger write
  };
  for (const auto& w : writes) {
    std::string want;
    for (const auto& piece : w)
      want += piece;
    EXPECT_EQ(p.send(w), want);
  }
  EXPECT_EQ(p.rec.writes, static_cast<int>(writes.size()));
}

// A server context with a throwaway self-signed P-256 certificate, TLS 1.3 only.
struct ServerContext {
  SSL_CTX* ctx = nullptr;
  ServerContext() {
    EVP_PKEY* key = EVP_EC_gen("P-256");
    X509* cert = X509_new();
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("transport.test"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    X509_set_pubkey(cert, key);
    X509_sign(cert, key, EVP_sha256());
    ctx = SSL_CTX_new(TLS_server_method());
    SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
    SSL_CTX_use_certificate(ctx, cert);
    SSL_CTX_use_PrivateKey(ctx, key);
    X509_free(cert);
    EVP_PKEY_free(key);
  }
  ~ServerContext() { SSL_CTX_free(ctx); }
};

// A client driven by hand over memory BIOs, so the test decides which bytes reach the server
// together: its Finished and, when `request` is not empty, the request in the same write.
// Returns what Transport::read_arrived gave right after the server's handshake completed.
std::string arrived_with_handshake(const std::string& request) {
  ServerContext server;
  Pair p;
  EXPECT_TRUE(p.t->start_tls(server.ctx));
  SSL_CTX* cctx = SSL_CTX_new(TLS_client_method());
  SSL* c = SSL_new(cctx);
  BIO* in = BIO_new(BIO_s_mem());
  BIO* out = BIO_new(BIO_s_mem());
  SSL_set_bio(c, in, out);
  SSL_set_connect_state(c);
  auto send_client_output = [&] {
    std::string bytes;
    char chunk[4096];
    for (int n; (n = BIO_read(out, chunk, sizeof chunk)) > 0;)
      bytes.append(chunk, static_cast<size_t>(n));
    asio::write(p.peer, asio::buffer(bytes));  // one write: one segment on loopback
  };

  bool done = false;
  error_code result;
  std::string got(4096, '\0');
  SSL_do_handshake(c);  // the ClientHello
  send_client_output();
  p.t->async_handshake(
      [&](const error_code& ec) {
        done = true;
        result = ec;
        got.resize(ec ? 0 : p.t->read_arrived(asio::buffer(got)));
      },
      nullptr);
  // The server's flight, fed to the client until its side of the handshake is done.
  int rc = 0;
  for (int i = 0; i < 500 && rc != 1; ++i) {
    p.io.restart();
    p.io.run_for(std::chrono::milliseconds(5));
    size_t ready = p.peer.available();
    if (ready == 0)
      continue;
    std::string bytes(ready, '\0');
    asio::read(p.peer, asio::buffer(bytes));
    BIO_write(in, bytes.data(), static_cast<int>(bytes.size()));
    rc = SSL_do_handshake(c);
  }
  EXPECT_EQ(rc, 1) << "the client's handshake did not complete";
  if (!request.empty())
    SSL_write(c, request.data(), static_cast<int>(request.size()));
  send_client_output();
  for (int i = 0; i < 500 && !done; ++i) {
    p.io.restart();
    p.io.run_for(std::chrono::milliseconds(5));
  }
  EXPECT_TRUE(done) << "the server's handshake did not complete";
  EXPECT_FALSE(result) << result.message();
  SSL_free(c);
  SSL_CTX_free(cctx);
  return got;
}

TEST(TransportTls, RequestThatCameWithTheHandshakeIsReadAtOnce) {
  const std::string request = "GET /first HTTP/1.1\r\nhost: transport.test\r\n\r\n";
  EXPECT_EQ(arrived_with_handshake(request), request);
}

TEST(TransportTls, NothingArrivedWithTheHandshakeReadsNothing) {
  EXPECT_EQ(arrived_with_handshake(""), "");
}

}  // namespace
}  // namespace igw::serve
