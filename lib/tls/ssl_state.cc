// Per-SSL ex_data slots; see ssl_state.h.
#include "lib/tls/ssl_state.h"

namespace igw::tls::detail {

namespace {

struct Slots {
  int chain;
  int refusal;
};

// OpenSSL numbers ex_data slots per process, so the slot numbers are necessarily process-wide.
// They are allocated once, on first use (a function-local static: thread-safe initialisation,
// no static-initialisation-order issue); this is the only global state lib/tls keeps. The slots
// hold plain pointers that need no freeing.
const Slots& slots() {
  static const Slots s{SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr),
                       SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr)};
  return s;
}

}  // namespace

void set_selected_chain(SSL* ssl, const compile::FilterChain* chain) {
  SSL_set_ex_data(ssl, slots().chain, const_cast<compile::FilterChain*>(chain));
}

const compile::FilterChain* get_selected_chain(const SSL* ssl) {
  return ssl ? static_cast<const compile::FilterChain*>(SSL_get_ex_data(ssl, slots().chain))
             : nullptr;
}

void set_refusal(SSL* ssl, const char* why) {
  if (ssl)
    SSL_set_ex_data(ssl, slots().refusal, const_cast<char*>(why));
}

const char* get_refusal(const SSL* ssl) {
  return ssl ? static_cast<const char*>(SSL_get_ex_data(ssl, slots().refusal)) : nullptr;
}

}  // namespace igw::tls::detail
