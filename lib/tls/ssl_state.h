// Per-connection facts lib/tls records on an SSL during the handshake (OpenSSL ex_data): the
// filter chain the ClientHello selected, and why a handshake was refused.
#pragma once

#include <openssl/ssl.h>

namespace igw::compile {
struct FilterChain;
}

namespace igw::tls::detail {

void set_selected_chain(SSL* ssl, const compile::FilterChain* chain);
const compile::FilterChain* get_selected_chain(const SSL* ssl);

// `why` must be a string with static storage (a literal or an OpenSSL error string).
void set_refusal(SSL* ssl, const char* why);
const char* get_refusal(const SSL* ssl);

}  // namespace igw::tls::detail
