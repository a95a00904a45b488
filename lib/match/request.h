// match::Request: one HTTP request as the router sees it, as a light view (no copies).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace igw::match {

// One request header. `name` must be lower-case (HTTP/2 form); repeated names are allowed and
// are joined with "," for header matching, as Envoy does (R3.8).
struct HeaderField {
  std::string_view name;
  std::string_view value;
};

// Everything routing reads. Views only: the caller owns the bytes for the duration of the call
// (serve passes its parsed header block; `igw routes` and curl-sim build small arrays).
struct Request {
  // The Gateway server port the connection arrived on, in Gateway-port terms (R1.8): 80 for a
  // Gateway server on 80 even when the ingress Service maps it to targetPort 8080.
  uint32_t port = 80;
  bool tls = false;                // downstream TLS: :scheme and x-forwarded-proto are https
  std::string_view sni;            // TLS server name sent by the client ("" = none)
  std::string_view local_address;  // only needed when Gateway servers use `bind`
  std::string_view method = "GET";
  std::string_view authority;            // Host / :authority exactly as sent, port included
  std::string_view path = "/";           // :path as sent, query included
  std::span<const HeaderField> headers;  // every other header (not :method/:path/:authority)

  std::string_view scheme() const { return tls ? "https" : "http"; }
};

}  // namespace igw::match
