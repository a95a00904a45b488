// serve::Http1Session: one downstream HTTP/1.1 connection. For each request it calls
// match::decide and http::respond on the pinned snapshot and executes the answer — a local reply,
// or the ForwardPlan against a pooled upstream connection (or the echo upstream) with the plan's
// retry, timeout, fault-delay and mirror policy — streaming bodies both ways with back-pressure.
// It decides nothing itself: every routing and header decision comes from lib/match and lib/http.
#pragma once

#include "lib/http/forward_plan.h"
#include "lib/http/headers.h"
#include "lib/http/local_reply.h"
#include "lib/http/respond.h"
#include "lib/match/decision.h"
#include "lib/serve/http1_parser.h"
#include "lib/serve/retry.h"
#include "lib/serve/snapshot.h"
#include "lib/serve/transport.h"
#include "lib/serve/upstream_pool.h"
#include "lib/serve/worker.h"

#include <boost/asio/steady_timer.hpp>

#include <array>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace igw::serve {

// What is fixed for the life of a downstream connection.
struct PeerInfo {
  std::string remote;     // "ip:port"
  std::string remote_ip;  // for x-forwarded-for
  std::string local;      // "ip:port"
  std::string local_ip;
  std::string sni;  // TLS server name sent by the client, "" for none / plain text
  bool tls = false;
};

