// Listening sockets: one per worker and listener address, bound with SO_REUSEPORT so the kernel
// spreads new connections over the workers (DESIGN.md "Serving model"). Created on the control
// thread so that a bind failure is known before a configuration is put in service.
#pragma once

#include "lib/base/result.h"

#include <cstdint>
#include <string>

namespace igw::serve {

// An owned listening file descriptor (closed on destruction unless released).
class ListenSocket {
 public:
  ListenSocket() = default;
  explicit ListenSocket(int fd) : fd_(fd) {}
  ListenSocket(ListenSocket&& o) noexcept : fd_(o.release()) {}
  ListenSocket& operator=(ListenSocket&& o) noexcept;
  ListenSocket(const ListenSocket&) = delete;
  ListenSocket& operator=(const ListenSocket&) = delete;
  ~ListenSocket();

  int fd() const { return fd_; }
  int release() {
    int f = fd_;
    fd_ = -1;
    return f;
  }

 private:
  int fd_ = -1;
};

// socket + SO_REUSEADDR + SO_REUSEPORT + bind + listen, non-blocking. The error names the address
// and suggests --port-offset for privileged ports.
base::Result<ListenSocket> open_listen_socket(const std::string& address, uint16_t port,
                                              int backlog = 4096);

}  // namespace igw::serve
