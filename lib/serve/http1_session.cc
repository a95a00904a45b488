// serve::Http1Session: downstream HTTP/1.1, executing match::decide / http::respond answers.
#include "lib/serve/http1_session.h"

#include "lib/base/strings.h"
#include "lib/base/text_cursor.h"
#include "lib/http/cors.h"
#include "lib/http/header_ops.h"
#include "lib/http/respond.h"
#include "lib/match/decide.h"
#include "lib/serve/echo_upstream.h"
#include "lib/serve/endpoint_text.h"
#include "lib/serve/mirror.h"

#include <boost/asio/connect.hpp>
#include <boost/beast/http/error.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cstring>

namespace igw::serve {

namespace {

namespace http_err = boost::beast::http;
using tcp = asio::ip::tcp;

constexpr size_t kInitialBuffer = 16 * 1024;
constexpr size_t kUpstreamHeaderLimit = 60 * 1024;
constexpr std::string_view kCrlf = "\r\n";
constexpr std::string_view kLastChunk = "0\r\n\r\n";
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

int64_t unix_millis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool is_loopback(std::string_view addr) {
  return addr.starts_with("127.") || addr == "::1";
}

// "HTTP/1.1 200 OK\r\n" + headers + optional "connection: close" + "\r\n".
void serialize_head(std::string& out, uint32_t status, const http::Headers& headers,
                    bool add_close) {
  out.clear();
  std::string_view reason = http::reason_phrase(status);
  if (reason.empty())
    reason = "Unknown";
  constexpr std::string_view kClose = "connection: close\r\n";
  size_t bound = 9 + base::TextCursor::kMaxDigits + 1 + reason.size() + 2 + kClose.size() + 2;
  for (const auto& h : headers)
    bound += h.name.size() + h.value.size() + 4;
  base::append_bounded(out, bound, [&](base::TextCursor& c) {
    c.text("HTTP/1.1 ");
    c.number(status);
    c.ch(' ');
    c.text(reason);
    c.text(kCrlf);
    for (const auto& h : headers) {
      c.text(h.name);
      c.text(": ");
      c.text(h.value);
      c.text(kCrlf);
    }
    if (add_close)
      c.text(kClose);
    c.text(kCrlf);
  });
}

// Chunk-size line for `n` bytes into `slot`; returns its view.
std::string_view chunk_line(std::array<char, 24>& slot, size_t n) {
  auto r = fmt::format_to_n(slot.data(), slot.size() - 2, "{:x}", n);
  char* p = r.out;
  *p++ = '\r';
  *p++ = '\n';
  return std::string_view(slot.data(), static_cast<size_t>(p - slot.data()));
}

// Envoy's response-code-details replace spaces with '_' (StringUtil::replaceAllEmptySpace).
std::string details_text(std::string_view base, std::string_view reason,
                         std::string_view transport) {
  std::string d =
      fmt::format("{}{{{}{}{}}}", base, reason, transport.empty() ? "" : ",", transport);
  std::replace(d.begin(), d.end(), ' ', '_');
  return d;
}

}  // namespace

Http1Session::Http1Session(Worker& worker, std::unique_ptr<Transport> transport,
                           SnapshotPtr snapshot, std::string listener_key,
                           match::ConnectionDecision connection, PeerInfo peer)
    : w_(worker),
      t_(std::move(transport)),
      snap_(std::move(snapshot)),
      listener_key_(std::move(listener_key)),
      conn_(connection),
      peer_(std::move(peer)),
      timer_(worker.io()),
      global_timer_(worker.io()),
      per_try_timer_(worker.io()) {
  listener_ = snap_->listener(listener_key_);
  t_->set_callbacks(this);
  w_.add_session(this);
  fields_.reserve(32);
  req_pieces_.reserve(8);
  resp_fields_.reserve(32);
  resp_pieces_.reserve(8);
  up_bufs_.reserve(24);
  down_bufs_.reserve(24);
}

Http1Session::~Http1Session() {
  w_.remove_session(this);
}

void Http1Session::start(std::string_view initial) {
  buf_.resize(std::max(kInitialBuffer, initial.size()));
  std::memcpy(buf_.data(), initial.data(), initial.size());
  end_ = initial.size();
  // A request that came with the TLS handshake is parsed now, not after a trip through the loop.
  end_ += t_->read_arrived(asio::buffer(buf_.data() + end_, buf_.size() - end_));
  deadline_ = Clock::now() + w_.limits().idle_timeout;
  process();
}

// ---------------------------------------------------------------------------------------------
// Downstream reading and request heads
// ---------------------------------------------------------------------------------------------

bool Http1Session::make_room(size_t max_size) {
  // While a head is parsed, the parser holds views into bytes it already consumed (the start
  // line, fields): keep them from head_begin_ and re-point the views when they move.
  const bool parsing_head = head_started_ && req_ && !req_->is_header_done();
  const size_t keep = parsing_head ? head_begin_ : begin_;
  const char* old_base = buf_.data();
  size_t shift = 0;
  if (begin_ == end_ && !parsing_head) {
    begin_ = end_ = 0;
  } else if (end_ == buf_.size() && keep > 0) {
    std::memmove(buf_.data(), buf_.data() + keep, end_ - keep);
    shift = keep;
    end_ -= keep;
    begin_ -= keep;
    head_begin_ -= parsing_head ? keep : 0;
  }
  if (end_ == buf_.size()) {
    if (buf_.size() >= max_size)
      return false;
    buf_.resize(std::min(buf_.size() * 2, max_size));
  }
  if (parsing_head && (shift > 0 || buf_.data() != old_base))
    req_->rebase(old_base, buf_.data(), shift);
  return true;
}

void Http1Session::read_head() {
  if (closed_)
    return;
  if (!make_room(w_.limits().max_request_header_bytes + 4096)) {
    reject(431, "http1.headers_too_large");
    return;
  }
  reading_ = ReadFor::kHead;
  t_->read_some(asio::buffer(buf_.data() + end_, buf_.size() - end_), shared_from_this());
}

void Http1Session::read_body() {
  if (closed_ || reading_ != ReadFor::kNone)
    return;
  make_room(std::max<size_t>(buf_.size(), kInitialBuffer));
  reading_ = ReadFor::kBody;
  t_->read_some(asio::buffer(buf_.data() + end_, buf_.size() - end_), shared_from_this());
}

void Http1Session::on_transport_read(const error_code& ec, size_t n) {
  ReadFor what = reading_;
  reading_ = ReadFor::kNone;
  if (closed_)
    return;
  if (ec) {
    if (what == ReadFor::kBody) {
      // The client went away in the middle of its request body.
      abort("DC", "downstream_remote_disconnect");
    } else {
      close();
    }
    return;
  }
  end_ += n;
  if (what == ReadFor::kHead) {
    process();
  } else if (what == ReadFor::kBody) {
    pump_request_body();
  }
}

void Http1Session::process() {
  if (closed_)
    return;
  if (begin_ == end_) {
    if (!head_started_)
      deadline_ = Clock::now() + w_.limits().idle_timeout;
    read_head();
    return;
  }
  if (!head_started_) {
    head_started_ = true;
    head_begin_ = begin_;
    started_ = Clock::now();
    start_unix_ms_ = unix_millis();
    deadline_ = started_ + w_.limits().header_timeout;
    const Limits& lim = w_.limits();
    req_.emplace(fields_, req_pieces_, lim.max_request_headers, lim.max_uri_bytes);
    req_->header_limit(lim.max_request_header_bytes);
    req_->body_limit(kNoBodyLimit);
    req_->eager(false);
  }
  boost::beast::error_code ec;
  size_t n = req_->put(asio::buffer(buf_.data() + begin_, end_ - begin_), ec);
  if (ec == http_err::error::need_more) {
    begin_ += n;
    read_head();
    return;
  }
  if (ec) {
    switch (req_->problem) {
      case RequestProblem::kTooManyHeaders:
        reject(431, "http1.too_many_headers");
        return;
      case RequestProblem::kUriTooLong:
        reject(414, "http1.uri_too_long");
        return;
      case RequestProblem::kUnsupportedTransferEncoding:
        reject(501, "http1.invalid_transfer_encoding");
        return;
      case RequestProblem::kMissingHost:
        reject(400, "missing_host_header");
        return;
      case RequestProblem::kNone:
        break;
    }
    if (ec == http_err::error::header_limit)
      reject(431, "http1.headers_too_large");
    else if (ec == http_err::error::bad_content_length ||
             ec == http_err::error::bad_transfer_encoding)
      reject(400, "http1.content_length_and_chunked_not_allowed");
    else
      reject(400, "http1.codec_error");
    return;
  }
  if (has_obs_fold(std::string_view(buf_.data() + begin_, n))) {
    reject(400, "http1.codec_error");
    return;
  }
  begin_ += n;
  on_head();
}

void Http1Session::reject(uint32_t status, std::string_view details) {
  // A message the codec refuses: Envoy answers with the status text as body and closes.
  ++w_.metrics().counters().downstream_protocol_errors;
  if (!head_started_) {
    started_ = Clock::now();
    start_unix_ms_ = unix_millis();
  }
  in_exchange_ = true;
  close_after_ = true;
  details_ = details;
  if (req_) {
    log_method_.assign(req_->method);
    log_path_.assign(req_->target);
    log_authority_.assign(req_->host);
  }
  http::DownstreamContext ctx;
  ctx.date = w_.date();
  http::LocalReply reply =
      http::prepare_local_reply(status, http::reason_phrase(status), nullptr, ctx);
  http::finish_downstream(status, reply.headers, ctx);
  reply.details = std::string(details);
  write_local(std::move(reply));
}

bool Http1Session::refresh_snapshot() {
  const SnapshotPtr& current = w_.snapshot();
  if (current == snap_ && listener_)
    return true;
  // A reload since the last request: the new table decides from now on (Envoy's RDS updates
  // reach existing connections); the TLS session, already negotiated, stays.
  const ListenerPlan* lp = current->listener(listener_key_);
  if (!lp)
    return false;
  match::ConnectionDecision c = match::decide_connection(
      *current->table, lp->gateway_port, peer_.sni, peer_.tls, nullptr, lp->listener->bind);
  if (c.closed() || c.chain->kind != compile::ChainKind::kHttp)
    return false;
  snap_ = current;
  listener_ = lp;
  conn_ = c;
  return true;
}

void Http1Session::on_head() {
  in_exchange_ = true;
  // Reset per-exchange state.
  status_ = 0;
  flags_.clear();
  details_.clear();
  transport_failure_.clear();
  bytes_received_ = bytes_sent_ = 0;
  upstream_service_time_.reset();
  upstream_host_.clear();
  upstream_local_.clear();
  route_name_.clear();
  plan_ = nullptr;
  downstream_started_ = false;
  request_id_ = w_.random().uuid(request_id_buf_);

  const RequestParser& rq = *req_;
  head_request_ = rq.method == "HEAD";

  // Authority and path; an absolute-form target carries the authority (RFC 9112 §3.2.2).
  std::string_view authority = rq.host;
  std::string_view path = rq.target;
  if (path.starts_with("http://") || path.starts_with("https://")) {
    std::string_view rest = path.substr(path.find("//") + 2);
    size_t slash = rest.find('/');
    authority = rest.substr(0, slash);
    path = slash == std::string_view::npos ? std::string_view("/") : rest.substr(slash);
  }
  log_method_.assign(rq.method);
  log_path_.assign(path);
  log_authority_.assign(authority);
  log_user_agent_.clear();
  log_xff_.clear();
  grpc_request_ = false;
  for (const auto& f : fields_) {
    if (f.name == "user-agent")
      log_user_agent_.assign(f.value);
    else if (f.name == "x-forwarded-for")
      log_xff_.append(log_xff_.empty() ? "" : ",").append(f.value);
    else if (f.name == "content-type")
      grpc_request_ = http::is_grpc_content_type(f.value);
  }

  if (rq.version < 11) {
    // Envoy's gateways do not accept HTTP/1.0 (accept_http_10 is off): 426, and close.
    close_after_ = true;
    http::DownstreamContext ctx;
    ctx.date = w_.date();
    ctx.head_request = head_request_;
    http::LocalReply reply = http::prepare_local_reply(426, "", nullptr, ctx);
    http::finish_downstream(426, reply.headers, ctx);
    reply.details = "low_version";
    send_local(std::move(reply));
    return;
  }
  if (!refresh_snapshot()) {
    close();
    return;
  }
  if (!rq.keep_alive() || w_.draining())
    close_after_ = true;

  match::Request request;
  request.port = listener_->gateway_port;
  request.tls = peer_.tls;
  request.sni = peer_.sni;
  request.local_address = listener_->listener->bind;
  request.method = rq.method;
  request.authority = authority;
  request.path = path;
  request.headers = std::span<const match::HeaderField>(fields_);

  match::Decision decision = match::decide(*snap_->table, conn_, request);
  if (decision.route)
    route_name_ = decision.route->name;
  if (!decision.normalized_path.empty())
    log_path_.assign(decision.normalized_path);

  Random& rnd = w_.random();
  http::RespondOptions ro;
  ro.cluster_random = rnd.next();
  ro.fault_delay_random = rnd.next();
  ro.fault_abort_random = rnd.next();
  ro.mirror_random = rnd.next();
  ro.peer_address = peer_.remote_ip;
  ro.local_address = peer_.local_ip;
  ro.request_id = request_id_;
  ro.date = w_.date(start_unix_ms_ / 1000);  // the clock was read when the head began
  ro.explain = false;  // nothing in serve reads the plan's reasons or request_changes
  response_ = http::respond(decision, request, ro);

  if (auto* local = std::get_if<http::LocalReply>(&response_)) {
    if (local->connection_closed) {
      // TCP proxy and TLS passthrough chains are served in a later part; the connection closes
      // as Envoy closes one that reaches no chain.
      w_.logger().debug("closing connection from {}: {}", peer_.remote,
                        match::outcome_name(decision.outcome));
      close();
      return;
    }
    log_xff_ =
        log_xff_.empty()
            ? std::string(is_loopback(peer_.remote_ip) ? peer_.local_ip : peer_.remote_ip)
            : log_xff_ + "," + (is_loopback(peer_.remote_ip) ? peer_.local_ip : peer_.remote_ip);
    send_local(std::move(*local));
    return;
  }
  forward(std::get<http::ForwardPlan>(response_));
}

// ---------------------------------------------------------------------------------------------
// Local replies
// ---------------------------------------------------------------------------------------------

void Http1Session::send_local(http::LocalReply reply) {
  if (reply.delay && reply.delay->nanos > 0) {
    timer_.expires_after(std::chrono::nanoseconds(reply.delay->nanos));
    timer_.async_wait(
        [self = shared_from_this(), r = std::move(reply)](const error_code& ec) mutable {
          if (ec || self->closed_)
            return;
          self->write_local(std::move(r));
        });
    return;
  }
  write_local(std::move(reply));
}

void Http1Session::write_local(http::LocalReply reply) {
  // A request body not yet received in full cannot be skipped on HTTP/1: what is buffered is
  // consumed, otherwise the connection closes after the reply (as Envoy does).
  if (req_ && req_->has_body && !req_->is_done()) {
    req_pieces_.clear();
    boost::beast::error_code ec;
    size_t n = req_->put(asio::buffer(buf_.data() + begin_, end_ - begin_), ec);
    begin_ += n;
    for (auto p : req_pieces_)
      bytes_received_ += p.size();
    if (!req_->is_done())
      close_after_ = true;
  }
  status_ = reply.status;
  if (!reply.response_flags.empty())
    add_flag(reply.response_flags);
  if (details_.empty())
    details_ = reply.details;
  serialize_head(dhead_, reply.status, reply.headers, close_after_);
  echo_ = std::move(reply.body);
  bytes_sent_ = echo_.size();
  down_bufs_.clear();
  down_bufs_.push_back(asio::buffer(dhead_));
  if (!echo_.empty())
    down_bufs_.push_back(asio::buffer(echo_));
  writing_ = WriteFor::kReply;
  t_->write(down_bufs_, shared_from_this());
}

void Http1Session::on_transport_write(const error_code& ec) {
  WriteFor what = writing_;
  writing_ = WriteFor::kNone;
  if (closed_)
    return;
  if (ec) {
    abort("DC", "downstream_remote_disconnect");
    return;
  }
  switch (what) {
    case WriteFor::kReply:
      finish_exchange();
      break;
    case WriteFor::kContinue:
      continue_sent_ = true;
      start_forward();
      break;
    case WriteFor::kResponse:
      if (resp_ && resp_->finished)
        response_done();
      else
        pump_response_body(false);
      break;
    case WriteFor::kNone:
      break;
  }
}

void Http1Session::finish_exchange() {
  log_exchange();
  in_exchange_ = false;
  head_started_ = false;
  timer_.cancel();
  global_timer_.cancel();
  per_try_timer_.cancel();
  ++gen_;
  plan_ = nullptr;
  upstream_.reset();
  resp_.reset();
  echo_.clear();
  if (close_after_ || closed_) {
    close();
    return;
  }
  req_.reset();
  process();  // sets the idle (or, with a pipelined request, the header) deadline
}

void Http1Session::log_exchange() {
  const std::string_view flags = flags_;
  std::string_view service =
      cluster_ && plan_ ? std::string_view(cluster_->host) : std::string_view("unknown");
  auto elapsed = Clock::now() - started_;
  double ms = std::chrono::duration<double, std::milli>(elapsed).count();
  w_.metrics().record_request(service, status_, flags, ms);
  if (!w_.access_log().enabled())
    return;
  AccessEntry e;
  e.start_unix_ms = start_unix_ms_;
  e.method = log_method_;
  e.path = log_path_;
  e.response_code = status_;
  e.response_flags = flags;
  e.response_code_details = details_;
  e.upstream_transport_failure_reason = transport_failure_;
  e.bytes_received = bytes_received_;
  e.bytes_sent = bytes_sent_;
  e.duration_ms = static_cast<uint64_t>(ms);
  e.upstream_service_time_ms = upstream_service_time_;
  std::optional<std::string_view> xff;
  if (plan_)
    xff = plan_->request.headers.get("x-forwarded-for");
  e.x_forwarded_for = xff ? *xff : std::string_view(log_xff_);
  e.user_agent = log_user_agent_;
  e.request_id = request_id_;
  e.authority = log_authority_;
  e.upstream_host = upstream_host_;
  e.upstream_cluster = plan_ ? std::string_view(plan_->cluster) : std::string_view();
  e.upstream_local_address = upstream_local_;
  e.downstream_local_address = peer_.local;
  e.downstream_remote_address = peer_.remote;
  e.requested_server_name = peer_.sni;
  e.route_name = route_name_;
  w_.access_log().append(e);
}

void Http1Session::mark_closed() {
  closed_ = true;
  ++gen_;  // callbacks still queued see a newer generation and do nothing
  timer_.cancel();
  global_timer_.cancel();
  per_try_timer_.cancel();
  if (upstream_) {
    error_code ignored;
    upstream_->socket.close(ignored);
  }
}

void Http1Session::close() {
  if (closed_)
    return;
  mark_closed();
  t_->shutdown_and_close(shared_from_this());
}

void Http1Session::abort(std::string_view flag, std::string_view details) {
  if (closed_)
    return;
  if (in_exchange_) {
    if (!flag.empty())
      add_flag(flag);
    if (details_.empty() || details_ == "via_upstream")
      details_ = details;
    if (flag == "UC" || flag == "UT")
      ++w_.metrics().counters().upstream_resets;
    log_exchange();
    in_exchange_ = false;
  }
  // Nothing more can be said on this connection: no close_notify, the response is cut.
  mark_closed();
  t_->close();
}

void Http1Session::check_timeouts(Clock::time_point now) {
  if (closed_ || now < deadline_)
    return;
  if (in_exchange_)
    return;  // Istio disables the stream idle timeout; the route timeout governs
  if (head_started_) {
    // request_headers_timeout: Envoy answers 408 and closes.
    w_.logger().debug("request headers from {} did not arrive in time", peer_.remote);
    reject(408, "request_header_timeout");
    return;
  }
  close();
}

void Http1Session::drain() {
  close_after_ = true;
  if (!in_exchange_ && !head_started_ && reading_ == ReadFor::kHead)
    close();
}

void Http1Session::add_flag(std::string_view flag) {
  if (flag.empty())
    return;
  // Envoy prints response flags in the fixed order of its flag table, not in the order they
  // were set (ResponseFlagUtils::ALL_RESPONSE_STRINGS_FLAGS, envoy:source/common/stream_info/
  // utility.h): a retried connect failure is "UF,URX" whichever came first.
  static constexpr std::array<std::string_view, 26> kOrder = {
      "LH",   "UH", "UT",  "LR", "UR", "UF",  "UC",    "UO",   "NR",   "DI", "FI",  "RL", "UAEX",
      "RLSE", "DC", "URX", "SI", "IH", "DPE", "UMSDR", "RFCF", "NFCF", "DT", "UPE", "NC", "OM"};
  std::vector<std::string_view> present;
  for (std::string_view g : base::split(flags_, ','))
    present.push_back(g);
  for (std::string_view f : base::split(flag, ',')) {
    if (std::find(present.begin(), present.end(), f) == present.end())
      present.push_back(f);
  }
  auto rank = [](std::string_view f) {
    auto it = std::find(kOrder.begin(), kOrder.end(), f);
    return static_cast<size_t>(it - kOrder.begin());  // unknown ones last, in arrival order
  };
  std::stable_sort(present.begin(), present.end(),
                   [&](std::string_view a, std::string_view b) { return rank(a) < rank(b); });
  std::string out;
  for (std::string_view f : present) {
    if (f.empty())
      continue;
    if (!out.empty())
      out.push_back(',');
    out.append(f);
  }
  flags_ = std::move(out);
}

// ---------------------------------------------------------------------------------------------
// Forwarding: attempts, retries, timeouts
// ---------------------------------------------------------------------------------------------

void Http1Session::forward(const http::ForwardPlan& p) {
  plan_ = &p;
  cluster_ = p.destination ? p.destination->cluster : nullptr;
  if (!cluster_)
    cluster_ = snap_->table->find_cluster(p.cluster);
  targets_ = cluster_ ? snap_->targets(cluster_) : nullptr;
  // plan.retry is the route's own policy (http::respond copies route.route.retry).
  retry_on_ = snap_->retry_on_for(p.route, p.retry.retry_on);
  retries_left_ = p.retry.enabled ? p.retry.num_retries : 0;
  attempt_ = 0;
  stale_retry_done_ = false;
  tried_.clear();
  add_flag(p.response_flags);
  req_body_done_ = !req_->has_body;
  // With the head parsed, each put() must take every buffered body byte: a non-eager parser
  // stops after one chunk header, and with nothing more arriving a small chunked body stalled.
  req_->eager(true);
  req_complete_noted_ = false;
  continue_sent_ = false;
  capture_.clear();
  capture_ok_ = true;
  body_sink_ = BodySink::kUpstream;
  resp_head_done_ = false;
  if (uint64_t limit = w_.limits().max_request_body_bytes;
      limit > 0 && req_->body_length && *req_->body_length > limit) {
    // A declared length over --max-request-body-bytes is refused from the head alone, before a
    // body byte is read, a 100 Continue is sent or the upstream is contacted (as nginx's
    // client_max_body_size does); the unread body closes the connection after the reply.
    refuse_large_body();
    return;
  }
  if (p.delay && p.delay->nanos > 0) {
    timer_.expires_after(std::chrono::nanoseconds(p.delay->nanos));
    timer_.async_wait([self = shared_from_this(), g = gen_](const error_code& ec) {
      if (ec || g != self->gen_ || self->closed_)
        return;
      self->start_forward();
    });
    return;
  }
  start_forward();
}

void Http1Session::start_forward() {
  if (req_->expect_continue && !req_body_done_ && !continue_sent_) {
    // Envoy answers "Expect: 100-continue" itself before reading the body.
    down_bufs_.clear();
    down_bufs_.push_back(asio::buffer(kContinue.data(), kContinue.size()));
    writing_ = WriteFor::kContinue;
    t_->write(down_bufs_, shared_from_this());
    return;
  }
  if (req_body_done_)
    request_complete();
  next_attempt();
}

Http1Session::Pick Http1Session::pick_endpoint(tcp::endpoint& out) {
  if (!targets_)
    return Pick::kNone;
  auto choose = [&](const std::vector<tcp::endpoint>& eps) -> bool {
    if (eps.empty())
      return false;
    size_t start = w_.next_index(cluster_) % eps.size();
    // Envoy's previous_hosts retry predicate: prefer an endpoint not tried yet.
    for (size_t i = 0; i < eps.size(); ++i) {
      const tcp::endpoint& ep = eps[(start + i) % eps.size()];
      if (std::find(tried_.begin(), tried_.end(), ep) == tried_.end()) {
        out = ep;
        return true;
      }
    }
    out = eps[start];
    return true;
  };
  if (choose(targets_->addresses))
    return Pick::kPicked;
  if (targets_->names.empty())
    return Pick::kNone;
  // DNS: every name is looked up (and cached); the answers are pooled.
  std::vector<tcp::endpoint> resolved;
  for (const auto& [name, port] : targets_->names) {
    const DnsCache::Endpoints* eps = nullptr;
    switch (w_.dns().lookup(name, port, &eps)) {
      case DnsCache::Status::kResolved:
        resolved.insert(resolved.end(), eps->begin(), eps->end());
        break;
      case DnsCache::Status::kFailed:
        break;
      case DnsCache::Status::kUnknown:
        w_.dns().resolve(name, port, [self = shared_from_this(), g = gen_] {
          if (g != self->gen_ || self->closed_)
            return;
          --self->attempt_;
          self->next_attempt();
        });
        return Pick::kPending;
    }
  }
  return choose(resolved) ? Pick::kPicked : Pick::kNone;
}

void Http1Session::next_attempt() {
  if (closed_)
    return;
  ++attempt_;
  ++gen_;
  resp_head_done_ = false;
  upstream_.reset();
  tcp::endpoint ep;
  switch (pick_endpoint(ep)) {
    case Pick::kPending:
      return;
    case Pick::kNone:
      if (w_.options().echo_upstreams) {
        upstream_host_.clear();
        body_sink_ = BodySink::kDiscard;
        if (req_body_done_)
          echo_respond();
        else
          pump_request_body();
        return;
      }
      ++w_.metrics().counters().upstream_no_healthy;
      add_flag("UH");
      details_ = "no_healthy_upstream";
      send_upstream_failure(503, "no healthy upstream");
      return;
    case Pick::kPicked:
      break;
  }
  upstream_ep_ = ep;
  tried_.push_back(ep);
  // After a stale pooled connection, a new one: others idle since as long may be stale too.
  if (UpstreamConnectionPtr c = stale_retry_done_ ? nullptr : w_.pool().take(ep)) {
    upstream_ = std::move(c);
    // The "ip:port" text is formatted once per connection, not per request.
    if (upstream_->remote_address.empty())
      upstream_->remote_address = endpoint_text(ep);
    upstream_host_ = upstream_->remote_address;
    upstream_reused_ = true;
    upstream_local_ = upstream_->local_address;
    send_request();
    return;
  }
  upstream_host_ = endpoint_text(ep);
  connect(ep);
  upstream_->remote_address = upstream_host_;
}

void Http1Session::connect(const tcp::endpoint& ep) {
  upstream_reused_ = false;
  upstream_ = std::make_unique<UpstreamConnection>(w_.io(), ep);
  ++w_.metrics().counters().upstream_connections_total;
  timer_.expires_after(w_.limits().connect_timeout);
  timer_.async_wait([self = shared_from_this(), g = gen_](const error_code& ec) {
    if (ec || g != self->gen_ || !self->upstream_)
      return;
    // Connect timeout: Envoy's reset reason "connection timeout".
    ++self->w_.metrics().counters().upstream_connect_failures;
    self->attempt_failed(AttemptFailure::kConnectFailure, "connection timeout");
  });
  upstream_->socket.async_connect(ep, [self = shared_from_this(), g = gen_](const error_code& ec) {
    if (g != self->gen_ || self->closed_)
      return;
    self->timer_.cancel();
    if (ec) {
      ++self->w_.metrics().counters().upstream_connect_failures;
      self->attempt_failed(AttemptFailure::kConnectFailure,
                           "delayed connect error: " + ec.message());
      return;
    }
    error_code ignored;
    self->upstream_->socket.set_option(tcp::no_delay(true), ignored);
    auto local = self->upstream_->socket.local_endpoint(ignored);
    if (!ignored)
      self->upstream_->local_address = endpoint_text(local);
    self->upstream_local_ = self->upstream_->local_address;
    self->send_request();
  });
}

void Http1Session::frame_request_pieces(bool last) {
  // Views in req_pieces_ point into buf_, untouched until the upstream write completes.
  bool chunked = req_->chunked_body;
  up_chunk_lines_.resize(std::max(up_chunk_lines_.size(), req_pieces_.size()));
  size_t i = 0;
  for (std::string_view piece : req_pieces_) {
    bytes_received_ += piece.size();
    if (chunked) {
      std::string_view line = chunk_line(up_chunk_lines_[i++], piece.size());
      up_bufs_.push_back(asio::buffer(line.data(), line.size()));
      if (capture_ok_)
        capture_.append(line);
    }
    up_bufs_.push_back(asio::buffer(piece.data(), piece.size()));
    if (capture_ok_)
      capture_.append(piece);
    if (chunked) {
      up_bufs_.push_back(asio::buffer(kCrlf.data(), kCrlf.size()));
      if (capture_ok_)
        capture_.append(kCrlf);
    }
  }
  if (last && chunked) {
    up_bufs_.push_back(asio::buffer(kLastChunk.data(), kLastChunk.size()));
    if (capture_ok_)
      capture_.append(kLastChunk);
  }
  if (capture_ok_ && capture_.size() > w_.limits().retry_buffer_bytes) {
    // Too long to replay: this request will not be retried once its body started (Envoy's
    // retry buffer limit).
    capture_ok_ = false;
    capture_.clear();
  }
}

void Http1Session::send_request() {
  const http::ForwardPlan& p = *plan_;
  ++upstream_->requests;
  ubegin_ = uend_ = 0;

  uhead_.clear();
  constexpr std::string_view kChunked = "transfer-encoding: chunked\r\n";
  constexpr std::string_view kAttemptCount = "x-envoy-attempt-count";
  size_t bound = p.request.method.size() + p.request.path.size() + p.request.authority.size() +
                 kChunked.size() + 32;
  for (const auto& h : p.request.headers)
    bound += h.name.size() + std::max(h.value.size(), base::TextCursor::kMaxDigits) + 4;
  base::append_bounded(uhead_, bound, [&](base::TextCursor& c) {
    c.text(p.request.method);
    c.ch(' ');
    c.text(p.request.path);
    c.text(" HTTP/1.1\r\nhost: ");
    c.text(p.request.authority);
    c.text(kCrlf);
    for (const auto& h : p.request.headers) {
      c.text(h.name);
      c.text(": ");
      if (h.name == kAttemptCount)
        c.number(attempt_);
      else
        c.text(h.value);
      c.text(kCrlf);
    }
    if (req_->chunked_body)
      c.text(kChunked);
    c.text(kCrlf);
  });

  up_bufs_.clear();
  up_bufs_.push_back(asio::buffer(uhead_));
  if (!capture_.empty())
    up_bufs_.push_back(asio::buffer(capture_));
  // Body bytes already read go out with the head (one send for small requests).
  if (!req_body_done_ && body_sink_ == BodySink::kUpstream && capture_ok_ && begin_ < end_) {
    req_pieces_.clear();
    boost::beast::error_code ec;
    size_t n = req_->put(asio::buffer(buf_.data() + begin_, end_ - begin_), ec);
    if (ec && ec != http_err::error::need_more) {
      abort("", "http1.codec_error");
      return;
    }
    begin_ += n;
    bool done = req_->is_done();
    size_t before = capture_.size();
    frame_request_pieces(done);
    // capture_ may have reallocated: re-point the buffer that replays it.
    if (before > 0 && up_bufs_.size() > 1)
      up_bufs_[1] = asio::buffer(capture_.data(), before);
    if (done)
      req_body_done_ = true;
  }
  write_upstream();
  read_response();
  if (req_body_done_)
    request_complete();
  arm_per_try();
}

bool Http1Session::retry_stale() {
  if (uend_ != 0 || !upstream_reused_ || stale_retry_done_ || resp_head_done_ || !capture_ok_)
    return false;
  // The pooled connection was closed by the upstream as we reused it (its close had not reached
  // the pool's watch yet): try again on a new connection, as Envoy would never have picked a
  // connection it saw close.
  stale_retry_done_ = true;
  --attempt_;
  tried_.pop_back();
  next_attempt();
  return true;
}

void Http1Session::on_upstream_written(const error_code& ec) {
  upstream_writing_ = false;
  if (ec) {
    if (!resp_head_done_ && !retry_stale())
      attempt_failed(AttemptFailure::kReset, "");
    return;
  }
  if (!req_body_done_)
    pump_request_body();
}

void Http1Session::pump_request_body() {
  // One upstream write at a time: its completion pumps again.
  if (closed_ || upstream_writing_)
    return;
  req_pieces_.clear();
  boost::beast::error_code ec;
  size_t n = 0;
  if (begin_ < end_)
    n = req_->put(asio::buffer(buf_.data() + begin_, end_ - begin_), ec);
  else
    ec = http_err::error::need_more;
  if (ec && ec != http_err::error::need_more) {
    abort("", "http1.codec_error");
    return;
  }
  begin_ += n;
  bool done = req_->is_done();
  uint64_t limit = w_.limits().max_request_body_bytes;
  if (body_sink_ == BodySink::kDiscard) {
    for (auto p : req_pieces_)
      bytes_received_ += p.size();
    if (limit > 0 && bytes_received_ > limit && !downstream_started_) {
      refuse_large_body();
      return;
    }
    if (done) {
      req_body_done_ = true;
      request_complete();
      echo_respond();
      return;
    }
    read_body();
    return;
  }
  if (req_pieces_.empty() && !done) {
    read_body();
    return;
  }
  up_bufs_.clear();
  frame_request_pieces(done);
  if (limit > 0 && bytes_received_ > limit && !downstream_started_) {
    if (upstream_) {
      error_code ignored;
      upstream_->socket.close(ignored);
    }
    ++gen_;
    refuse_large_body();
    return;
  }
  if (done)
    req_body_done_ = true;
  if (!upstream_) {
    // Between attempts (back-off or connect): the bytes are in the retry capture.
    if (!capture_ok_) {
      abort("", "request_payload_exceeded_retry_buffer_limit");
      return;
    }
    if (done)
      request_complete();
    return;
  }
  write_upstream();
  if (done)
    request_complete();
}

void Http1Session::write_upstream() {
  upstream_writing_ = true;
  async_write_gathered(upstream_->socket, up_bufs_, up_gathered_,
                       [self = shared_from_this(), g = gen_](const error_code& ec, size_t) {
                         if (g != self->gen_ || self->closed_)
                           return;
                         self->on_upstream_written(ec);
                       });
}

void Http1Session::request_complete() {
  if (req_complete_noted_)
    return;
  req_complete_noted_ = true;
  req_complete_at_ = Clock::now();
  // The route timeout runs from the end of the request to the end of the response (Envoy's
  // router starts it in onRequestComplete).
  if (plan_->timeout && plan_->timeout->nanos > 0) {
    global_timer_.expires_after(std::chrono::nanoseconds(plan_->timeout->nanos));
    global_timer_.async_wait([self = shared_from_this()](const error_code& ec) {
      if (ec || self->closed_ || !self->plan_)
        return;
      self->on_global_timeout();
    });
  }
  launch_mirrors();
}

void Http1Session::arm_per_try() {
  if (!plan_->per_try_timeout || plan_->per_try_timeout->nanos <= 0 || !req_complete_noted_)
    return;
  per_try_timer_.expires_after(std::chrono::nanoseconds(plan_->per_try_timeout->nanos));
  per_try_timer_.async_wait([self = shared_from_this(), g = gen_](const error_code& ec) {
    if (ec || g != self->gen_ || self->closed_ || self->resp_head_done_)
      return;
    ++self->w_.metrics().counters().upstream_timeouts;
    self->attempt_failed(AttemptFailure::kPerTryTimeout, "");
  });
}

void Http1Session::launch_mirrors() {
  if (!plan_ || plan_->mirrors.empty())
    return;
  for (const auto& m : plan_->mirrors) {
    if (!m.sampled)
      continue;
    const compile::Cluster* c = m.target ? m.target : snap_->table->find_cluster(m.cluster);
    const ClusterTargets* t = c ? snap_->targets(c) : nullptr;
    if (!t || (req_->has_body && !capture_ok_))
      continue;
    ++w_.metrics().counters().mirrored_requests;
    start_mirror(w_, snap_, t, c, *plan_, m.authority, req_->chunked_body, capture_,
                 plan_->timeout);
  }
}

void Http1Session::read_response() {
  resp_.emplace(resp_fields_, resp_pieces_);
  resp_->header_limit(kUpstreamHeaderLimit);
  resp_->body_limit(kNoBodyLimit);
  resp_->eager(false);
  if (head_request_)
    resp_->skip(true);
  // A pooled connection's read is already in flight (it watched the idle connection) and is
  // adopted; a new connection's starts now.
  upstream_->read(uend_, this, gen_, shared_from_this());
}

void Http1Session::on_upstream_data(uint64_t tag, const error_code& ec, size_t n) {
  if (tag != gen_ || closed_)
    return;
  on_upstream_read(ec, n);
}

void Http1Session::on_upstream_read(const error_code& ec, size_t n) {
  if (ec) {
    if (!resp_head_done_) {
      if (ec == asio::error::operation_aborted)
        return;
      if (retry_stale())
        return;
      ++w_.metrics().counters().upstream_resets;
      attempt_failed(AttemptFailure::kReset, "");
      return;
    }
    if (ec == asio::error::eof && resp_->need_eof()) {
      boost::beast::error_code bec;
      resp_->put_eof(bec);
      pump_response_body(false);
      return;
    }
    abort("UC", "upstream_reset_after_response_started{connection_termination}");
    return;
  }
  uend_ += n;
  if (resp_head_done_) {
    pump_response_body(false);
    return;
  }
  std::vector<char>& ub = upstream_->buf;
  while (true) {
    boost::beast::error_code bec;
    size_t used = resp_->put(asio::buffer(ub.data() + ubegin_, uend_ - ubegin_), bec);
    if (bec == http_err::error::need_more) {
      ubegin_ += used;
      if (uend_ == ub.size()) {
        if (ubegin_ > 0) {
          std::memmove(ub.data(), ub.data() + ubegin_, uend_ - ubegin_);
          uend_ -= ubegin_;
          ubegin_ = 0;
        } else {
          attempt_failed(AttemptFailure::kProtocolError, "");
          return;
        }
      }
      upstream_->read(uend_, this, gen_, shared_from_this());
      return;
    }
    if (bec) {
      ++w_.metrics().counters().upstream_resets;
      attempt_failed(AttemptFailure::kProtocolError, "");
      return;
    }
    ubegin_ += used;
    unsigned st = resp_->status;
    if (st >= 100 && st < 200 && st != 101) {
      // Interim responses are not passed on (Envoy answered 100-continue itself).
      resp_.emplace(resp_fields_, resp_pieces_);
      resp_->header_limit(kUpstreamHeaderLimit);
      resp_->body_limit(kNoBodyLimit);
      resp_->eager(false);
      if (head_request_)
        resp_->skip(true);
      continue;
    }
    break;
  }
  resp_head_done_ = true;
  on_response_head();
}

void Http1Session::on_response_head() {
  per_try_timer_.cancel();
  const http::ForwardPlan& p = *plan_;
  uint32_t st = resp_->status;
  std::optional<uint32_t> grpc_status;
  if (grpc_request_) {
    for (const auto& f : resp_fields_) {
      if (f.name == "grpc-status") {
        if (auto v = base::parse_int(f.value))
          grpc_status = static_cast<uint32_t>(*v);
      }
    }
  }
  if (p.retry.enabled && retry_on_response(retry_on_, p.retry, st, grpc_status)) {
    if (retries_left_ > 0 && (req_body_done_ || begin_ == end_) && capture_ok_) {
      error_code ignored;
      upstream_->socket.close(ignored);
      upstream_.reset();
      schedule_retry();
      return;
    }
    if (p.retry.num_retries > 0)
      add_flag("URX");
  }
  if (req_complete_noted_) {
    upstream_service_time_ = static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - req_complete_at_)
            .count());
  }
  http::Headers headers;
  // Room for the fields finalize_response and the framing may add.
  headers.reserve(resp_fields_.size() + 6);
  for (const auto& f : resp_fields_)
    headers.add(f.name, f.value);
  bool upstream_length = resp_->content_length().has_value();
  http::FinalizeOptions fo;
  fo.upstream_service_time_ms = upstream_service_time_;
  fo.head_request = head_request_;
  fo.date = w_.date();
  http::finalize_response(p, st, headers, fo);

  bool no_body = head_request_ || st == 204 || st == 304 || (st >= 100 && st < 200);
  if (no_body) {
    framing_ = Framing::kNone;
  } else if (upstream_length) {
    framing_ = Framing::kLength;
  } else {
    // finalize_response announces "content-length: 0" for a response without a length, as the
    // codec does for a header-only response; this one has a body to come, which the HTTP/1
    // codec sends chunked.
    headers.remove("content-length");
    headers.add("transfer-encoding", "chunked");
    framing_ = Framing::kChunked;
  }
  status_ = st;
  details_ = "via_upstream";
  if (!req_body_done_)
    close_after_ = true;  // the response came before the request ended
  if (w_.draining())
    close_after_ = true;
  serialize_head(dhead_, st, headers, close_after_);
  downstream_started_ = true;
  pump_response_body(true);
}