class Http1Session final : public Session,
                           public std::enable_shared_from_this<Http1Session>,
                           private TransportCallbacks,
                           private UpstreamReader {
 public:
  Http1Session(Worker& worker, std::unique_ptr<Transport> transport, SnapshotPtr snapshot,
               std::string listener_key, match::ConnectionDecision connection, PeerInfo peer);
  ~Http1Session() override;

  // Starts serving; `initial` holds plain-text bytes already read from the connection.
  void start(std::string_view initial);
  void check_timeouts(std::chrono::steady_clock::time_point now) override;
  void drain() override;

 private:
  using Clock = std::chrono::steady_clock;
  enum class ReadFor { kNone, kHead, kBody };
  enum class WriteFor { kNone, kReply, kContinue, kResponse };
  enum class Framing { kNone, kLength, kChunked, kClose };
  enum class BodySink { kUpstream, kDiscard };

  // --- downstream ---
  void on_transport_read(const error_code& ec, size_t n) override;
  void on_transport_write(const error_code& ec) override;
  void read_head();
  void read_body();
  bool make_room(size_t max_size);
  void process();
  void on_head();
  void reject(uint32_t status, std::string_view details);
  bool refresh_snapshot();
  void send_local(http::LocalReply reply);
  void write_local(http::LocalReply reply);
  void finish_exchange();
  // Stops the timers and the upstream connection; the downstream transport is left to the caller.
  void mark_closed();
  void close();
  void abort(std::string_view flag, std::string_view details);

  // --- forwarding ---
  void forward(const http::ForwardPlan& p);
  void start_forward();
  void next_attempt();
  enum class Pick { kPicked, kPending, kNone };
  Pick pick_endpoint(asio::ip::tcp::endpoint& out);
  void connect(const asio::ip::tcp::endpoint& ep);
  void send_request();
  void write_upstream();  // up_bufs_, then on_upstream_written
  void on_upstream_written(const error_code& ec);
  void pump_request_body();
  void request_complete();
  void read_response();
  void on_upstream_data(uint64_t tag, const error_code& ec, size_t n) override;
  void on_upstream_read(const error_code& ec, size_t n);
  // Retries once on a new connection when a reused one failed before any response byte.
  bool retry_stale();
  void on_response_head();
  void pump_response_body(bool with_head);
  void response_done();
  void attempt_failed(AttemptFailure kind, std::string transport_failure);
  void schedule_retry();
  void on_global_timeout();
  void send_upstream_failure(uint32_t status, std::string_view body);
  void refuse_large_body();
  void echo_respond();
  void launch_mirrors();
  void frame_request_pieces(bool last);
  void add_flag(std::string_view flag);
  void arm_per_try();
  void log_exchange();

  Worker& w_;
  std::unique_ptr<Transport> t_;
  SnapshotPtr snap_;
  std::string listener_key_;
  const ListenerPlan* listener_ = nullptr;  // in snap_
  match::ConnectionDecision conn_;
  PeerInfo peer_;

  // Read buffer: [begin_, end_) is unparsed.
  std::vector<char> buf_;
  size_t begin_ = 0;
  size_t end_ = 0;
  std::vector<match::HeaderField> fields_;
  BodyPieces req_pieces_;
  std::optional<RequestParser> req_;

  ReadFor reading_ = ReadFor::kNone;
  WriteFor writing_ = WriteFor::kNone;
  bool closed_ = false;
  bool close_after_ = false;
  bool head_started_ = false;
  bool in_exchange_ = false;
  Clock::time_point deadline_;  // header deadline while a head arrives, else idle deadline

  // --- the current exchange ---
  Clock::time_point started_;
  int64_t start_unix_ms_ = 0;
  uint32_t status_ = 0;
  std::string flags_;
  std::string details_;
  std::string transport_failure_;
  uint64_t bytes_received_ = 0;
  uint64_t bytes_sent_ = 0;
  std::optional<uint64_t> upstream_service_time_;
  char request_id_buf_[36];
  std::string_view request_id_;
  // Copies of what the access log needs (the read buffer is reused while bodies stream).
  std::string log_method_, log_path_, log_authority_, log_user_agent_, log_xff_;
  std::string route_name_;
  std::string upstream_host_;
  std::string upstream_local_;
  bool head_request_ = false;
  bool grpc_request_ = false;

  // Forwarding.
  // What http::respond answered for the current exchange (kept between exchanges so the next
  // answer is move-assigned into it); plan_ points at its ForwardPlan while one is executed.
  http::Response response_;
  const http::ForwardPlan* plan_ = nullptr;
  const compile::Cluster* cluster_ = nullptr;
  const ClusterTargets* targets_ = nullptr;
  RetryOn retry_on_;
  unsigned attempt_ = 0;
  unsigned retries_left_ = 0;
  size_t head_begin_ = 0;  // where the head being parsed starts in buf_
  uint64_t gen_ = 0;       // bumped per attempt: completions of an abandoned attempt are ignored
  bool stale_retry_done_ = false;
  std::vector<asio::ip::tcp::endpoint> tried_;
  UpstreamConnectionPtr upstream_;
  asio::ip::tcp::endpoint upstream_ep_;
  bool upstream_reused_ = false;
  bool upstream_writing_ = false;
  bool req_body_done_ = false;
  bool req_complete_noted_ = false;
  Clock::time_point req_complete_at_;
  bool continue_sent_ = false;
  BodySink body_sink_ = BodySink::kUpstream;
  std::string capture_;  // the request bytes sent after the head (framed), for retries
  bool capture_ok_ = true;
  std::string uhead_;
  std::vector<asio::const_buffer> up_bufs_;
  std::string up_gathered_;  // small up_bufs_ pieces copied into one send()
  std::vector<std::array<char, 24>> up_chunk_lines_;

  // Response.
  std::vector<ResponseField> resp_fields_;
  BodyPieces resp_pieces_;
  std::optional<ResponseParser> resp_;
  size_t ubegin_ = 0;
  size_t uend_ = 0;
  bool resp_head_done_ = false;
  bool downstream_started_ = false;  // response head written (no local reply possible now)
  Framing framing_ = Framing::kNone;
  std::string dhead_;
  std::string echo_;
  std::vector<asio::const_buffer> down_bufs_;
  std::vector<std::array<char, 24>> down_chunk_lines_;

  asio::steady_timer timer_;         // fault delay, retry back-off, connect timeout
  asio::steady_timer global_timer_;  // route timeout (R4.9)
  asio::steady_timer per_try_timer_;
};

}  // namespace igw::serve
