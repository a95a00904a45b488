// http::LocalReply construction (Envoy's prepareLocalReply, HCM and HTTP/1 codec steps).
#include "lib/http/local_reply.h"

#include "tests/http/http_util.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace igw::http {
namespace {

using ::testing::ElementsAre;
using testing::lines;

DownstreamContext h1() {
  DownstreamContext c;
  c.date = "Thu, 01 Jan 1970 00:00:00 GMT";
  return c;
}

TEST(LocalReply, R4_7_BodyGetsLengthAndDefaultTextPlain) {
  auto ctx = h1();
  LocalReply r = prepare_local_reply(200, "hello", nullptr, ctx);
  finish_downstream(r.status, r.headers, ctx);
  EXPECT_THAT(lines(r.headers),
              ElementsAre("content-length: 5", "content-type: text/plain",
                          "date: Thu, 01 Jan 1970 00:00:00 GMT", "server: istio-envoy"));
  EXPECT_EQ(r.body, "hello");
}

TEST(LocalReply, R4_7_ConfiguredContentTypeWins) {
  auto ctx = h1();
  LocalReply r = prepare_local_reply(
      200, "{}", [](Headers& h) { h.overwrite("content-type", "application/json"); }, ctx);
  EXPECT_THAT(lines(r.headers), ElementsAre("content-type: application/json", "content-length: 2"));
}

TEST(LocalReply, R4_7_EmptyBodyDropsLengthAndTypeThenCodecAddsZero) {
  auto ctx = h1();
  LocalReply r = prepare_local_reply(
      503, "", [](Headers& h) { h.overwrite("content-type", "application/json"); }, ctx);
  EXPECT_TRUE(r.headers.empty());
  finish_downstream(r.status, r.headers, ctx);
  EXPECT_THAT(lines(r.headers), ElementsAre("date: Thu, 01 Jan 1970 00:00:00 GMT",
                                            "server: istio-envoy", "content-length: 0"));
}

TEST(LocalReply, Http2AddsNoContentLengthToEmptyReplies) {
  auto ctx = h1();
  ctx.http2 = true;
  Headers h;
  finish_downstream(404, h, ctx);
  EXPECT_THAT(lines(h), ElementsAre("date: Thu, 01 Jan 1970 00:00:00 GMT", "server: istio-envoy"));
}

TEST(LocalReply, ServerIsOverwrittenInPlaceDateKeptWhenPresent) {
  auto ctx = h1();
  Headers h{
      {"server", "gunicorn"}, {"date", "Mon, 02 Jan 2006 15:04:05 GMT"}, {"content-length", "3"}};
  finish_downstream(200, h, ctx);
  EXPECT_THAT(lines(h), ElementsAre("server: istio-envoy", "date: Mon, 02 Jan 2006 15:04:05 GMT",
                                    "content-length: 3"));
}

TEST(LocalReply, HeadKeepsLengthWithoutBody) {
  auto ctx = h1();
  ctx.head_request = true;
  LocalReply r = prepare_local_reply(200, "hello", nullptr, ctx);
  EXPECT_EQ(r.body, "");
  EXPECT_EQ(r.headers.get("content-length"), "5");
  finish_downstream(r.status, r.headers, ctx);
  EXPECT_EQ(r.headers.count("content-length"), 1u);
}

TEST(LocalReply, GrpcRequestsGetTrailersOnlyReplies) {
  auto ctx = h1();
  ctx.grpc_request = true;
  LocalReply r = prepare_local_reply(404, "", nullptr, ctx);
  EXPECT_EQ(r.status, 200u);
  EXPECT_THAT(lines(r.headers), ElementsAre("content-type: application/grpc", "grpc-status: 12"));
  LocalReply abort = prepare_local_reply(503, "fault filter abort", nullptr, ctx);
  EXPECT_THAT(lines(abort.headers), ElementsAre("content-type: application/grpc", "grpc-status: 14",
                                                "grpc-message: fault filter abort"));
  EXPECT_EQ(abort.body, "");
}

TEST(LocalReply, GrpcHelpers) {
  EXPECT_TRUE(is_grpc_content_type("application/grpc"));
  EXPECT_TRUE(is_grpc_content_type("application/grpc+proto"));
  EXPECT_FALSE(is_grpc_content_type("application/grpc-web"));
  EXPECT_FALSE(is_grpc_content_type("application/json"));
  EXPECT_EQ(http_to_grpc_status(401), 16u);
  EXPECT_EQ(http_to_grpc_status(418), 2u);
}

TEST(LocalReply, ReasonPhrasesAndDates) {
  EXPECT_EQ(reason_phrase(301), "Moved Permanently");
  EXPECT_EQ(reason_phrase(308), "Permanent Redirect");
  EXPECT_EQ(reason_phrase(599), "");
  EXPECT_EQ(format_http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(format_http_date(1700000000), "Tue, 14 Nov 2023 22:13:20 GMT");
}

}  // namespace
}  // namespace igw::http