void Http1Session::pump_response_body(bool with_head) {
  if (closed_)
    return;
  std::vector<char>& ub = upstream_->buf;
  resp_pieces_.clear();
  if (!resp_->finished && ubegin_ < uend_) {
    boost::beast::error_code bec;
    size_t used = resp_->put(asio::buffer(ub.data() + ubegin_, uend_ - ubegin_), bec);
    if (bec && bec != http_err::error::need_more) {
      abort("UPE", "upstream_reset_after_response_started{protocol_error}");
      return;
    }
    ubegin_ += used;
  }
  if (resp_->is_done())
    resp_->finished = true;
  down_bufs_.clear();
  if (with_head)
    down_bufs_.push_back(asio::buffer(dhead_));
  down_chunk_lines_.resize(std::max(down_chunk_lines_.size(), resp_pieces_.size()));
  size_t i = 0;
  for (std::string_view piece : resp_pieces_) {
    bytes_sent_ += piece.size();
    if (framing_ == Framing::kChunked) {
      std::string_view line = chunk_line(down_chunk_lines_[i++], piece.size());
      down_bufs_.push_back(asio::buffer(line.data(), line.size()));
    }
    down_bufs_.push_back(asio::buffer(piece.data(), piece.size()));
    if (framing_ == Framing::kChunked)
      down_bufs_.push_back(asio::buffer(kCrlf.data(), kCrlf.size()));
  }
  if (resp_->finished && framing_ == Framing::kChunked)
    down_bufs_.push_back(asio::buffer(kLastChunk.data(), kLastChunk.size()));
  if (!down_bufs_.empty()) {
    writing_ = WriteFor::kResponse;
    t_->write(down_bufs_, shared_from_this());
    return;
  }
  if (resp_->finished) {
    response_done();
    return;
  }
  // Need more from the upstream.
  if (ubegin_ == uend_) {
    ubegin_ = uend_ = 0;
  } else if (uend_ == ub.size()) {
    std::memmove(ub.data(), ub.data() + ubegin_, uend_ - ubegin_);
    uend_ -= ubegin_;
    ubegin_ = 0;
  }
  upstream_->read(uend_, this, gen_, shared_from_this());
}

