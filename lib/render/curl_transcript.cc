// `igw curl-sim` output: curl -v style text, or JSON.
#include "lib/render/curl_transcript.h"

#include "lib/base/strings.h"
#include "lib/http/local_reply.h"
#include "lib/render/decision_json.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>

namespace igw::render {

namespace {

using http::Exchange;
using nlohmann::ordered_json;

std::string where(const base::SourceLoc& loc) {
  if (!loc.known())
    return {};
  return loc.has_position() ? loc.path() + ":" + std::to_string(loc.line) : loc.path();
}

void igw_line(std::ostream& out, std::string_view rule, std::string_view message,
              const base::SourceLoc& loc = {}) {
  out << "* igw: ";
  if (!rule.empty())
    out << "[" << rule << "] ";
  out << message;
  std::string w = where(loc);
  if (!w.empty())
    out << " (" << w << ")";
  out << "\n";
}

void reason_lines(std::ostream& out, const std::vector<http::Reason>& reasons,
                  const match::Trace* already = nullptr) {
  for (const auto& r : reasons) {
    // lib/http restates some of match's conclusions so its reasons stand alone; say it once.
    bool said = already && std::any_of(already->steps.begin(), already->steps.end(),
                                       [&](const match::TraceStep& s) {
                                         return s.rule == r.rule && s.message == r.message;
                                       });
    if (!said)
      igw_line(out, r.rule, r.message, r.loc);
  }
}

std::string status_line(const Exchange& ex) {
  if (ex.http2)
    return fmt::format("HTTP/2 {}", ex.status);
  std::string_view phrase = http::reason_phrase(ex.status);
  return phrase.empty() ? fmt::format("HTTP/1.1 {}", ex.status)
                        : fmt::format("HTTP/1.1 {} {}", ex.status, phrase);
}

std::string change_list(const std::vector<http::HeaderChange>& changes) {
  std::vector<std::string> parts;
  for (const auto& c : changes) {
    switch (c.kind) {
      case http::HeaderChange::Kind::kAdded:
        parts.push_back(fmt::format("+{}: {}", c.name, c.new_value));
        break;
      case http::HeaderChange::Kind::kRemoved:
        parts.push_back(fmt::format("-{}", c.name));
        break;
      case http::HeaderChange::Kind::kChanged:
        parts.push_back(fmt::format("~{}: {}", c.name, c.new_value));
        break;
    }
  }
  return base::join(parts, ", ");
}

void answered_by(std::ostream& out, const Exchange& ex) {
  const match::Decision& d = ex.decision;
  if (!d.route)
    return;
  const auto& o = d.route->origin;
  std::string rule = o.rule_name.empty()
                         ? fmt::format("http[{}]", o.rule_index)
                         : fmt::format("http[{}] \"{}\"", o.rule_index, o.rule_name);
  std::string m = o.match_index ? fmt::format(" match[{}]", *o.match_index)
                                : std::string(" (no match: every request)");
  std::string delegate;
  if (!o.delegate_name.empty())
    delegate = fmt::format(", via delegate {}/{}", o.delegate_namespace, o.delegate_name);
  igw_line(out, "",
           fmt::format("answered by VirtualService {} {}{}{}", o.vs_ref(), rule, m, delegate),
           o.match_index ? o.match_loc : o.rule_loc);
}

void upstream_block(std::ostream& out, const Exchange& ex) {
  const http::ForwardPlan& p = *ex.plan;
  igw_line(out, "R4.2",
           fmt::format("upstream request to {}{}", p.cluster,
                       p.cluster_defined ? "" : " (not defined in the input; assumed to exist)"),
           p.destination ? p.destination->loc : base::SourceLoc{});
  out << "* igw: >> " << p.request.method << " " << p.request.path << "\n";
  out << "* igw: >> :authority: " << p.request.authority << "\n";
  for (const auto& h : p.request.headers)
    out << "* igw: >> " << h.name << ": " << h.value << "\n";
  if (!p.request_changes.empty())
    igw_line(out, "", "header changes on the way upstream: " + change_list(p.request_changes));
  if (p.delay)
    igw_line(out, "R4.11",
             "the fault filter delays this request by " + base::format_duration(*p.delay));
}

void response_intro(std::ostream& out, const Exchange& ex) {
  if (ex.source == http::ResponseSource::kGateway && ex.local) {
    const auto& l = *ex.local;
    std::string what = "the gateway answers itself";
    std::vector<std::string> extra;
    if (!l.details.empty())
      extra.push_back("details " + l.details);
    if (!l.response_flags.empty())
      extra.push_back("response flags " + l.response_flags);
    if (!extra.empty())
      what += " (" + base::join(extra, ", ") + ")";
    if (l.delay)
      what += ", after a fault delay of " + base::format_duration(*l.delay);
    igw_line(out, "", what);
  } else if (ex.source == http::ResponseSource::kUpstreamSimulated) {
    std::vector<std::string> hs;
    for (const auto& h : ex.upstream_response_headers)
      hs.push_back(h.name + ": " + h.value);
    igw_line(out, "",
             fmt::format("simulated upstream reply: {}, {}{} (--upstream-status, "
                         "--upstream-header, --upstream-body); below, the response as the client "
                         "gets it",
                         ex.status, base::join(hs, ", "),
                         ex.response_body.empty()
                             ? std::string(", empty body")
                             : fmt::format(", {}-byte body", ex.response_body.size())));
    if (ex.plan) {
      auto changes = http::diff_headers(ex.upstream_response_headers, ex.response_headers);
      if (!changes.empty())
        igw_line(out, "", "the gateway's response edits: " + change_list(changes));
    }
  }
}

bool is_browser_note(const http::Reason& r) {
  return r.message.starts_with("browser:");
}

}  // namespace

void write_curl_transcript(std::ostream& out, const http::Simulation& sim,
                           const http::CurlCommand& cmd, const TranscriptOptions& options) {
  reason_lines(out, sim.preamble);
  int connection = -1;
  std::string last_target;
  for (size_t i = 0; i < sim.exchanges.size(); ++i) {
    const Exchange& ex = sim.exchanges[i];
    const http::Url& url = ex.request.url;
    if (ex.role == http::ExchangeRole::kRedirect)
      out << "* Issue another request to this URL: '" << url.str() << "'\n";
    reason_lines(out, ex.intro);
    std::string target = url.host + ":" + std::to_string(ex.target.port) + url.scheme;
    bool reuse = target == last_target && !ex.curl_error;
    if (!reuse)
      ++connection;
    last_target = target;

    if (!reuse) {
      out << "*   Trying " << url.host << ":" << ex.target.port
          << " (the ingress gateway, simulated)...\n";
    } else {
      out << "* Re-using existing connection #" << connection << " with host " << url.host << "\n";
    }
    // A re-used connection was explained when it was opened.
    if (!reuse) {
      for (const auto& s : ex.trace.steps) {
        if (s.kind == match::TraceStep::Kind::kConnection)
          igw_line(out, s.rule, s.message, s.loc);
      }
      for (size_t n = 0; n < ex.connection_notes && n < ex.notes.size(); ++n)
        igw_line(out, ex.notes[n].rule, ex.notes[n].message, ex.notes[n].loc);
    }
    if (ex.curl_error && !ex.routed) {
      out << "* " << ex.curl_error_text << "\n";
      out << "* Closing connection " << connection << "\n";
      last_target.clear();
      continue;
    }
    if (!reuse)
      out << "* Connected to " << url.host << " port " << ex.target.port << " (#" << connection
          << ")\n";
    if (ex.tls && !reuse) {
      out << "* ALPN: offers " << (ex.request.http2 || ex.alpn == "h2" ? "h2,http/1.1" : "http/1.1")
          << "\n";
      out << "* ALPN: server accepted " << ex.alpn << "\n";
    }
    out << "> " << ex.request.method << " " << url.path << " " << (ex.http2 ? "HTTP/2" : "HTTP/1.1")
        << "\n";
    for (const auto& h : ex.request.headers)
      out << "> " << h.name << ": " << h.value << "\n";
    out << "> \n";
    if (!ex.request.body.empty())
      igw_line(out, "", fmt::format("request body: {} byte(s)", ex.request.body.size()));

    for (const auto& s : ex.trace.steps) {
      if (s.kind != match::TraceStep::Kind::kConnection)
        igw_line(out, s.rule, s.message, s.loc);
    }
    answered_by(out, ex);
    for (size_t n = ex.connection_notes; n < ex.notes.size(); ++n) {
      if (!is_browser_note(ex.notes[n]))
        igw_line(out, ex.notes[n].rule, ex.notes[n].message, ex.notes[n].loc);
    }
    if (ex.local)
      reason_lines(out, ex.local->reasons, &ex.trace);
    if (ex.plan) {
      reason_lines(out, ex.plan->reasons, &ex.trace);
      upstream_block(out, ex);
    }
    response_intro(out, ex);

    out << "< " << status_line(ex) << "\n";
    for (const auto& h : ex.response_headers)
      out << "< " << h.name << ": " << h.value << "\n";
    out << "< \n";
    bool last = i + 1 == sim.exchanges.size();
    bool failed = last && cmd.fail && ex.status >= 400;
    if (failed)
      out << "* The requested URL returned error: " << ex.status << "\n";
    if (options.show_bodies && !ex.response_body.empty() && (!failed || cmd.fail_with_body)) {
      out << ex.response_body;
      if (ex.response_body.back() != '\n')
        out << "\n";
    }
    if (failed) {
      out << "* Closing connection " << connection << "\n";
      last_target.clear();
    } else {
      out << "* Connection #" << connection << " to host " << url.host << " left intact\n";
    }
    for (size_t n = ex.connection_notes; n < ex.notes.size(); ++n) {
      if (is_browser_note(ex.notes[n]))
        igw_line(out, ex.notes[n].rule, ex.notes[n].message, ex.notes[n].loc);
    }
  }
  reason_lines(out, sim.notes);
  if (sim.browser) {
    const auto& b = *sim.browser;
    if (b.allowed) {
      igw_line(out, "",
               "browser: the page's script can read these response headers: " +
                   (b.readable_headers.empty() ? std::string("none")
                                               : base::join(b.readable_headers, ", ")));
      out << "browser: allowed\n";
    } else {
      igw_line(out, "", "browser console: " + b.console_message);
      out << (b.cors_blocked ? "browser: blocked by CORS: " : "browser: blocked: ") << b.reason
          << "\n";
    }
  }
  if (cmd.write_out)
    out << write_out_text(sim, cmd);
}

std::string write_out_text(const http::Simulation& sim, const http::CurlCommand& cmd,
                           std::vector<std::string>* unknown) {
  if (!cmd.write_out)
    return {};
  http::WriteOutValues v;
  v.exit_code = sim.exit_code;
  v.errormsg = sim.error.empty() ? std::string() : sim.error.substr(sim.error.find(')') + 2);
  int redirects = 0;
  for (const auto& ex : sim.exchanges) {
    if (ex.role == http::ExchangeRole::kRedirect)
      ++redirects;
  }
  v.num_redirects = static_cast<uint32_t>(redirects);
  if (!sim.exchanges.empty()) {
    const Exchange& ex = sim.exchanges.back();
    v.http_code = ex.status;
    v.url_effective = ex.request.url.str();
    v.method = ex.request.method;
    v.scheme = ex.request.url.scheme;
    v.http_version = ex.status == 0 ? "0" : ex.http2 ? "2" : "1.1";
    v.content_type = std::string(ex.response_headers.get("content-type").value_or(""));
    v.size_download = ex.response_body.size();
    v.size_upload = ex.request.body.size();
    v.remote_port = ex.target.port;
    v.response_headers = ex.response_headers;
    size_t header_bytes = status_line(ex).size() + 2 + 2;
    for (const auto& h : ex.response_headers)
      header_bytes += h.name.size() + 2 + h.value.size() + 2;
    v.size_header = ex.status ? header_bytes : 0;
    size_t request_bytes = ex.request.method.size() + 1 + ex.request.url.path.size() + 11 + 2;
    for (const auto& h : ex.request.headers)
      request_bytes += h.name.size() + 2 + h.value.size() + 2;
    v.size_request = request_bytes + 2;
    if (auto loc = ex.response_headers.get("location");
        loc && ex.status >= 300 && ex.status < 400) {
      if (auto next = http::resolve_url(ex.request.url, *loc))
        v.redirect_url = next->str();
    }
  }
  return http::expand_write_out(*cmd.write_out, v, unknown);
}

nlohmann::ordered_json curl_transcript_json(const http::Simulation& sim,
                                            const http::CurlCommand& cmd) {
  auto pairs = [](const http::Headers& hs) {
    ordered_json a = ordered_json::array();
    for (const auto& h : hs)
      a.push_back(ordered_json::array({h.name, h.value}));
    return a;
  };
  auto notes_json = [](const std::vector<http::Reason>& rs) {
    ordered_json a = ordered_json::array();
    for (const auto& r : rs) {
      ordered_json n;
      if (!r.rule.empty())
        n["rule"] = r.rule;
      n["message"] = r.message;
      if (r.loc.known())
        n["location"] = where(r.loc);
      a.push_back(std::move(n));
    }
    return a;
  };
  ordered_json j;
  ordered_json exchanges = ordered_json::array();
  for (const auto& ex : sim.exchanges) {
    ordered_json e;
    e["role"] = std::string(http::exchange_role_name(ex.role));
    ordered_json req;
    req["method"] = ex.request.method;
    req["url"] = ex.request.url.str();
    req["httpVersion"] = ex.http2 ? "2" : "1.1";
    req["headers"] = pairs(ex.request.headers);
    if (!ex.request.body.empty())
      req["body"] = ex.request.body;
    e["request"] = std::move(req);
    ordered_json conn;
    conn["port"] = ex.target.port;
    if (ex.gateway_port)
      conn["gatewayPort"] = ex.gateway_port;
    conn["tls"] = ex.tls;
    if (!ex.sni.empty())
      conn["sni"] = ex.sni;
    if (!ex.alpn.empty())
      conn["alpn"] = ex.alpn;
    e["connection"] = std::move(conn);
    if (ex.curl_error) {
      e["error"] = {{"code", ex.curl_error}, {"message", ex.curl_error_text}};
    } else {
      ordered_json resp;
      resp["status"] = ex.status;
      resp["headers"] = pairs(ex.response_headers);
      resp["source"] = std::string(http::response_source_name(ex.source));
      if (!ex.response_body.empty())
        resp["body"] = ex.response_body;
      if (ex.local) {
        if (!ex.local->response_flags.empty())
          resp["responseFlags"] = ex.local->response_flags;
        if (!ex.local->details.empty())
          resp["details"] = ex.local->details;
      }
      e["response"] = std::move(resp);
    }
    std::vector<match::HeaderField> storage;
    match::Request r = ex.gateway_request(storage);
    e["decision"] = decision_json(ex.decision, r, &ex.trace);
    if (ex.plan) {
      const auto& p = *ex.plan;
      ordered_json up;
      up["cluster"] = p.cluster;
      up["method"] = p.request.method;
      up["authority"] = p.request.authority;
      up["path"] = p.request.path;
      up["headers"] = pairs(p.request.headers);
      if (p.timeout)
        up["timeout"] = base::format_duration(*p.timeout);
      if (p.per_try_timeout)
        up["perTryTimeout"] = base::format_duration(*p.per_try_timeout);
      if (p.delay)
        up["faultDelay"] = base::format_duration(*p.delay);
      e["upstreamRequest"] = std::move(up);
    }
    std::vector<http::Reason> all = ex.intro;
    all.insert(all.end(), ex.notes.begin(), ex.notes.end());
    if (ex.local)
      all.insert(all.end(), ex.local->reasons.begin(), ex.local->reasons.end());
    if (ex.plan)
      all.insert(all.end(), ex.plan->reasons.begin(), ex.plan->reasons.end());
    e["notes"] = notes_json(all);
    exchanges.push_back(std::move(e));
  }
  j["exchanges"] = std::move(exchanges);
  if (sim.browser) {
    const auto& b = *sim.browser;
    ordered_json br;
    br["allowed"] = b.allowed;
    br["reason"] = b.reason;
    br["consoleMessage"] = b.console_message;
    br["origin"] = b.page_origin;
    br["credentials"] = std::string(http::credentials_mode_name(b.credentials));
    br["readableHeaders"] = b.readable_headers;
    if (b.allowed)
      br["status"] = b.status;
    j["browser"] = std::move(br);
  }
  std::vector<http::Reason> notes = sim.preamble;
  notes.insert(notes.end(), sim.notes.begin(), sim.notes.end());
  j["notes"] = notes_json(notes);
  if (cmd.write_out)
    j["writeOut"] = write_out_text(sim, cmd);
  j["exitCode"] = sim.exit_code;
  if (!sim.error.empty())
    j["error"] = sim.error;
  return j;
}

}  // namespace igw::render
