// Session-ticket keys; see ticket_keys.h.
#include "lib/tls/ticket_keys.h"

#include <openssl/rand.h>

namespace igw::tls {

std::shared_ptr<const SessionTicketKeys> SessionTicketKeys::generate() {
  std::shared_ptr<SessionTicketKeys> keys(new SessionTicketKeys());
  if (RAND_priv_bytes(keys->bytes_.data(), static_cast<int>(keys->bytes_.size())) != 1)
    return nullptr;
  return keys;
}

bool SessionTicketKeys::apply(SSL_CTX* ctx) const {
  // The macro takes a non-const pointer but only copies the bytes into the context.
  return SSL_CTX_set_tlsext_ticket_keys(ctx, const_cast<unsigned char*>(bytes_.data()),
                                        static_cast<long>(bytes_.size())) == 1;
}

}  // namespace igw::tls