void Http1Session::response_done() {
  global_timer_.cancel();
  if (upstream_ && resp_ && resp_->keep_alive() && req_body_done_ && !upstream_writing_ &&
      ubegin_ == uend_) {
    w_.pool().put(std::move(upstream_));
  }
  upstream_.reset();
  finish_exchange();
}

void Http1Session::schedule_retry() {
  --retries_left_;
  ++w_.metrics().counters().upstream_retries;
  ++gen_;
  uint64_t base = plan_->retry.backoff_base ? plan_->retry.backoff_base->millis() : 25;
  uint64_t wait = backoff_ms(base, attempt_, w_.random().next());
  timer_.expires_after(std::chrono::milliseconds(wait));
  timer_.async_wait([self = shared_from_this(), g = gen_](const error_code& ec) {
    if (ec || g != self->gen_ || self->closed_)
      return;
    self->next_attempt();
  });
}

void Http1Session::attempt_failed(AttemptFailure kind, std::string transport_failure) {
  per_try_timer_.cancel();
  timer_.cancel();
  if (upstream_) {
    error_code ignored;
    upstream_->socket.close(ignored);
    upstream_.reset();
  }
  ++gen_;
  if (downstream_started_) {
    abort("UC", "upstream_reset_after_response_started{connection_termination}");
    return;
  }
  const http::ForwardPlan& p = *plan_;
  bool retriable = p.retry.enabled && retry_on_failure(retry_on_, kind);
  if (retriable && retries_left_ > 0 && capture_ok_) {
    schedule_retry();
    return;
  }
  if (retriable && p.retry.num_retries > 0)
    add_flag("URX");
  std::string_view reason;
  switch (kind) {
    case AttemptFailure::kConnectFailure:
      reason = transport_failure == "connection timeout" ? "connection timeout"
                                                         : "remote connection failure";
      if (reason == "connection timeout")
        transport_failure.clear();
      add_flag("UF");
      break;
    case AttemptFailure::kReset:
      reason = "connection termination";
      add_flag("UC");
      break;
    case AttemptFailure::kProtocolError:
      reason = "protocol error";
      add_flag("UPE");
      break;
    case AttemptFailure::kPerTryTimeout:
      add_flag("UT");
      details_ = "upstream_per_try_timeout";
      send_upstream_failure(504, "upstream request timeout");
      return;
  }
  transport_failure_ = transport_failure;
  // Envoy's router body and details for a reset before response headers (Filter::onUpstreamReset,
  // envoy:source/common/router/router.cc).
  std::string body = fmt::format(
      "upstream connect error or disconnect/reset before headers. {}reset reason: {}{}{}",
      attempt_ > 1 ? "retried and the latest " : "", reason,
      transport_failure.empty() ? "" : ", transport failure reason: ", transport_failure);
  details_ = details_text("upstream_reset_before_response_started", reason, transport_failure);
  send_upstream_failure(kind == AttemptFailure::kProtocolError ? 502 : 503, body);
}

