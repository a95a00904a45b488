// Per-worker upstream keep-alive pool.
#include "lib/serve/upstream_pool.h"

#include <sys/socket.h>

#include <cerrno>
#include <functional>

namespace igw::serve {

size_t UpstreamPool::Hash::operator()(const boost::asio::ip::tcp::endpoint& e) const {
  size_t h = std::hash<unsigned short>{}(e.port());
  if (e.address().is_v4())
    return h ^ (std::hash<uint32_t>{}(e.address().to_v4().to_uint()) << 1);
  auto bytes = e.address().to_v6().to_bytes();
  for (auto b : bytes)
    h = h * 131 + b;
  return h;
}

bool idle_socket_is_dead(int fd) {
  char c;
  ssize_t n = ::recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
  if (n < 0)
    return !(errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR);
  return true;  // 0: the peer closed; > 0: bytes nobody asked for
}

UpstreamConnectionPtr UpstreamPool::take(const boost::asio::ip::tcp::endpoint& ep) {
  auto it = idle_.find(ep);
  if (it == idle_.end())
    return nullptr;
  auto& list = it->second;
  while (!list.empty()) {
    UpstreamConnectionPtr c = std::move(list.back());
    list.pop_back();
    if (c->socket.is_open() && !idle_socket_is_dead(c->socket.native_handle()))
      return c;
  }
  return nullptr;
}

void UpstreamPool::put(UpstreamConnectionPtr c) {
  auto& list = idle_[c->endpoint];
  if (list.size() >= max_idle_per_endpoint_)
    return;  // closed by the destructor
  c->idle_since = std::chrono::steady_clock::now();
  list.push_back(std::move(c));
}

size_t UpstreamPool::sweep(std::chrono::steady_clock::time_point now) {
  size_t left = 0;
  for (auto it = idle_.begin(); it != idle_.end();) {
    auto& list = it->second;
    std::erase_if(list, [&](const UpstreamConnectionPtr& c) {
      return now - c->idle_since > max_idle_ || idle_socket_is_dead(c->socket.native_handle());
    });
    left += list.size();
    if (list.empty())
      it = idle_.erase(it);
    else
      ++it;
  }
  return left;
}

size_t UpstreamPool::idle_count() const {
  size_t n = 0;
  for (const auto& [ep, list] : idle_)
    n += list.size();
  return n;
}

}  // namespace igw::serve
