// Per-worker DNS cache over Asio's asynchronous resolver.
#include "lib/serve/dns_cache.h"

namespace igw::serve {

std::string DnsCache::key(const std::string& name, uint16_t port) {
  return name + ":" + std::to_string(port);
}

DnsCache::Status DnsCache::lookup(const std::string& name, uint16_t port, const Endpoints** out) {
  auto it = entries_.find(key(name, port));
  if (it == entries_.end() || it->second.pending ||
      it->second.expires < std::chrono::steady_clock::now())
    return Status::kUnknown;
  *out = &it->second.endpoints;
  return it->second.endpoints.empty() ? Status::kFailed : Status::kResolved;
}

void DnsCache::resolve(const std::string& name, uint16_t port, std::function<void()> done) {
  std::string k = key(name, port);
  Entry& e = entries_[k];
  e.waiters.push_back(std::move(done));
  if (e.pending)
    return;
  e.pending = true;
  resolver_.async_resolve(
      name, std::to_string(port), boost::asio::ip::tcp::resolver::numeric_service,
      [this, k](const boost::system::error_code& ec,
                boost::asio::ip::tcp::resolver::results_type results) {
        auto it = entries_.find(k);
        if (it == entries_.end())
          return;
        Entry& entry = it->second;
        entry.pending = false;
        entry.endpoints.clear();
        if (!ec) {
          for (const auto& r : results)
            entry.endpoints.push_back(r.endpoint());
        }
        entry.error = ec ? ec.message() : std::string();
        entry.expires =
            std::chrono::steady_clock::now() + (entry.endpoints.empty() ? negative_ttl_ : ttl_);
        auto waiters = std::move(entry.waiters);
        entry.waiters.clear();
        for (auto& w : waiters)
          w();
      });
}

}  // namespace igw::serve