void Http1Session::on_global_timeout() {
  ++w_.metrics().counters().upstream_timeouts;
  ++gen_;
  timer_.cancel();
  per_try_timer_.cancel();
  if (downstream_started_) {
    abort("UT", "response_timeout");
    return;
  }
  if (upstream_) {
    error_code ignored;
    upstream_->socket.close(ignored);
    upstream_.reset();
  }
  add_flag("UT");
  details_ = "response_timeout";
  send_upstream_failure(504, "upstream request timeout");
}

// 413 for a request body over --max-request-body-bytes. The body is unread at this point, so
// send_upstream_failure closes the connection after the reply.
void Http1Session::refuse_large_body() {
  details_ = "request_payload_too_large";
  send_upstream_failure(413, "Payload Too Large");
}

void Http1Session::send_upstream_failure(uint32_t status, std::string_view body) {
  // The router's local reply: its modify-headers callback applies the route's response headers
  // (the destination's, then the route's), and the reply passes the CORS filter's encode step
  // (envoy:source/common/router/router.cc onUpstreamAbort → sendLocalReply).
  const http::ForwardPlan& p = *plan_;
  http::DownstreamContext ctx;
  ctx.head_request = head_request_;
  ctx.grpc_request = grpc_request_;
  ctx.date = w_.date();
  http::LocalReply reply = http::prepare_local_reply(
      status, body,
      [&](http::Headers& h) {
        if (p.route && p.route->route.weighted && p.destination)
          http::apply_response_ops(p.destination->headers, h);
        if (p.route)
          http::apply_response_ops(p.route->headers, h);
      },
      ctx);
  if (p.cors_policy)
    http::cors_encode(*p.cors_policy, p.cors, reply.headers);
  http::finish_downstream(status, reply.headers, ctx);
  reply.details = details_;
  if (!req_body_done_)
    close_after_ = true;
  write_local(std::move(reply));
}

void Http1Session::echo_respond() {
  // The echo upstream answers in-process (--echo-upstreams).
  const http::ForwardPlan& p = *plan_;
  upstream_service_time_ = 0;
  echo_ = echo_body(p, attempt_);
  http::Headers headers;
  headers.add("content-type", "application/json");
  headers.add("content-length", std::to_string(echo_.size()));
  http::FinalizeOptions fo;
  fo.upstream_service_time_ms = upstream_service_time_;
  fo.head_request = head_request_;
  fo.date = w_.date();
  http::finalize_response(p, 200, headers, fo);
  status_ = 200;
  details_ = "via_upstream";
  upstream_host_ = "echo";
  serialize_head(dhead_, 200, headers, close_after_);
  downstream_started_ = true;
  bytes_sent_ = head_request_ ? 0 : echo_.size();
  down_bufs_.clear();
  down_bufs_.push_back(asio::buffer(dhead_));
  if (!head_request_)
    down_bufs_.push_back(asio::buffer(echo_));
  writing_ = WriteFor::kReply;
  t_->write(down_bufs_, shared_from_this());
}

}  // namespace igw::serve
