// Access log lines in Istio's text format and the JSON form.
#include "lib/serve/access_log.h"

#include "lib/serve/logger.h"
#include "tests/serve/serve_util.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

namespace igw::serve {
namespace {

AccessEntry sample() {
  AccessEntry e;
  e.start_unix_ms = 1'764'223'200'123;  // 2025-11-27T06:00:00.123Z
  e.method = "GET";
  e.path = "/api/v1/users?x=1";
  e.response_code = 200;
  e.response_code_details = "via_upstream";
  e.bytes_received = 0;
  e.bytes_sent = 128;
  e.duration_ms = 3;
  e.upstream_service_time_ms = 2;
  e.x_forwarded_for = "203.0.113.10";
  e.user_agent = "curl/7.88.1";
  e.request_id = "3f1b6e0c-0000-4000-8000-000000000000";
  e.authority = "api.example.com";
  e.upstream_host = "127.0.0.1:8080";
  e.upstream_cluster = "outbound|8080||api.prod.svc.cluster.local";
  e.upstream_local_address = "127.0.0.1:40000";
  e.downstream_local_address = "127.0.0.1:8443";
  e.downstream_remote_address = "127.0.0.1:50000";
  e.requested_server_name = "api.example.com";
  e.route_name = "api-v1";
  return e;
}

TEST(AccessLog, TextFollowsIstiosDefaultFormat) {
  std::string out;
  format_access_text(out, sample());
  EXPECT_EQ(out,
            "[2025-11-27T06:00:00.123Z] \"GET /api/v1/users?x=1 HTTP/1.1\" 200 - via_upstream - "
            "\"-\" 0 128 3 2 \"203.0.113.10\" \"curl/7.88.1\" "
            "\"3f1b6e0c-0000-4000-8000-000000000000\" \"api.example.com\" \"127.0.0.1:8080\" "
            "outbound|8080||api.prod.svc.cluster.local 127.0.0.1:40000 127.0.0.1:8443 "
            "127.0.0.1:50000 api.example.com api-v1\n");
}

TEST(AccessLog, EmptyFieldsPrintAsDash) {
  AccessEntry e;
  e.start_unix_ms = 0;
  e.method = "GET";
  e.path = "/";
  e.response_code = 404;
  e.response_flags = "NR";
  e.response_code_details = "route_not_found";
  std::string out;
  format_access_text(out, e);
  EXPECT_EQ(out,
            "[1970-01-01T00:00:00.000Z] \"GET / HTTP/1.1\" 404 NR route_not_found - \"-\" 0 0 0 - "
            "\"-\" \"-\" \"-\" \"-\" \"-\" - - - - - -\n");
}

TEST(AccessLog, LongFieldsAndLargestNumbersAreWrittenWhole) {
  // The text line is written into space sized up front; every field at its longest must fit.
  std::string base;
  format_access_text(base, sample());
  AccessEntry e = sample();
  const std::string path = "/" + std::string(9'000, 'p');
  const std::string agent(3'000, 'a');
  e.path = path;
  e.user_agent = agent;
  e.bytes_received = UINT64_MAX;
  e.bytes_sent = UINT64_MAX;
  e.duration_ms = UINT64_MAX;
  e.upstream_service_time_ms = UINT64_MAX;
  std::string out = "previous line\n";
  format_access_text(out, e);
  const std::string max = std::to_string(UINT64_MAX);
  EXPECT_EQ(out.substr(0, 14), "previous line\n");
  EXPECT_NE(out.find(" " + path + " HTTP/1.1\" "), std::string::npos);
  EXPECT_NE(out.find(" " + max + " " + max + " " + max + " " + max + " \"203.0.113.10\" \"" +
                     agent + "\" "),
            std::string::npos);
  EXPECT_EQ(out.back(), '\n');
  // Only the longer fields differ from the sample's line.
  EXPECT_EQ(out.size() - 14, base.size() + (path.size() - sample().path.size()) +
                                 (agent.size() - sample().user_agent.size()) + 4 * 20 - 1 - 3 - 1 -
                                 1);
}

TEST(AccessLog, JsonUsesIstiosFieldNamesAndEscapes) {
  AccessEntry e = sample();
  e.user_agent = "say \"hi\"\n";
  std::string out;
  format_access_json(out, e);
  ASSERT_EQ(out.back(), '\n');
  auto doc = nlohmann::json::parse(out);
  EXPECT_EQ(doc["start_time"], "2025-11-27T06:00:00.123Z");
  EXPECT_EQ(doc["response_code"], 200);
  EXPECT_EQ(doc["user_agent"], "say \"hi\"\n");
  EXPECT_TRUE(doc["response_flags"].is_null());
  EXPECT_EQ(doc["upstream_cluster"], "outbound|8080||api.prod.svc.cluster.local");
  EXPECT_EQ(doc["upstream_service_time"], "2");
  for (const char* k :
       {"method", "path", "protocol", "response_code_details", "connection_termination_details",
        "upstream_transport_failure_reason", "bytes_received", "bytes_sent", "duration",
        "x_forwarded_for", "request_id", "authority", "upstream_host", "upstream_local_address",
        "downstream_local_address", "downstream_remote_address", "requested_server_name",
        "route_name"})
    EXPECT_TRUE(doc.contains(k)) << k;
}

TEST(AccessLog, CachedStartTimeMatchesTheUncachedFormat) {
  StartTimeCache times;
  // Within one second, across second, minute, day and year boundaries, and back in time.
  for (int64_t ms :
       {int64_t{1'764'223'200'123}, int64_t{1'764'223'200'999}, int64_t{1'764'223'201'000},
        int64_t{1'764'223'201'007}, int64_t{1'764'223'259'999}, int64_t{1'764'223'260'050},
        int64_t{1'767'225'599'999}, int64_t{1'767'225'600'000}, int64_t{1'764'223'200'123},
        int64_t{0}, int64_t{-1'500}}) {
    std::string out = "x";
    times.append(out, ms);
    EXPECT_EQ(out, "x" + format_iso8601_millis(ms)) << ms;
  }
}

TEST(AccessLog, BufferedLinesEqualTheUncachedOnes) {
  AccessEntry e = sample();
  std::string plain;
  std::string cached;
  StartTimeCache times;
  for (int64_t step : {0, 1, 998, 1, 60'000}) {
    e.start_unix_ms += step;
    format_access_text(plain, e);
    format_access_text(cached, e, times);
    format_access_json(plain, e);
    format_access_json(cached, e, times);
  }
  EXPECT_EQ(cached, plain);
}

TEST(AccessLogSink, InlineToARegularFileWritesAtOnceAndReopens) {
  testing::TempDir dir;
  std::string path = (dir.path() / "access.log").string();
  auto sink = AccessLogSink::open(path, AccessLogWrites::kInlineToFiles);
  ASSERT_TRUE(sink) << sink.error().message;
  EXPECT_FALSE((*sink)->has_writer_thread());
  (*sink)->submit("one\n");
  (*sink)->submit("two\n");
  EXPECT_EQ(dir.read("access.log"), "one\ntwo\n");  // written by the caller, nothing queued
  // Rotated away: the next chunk goes to a new file at the path.
  ASSERT_EQ(std::rename(path.c_str(), (path + ".1").c_str()), 0);
  (*sink)->reopen();
  (*sink)->submit("three\n");
  EXPECT_EQ(dir.read("access.log"), "three\n");
  EXPECT_EQ(dir.read("access.log.1"), "one\ntwo\n");
}

TEST(AccessLogSink, WriterThreadWritesEveryChunkInOrderBeforeItStops) {
  testing::TempDir dir;
  std::string path = (dir.path() / "access.log").string();
  std::string expected;
  {
    auto sink = AccessLogSink::open(path, AccessLogWrites::kWriterThread);
    ASSERT_TRUE(sink) << sink.error().message;
    EXPECT_TRUE((*sink)->has_writer_thread());
    for (int i = 0; i < 500; ++i) {
      std::string line = "line " + std::to_string(i) + "\n";
      expected += line;
      (*sink)->submit(line);
    }
  }
  EXPECT_EQ(dir.read("access.log"), expected);
}

// A pipe blocks its writer when nobody reads: it keeps a writer thread even where files are
// written inline.
TEST(AccessLogSink, PipeKeepsAWriterThread) {
  testing::TempDir dir;
  std::string path = (dir.path() / "fifo").string();
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  int reader = ::open(path.c_str(), O_RDONLY | O_NONBLOCK);
  ASSERT_GE(reader, 0);
  {
    auto sink = AccessLogSink::open(path, AccessLogWrites::kInlineToFiles);
    ASSERT_TRUE(sink) << sink.error().message;
    EXPECT_TRUE((*sink)->has_writer_thread());
    (*sink)->submit("through the pipe\n");
  }
  char buf[64] = {};
  ssize_t n = ::read(reader, buf, sizeof(buf));
  ::close(reader);
  EXPECT_EQ(std::string(buf, n > 0 ? static_cast<size_t>(n) : 0), "through the pipe\n");
}

}  // namespace
}  // namespace igw::serve
