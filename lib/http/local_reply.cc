// http::LocalReply construction, after Envoy's prepareLocalReply and the HCM/codec steps.
#include "lib/http/local_reply.h"

#include "lib/base/strings.h"

#include <fmt/format.h>

#include <ctime>

namespace igw::http {

namespace {

// Http::Utility::PercentEncoding::encode: bytes outside printable ASCII, and '%', as %XX.
std::string percent_encode_grpc_message(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c < 0x20 || c > 0x7e || c == '%') {
      out += fmt::format("%{:02X}", c);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

}  // namespace

LocalReply prepare_local_reply(uint32_t status, std::string_view body,
                               const std::function<void(Headers&)>& modify,
                               const DownstreamContext& ctx, std::optional<uint32_t> grpc_status) {
  LocalReply reply;
  reply.status = status;
  Headers& h = reply.headers;
  if (modify)
    modify(h);

  if (ctx.grpc_request) {
    // Trailers-only gRPC answer: 200, content-type application/grpc, grpc-status/-message.
    reply.status = 200;
    h.set_in_place("content-type", "application/grpc");
    if (!h.has("grpc-status"))
      h.set_in_place("grpc-status",
                     std::to_string(grpc_status.value_or(http_to_grpc_status(status))));
    std::string message(body);
    if (!message.empty() && message.back() == '\n')
      message.pop_back();
    if (!message.empty() && !ctx.head_request)
      h.set_in_place("grpc-message", percent_encode_grpc_message(message));
    h.remove("content-length");
    return reply;
  }

  if (!body.empty()) {
    h.set_in_place("content-length", std::to_string(body.size()));
    if (!h.has("content-type"))
      h.set_in_place("content-type", "text/plain");
    if (!ctx.head_request)
      reply.body = std::string(body);
  } else {
    h.remove("content-length");
    h.remove("content-type");
  }
  return reply;
}

void finish_downstream(uint32_t status, Headers& headers, const DownstreamContext& ctx) {
  if (!headers.has("date") && !ctx.date.empty())
    headers.set_in_place("date", ctx.date);
  if (!ctx.server_name.empty())
    headers.set_in_place("server", ctx.server_name);
  if (!ctx.http2 && !ctx.head_request && !headers.has("content-length") &&
      !headers.has("transfer-encoding") && status >= 200 && status != 204 && status != 304) {
    // The HTTP/1 codec delimits a header-only response with an explicit zero length.
    headers.add("content-length", "0");
  }
}

uint32_t http_to_grpc_status(uint32_t http_status) {
  switch (http_status) {
    case 400:
      return 13;  // INTERNAL
    case 401:
      return 16;  // UNAUTHENTICATED
    case 403:
      return 7;  // PERMISSION_DENIED
    case 404:
      return 12;  // UNIMPLEMENTED
    case 429:
    case 502:
    case 503:
    case 504:
      return 14;  // UNAVAILABLE
    default:
      return 2;  // UNKNOWN
  }
}

bool is_grpc_content_type(std::string_view ct) {
  constexpr std::string_view kGrpc = "application/grpc";
  if (ct.size() < kGrpc.size() || !base::iequals(ct.substr(0, kGrpc.size()), kGrpc))
    return false;
  return ct.size() == kGrpc.size() || ct[kGrpc.size()] == '+' || ct[kGrpc.size()] == ';';
}

std::string_view reason_phrase(uint32_t status) {
  switch (status) {
    case 100:
      return "Continue";
    case 101:
      return "Switching Protocols";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 203:
      return "Non-Authoritative Information";
    case 204:
      return "No Content";
    case 205:
      return "Reset Content";
    case 206:
      return "Partial Content";
    case 300:
      return "Multiple Choices";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 305:
      return "Use Proxy";
    case 307:
      return "Temporary Redirect";
    case 308:
      return "Permanent Redirect";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 402:
      return "Payment Required";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 406:
      return "Not Acceptable";
    case 407:
      return "Proxy Authentication Required";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 411:
      return "Length Required";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Payload Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 416:
      return "Range Not Satisfiable";
    case 417:
      return "Expectation Failed";
    case 418:
      return "I'm a teapot";
    case 421:
      return "Misdirected Request";
    case 422:
      return "Unprocessable Entity";
    case 425:
      return "Too Early";
    case 426:
      return "Upgrade Required";
    case 428:
      return "Precondition Required";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 451:
      return "Unavailable For Legal Reasons";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    case 505:
      return "HTTP Version Not Supported";
    case 507:
      return "Insufficient Storage";
    case 511:
      return "Network Authentication Required";
    default:
      return "";
  }
}

std::string format_http_date(int64_t unix_seconds) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{}, {:02d} {} {:04d} {:02d}:{:02d}:{:02d} GMT", kDays[tm.tm_wday], tm.tm_mday,
                     kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

}  // namespace igw::http
