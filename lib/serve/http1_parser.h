// HTTP/1.1 message parsers on Boost.Beast's basic_parser that keep every field as a view into
// the caller's read buffer (no per-field allocation), lower-case header names in place for
// match::Request, and add the checks Beast leaves to the application (reference/ECOSYSTEM.md
// §6.1): header count (431), request-target length (414), Transfer-Encoding other than a single
// final "chunked" (501, as Envoy's codec answers), obs-fold (400).
//
// Beast itself rejects, with an error from put(): Content-Length together with chunked, differing
// Content-Length values, bare CR and bare LF, malformed start lines and fields, and headers over
// header_limit() (431).
#pragma once

#include "lib/match/request.h"

#include <boost/beast/http/basic_parser.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>
#include <vector>

namespace igw::serve {

// "No limit" for basic_parser::body_limit(). Beast 1.74 compares the length with the optional
// limit directly (`len_ > body_limit_`), so boost::none would refuse every body.
inline constexpr uint64_t kNoBodyLimit = std::numeric_limits<uint64_t>::max();

// Why a request could not be taken (beyond Beast's own errors).
enum class RequestProblem {
  kNone,
  kTooManyHeaders,               // 431
  kUriTooLong,                   // 414
  kUnsupportedTransferEncoding,  // 501
  kMissingHost,                  // 400
};

// Body pieces a put() call produced, as views into the buffer given to put().
using BodyPieces = std::vector<std::string_view>;

class RequestParser final : public boost::beast::http::basic_parser<true> {
 public:
  RequestParser(std::vector<match::HeaderField>& fields, BodyPieces& body, uint32_t max_headers,
                uint32_t max_uri);

  std::string_view method;
  std::string_view target;
  int version = 11;
  std::string_view host;  // the Host header (first)
  bool expect_continue = false;
  bool has_body = false;  // Content-Length > 0 or chunked
  bool chunked_body = false;
  std::optional<uint64_t> body_length;  // Content-Length, when given
  RequestProblem problem = RequestProblem::kNone;
  bool finished = false;  // on_finish_impl ran: the whole message was parsed

  // The caller moved the bytes the views point into: what sat at `old_base + i` now sits at
  // `new_base + i - shift`. Beast consumes a head piecewise, so its views must follow the buffer.
  void rebase(const char* old_base, const char* new_base, size_t shift);

 private:
  void on_request_impl(boost::beast::http::verb, boost::beast::string_view method,
                       boost::beast::string_view target, int version,
                       boost::beast::error_code& ec) override;
  void on_response_impl(int, boost::beast::string_view, int, boost::beast::error_code&) override {}
  void on_field_impl(boost::beast::http::field f, boost::beast::string_view name,
                     boost::beast::string_view value, boost::beast::error_code& ec) override;
  void on_header_impl(boost::beast::error_code& ec) override;
  void on_body_init_impl(const boost::optional<std::uint64_t>& content_length,
                         boost::beast::error_code& ec) override;
  std::size_t on_body_impl(boost::beast::string_view body, boost::beast::error_code& ec) override;
  void on_chunk_header_impl(std::uint64_t, boost::beast::string_view,
                            boost::beast::error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, boost::beast::string_view body,
                                 boost::beast::error_code& ec) override;
  void on_finish_impl(boost::beast::error_code& ec) override;

  std::vector<match::HeaderField>& fields_;
  BodyPieces& body_;
  uint32_t max_headers_;
  uint32_t max_uri_;
  int transfer_encodings_ = 0;
  bool te_chunked_only_ = true;
};

// One upstream response header field as parsed (views into the upstream read buffer).
struct ResponseField {
  std::string_view name;  // lower-cased in place
  std::string_view value;
};

class ResponseParser final : public boost::beast::http::basic_parser<false> {
 public:
  ResponseParser(std::vector<ResponseField>& fields, BodyPieces& body);

  unsigned status = 0;
  int version = 11;
  bool chunked_body = false;
  std::optional<uint64_t> body_length;  // Content-Length, when given
  bool finished = false;

 private:
  void on_request_impl(boost::beast::http::verb, boost::beast::string_view,
                       boost::beast::string_view, int, boost::beast::error_code&) override {}
  void on_response_impl(int code, boost::beast::string_view reason, int version,
                        boost::beast::error_code& ec) override;
  void on_field_impl(boost::beast::http::field f, boost::beast::string_view name,
                     boost::beast::string_view value, boost::beast::error_code& ec) override;
  void on_header_impl(boost::beast::error_code&) override {}
  void on_body_init_impl(const boost::optional<std::uint64_t>& content_length,
                         boost::beast::error_code& ec) override;
  std::size_t on_body_impl(boost::beast::string_view body, boost::beast::error_code& ec) override;
  void on_chunk_header_impl(std::uint64_t, boost::beast::string_view,
                            boost::beast::error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, boost::beast::string_view body,
                                 boost::beast::error_code& ec) override;
  void on_finish_impl(boost::beast::error_code& ec) override;

  std::vector<ResponseField>& fields_;
  BodyPieces& body_;
};

// Whether the header block `head` (request line through the empty line) folds a field value
// over lines (obs-fold: a line starting with SP or HTAB), which Beast would silently unfold.
bool has_obs_fold(std::string_view head);

// The end of the header block in `data` (offset just past "\r\n\r\n"), or 0 when incomplete.
size_t header_block_end(std::string_view data);

// ASCII lower-casing in place (for views into a buffer the caller owns).
void lower_in_place(std::string_view s);

}  // namespace igw::serve
