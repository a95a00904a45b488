// R4.4 header edits as Envoy's HeaderParser applies them (envoy:source/common/router/
// header_parser.cc, HeaderParser::evaluateHeaders): every removal first, then every
// OVERWRITE_IF_EXISTS_OR_ADD entry, then every APPEND_IF_EXISTS_OR_ADD entry; an entry whose
// value is empty is skipped (Istio never sets keep_empty_value).
#pragma once

#include "lib/compile/route_table.h"
#include "lib/http/headers.h"

#include <string>
#include <vector>

namespace igw::http {

// One header parser pass over `headers`.
void evaluate_header_ops(const std::vector<compile::HeaderValueOption>& add,
                         const std::vector<std::string>& remove, Headers& headers);

// The request side of `ops` (request_headers_to_add / request_headers_to_remove).
void apply_request_ops(const compile::HeaderOps& ops, Headers& headers);
// The response side of `ops`.
void apply_response_ops(const compile::HeaderOps& ops, Headers& headers);

// Envoy header values are substitution-format strings. Istio passes VirtualService values
// through unescaped, so "%%" reaches the wire as "%", and a %COMMAND% is replaced by Envoy at
// request time. igw expands "%%" and keeps other commands verbatim; this lists the commands a
// value uses so callers can say so.
std::string unescape_header_value(std::string_view value);
std::vector<std::string> substitution_commands(std::string_view value);

}  // namespace igw::http
