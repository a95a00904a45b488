// HTTP/1.1 parsers over Beast's basic_parser with views into the read buffer.
#include "lib/serve/http1_parser.h"

#include "lib/base/strings.h"

#include <cstring>

namespace igw::serve {

namespace bhttp = boost::beast::http;

namespace {

std::string_view sv(boost::beast::string_view s) {
  return std::string_view(s.data(), s.size());
}

}  // namespace

void lower_in_place(std::string_view s) {
  char* p = const_cast<char*>(s.data());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = p[i];
    if (c >= 'A' && c <= 'Z')
      p[i] = static_cast<char>(c + ('a' - 'A'));
  }
}

size_t header_block_end(std::string_view data) {
  const void* p = memmem(data.data(), data.size(), "\r\n\r\n", 4);
  if (!p)
    return 0;
  return static_cast<size_t>(static_cast<const char*>(p) - data.data()) + 4;
}

bool has_obs_fold(std::string_view head) {
  // A field line may not start with whitespace (RFC 9112 §5.2); the first line is the request
  // line, the last two bytes are the terminating CRLF.
  size_t pos = 0;
  while (true) {
    size_t nl = head.find('\n', pos);
    if (nl == std::string_view::npos || nl + 1 >= head.size())
      return false;
    char c = head[nl + 1];
    if (c == ' ' || c == '\t')
      return true;
    pos = nl + 1;
  }
}

// --- requests ------------------------------------------------------------------------------------

RequestParser::RequestParser(std::vector<match::HeaderField>& fields, BodyPieces& body,
                             uint32_t max_headers, uint32_t max_uri)
    : fields_(fields), body_(body), max_headers_(max_headers), max_uri_(max_uri) {
  fields_.clear();
}

void RequestParser::rebase(const char* old_base, const char* new_base, size_t shift) {
  auto move = [&](std::string_view& v) {
    if (!v.empty())
      v = std::string_view(new_base + (v.data() - old_base) - shift, v.size());
  };
  move(method);
  move(target);
  move(host);
  for (auto& f : fields_) {
    move(f.name);
    move(f.value);
  }
}

void RequestParser::on_request_impl(bhttp::verb, boost::beast::string_view m,
                                    boost::beast::string_view t, int v,
                                    boost::beast::error_code& ec) {
  method = sv(m);
  target = sv(t);
  version = v;
  if (target.size() > max_uri_) {
    problem = RequestProblem::kUriTooLong;
    ec = bhttp::error::bad_target;
  }
}

void RequestParser::on_field_impl(bhttp::field f, boost::beast::string_view name,
                                  boost::beast::string_view value, boost::beast::error_code& ec) {
  if (fields_.size() >= max_headers_) {
    problem = RequestProblem::kTooManyHeaders;
    ec = bhttp::error::header_limit;
    return;
  }
  std::string_view n = sv(name);
  lower_in_place(n);
  std::string_view v = sv(value);
  switch (f) {
    case bhttp::field::host:
      // Host is the request's :authority, not one of its headers (match::Request).
      if (host.empty())
        host = v;
      return;
    case bhttp::field::expect:
      // Envoy answers 100-continue itself and drops the header (proxy_100_continue off).
      if (base::iequals(v, "100-continue")) {
        expect_continue = true;
        return;
      }
      break;
    case bhttp::field::transfer_encoding:
      // Envoy's HTTP/1 codec takes only "chunked" (any other coding is 501 Not Implemented).
      ++transfer_encodings_;
      if (!base::iequals(base::trim(v), "chunked"))
        te_chunked_only_ = false;
      break;
    default:
      break;
  }
  fields_.push_back({n, v});
}

void RequestParser::on_header_impl(boost::beast::error_code& ec) {
  if (transfer_encodings_ > 0 && (transfer_encodings_ > 1 || !te_chunked_only_)) {
    problem = RequestProblem::kUnsupportedTransferEncoding;
    ec = bhttp::error::bad_transfer_encoding;
    return;
  }
  if (version >= 11 && host.empty() && !target.starts_with("http://") &&
      !target.starts_with("https://")) {
    problem = RequestProblem::kMissingHost;
    ec = bhttp::error::bad_field;
    return;
  }
  chunked_body = this->chunked();
  body_length =
      this->content_length() ? std::optional<uint64_t>(*this->content_length()) : std::nullopt;
  has_body = chunked_body || (body_length && *body_length > 0);
}

void RequestParser::on_body_init_impl(const boost::optional<std::uint64_t>&,
                                      boost::beast::error_code&) {}

std::size_t RequestParser::on_body_impl(boost::beast::string_view body, boost::beast::error_code&) {
  if (!body.empty())
    body_.push_back(sv(body));
  return body.size();
}

std::size_t RequestParser::on_chunk_body_impl(std::uint64_t, boost::beast::string_view body,
                                              boost::beast::error_code&) {
  if (!body.empty())
    body_.push_back(sv(body));
  return body.size();
}

void RequestParser::on_finish_impl(boost::beast::error_code&) {
  finished = true;
}

// --- responses -----------------------------------------------------------------------------------

ResponseParser::ResponseParser(std::vector<ResponseField>& fields, BodyPieces& body)
    : fields_(fields), body_(body) {
  fields_.clear();
}

void ResponseParser::on_response_impl(int code, boost::beast::string_view, int v,
                                      boost::beast::error_code&) {
  status = static_cast<unsigned>(code);
  version = v;
}

void ResponseParser::on_field_impl(bhttp::field, boost::beast::string_view name,
                                   boost::beast::string_view value, boost::beast::error_code&) {
  std::string_view n = sv(name);
  lower_in_place(n);
  fields_.push_back({n, sv(value)});
}

void ResponseParser::on_body_init_impl(const boost::optional<std::uint64_t>& length,
                                       boost::beast::error_code&) {
  chunked_body = this->chunked();
  if (length)
    body_length = *length;
}

std::size_t ResponseParser::on_body_impl(boost::beast::string_view body,
                                         boost::beast::error_code&) {
  if (!body.empty())
    body_.push_back(sv(body));
  return body.size();
}

std::size_t ResponseParser::on_chunk_body_impl(std::uint64_t, boost::beast::string_view body,
                                               boost::beast::error_code&) {
  if (!body.empty())
    body_.push_back(sv(body));
  return body.size();
}

void ResponseParser::on_finish_impl(boost::beast::error_code&) {
  finished = true;
}

}  // namespace igw::serve
