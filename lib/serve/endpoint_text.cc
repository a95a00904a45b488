// "ADDR:PORT" of a socket endpoint.
#include "lib/serve/endpoint_text.h"

#include <fmt/format.h>

namespace igw::serve {

std::string endpoint_text(const boost::asio::ip::tcp::endpoint& ep) {
  if (ep.address().is_v6())
    return fmt::format("[{}]:{}", ep.address().to_string(), ep.port());
  return fmt::format("{}:{}", ep.address().to_string(), ep.port());
}

}  // namespace igw::serve
