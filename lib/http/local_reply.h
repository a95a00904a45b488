// http::LocalReply: a response Envoy produces itself (404 NR, redirects, direct responses, CORS
// preflights, fault aborts), built the way Envoy builds it.
//
// Followed: Utility::prepareLocalReply in envoy:source/common/http/utility.cc (route response
// headers, then content-length and a default content-type for a non-empty body, both removed for
// an empty body; gRPC requests get a trailers-only reply), ConnectionManagerImpl's encodeHeaders
// (date when absent, server overwritten with istio-envoy) and the HTTP/1 codec (content-length: 0
// on an empty reply that is not 1xx/204/304 or a HEAD answer).
#pragma once

#include "lib/base/duration.h"
#include "lib/http/headers.h"
#include "lib/http/reason.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace igw::http {

struct LocalReply {
  uint32_t status = 0;
  Headers headers;   // what the client receives, in wire order, lower-case names
  std::string body;  // empty for HEAD requests (content-length still announces the size)
  // Envoy access-log response flags, comma-joined: "NR", "FI", "DI,FI"; "" when none.
  std::string response_flags;
  // Envoy response code details: "route_not_found", "direct_response", "cors_response",
  // "fault_filter_abort".
  std::string details;
  std::optional<base::Duration> delay;  // a fault delay Envoy waits before answering (R4.11)
  // Set only for connection-level outcomes passed to respond(): there is no HTTP exchange.
  bool connection_closed = false;
  std::vector<Reason> reasons;
};

// What the downstream side of an exchange looks like, for the parts Envoy adds on the way out.
struct DownstreamContext {
  bool http2 = false;         // HTTP/1 adds content-length: 0 to empty replies, HTTP/2 does not
  bool head_request = false;  // HEAD: no body, no codec content-length
  bool grpc_request = false;  // content-type application/grpc…: trailers-only local replies
  std::string_view date;      // the value for a missing date header
  std::string_view server_name = "istio-envoy";  // HCM server_name, OVERWRITE (R1.14)
};

// Envoy's Utility::prepareLocalReply: `modify` runs first (location, route response headers),
// then content-length/content-type (or the gRPC conversion). `grpc_status` is the explicit gRPC
// status (fault aborts); otherwise the HTTP status is mapped (Grpc::Utility::httpToGrpcStatus).
// Returns headers without date/server; finish_downstream() adds those.
LocalReply prepare_local_reply(uint32_t status, std::string_view body,
                               const std::function<void(Headers&)>& modify,
                               const DownstreamContext& ctx,
                               std::optional<uint32_t> grpc_status = std::nullopt);

// The HCM and codec steps every response passes on its way to the client: date when absent,
// server overwritten in place, and for HTTP/1 the codec's content-length: 0 on an empty response
// without content-length (not for 1xx, 204, 304 or HEAD).
void finish_downstream(uint32_t status, Headers& headers, const DownstreamContext& ctx);

// grpc-status for an HTTP status (Grpc::Utility::httpToGrpcStatus, envoy:source/common/grpc/
// status.cc): 400→13, 401→16, 403→7, 404→12, 429/502/503/504→14, else 2.
uint32_t http_to_grpc_status(uint32_t http_status);

// Whether `content_type` makes a request gRPC (Grpc::Common::isGrpcRequestHeaders): exactly
// "application/grpc" or starting with "application/grpc+" or "application/grpc;".
bool is_grpc_content_type(std::string_view content_type);

// The reason phrase HTTP/1.1 prints after a status code ("Not Found"); "" when unknown.
std::string_view reason_phrase(uint32_t status);

// An RFC 7231 IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") for seconds since the epoch.
std::string format_http_date(int64_t unix_seconds);

}  // namespace igw::http
