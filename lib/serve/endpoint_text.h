// "ADDR:PORT" (IPv6 in brackets) of a socket endpoint, as access logs and Envoy print addresses.
#pragma once

#include <boost/asio/ip/tcp.hpp>

#include <string>

namespace igw::serve {

std::string endpoint_text(const boost::asio::ip::tcp::endpoint& ep);

}  // namespace igw::serve
