// Accepting a downstream connection: pick plain text or TLS (the listener's chains, and on a
// listener with both the first byte, 0x16 being a TLS handshake: SEMANTICS R1.7 case 5), run the
// TLS handshake (lib/tls picks the filter chain by SNI during the ClientHello), place the
// connection with match::decide_connection, then hand it to the codec ALPN chose. Only HTTP/1.1
// is offered in this part; HTTP/2 (ALPN "h2" or the h2c preface), TCP proxy and passthrough
// chains slot in here.
#pragma once

#include "lib/serve/snapshot.h"

#include <boost/asio/ip/tcp.hpp>

#include <string>

namespace igw::serve {

class Worker;

void start_connection(Worker& worker, const std::string& listener_key,
                      boost::asio::ip::tcp::socket socket);

}  // namespace igw::serve
