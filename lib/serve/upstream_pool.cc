// Per-worker upstream keep-alive pool, and the read each upstream connection keeps in flight.
#include "lib/serve/upstream_pool.h"

#include <boost/asio/post.hpp>

#include <algorithm>
#include <functional>

namespace igw::serve {

UpstreamConnection::UpstreamConnection(boost::asio::io_context& io,
                                       const boost::asio::ip::tcp::endpoint& ep)
    : socket(io), endpoint(ep), buf(kUpstreamReadBuffer) {}

UpstreamConnection::~UpstreamConnection() {
  // The socket closes after this body and cancels the read; its handler then sees no connection.
  if (slot_)
    slot_->conn = nullptr;
}

void UpstreamConnection::start_read(size_t offset) {
  auto slot = std::make_unique<ReadSlot>();
  slot->conn = this;
  slot_ = slot.get();
  socket.async_read_some(boost::asio::buffer(buf.data() + offset, buf.size() - offset),
                         [slot = std::move(slot)](const boost::system::error_code& ec, size_t n) {
                           UpstreamConnection* c = slot->conn;
                           if (!c)
                             return;  // the connection is gone
                           slot->conn = nullptr;
                           c->slot_ = nullptr;
                           if (slot->reader) {
                             std::shared_ptr<void> keep = std::move(slot->keepalive);
                             slot->reader->on_upstream_data(slot->tag, ec, n);
                             return;
                           }
                           if (c->idle_in_) {
                             c->idle_in_->evict(c);  // destroys c
                             return;
                           }
                           // Taken from the pool, not adopted yet: the new owner's read() gets
                           // this.
                           c->early_ = true;
                           c->early_ec_ = ec;
                           c->early_n_ = n;
                         });
}

void UpstreamConnection::read(size_t offset, UpstreamReader* reader, uint64_t tag,
                              std::shared_ptr<void> keepalive) {
  if (early_) {
    early_ = false;
    boost::asio::post(socket.get_executor(),
                      [reader, tag, k = std::move(keepalive), ec = early_ec_, n = early_n_] {
                        reader->on_upstream_data(tag, ec, n);
                      });
    return;
  }
  if (!slot_)
    start_read(offset);
  // A read the pool armed reads at offset 0, where the new owner's response starts.
  slot_->reader = reader;
  slot_->tag = tag;
  slot_->keepalive = std::move(keepalive);
}

size_t UpstreamPool::Hash::operator()(const boost::asio::ip::tcp::endpoint& e) const {
  size_t h = std::hash<unsigned short>{}(e.port());
  if (e.address().is_v4())
    return h ^ (std::hash<uint32_t>{}(e.address().to_v4().to_uint()) << 1);
  auto bytes = e.address().to_v6().to_bytes();
  for (auto b : bytes)
    h = h * 131 + b;
  return h;
}

UpstreamConnectionPtr UpstreamPool::take(const boost::asio::ip::tcp::endpoint& ep) {
  auto it = idle_.find(ep);
  if (it == idle_.end())
    return nullptr;
  auto& list = it->second;
  while (!list.empty()) {
    UpstreamConnectionPtr c = std::move(list.back());
    list.pop_back();
    c->idle_in_ = nullptr;
    // A connection whose watch completed was evicted already; one without a watch (never
    // armed) is not trusted.
    if (c->socket.is_open() && c->slot_)
      return c;
  }
  return nullptr;
}

void UpstreamPool::put(UpstreamConnectionPtr c) {
  if (!c->socket.is_open() || c->early_)
    return;  // closed by the destructor
  auto& list = idle_[c->endpoint];
  if (list.size() >= max_idle_per_endpoint_)
    return;
  c->idle_since = std::chrono::steady_clock::now();
  c->idle_in_ = this;
  if (c->slot_) {
    // Still reading (not expected: an exchange hands a connection back after its response):
    // the read becomes the idle watch.
    c->slot_->reader = nullptr;
    c->slot_->keepalive.reset();
  } else {
    c->start_read(0);
  }
  list.push_back(std::move(c));
}

void UpstreamPool::evict(UpstreamConnection* c) {
  auto it = idle_.find(c->endpoint);
  if (it == idle_.end())
    return;
  auto& list = it->second;
  auto pos = std::find_if(list.begin(), list.end(),
                          [c](const UpstreamConnectionPtr& p) { return p.get() == c; });
  if (pos != list.end())
    list.erase(pos);
}

size_t UpstreamPool::sweep(std::chrono::steady_clock::time_point now) {
  size_t left = 0;
  for (auto it = idle_.begin(); it != idle_.end();) {
    auto& list = it->second;
    std::erase_if(list,
                  [&](const UpstreamConnectionPtr& c) { return now - c->idle_since > max_idle_; });
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
