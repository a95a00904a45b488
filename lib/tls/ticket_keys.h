// Session-ticket keys shared by every SSL_CTX of a snapshot — and handed from one snapshot to
// the next on reload — so that a ticket issued on any worker, chain or generation resumes on any
// other (the bench's `resume` case). Tickets are encrypted the way OpenSSL does by default
// (AES-256-CBC + HMAC-SHA256); only the key material is ours.
#pragma once

#include <openssl/ssl.h>

#include <array>
#include <cstdint>
#include <memory>

namespace igw::tls {

class SessionTicketKeys {
 public:
  // 16 bytes key name, 32 bytes HMAC secret, 32 bytes AES key (SSL_CTX_set_tlsext_ticket_keys).
  static constexpr size_t kSize = 80;

  // Fresh random keys; nullptr only if the system has no randomness.
  static std::shared_ptr<const SessionTicketKeys> generate();

  // Installs the keys on `ctx`; false on failure.
  bool apply(SSL_CTX* ctx) const;

 private:
  SessionTicketKeys() = default;
  std::array<unsigned char, kSize> bytes_{};
};

using TicketKeysPtr = std::shared_ptr<const SessionTicketKeys>;

}  // namespace igw::tls
