// Internal to lib/compile: what a VirtualService rule does once matched — redirect, direct
// response, forwarding with rewrites/retries/timeouts/mirrors, header edits, CORS, fault
// (TranslateRoute and helpers in istio:pilot/pkg/networking/core/route/route.go; R4.1–R5.1).
#pragma once

#include "lib/compile/matchers.h"
#include "lib/compile/notes.h"
#include "lib/compile/route_table.h"
#include "lib/compile/services.h"
#include "lib/model/virtual_service.h"

#include <string>
#include <string_view>

namespace igw::compile::detail {

struct ActionContext {
  uint32_t port = 0;       // the Gateway server port (R1.8)
  bool is_tls = false;     // the server has a tls block (redirect scheme default, R4.5)
  std::string_view vs_ns;  // for short names and service lookup
  std::string object;      // "VirtualService ns/name", for notes
  ClusterRegistry* clusters = nullptr;
  RegexCache* regexes = nullptr;
  Notes* notes = nullptr;
};

// Fills action, route-level headers, CORS and fault of `out` from rule `r`. false when the rule
// cannot be compiled (bad regex in a rewrite or a CORS origin): the route is left out and a note
// says why.
bool translate_actions(const model::HttpRoute& r, const ActionContext& ctx, Route& out);

// TranslateHeadersOperations: header edits of a `headers` block; `authority` receives a set/add
// of :authority or host (set wins).
HeaderOps translate_header_ops(const model::Headers& h, std::string* authority);

// ConvertPolicy (R4.10).
RetryPolicy convert_retry_policy(const model::HttpRetry* in, bool consistent_hash);

// Splits an Istio retryOn string into Envoy tokens and HTTP status codes (parseRetryOn).
void parse_retry_on(std::string_view text, std::string& tokens, std::vector<uint32_t>& codes);

}  // namespace igw::compile::detail
