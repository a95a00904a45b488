// Listening sockets with SO_REUSEPORT.
#include "lib/serve/listen_socket.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

namespace igw::serve {

ListenSocket& ListenSocket::operator=(ListenSocket&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0)
      ::close(fd_);
    fd_ = o.release();
  }
  return *this;
}

ListenSocket::~ListenSocket() {
  if (fd_ >= 0)
    ::close(fd_);
}

base::Result<ListenSocket> open_listen_socket(const std::string& address, uint16_t port,
                                              int backlog) {
  sockaddr_storage ss{};
  socklen_t len = 0;
  int family = AF_INET;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&ss);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&ss);
  if (inet_pton(AF_INET, address.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    len = sizeof(sockaddr_in);
  } else if (inet_pton(AF_INET6, address.c_str(), &v6->sin6_addr) == 1) {
    family = AF_INET6;
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    len = sizeof(sockaddr_in6);
  } else {
    return base::make_error(fmt::format("cannot listen on {}:{}: not an IP address", address,
                                        port));
  }
  int fd = ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return base::make_error(fmt::format("socket(): {}", std::strerror(errno)));
  ListenSocket sock(fd);
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  if (::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) != 0)
    return base::make_error(fmt::format("SO_REUSEPORT: {}", std::strerror(errno)));
  if (family == AF_INET6)
    ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
  if (::bind(fd, reinterpret_cast<sockaddr*>(&ss), len) != 0) {
    int err = errno;
    std::string hint;
    if (err == EACCES && port < 1024)
      hint = " (ports below 1024 need privileges: try --port-offset 8000)";
    else if (err == EADDRINUSE)
      hint = " (another process listens there)";
    return base::make_error(
        fmt::format("cannot listen on {}:{}: {}{}", address, port, std::strerror(err), hint));
  }
  if (::listen(fd, backlog) != 0)
    return base::make_error(
        fmt::format("listen() on {}:{}: {}", address, port, std::strerror(errno)));
  return sock;
}

}  // namespace igw::serve
