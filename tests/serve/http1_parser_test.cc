// RequestParser / ResponseParser: views into the buffer, and the refusals of ECOSYSTEM.md §6.1.
#include "lib/serve/http1_parser.h"

#include <boost/beast/http/error.hpp>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace igw::serve {
namespace {

namespace bhttp = boost::beast::http;

struct Parsed {
  std::string buf;
  std::vector<match::HeaderField> fields;
  BodyPieces body;
  std::optional<RequestParser> parser;
  boost::beast::error_code ec;
  size_t used = 0;
};

// Parses `text` (copied into a buffer the parser's views point into).
std::unique_ptr<Parsed> parse(std::string text, uint32_t max_headers = 100,
                              uint32_t max_uri = 16 * 1024) {
  auto p = std::make_unique<Parsed>();
  p->buf = std::move(text);
  p->parser.emplace(p->fields, p->body, max_headers, max_uri);
  p->parser->header_limit(60 * 1024);
  p->parser->body_limit(kNoBodyLimit);
  p->parser->eager(true);
  p->used = p->parser->put(boost::asio::buffer(p->buf.data(), p->buf.size()), p->ec);
  return p;
}

TEST(RequestParser, ViewsPointIntoTheBufferAndNamesAreLowerCased) {
  auto p = parse("GET /a?b=1 HTTP/1.1\r\nHost: Example.COM\r\nX-Test: One\r\nUser-Agent: t\r\n\r\n");
  ASSERT_FALSE(p->ec) << p->ec.message();
  EXPECT_EQ(p->parser->method, "GET");
  EXPECT_EQ(p->parser->target, "/a?b=1");
  EXPECT_EQ(p->parser->host, "Example.COM");
  ASSERT_EQ(p->fields.size(), 2u);  // Host is the authority, not a header
  EXPECT_EQ(p->fields[0].name, "x-test");
  EXPECT_EQ(p->fields[0].value, "One");
  EXPECT_GE(p->fields[0].name.data(), p->buf.data());
  EXPECT_LT(p->fields[0].name.data(), p->buf.data() + p->buf.size());
  EXPECT_FALSE(p->parser->has_body);
  EXPECT_TRUE(p->parser->is_done());
}

TEST(RequestParser, BodyPiecesWithContentLengthAndChunked) {
  auto a = parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello");
  ASSERT_FALSE(a->ec);
  EXPECT_TRUE(a->parser->has_body);
  ASSERT_EQ(a->body.size(), 1u);
  EXPECT_EQ(a->body[0], "hello");
  auto b = parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
  ASSERT_FALSE(b->ec) << b->ec.message();
  EXPECT_TRUE(b->parser->chunked_body);
  ASSERT_EQ(b->body.size(), 2u);
  EXPECT_EQ(b->body[1], "de");
  EXPECT_TRUE(b->parser->is_done());
}

TEST(RequestParser, ContentLengthWithTransferEncodingIsRefused) {
  auto p = parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n");
  EXPECT_TRUE(p->ec);
  auto q = parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n");
  EXPECT_TRUE(q->ec);
}

TEST(RequestParser, DifferingContentLengthsAreRefusedEqualOnesAccepted) {
  EXPECT_TRUE(parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n")->ec);
  auto same = parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nab");
  EXPECT_FALSE(same->ec) << same->ec.message();
}

TEST(RequestParser, BareCrAndBareLfAreRefused) {
  EXPECT_TRUE(parse("GET / HTTP/1.1\r\nHost: h\r\nX: a\rb\r\n\r\n")->ec);
  EXPECT_TRUE(parse("GET / HTTP/1.1\r\nHost: h\nX: a\r\n\r\n")->ec);
}

TEST(RequestParser, ObsFoldIsDetectedOnTheRawHeaderBlock) {
  std::string folded = "GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\n\r\n";
  EXPECT_TRUE(has_obs_fold(folded));
  std::string empty_first = "GET / HTTP/1.1\r\nHost: h\r\nX:\r\n\tb\r\n\r\n";
  EXPECT_TRUE(has_obs_fold(empty_first));
  EXPECT_FALSE(has_obs_fold("GET / HTTP/1.1\r\nHost: h\r\nX: a b\r\n\r\n"));
}

TEST(RequestParser, TooManyHeadersAndLongTargetsNameTheirProblem) {
  std::string many = "GET / HTTP/1.1\r\nHost: h\r\n";
  for (int i = 0; i < 5; ++i)
    many += "X-" + std::to_string(i) + ": v\r\n";
  auto p = parse(many + "\r\n", 3);
  EXPECT_TRUE(p->ec);
  EXPECT_EQ(p->parser->problem, RequestProblem::kTooManyHeaders);
  auto q = parse("GET /" + std::string(100, 'a') + " HTTP/1.1\r\nHost: h\r\n\r\n", 100, 50);
  EXPECT_TRUE(q->ec);
  EXPECT_EQ(q->parser->problem, RequestProblem::kUriTooLong);
}

TEST(RequestParser, OnlyAFinalChunkedTransferEncodingIsAccepted) {
  auto p = parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n");
  EXPECT_TRUE(p->ec);
  EXPECT_EQ(p->parser->problem, RequestProblem::kUnsupportedTransferEncoding);
  auto q = parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n");
  EXPECT_TRUE(q->ec);
  EXPECT_EQ(q->parser->problem, RequestProblem::kUnsupportedTransferEncoding);
}

TEST(RequestParser, Http11WithoutHostIsRefused) {
  auto p = parse("GET / HTTP/1.1\r\nX: y\r\n\r\n");
  EXPECT_TRUE(p->ec);
  EXPECT_EQ(p->parser->problem, RequestProblem::kMissingHost);
  auto absolute = parse("GET http://h/x HTTP/1.1\r\n\r\n");
  EXPECT_FALSE(absolute->ec) << absolute->ec.message();
}

TEST(RequestParser, ExpectContinueIsTakenOutOfTheHeaders) {
  auto p = parse("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n");
  EXPECT_TRUE(p->parser->expect_continue);
  for (const auto& f : p->fields)
    EXPECT_NE(f.name, "expect");
}

TEST(HeaderBlock, EndIsFoundAfterTheEmptyLine) {
  EXPECT_EQ(header_block_end("GET / HTTP/1.1\r\nHost: h\r\n\r\nbody"), 27u);
  EXPECT_EQ(header_block_end("GET / HTTP/1.1\r\nHost: h\r\n"), 0u);
}

TEST(ResponseParser, StatusFieldsAndBody) {
  std::string buf = "HTTP/1.1 201 Created\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nabc";
  std::vector<ResponseField> fields;
  BodyPieces body;
  ResponseParser p(fields, body);
  p.eager(true);
  boost::beast::error_code ec;
  p.put(boost::asio::buffer(buf.data(), buf.size()), ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(p.status, 201u);
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields[0].name, "content-type");
  ASSERT_EQ(body.size(), 1u);
  EXPECT_EQ(body[0], "abc");
  EXPECT_TRUE(p.finished);
}

}  // namespace
}  // namespace igw::serve
